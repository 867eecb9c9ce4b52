!include c13.dsl
