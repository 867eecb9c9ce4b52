"""`archkit serve --watch` of a model that has never built: the page of one of its views was a plain 404 (no
error, no live script), so it stayed blank until reloaded by hand. Now it is a 404 that shows the model's error,
as the index does, and follows the model: the first good save brings the view in, in the open page."""

from __future__ import annotations

import http.client
import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from archkit.preview.live import EVENTS_PATH, SCRIPT
from tests.browser import BROWSER, chromium
from tests.servers import interrupted
from tests.test_live import read_event
from tests.test_live_browser import ARCHKIT, SHOP

BROKEN = SHOP.format(text="Sells things.", extra='raise ValueError("<b>never</b> built")\n')
FIXED = SHOP.format(text="Sells fixed things.", extra="")
ERROR = "the model raised ValueError: &lt;b&gt;never&lt;/b&gt; built"
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")


def get(port: int, path: str) -> tuple[int, str, str]:
    """Status, body and Content-Security-Policy of one GET."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read().decode(), response.headers.get("Content-Security-Policy", "")
    finally:
        conn.close()


def until(port: int, path: str, holds: str, seconds: float = 120) -> tuple[int, str, str]:
    """The answer to ``path`` once its body holds ``holds`` (the watcher's build ended)."""
    deadline = time.monotonic() + seconds
    while True:
        answer = get(port, path)
        if holds in answer[1] or time.monotonic() > deadline:
            return answer
        time.sleep(0.1)


@pytest.fixture
def broken_from_the_start(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """``archkit serve --watch`` of a model that fails from its first build; the model file and the port."""
    model = tmp_path / "shop.py"
    model.write_text(BROKEN)
    log = tmp_path / "stderr.txt"  # a file, not a pipe: one log line a request must never fill it and block the server
    with log.open("w") as stderr:
        proc = subprocess.Popen([str(ARCHKIT), "serve", "--watch", str(model), "-o", str(tmp_path / "out"),
                                 "--port", "0"], stdout=subprocess.PIPE, stderr=stderr, text=True)
    assert proc.stdout is not None
    try:
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stdout.readline()).group(1))  # type: ignore[union-attr]
        yield model, port
    finally:
        interrupted(proc)
    assert proc.returncode == 0 and "Traceback" not in log.read_text()


@needs_dot
def test_over_http_a_never_built_models_view_page_shows_its_error_and_follows_the_fixing_save(
        broken_from_the_start: tuple[Path, int]) -> None:
    model, port = broken_from_the_start
    status, body, policy = until(port, "/shop/diagrams/context.html", ERROR)
    assert status == 404 and ERROR in body and "<b>never" not in body  # the error, escaped
    assert 'id="archkit-live-error" role="alert" data-replace' in body and SCRIPT in body
    assert "'sha256-" in policy  # the live script may run
    for page in ("/shop/", "/shop", "/shop/arc42/index.html"):  # every page of the model, the same
        status, body, _ = get(port, page)
        assert status == 404 and ERROR in body and SCRIPT in body, page
    for other in ("/shop/diagrams/context.svg", "/nobody/diagrams/context.html", "/shop/.archkit-build.json"):
        status, body, _ = get(port, other)  # a file, a model not watched, a hidden name: the plain 404
        assert status == 404 and "archkit-live" not in body, other

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    conn.request("GET", EVENTS_PATH)
    stream = conn.getresponse()
    seen = read_event(stream)
    model.write_text(FIXED)  # the save that fixes it: an event for shop, then the page is the view
    event = read_event(stream)
    while not isinstance(event, dict):  # keep-alive comments
        event = read_event(stream)
    conn.close()
    assert isinstance(seen, dict) and event["models"] == ["shop"] and event["generation"] > seen["generation"]
    status, body, _ = until(port, "/shop/diagrams/context.html", "Sells fixed things.")
    assert status == 200 and "<svg" in body and "Sells fixed things." in body and 'id="archkit-live-error"' not in body
    status, body, _ = get(port, "/shop/diagrams/no-such-view.html")  # built, but not this page: no error
    assert status == 404 and "no-such-view.html is not built" in body and SCRIPT in body
    assert 'id="archkit-live-error"' not in body


@pytest.mark.skipif(not BROWSER, reason="needs chromium, chromedriver (Debian) and selenium (pip): `make browser`")
@needs_dot
def test_in_chromium_a_never_built_models_view_page_shows_its_error_then_the_view_after_a_good_save(
        broken_from_the_start: tuple[Path, int]) -> None:
    from selenium.webdriver.support.ui import WebDriverWait

    model, port = broken_from_the_start
    url = f"http://127.0.0.1:{port}/shop/diagrams/context.html"
    until(port, "/shop/diagrams/context.html", ERROR)
    shown = ("const s = document.querySelector('.diagram svg');"
             "const e = document.getElementById('archkit-live-error');"
             "return [s && s.checkVisibility() ? s.textContent : '', e ? e.innerText : '']")
    with chromium("--window-size=900,700", logs={"browser": "ALL"}) as driver:
        driver.get(url)
        picture, panel = driver.execute_script(shown)
        assert picture == "" and "the model raised ValueError: <b>never</b> built" in panel
        driver.execute_script("window.notReloaded = true")
        model.write_text(FIXED)
        WebDriverWait(driver, 120, poll_frequency=0.1).until(
            lambda d: "Sells fixed things." in d.execute_script(shown)[0])
        assert driver.execute_script(shown)[1] == ""  # the error is gone
        assert driver.execute_script("return window.notReloaded") is True  # swapped in, not reloaded
        assert driver.current_url == url
        # the only failed loads: this page's own 404s (the first load, and the fetch of a refresh before the fix)
        severe = [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert all("404" in line and "/shop/diagrams/context.html" in line for line in severe), severe
