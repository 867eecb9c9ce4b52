!include c03.dsl
