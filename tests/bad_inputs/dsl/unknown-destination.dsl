workspace {
    model {
        user = person "User"
        user -> shop "Uses"
    }
}
