workspace {
    model {
        shop = softwareSystem "Shop" "Sells tea" # the shop
    }
}
