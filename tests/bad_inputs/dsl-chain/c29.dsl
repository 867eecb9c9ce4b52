!include c30.dsl
