workspace {
    model {
        shop = softwareSystem "Shop" {
            api = container "API"
    }
}
