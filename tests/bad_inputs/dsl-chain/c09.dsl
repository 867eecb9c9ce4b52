!include c10.dsl
