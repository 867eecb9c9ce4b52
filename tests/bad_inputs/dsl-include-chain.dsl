workspace {
    model {
        !include dsl-chain/c01.dsl
    }
}
