!include c24.dsl
