!include c25.dsl
