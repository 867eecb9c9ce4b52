!include c06.dsl
