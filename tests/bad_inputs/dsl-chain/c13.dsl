!include c14.dsl
