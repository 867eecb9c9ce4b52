!include c31.dsl
