!include c22.dsl
