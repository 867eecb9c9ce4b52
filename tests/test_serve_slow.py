"""`archkit serve` against clients that take its connections and hold them: slow request heads (slowloris),
idle connections by the hundred, event streams never read. Each is bounded (`MAX_CONNECTIONS`, `HEAD_TIME`), and
the preview answers a browser again as soon as they are gone."""

from __future__ import annotations

import io
import socket
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from archkit.preview import server as preview_server
from archkit.preview.live import EventBus, LiveReload
from archkit.preview.server import make_server
from tests.servers import serving
from tests.test_serve import write_out
from tests.test_serve_hostile import assert_clean_log, request


@pytest.fixture
def out(tmp_path: Path) -> Path:
    write_out(tmp_path / "out")
    return tmp_path / "out"


def connect(port: int, head: bytes = b"") -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=20)
    if head:
        sock.sendall(head)
    return sock


def closed_by_server(sock: socket.socket) -> bytes:
    """What the server sends before it closes the connection (a read timeout of 20 s fails the test: the
    server's own per-read timeout is 30 s, so only :data:`HEAD_TIME` can close it before)."""
    chunks = []
    while chunk := sock.recv(65536):
        chunks.append(chunk)
    return b"".join(chunks)


def test_a_request_head_sent_a_byte_at_a_time_is_cut_off(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview_server, "HEAD_TIME", 1.0)
    log = io.StringIO()
    with serving(make_server(out, "127.0.0.1", 0, log=log)) as port:
        sock = connect(port, b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        with sock:
            for byte in b"X-Slow: 1234567890":  # well within the per-read timeout each time
                try:
                    sock.sendall(bytes([byte]))
                except OSError:  # cut off: the server shut the connection
                    break
                time.sleep(0.2)
            assert b"200 OK" not in closed_by_server(sock)
        assert request(port, "/")[0] == 200
    assert "request not sent within 1 s: disconnected" in log.getvalue()
    assert_clean_log(log.getvalue())


def test_connections_past_the_limit_get_503_and_the_preview_answers_again_once_they_go(
        out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(preview_server, "MAX_CONNECTIONS", 4)
    log = io.StringIO()
    with serving(make_server(out, "127.0.0.1", 0, log=log)) as port:
        idle = [connect(port, b"GET / HTTP/1.1\r\n") for _ in range(4)]
        time.sleep(0.5)  # each taken by a thread of the server, not waiting in the listen queue
        with connect(port) as extra:
            answer = closed_by_server(extra)
        assert answer.startswith(b"HTTP/1.0 503 ") and answer.endswith(b"too many connections at once\n")
        for sock in idle:
            sock.close()
        for _ in range(50):  # the threads end as they read the end of their connection
            if request(port, "/")[0] == 200:
                break
            time.sleep(0.1)
        else:
            pytest.fail("the preview never answered again after the idle connections closed")
    assert "more than 4 connections at once" in log.getvalue()
    assert_clean_log(log.getvalue())


@pytest.fixture
def live(out: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[int, EventBus]]:
    monkeypatch.setattr(preview_server, "MAX_CONNECTIONS", 3)
    bus = EventBus(["shop"])
    with serving(make_server(out, "127.0.0.1", 0, quiet=True, live=LiveReload(bus, keep_alive=0.05))) as port:
        yield port, bus
        bus.close()


def test_event_streams_never_read_hold_their_own_slot_only(live: tuple[int, EventBus]) -> None:
    port, bus = live
    head = f"GET /.archkit-live HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n".encode()
    readers = [connect(port, head) for _ in range(2)]  # never read: keep-alives pile up in their buffers
    try:
        for _ in range(20):
            bus.publish([])
        assert request(port, "/")[0] == 200  # the third slot
    finally:
        for sock in readers:
            sock.close()
    bus.close()
