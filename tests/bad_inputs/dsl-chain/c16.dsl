!include c17.dsl
