!include c12.dsl
