!include c23.dsl
