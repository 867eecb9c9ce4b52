!include c04.dsl
