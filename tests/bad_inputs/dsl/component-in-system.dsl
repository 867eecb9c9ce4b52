workspace {
    model {
        shop = softwareSystem "Shop" {
            component "Cart"
        }
    }
}
