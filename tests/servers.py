"""An HTTP server answering on a thread for the length of a test (the preview server, or any other)."""

from __future__ import annotations

import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from socketserver import TCPServer


@contextmanager
def serving(server: TCPServer) -> Iterator[int]:
    """``server`` answering on a thread while the block runs; gives its port. Shut down and closed after."""
    thread = threading.Thread(target=lambda: server.serve_forever(poll_interval=0.05), daemon=True)
    thread.start()
    try:
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def interrupted(proc: subprocess.Popen[str], timeout: float = 60) -> str:
    """Stop ``proc`` (an ``archkit serve``/``watch`` child) as a user would, with Ctrl-C; its standard output.
    Killed, and the timeout raised, if it does not end within ``timeout`` seconds."""
    proc.send_signal(signal.SIGINT)
    try:
        stdout, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    return stdout or ""
