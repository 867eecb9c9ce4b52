workspace {
    views {
        image * "outside" {
            image ../pictures/not-a-picture.png
        }
    }
}
