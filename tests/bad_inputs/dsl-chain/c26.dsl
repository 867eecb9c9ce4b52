!include c27.dsl
