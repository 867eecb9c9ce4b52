"""Fuzzing `archkit serve` in-process: random request paths (names from a hostile out/, dot names,
percent-escapes good and bad, control and bidi characters, raw bytes) and random Host headers against
a running server. Every request gets an HTTP answer; nothing outside out/, no hidden stamp and no
link's target is ever sent; the log never holds a traceback or a raw control character.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from urllib.parse import quote

import pytest
from hypothesis import given, settings, strategies as st

from tests.servers import serving
from tests.test_serve_hostile import SECRET, assert_clean_log, hostile_out, request, running

_FUZZING = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
NAMES = ["shop", "diagrams", "arc42", "context.svg", "context.html", "containers.svg", "index.md", "index.html",
         "x.md", "x.html", "latin1.html", "broken.html", "pipe.svg", "passwd.svg", "passwd.html", "hosts",
         "system", "etc", "passwd", "secret.md", "secret.html", "again.svg", "linked", "empty",
         ".archkit-manifest.json", ".archkit-build.json", ".index.md.123.abc.tmp", "..", ".", "", "%2e%2e",
         "%2E", "%00", "%", "%f", "%zz", "%ff", "%c0%af", "%2f", "%5c", "\\", "a" * 300]
ODD_TEXT = st.text(st.characters(codec="utf-8", exclude_characters="\r\n "), max_size=12)
LEAKS = (SECRET.encode(), b"root:x:", b'"pages"', b"fingerprint", b"half written")


def segment() -> st.SearchStrategy[bytes]:
    named = st.sampled_from(NAMES).map(str.encode)
    quoted = ODD_TEXT.map(lambda t: quote(t, safe="").encode())
    raw = ODD_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))
    return st.one_of(named, named, quoted, raw, st.binary(max_size=6).filter(lambda b: not set(b) & set(b"\r\n ")))


targets = st.one_of(
    st.lists(segment(), max_size=6).map(lambda parts: b"/" + b"/".join(parts)),
    st.tuples(st.lists(segment(), max_size=4), st.sampled_from([b"", b"/", b"?x=1", b"#f", b"?%00"])).map(
        lambda t: b"/" + b"/".join(t[0]) + t[1]),
    st.binary(max_size=40).filter(lambda b: not set(b) & set(b"\r\n ")),
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, io.StringIO]]:
    with running(hostile_out(tmp_path_factory.mktemp("serve"))) as server:
        yield server


@settings(max_examples=settings.get_profile("fuzz").max_examples if _FUZZING else 150)
@given(target=targets, method=st.sampled_from(["GET", "HEAD"]))
def test_random_request_paths_get_an_answer_and_never_leak(served: tuple[int, io.StringIO], target: bytes,
                                                           method: str) -> None:
    port, log = served
    start = log.tell()
    status, answer = request(port, target, method=method)
    assert status in (200, 301, 400, 404, 414, 500, 501), (target, answer[:300])
    for leak in LEAKS:
        assert leak not in answer, (target, leak)
    log.seek(start)
    assert_clean_log(log.read())


@settings(max_examples=settings.get_profile("fuzz").max_examples if _FUZZING else 60)
@given(host=st.one_of(st.text(st.characters(codec="ascii", exclude_characters="\r\n"), max_size=30),
                      st.sampled_from(["localhost", "127.0.0.1", "[::1]", "LOCALHOST"]).map(lambda h: h + ":{port}"),
                      st.from_regex(r"[a-z0-9.-]{1,20}\.(com|io|example)(:\d{1,5})?", fullmatch=True)))
def test_random_host_headers_are_answered_only_for_the_listening_addresses(served: tuple[int, io.StringIO],
                                                                          host: str) -> None:
    port, _ = served
    header = host.replace("{port}", str(port))
    status, answer = request(port, "/shop/diagrams/containers.svg", host=header if ":" in header else f"{header}:1")
    local = header.lower() in {f"localhost:{port}", f"127.0.0.1:{port}", f"[::1]:{port}"}
    assert status == (200 if local else 421) or (not header.strip() and status in (400, 421)), (header, status)
    assert (b"Shop containers" in answer) == local


@pytest.fixture(scope="module")
def served_live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[int, io.StringIO]]:
    """The same hostile out/ served live (`serve --watch`), its model failing with hostile text; the bus is
    closed, so a request that reaches the event stream gets its first event and the end."""
    from archkit.build import Outcome
    from archkit.preview import make_server
    from archkit.preview.live import EventBus, LiveReload

    bus = EventBus(["shop"])
    bus.publish([Outcome("shop.py", "shop", "failed", messages=[HOSTILE_ERROR])])
    bus.close()
    log = io.StringIO()
    server = make_server(hostile_out(tmp_path_factory.mktemp("live")), "127.0.0.1", 0, log=log, live=LiveReload(bus))
    with serving(server) as port:
        yield port, log


HOSTILE_ERROR = 'shop.py:1: the model raised ValueError: </pre><script>alert(1)</script>\x1b]0;x\x07'


@settings(max_examples=settings.get_profile("fuzz").max_examples if _FUZZING else 60)
@given(target=st.one_of(targets, st.just(b"/.archkit-live"), st.just(b"/.archkit-live?x")),
       method=st.sampled_from(["GET", "HEAD"]))
def test_live_answers_never_leak_and_hold_the_errors_only_escaped(served_live: tuple[int, io.StringIO],
                                                                  target: bytes, method: str) -> None:
    port, log = served_live
    start = log.tell()
    status, answer = request(port, target, method=method)
    assert status in (200, 301, 400, 404, 414, 500, 501), (target, answer[:300])
    for leak in LEAKS:
        assert leak not in answer, (target, leak)
    assert b"<script>alert" not in answer and b"\x1b" not in answer
    if status == 200 and b"Content-Type: text/html" in answer:
        assert b"script-src 'sha256-" in answer
        assert method == "HEAD" or b'<meta name="archkit-live"' in answer
    log.seek(start)
    assert_clean_log(log.read())
