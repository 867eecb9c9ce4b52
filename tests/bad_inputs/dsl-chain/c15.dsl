!include c16.dsl
