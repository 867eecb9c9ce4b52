!include c02.dsl
