workspace {
    !docs ../..
    model {
    }
}
