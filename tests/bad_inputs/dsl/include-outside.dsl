workspace {
    model {
        !include ../../../../../../etc/passwd
    }
}
