!include c07.dsl
