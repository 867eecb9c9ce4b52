!include c05.dsl
