class Weird(Exception):
    def __str__(self) -> str:
        raise RuntimeError("cannot print me")


raise Weird()
