!include c29.dsl
