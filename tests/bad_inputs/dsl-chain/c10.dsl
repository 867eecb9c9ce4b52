!include c11.dsl
