"""`archkit serve` against hostile requests and a hostile out/: no link is followed, no hidden file is
served, only the addresses it listens on are answered (DNS rebinding), and every odd request ends in
a clean 4xx/5xx with one escaped log line — never a traceback or a dropped connection."""

from __future__ import annotations

import io
import os
import re
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from archkit.preview import make_server
from archkit.preview.server import allowed_hosts, host_matches
from tests.servers import serving
from tests.test_serve import write_out

ARCHKIT = Path(sys.executable).with_name("archkit")
SECRET = "top secret, outside out/"
_RAW_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_STATUS = re.compile(rb"^HTTP/1\.[01] (\d{3}) ")


def hostile_out(root: Path) -> Path:
    """A built out/ (tests/test_serve.py) plus every trap: links out and in, hidden stamps, a folder
    named like a page, a page that is not UTF-8, a FIFO."""
    out = root / "out"
    write_out(out)
    outside = root / "outside"
    outside.mkdir()
    (outside / "secret.svg").write_text(f"<svg><text>{SECRET}</text></svg>")
    (outside / "secret.md").write_text(f"# {SECRET}\n")
    shop = out / "shop"
    (shop / "diagrams" / "passwd.svg").symlink_to(outside / "secret.svg")
    (shop / "diagrams" / "hosts").symlink_to("/etc/hosts")
    (shop / "system").symlink_to(outside, target_is_directory=True)
    (shop / "etc").symlink_to("/etc", target_is_directory=True)
    (shop / "diagrams" / "again.svg").symlink_to("containers.svg")  # stays inside out/: not served either
    (shop / "arc42" / "secret.md").symlink_to(outside / "secret.md")
    (shop / "arc42" / ".archkit-manifest.json").write_text('{"pages": ["index.md"]}')
    (shop / ".archkit-build.json").write_text('{"fingerprint": "x"}')
    (shop / "arc42" / ".index.md.123.abc.tmp").write_text("half written")
    (shop / "arc42" / "x.md").mkdir()  # a folder named like a page
    (shop / "arc42" / "latin1.md").write_bytes("# caf\xe9\n".encode("latin-1"))
    (shop / "diagrams" / "broken.svg").write_bytes(b"<svg>\xff\xfe</svg>")
    linked = out / "linked"  # a model folder whose arc42/ is a link out
    linked.mkdir()
    (linked / "arc42").symlink_to(outside, target_is_directory=True)
    os.mkfifo(shop / "diagrams" / "pipe.svg")
    os.link(outside / "secret.svg", shop / "diagrams" / "hardlinked.svg")  # a hard link: the secret's other name
    os.link(outside / "secret.md", shop / "arc42" / "hardlinked.md")
    return out


@contextmanager
def running(out: Path, host: str = "127.0.0.1") -> Iterator[tuple[int, io.StringIO]]:
    log = io.StringIO()
    server = make_server(out, host, 0, log=log)
    with serving(server) as port:
        yield port, log


def request(port: int, target: bytes | str, host: str | None = "127.0.0.1", method: str = "GET",
            address: str = "127.0.0.1") -> tuple[int, bytes]:
    """Send one raw request (any bytes as the target); the status and the whole answer.
    Fails when the server drops the connection without an answer."""
    if isinstance(target, str):
        target = target.encode("utf-8")
    head = method.encode() + b" " + target + b" HTTP/1.1\r\n"
    if host is not None:
        head += b"Host: " + (host.encode() if ":" in host and host.startswith("[") else
                             f"{host}:{port}".encode() if ":" not in host else host.encode()) + b"\r\n"
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.settimeout(10)
        sock.connect((address, port))
        sock.sendall(head + b"Connection: close\r\n\r\n")
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    answer = b"".join(chunks)
    match = _STATUS.match(answer)
    assert match, f"no HTTP answer to {target[:80]!r}: {answer[:200]!r}"
    return int(match.group(1)), answer


def assert_clean_log(log: str) -> None:
    assert "Traceback" not in log, log
    raw = _RAW_CONTROL.search(log)
    assert raw is None, f"raw control character {raw.group()!r} in the log:\n{log!r}"


@pytest.fixture
def hostile(tmp_path: Path) -> Iterator[tuple[int, io.StringIO]]:
    with running(hostile_out(tmp_path)) as served:
        yield served


def test_links_out_of_the_served_folder_are_never_followed(hostile: tuple[int, io.StringIO]) -> None:
    port, log = hostile
    for path in ("/shop/diagrams/passwd.svg", "/shop/diagrams/passwd.html", "/shop/diagrams/hosts",
                 "/shop/system/secret.svg", "/shop/system/", "/shop/etc/passwd", "/shop/etc/",
                 "/shop/arc42/secret.md", "/shop/arc42/secret.html", "/linked/arc42/secret.md",
                 "/linked/arc42/secret.html", "/shop/diagrams/again.svg", "/shop/diagrams/again.html",
                 "/shop/diagrams/hardlinked.svg", "/shop/diagrams/hardlinked.html", "/shop/arc42/hardlinked.md",
                 "/shop/arc42/hardlinked.html"):
        status, answer = request(port, path)
        assert status == 404, (path, answer[:300])
        assert SECRET.encode() not in answer and b"root:" not in answer
    index = request(port, "/")[1] + request(port, "/shop/diagrams/")[1] + request(port, "/shop/")[1]
    index += request(port, "/shop/arc42/")[1]
    for name in (b"passwd", b"hosts", b"secret", b"again", b'"system/', b'"etc/', b"linked"):
        assert name not in index, name
    assert b"context.svg" in index  # the listing itself works
    assert_clean_log(log.getvalue())


def test_hidden_files_and_stamps_are_never_served(hostile: tuple[int, io.StringIO]) -> None:
    port, _ = hostile
    for path in ("/shop/arc42/.archkit-manifest.json", "/shop/arc42/%2earchkit-manifest.json",
                 "/shop/.archkit-build.json", "/shop/arc42/.index.md.123.abc.tmp", "/shop/%2E%2E/shop/index.md",
                 "/shop/arc42/../.archkit-build.json", "/.."):
        assert request(port, path)[0] == 404, path
    listing = request(port, "/shop/arc42/")[1]
    assert b"index.md" in listing and b".archkit" not in listing and b".tmp" not in listing


@pytest.mark.parametrize(("target", "status"), [
    (b"/%00", 400), (b"/shop/%00/x", 400), (b"/%zz", 400), (b"/%", 400), (b"/%f", 400), (b"/%ff%fe", 400),
    (b"/%1b[31m", 400), (b"/\x1b]0;pwned\x07", 400), (b"/caf\xe9", 400), (b"/\xc2\x9b31m", 400),
    (b"/shop/arc42/latin1.html", 500), (b"/shop/diagrams/broken.html", 500),
    (b"/shop/arc42/x.html", 404), (b"/shop/arc42/x.md", 301), (b"/shop/diagrams/pipe.svg", 404),
    (b"/" + b"a" * 300, 404), (b"/" + b"a/" * 1500, 414), (b"/" + b"%41" * 1000, 414),
    (b"/" + b"b" * 70000, 414), (b"http://[::1/", 400), (b"*", 400), (b"shop/arc42/index.md", 400),
    (b"/shop\\..\\..\\etc\\passwd", 404), ("/\u202eevil\u2066".encode(), 404),
])
def test_odd_requests_get_a_clean_error_and_one_escaped_log_line(hostile: tuple[int, io.StringIO],
                                                                  target: bytes, status: int) -> None:
    port, log = hostile
    assert request(port, target)[0] == status
    assert request(port, "/")[0] == 200  # and the server still answers
    assert_clean_log(log.getvalue())


def test_a_garbled_request_line_is_a_clean_400(hostile: tuple[int, io.StringIO]) -> None:
    port, log = hostile
    assert request(port, b"/ a b")[0] == 400
    assert request(port, b"/x", method="G\x1bET")[0] in (400, 501)
    assert_clean_log(log.getvalue())


def test_the_request_log_escapes_control_and_bidi_characters(hostile: tuple[int, io.StringIO]) -> None:
    port, log = hostile
    request(port, "/shop/\x1b]0;pwned\x07\u202e".encode())
    request(port, "/shop/\u202efdp.exe".encode())
    text = log.getvalue()
    assert "\\u001b]0;pwned\\u0007" in text and "\\u202e" in text
    assert_clean_log(text)


@pytest.mark.parametrize("host", ["evil.example", "localhost.evil.example", "127.0.0.1.nip.io", "localhost.",
                                  "", "127.0.0.1:1", "localhost:80", "[::1]:1"])
def test_a_foreign_host_header_is_refused_against_dns_rebinding(hostile: tuple[int, io.StringIO],
                                                                 host: str) -> None:
    port, _ = hostile
    status, answer = request(port, "/shop/diagrams/containers.svg", host=host if ":" in host else f"{host}:{port}")
    assert status == 421 and b"Shop containers" not in answer
    assert request(port, "/", host=None)[0] == 421  # no Host at all


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "LocalHost", "[::1]"])
def test_the_addresses_it_listens_on_are_answered(hostile: tuple[int, io.StringIO], host: str) -> None:
    port, _ = hostile
    status, answer = request(port, "/shop/diagrams/containers.svg", host=f"{host}:{port}")
    assert status == 200 and b"Shop containers" in answer


def test_host_rules_for_the_address_given_and_for_all_addresses() -> None:
    lan = allowed_hosts("192.168.1.5")
    assert host_matches("192.168.1.5:8000", lan, 8000) and host_matches("localhost:8000", lan, 8000)
    assert not host_matches("10.0.0.1:8000", lan, 8000) and not host_matches("192.168.1.5:8001", lan, 8000)
    every = allowed_hosts("0.0.0.0")
    assert host_matches("10.0.0.1:8000", every, 8000) and host_matches("[fe80::1]:8000", every, 8000)
    assert host_matches(f"{socket.gethostname()}:8000", every, 8000)
    assert not host_matches("attacker.example:8000", every, 8000)  # a name could be rebound: never
    assert host_matches("localhost", allowed_hosts("127.0.0.1"), 80)
    assert not host_matches("[::1]x:8000", every, 8000) and not host_matches("[::1", every, 8000)


@pytest.mark.parametrize("path", ["/", "/shop/arc42/index.html", "/shop/diagrams/context.html",
                                  "/shop/diagrams/context.svg", "/shop/"])
def test_every_answer_forbids_scripts(hostile: tuple[int, io.StringIO], path: str) -> None:
    port, _ = hostile
    status, answer = request(port, path)
    assert status == 200
    assert b"Content-Security-Policy: default-src 'self'; script-src 'none'" in answer
    assert b"X-Content-Type-Options: nosniff" in answer


def test_the_real_archkit_serve_process_survives_hostile_requests(tmp_path: Path) -> None:
    out = hostile_out(tmp_path)
    # Ctrl-C as in a terminal, even when the suite itself runs with SIGINT ignored (started with `&` from a
    # script: the child would inherit it, and Python raises KeyboardInterrupt only when SIGINT is not ignored)
    proc = subprocess.Popen([str(ARCHKIT), "serve", "-o", str(out), "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, encoding="utf-8", errors="surrogateescape",
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", first).group(1))  # type: ignore[union-attr]
        for target in (b"/%00", b"/%ff", b"/shop/arc42/latin1.html", b"/shop/arc42/x.html",
                       b"/shop/etc/passwd", b"/shop/arc42/.archkit-manifest.json", b"/\x1b]0;x\x07\xc2\x9b"):
            assert request(port, target)[0] in (400, 404, 500)
        assert request(port, "/", host="evil.example:80")[0] == 421
        assert request(port, "/shop/arc42/index.html")[0] == 200
    finally:
        proc.send_signal(signal.SIGINT)
        try:  # as tests/servers.interrupted: 60 s, for a machine whose cores run other tests' `dot` too
            stdout, stderr = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            raise
    assert "Traceback" not in stderr + stdout, stderr
    assert _RAW_CONTROL.search(stderr + stdout) is None, repr(stderr)
    assert stderr.count("archkit serve: ") >= 9  # one line per request
