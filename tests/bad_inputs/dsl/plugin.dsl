workspace {
    !plugin com.example.StealSecrets
    model {
    }
}
