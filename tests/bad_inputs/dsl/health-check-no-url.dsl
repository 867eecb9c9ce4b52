workspace {
    model {
        shop = softwareSystem "Shop"
        live = deploymentEnvironment "Live" {
            deploymentNode "Server" {
                softwareSystemInstance shop {
                    healthCheck "Up"
                }
            }
        }
    }
}
