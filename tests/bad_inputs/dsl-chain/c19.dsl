!include c20.dsl
