!include c26.dsl
