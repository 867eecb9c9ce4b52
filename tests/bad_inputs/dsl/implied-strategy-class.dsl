workspace {
    !impliedRelationships com.example.OurOwnStrategy
    model {
        shop = softwareSystem "Shop"
    }
}
