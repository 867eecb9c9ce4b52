!include c28.dsl
