import threading
import time

from archkit import Workspace


def forever() -> None:
    while True:
        time.sleep(0.05)


threading.Thread(target=forever, daemon=False).start()  # would keep the process alive after the result
workspace = Workspace(name="Threaded")
workspace.model.software_system("Shop", "Sells things.")
