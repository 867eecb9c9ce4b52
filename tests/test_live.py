"""Live preview (`archkit serve --watch`): the event bus, the server-sent events endpoint, what is added to
HTML answers, and shutting down; without a browser (the browser test is tests/test_live_browser.py)."""

from __future__ import annotations

import base64
import hashlib
import http.client
import json
import socket
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from archkit.build import BuildReport, Outcome
from archkit.build.runner import Announce
from archkit.errors import LoadError
from archkit.preview import make_server, serve_watch
from archkit.preview.live import EVENTS_PATH, SCRIPT, EventBus, LiveReload, error_panel, page_failures, publishing
from archkit.preview.server import PreviewServer
from tests.servers import serving
from tests.test_serve import write_out


def outcome(name: str, status: str = "built", *messages: str) -> Outcome:
    return Outcome(f"{name}.py", name, status, messages=list(messages))  # type: ignore[arg-type]


# ---- the bus ------------------------------------------------------------------------------------


def test_publish_counts_generations_and_keeps_the_errors_of_failed_models_until_they_build() -> None:
    bus = EventBus(["shop", "bank"])
    assert bus.snapshot().generation == 0
    now = bus.publish([outcome("shop", "failed", "shop.py:3: the model raised ValueError: x")])
    assert (now.generation, now.models, dict(now.failures)) == (
        1, ("shop",), {"shop": ("shop.py:3: the model raised ValueError: x",)})
    now = bus.publish([outcome("bank")])
    assert now.models == ("bank",) and set(now.failures) == {"shop"}  # another model built: shop still fails
    now = bus.publish([outcome("shop")])
    assert now.generation == 3 and not now.failures


def test_wait_returns_a_new_generation_at_once_and_the_same_one_after_its_timeout() -> None:
    bus = EventBus(["shop"])
    threading.Timer(0.05, bus.publish, [[outcome("shop")]]).start()
    assert bus.wait(0, timeout=30).generation == 1  # type: ignore[union-attr]
    assert bus.wait(1, timeout=0.01).generation == 1  # type: ignore[union-attr]  # nothing new: the same


def test_close_ends_every_waiter_at_once() -> None:
    bus = EventBus(["shop"])
    results: list[object] = []
    waiters = [threading.Thread(target=lambda: results.append(bus.wait(0, timeout=60))) for _ in range(3)]
    for waiter in waiters:
        waiter.start()
    bus.close()
    for waiter in waiters:
        waiter.join(timeout=10)
    assert results == [None, None, None] and bus.closed
    assert bus.wait(0, timeout=60) is None  # after the close too, without waiting


def test_publishing_turns_a_build_that_raises_into_a_failure_of_its_models() -> None:
    bus = EventBus(["shop"])

    def rebuild(paths: Sequence[Path], drawn: Announce | None) -> BuildReport:
        raise LoadError("shop.py: file not found — check the path")

    report = publishing(rebuild, bus)([Path("models/shop.py")])
    assert [(o.name, o.status) for o in report.outcomes] == [("shop", "failed")]
    assert bus.snapshot().failures == {"shop": ("shop.py: file not found — check the path",)}


def test_a_drawn_view_is_an_event_of_its_model_and_its_last_failure_is_not_shown_any_more() -> None:
    bus = EventBus(["shop", "bank"])
    bus.publish([outcome("shop", "failed", "shop.py:1: no"), outcome("bank", "failed", "bank.py:1: no")])
    now = bus.drawn("shop")  # a build of shop in progress wrote a view's new SVG: it loaded and passed its check
    assert (now.generation, now.models) == (2, ("shop",))
    assert now.failures == {"bank": ("bank.py:1: no",)}
    assert bus.publish([outcome("shop", "failed", "shop.py:9: the arc42 pages failed")]).failures == {
        "bank": ("bank.py:1: no",), "shop": ("shop.py:9: the arc42 pages failed",)}


def test_publishing_passes_each_drawn_view_of_a_rebuild_after_the_first_to_the_bus_before_its_result() -> None:
    bus = EventBus(["shop"])
    seen: list[tuple[int, tuple[str, ...] | None]] = []

    def rebuild(paths: Sequence[Path], drawn: Announce | None) -> BuildReport:
        for view in ("context", "containers") if drawn is not None else ():
            drawn("shop", view)
            now = bus.snapshot()
            seen.append((now.generation, now.models))
        return BuildReport([outcome("shop")])

    live = publishing(rebuild, bus)
    live([Path("models/shop.py")])  # the first build (the watcher's start) announces nothing
    assert seen == [] and bus.snapshot().generation == 1
    live([Path("models/shop.py")])
    assert seen == [(2, ("shop",)), (3, ("shop",))]
    assert bus.snapshot().generation == 4


# ---- what a page gets ---------------------------------------------------------------------------


def test_a_page_shows_its_models_errors_and_the_index_shows_every_models() -> None:
    failures = {"shop": ("a",), "bank": ("b",)}
    watched = ["shop", "bank", "crm"]
    assert page_failures(failures, watched, ["shop", "diagrams", "x.html"]) == ({"shop": ("a",)}, True)
    assert page_failures(failures, watched, ["crm", "diagrams", "x.html"]) == ({}, False)
    assert page_failures(failures, watched, []) == (failures, False)  # crm is fine: shown above the index
    assert page_failures(failures, ["shop", "bank"], ["index.html"]) == (failures, True)  # all failed
    assert page_failures(failures, watched, ["other", "x.html"]) == (failures, False)


def test_the_error_panel_escapes_every_text_and_hides_the_stale_content() -> None:
    panel = error_panel({"<i>m</i>": ("shop.py:1: the model raised ValueError: <script>alert(1)</script>\x1b[31m",)})
    assert "<script>alert" not in panel and "&lt;script&gt;alert(1)&lt;/script&gt;" in panel
    assert "&lt;i&gt;m&lt;/i&gt;" in panel and "\x1b" not in panel
    assert "body > :not(#archkit-live-error) { display: none; }" in panel and "data-replace" in panel
    above = error_panel({"m": ("x",)}, replace=False)
    assert "display: none" not in above and "data-replace" not in above and "&lt;" not in above
    assert error_panel({}) == ""


def test_inject_puts_the_script_in_the_head_and_the_errors_first_in_the_body() -> None:
    bus = EventBus(["shop"])
    live = LiveReload(bus)
    page = b"<!DOCTYPE html>\n<html><head><title>t</title></HEAD>\n<body class='x'>\n<h1>shop</h1></body></html>\n"
    html = live.inject(page, ["shop", "diagrams", "context.html"]).decode()
    assert html.index('<meta name="archkit-live" content="0">') < html.index("<script>") < html.index("</HEAD>")
    assert 'id="archkit-live-error"' not in html
    bus.publish([outcome("shop", "failed", "boom <b>")])
    html = live.inject(page, ["shop", "diagrams", "context.html"]).decode()
    assert '<meta name="archkit-live" content="1">' in html
    assert html.index("<body class='x'>") < html.index('id="archkit-live-error"') < html.index("<h1>shop</h1>")
    assert "boom &lt;b&gt;" in html
    bare = live.inject(b"<p>no head, no body</p>", []).decode()  # any HTML: still the script, then the errors
    assert bare.index("<script>") < bare.index('id="archkit-live-error"') < bare.index("<p>no head")


def test_the_policy_allows_exactly_the_injected_script() -> None:
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
    policy = LiveReload.policy("default-src 'self'; script-src 'none'; object-src 'none'")
    assert policy == f"default-src 'self'; script-src 'sha256-{digest}'; object-src 'none'"
    # a policy that lets the page's own scripts run (a static site's search) keeps them, and adds the hash
    assert LiveReload.policy("default-src 'self'; script-src 'self'") == (
        f"default-src 'self'; script-src 'self' 'sha256-{digest}'")
    assert LiveReload.policy("default-src 'self'") == f"default-src 'self'; script-src 'self' 'sha256-{digest}'"


# ---- the server ---------------------------------------------------------------------------------


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[tuple[PreviewServer, EventBus]]:
    write_out(tmp_path / "out")
    bus = EventBus(["shop"])
    server = make_server(tmp_path / "out", "127.0.0.1", 0, quiet=True, live=LiveReload(bus, keep_alive=0.2))
    with serving(server):
        try:
            yield server, bus
        finally:
            bus.close()


def connect(server: PreviewServer) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", server.server_address[1], timeout=10)


def read_event(response: http.client.HTTPResponse) -> dict[str, object] | str:
    """The next event's data as JSON, or a comment line (keep-alive)."""
    lines = []
    while (line := response.fp.readline().decode()) != "\n":
        assert line, "the stream ended"
        lines.append(line.rstrip("\n"))
    data = [line.removeprefix("data: ") for line in lines if line.startswith("data: ")]
    return json.loads(data[0]) if data else lines[0]


def test_the_event_stream_sends_the_generation_then_each_rebuild_and_keep_alives(
        live_server: tuple[PreviewServer, EventBus]) -> None:
    server, bus = live_server
    conn = connect(server)
    conn.request("GET", EVENTS_PATH)
    response = conn.getresponse()
    assert response.status == 200 and response.headers["Content-Type"] == "text/event-stream; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-store"
    assert read_event(response) == {"generation": 0, "models": None, "watched": ["shop"]}
    assert read_event(response) == ": keep-alive"  # nothing happened for keep_alive seconds
    bus.publish([outcome("shop")])
    event = read_event(response)
    while event == ": keep-alive":
        event = read_event(response)
    assert event == {"generation": 1, "models": ["shop"], "watched": ["shop"]}
    bus.close()
    assert response.fp.read() == b""  # the stream ends when the bus closes
    conn.close()


def test_open_event_streams_do_not_block_other_requests(live_server: tuple[PreviewServer, EventBus]) -> None:
    server, _ = live_server
    streams = []
    for _ in range(8):
        conn = connect(server)
        conn.request("GET", EVENTS_PATH)
        streams.append((conn, conn.getresponse()))
    conn = connect(server)
    conn.request("GET", "/shop/diagrams/context.html")
    response = conn.getresponse()
    assert response.status == 200 and b"archkit-live" in response.read()
    for stream, _ in streams:
        stream.close()


def test_live_answers_keep_the_host_check_and_the_confinement(live_server: tuple[PreviewServer, EventBus]) -> None:
    server, _ = live_server
    port = server.server_address[1]
    for path, host in ((EVENTS_PATH, "evil.example"), (EVENTS_PATH, f"evil.example:{port}")):
        with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
            sock.sendall(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            assert sock.recv(64).startswith(b"HTTP/1.0 421")
    for path in ("/.archkit-live/x", "/.archkit-build.json", "/shop/.archkit-live", "/../etc/passwd"):
        conn = connect(server)
        conn.request("GET", path)
        assert conn.getresponse().status == 404, path


def test_only_html_answers_get_the_script_and_its_hash(live_server: tuple[PreviewServer, EventBus]) -> None:
    server, _ = live_server
    (server.out / "shop" / "page.html").write_text("<html><head></head><body><p>static</p></body></html>")
    for path in ("/", "/shop/diagrams/context.html", "/shop/arc42/index.html", "/shop/", "/shop/page.html"):
        conn = connect(server)
        conn.request("GET", path)
        response = conn.getresponse()
        body = response.read().decode()
        assert response.status == 200 and SCRIPT in body, path
        script_src = [d for d in response.headers["Content-Security-Policy"].split(";") if "script-src" in d]
        # a file of out/ (a published site's page) also runs its own script files: 'self'
        assert len(script_src) == 1 and "'sha256-" in script_src[0] and "'none'" not in script_src[0], path
    conn = connect(server)
    conn.request("GET", "/shop/diagrams/context.svg")
    response = conn.getresponse()
    assert "archkit-live" not in response.read().decode()
    assert "script-src 'none'" in response.headers["Content-Security-Policy"]


def test_without_watch_nothing_is_added_and_the_endpoint_is_not_there(tmp_path: Path) -> None:
    write_out(tmp_path / "out")
    server = make_server(tmp_path / "out", "127.0.0.1", 0, quiet=True)
    with serving(server):
        conn = connect(server)
        conn.request("GET", "/shop/diagrams/context.html")
        response = conn.getresponse()
        assert "archkit-live" not in response.read().decode()
        assert "script-src 'none'" in response.headers["Content-Security-Policy"]
        conn = connect(server)
        conn.request("GET", EVENTS_PATH)
        assert conn.getresponse().status == 404


# ---- serve_watch: build, publish, stop ----------------------------------------------------------


def test_serve_watch_publishes_each_build_and_stops_with_its_open_streams(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model = tmp_path / "shop.py"
    model.write_text("workspace = None\n")
    write_out(tmp_path / "out")
    builds: list[list[str]] = []

    def rebuild(paths: Sequence[Path], drawn: Announce | None) -> BuildReport:
        builds.append([p.name for p in paths])
        status = "failed" if "raise" in model.read_text() else "built"
        return BuildReport([outcome("shop", status, "shop.py:2: the model raised RuntimeError: <no>")])

    stop = threading.Event()
    thread = threading.Thread(target=serve_watch, args=([model], tmp_path / "out", rebuild, "127.0.0.1", 0, stop))
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not builds and time.monotonic() < deadline:
            time.sleep(0.05)
        port = int(capsys.readouterr().out.split("http://127.0.0.1:")[1].split("/")[0])
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        conn.request("GET", EVENTS_PATH)
        stream = conn.getresponse()
        assert read_event(stream) == {"generation": 1, "models": None, "watched": ["shop"]}
        model.write_text("workspace = None\nraise RuntimeError\n")
        event = read_event(stream)
        assert event == {"generation": 2, "models": ["shop"], "watched": ["shop"]}
        page = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        page.request("GET", "/shop/diagrams/context.html")
        assert "the model raised RuntimeError: &lt;no&gt;" in page.getresponse().read().decode()
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()
    assert stream.fp.read() == b""  # the open stream was ended, not left hanging
    assert builds == [["shop.py"], ["shop.py"]]
    assert "archkit: stopped" in capsys.readouterr().out


# ---- the commands -------------------------------------------------------------------------------


def test_serve_watch_and_watch_serve_are_the_same_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    import archkit.preview
    from archkit.cli import app

    calls: list[tuple[list[str], Path, str, int]] = []

    def fake(models: Sequence[Path], out: Path, rebuild: object, host: str, port: int) -> None:
        calls.append(([str(m) for m in models], out, host, port))

    monkeypatch.setattr(archkit.preview, "serve_watch", fake)
    model = str(tmp_path / "shop.py")
    for args in (["serve", "--watch", model, "-o", "o", "-p", "0"], ["watch", model, "--serve", "-o", "o", "-p", "0"]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 0, result.output
    assert calls == [([model], Path("o"), "127.0.0.1", 0)] * 2


def test_serve_refuses_model_files_without_watch(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from archkit.cli import app

    result = CliRunner().invoke(app, ["serve", str(tmp_path / "shop.py"), "-o", str(tmp_path)])
    assert result.exit_code == 2
    assert "model files are only read with --watch" in result.stderr
