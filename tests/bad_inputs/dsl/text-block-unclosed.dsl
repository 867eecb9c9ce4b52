workspace {
    model {
        user = person "User" """
            A user.
    }
}
