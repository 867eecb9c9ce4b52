workspace {
    model {
        user = person "User" {
            !script groovy {
                element.addTags("Groovy")
            }
        }
    }
}
