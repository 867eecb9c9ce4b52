from typing import Any

from archkit import Workspace


class Looping(Workspace):
    def to_data(self) -> dict[str, Any]:  # archkit calls this after the model ran
        while True:
            try:
                pass
            except:  # noqa: E722
                pass


workspace = Looping(name="Never serialised")
