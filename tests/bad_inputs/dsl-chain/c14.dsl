!include c15.dsl
