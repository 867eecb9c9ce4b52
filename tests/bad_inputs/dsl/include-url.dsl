workspace {
    model {
        !include https://example.com/model.dsl
    }
}
