!include c09.dsl
