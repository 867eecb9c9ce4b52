!include c18.dsl
