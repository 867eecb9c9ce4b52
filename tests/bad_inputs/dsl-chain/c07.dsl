!include c08.dsl
