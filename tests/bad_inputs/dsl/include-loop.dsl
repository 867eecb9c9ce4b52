workspace {
    model {
        !include include-loop.dsl
    }
}
