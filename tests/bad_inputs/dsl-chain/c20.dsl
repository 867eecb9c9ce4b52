!include c21.dsl
