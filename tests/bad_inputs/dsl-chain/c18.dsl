!include c19.dsl
