"""The site `mkdocs build` publishes from the generated mkdocs.yml is styled and self-contained (issue 20).

The theme's css/, js/, img/, webfonts/ and the search plugin's files survive ``exclude_docs``, and no page
asks for anything outside the site (no CDN): checked in the HTML, and in headless Chromium.
"""

from __future__ import annotations

import functools
import json
import time
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest

from archkit.arc42 import write_docs
from archkit.output import Artifact, safe_name, write_artifacts
from tests.arc42.docs_models import shop
from tests.arc42.test_mkdocs import SVG, _build, needs_mkdocs
from tests.browser import BROWSER, chromium
from tests.servers import serving


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shop set (with stand-in diagrams) built by mkdocs; the folder of the site."""
    ws = shop()
    root = tmp_path_factory.mktemp("mkdocs") / "out" / "model"
    write_artifacts(root, [Artifact(f"diagrams/{safe_name(v.key)}.svg", SVG) for v in ws.effective_views()])
    write_docs(ws, root, render=False)
    done = _build(root)
    assert done.returncode == 0, done.stderr
    return root.parent.parent / "site" / ws.name.lower()


class _Assets(HTMLParser):
    """Every URL a page loads by itself: stylesheets, icons, scripts, images."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "link" and {"stylesheet", "icon", "preload"} & set((a.get("rel") or "").split()):
            self.urls.append(a.get("href") or "")
        elif tag in ("script", "img", "iframe", "source") and a.get("src") is not None:
            self.urls.append(a["src"] or "")


@needs_mkdocs
def test_every_stylesheet_and_script_of_every_page_is_a_file_of_the_site(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    stylesheets = set()
    for page in pages:
        parser = _Assets()
        parser.feed(page.read_text(encoding="utf-8"))
        assert parser.urls, page
        for url in parser.urls:
            parts = urlsplit(url)
            assert not parts.scheme and not parts.netloc, f"{page.relative_to(site)} loads {url} from outside the site"
            base = site if parts.path.startswith("/") else page.parent  # 404.html: from the site's root
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            where = page.relative_to(site)
            assert target.is_relative_to(site.resolve()) and target.is_file(), f"{where}: {url} is not in the site"
            if target.suffix == ".css":
                stylesheets.add(target.name)
    assert {"bootstrap.min.css", "base.css"} <= stylesheets
    assert (site / "search" / "search_index.json").is_file() and (site / "webfonts").is_dir()


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    """The built site over HTTP on the loopback (stylesheet rules of file:// pages are unreadable)."""

    class Quiet(SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
    with serving(server) as port:
        yield f"http://127.0.0.1:{port}"


STYLE = """
const sheets = Array.from(document.styleSheets).filter(s => s.href);
const rules = sheets.map(s => { try { return [s.href, s.cssRules.length]; } catch (e) { return [s.href, -1]; } });
const nav = document.querySelector('.navbar');
return {rules: rules, bodyMargin: getComputedStyle(document.body).margin,
        navBackground: nav ? getComputedStyle(nav).backgroundColor : null};
"""


def _sheets(style: dict[str, Any]) -> dict[str, int]:
    """Each stylesheet's file name -> its number of rules (-1: unreadable)."""
    return {href.rsplit("/", 1)[-1]: count for href, count in style["rules"]}


def _styled(driver: Any, patience: float = 30.0) -> dict[str, Any]:
    """The page's stylesheets and two computed styles, once both of the theme's stylesheets have their rules:
    on a loaded machine (the suite on both cores) the first load has come back three times without them (none,
    or ``base.css`` missing); the assertions after it still fail on a site that lacks either."""
    for _ in range(2):  # once more after a reload: a stylesheet request the loaded server dropped is not retried
        deadline = time.monotonic() + patience / 2
        style: dict[str, Any] = driver.execute_script(STYLE)
        while not _complete(_sheets(style)) and time.monotonic() < deadline:
            time.sleep(0.2)
            style = driver.execute_script(STYLE)
        if _complete(_sheets(style)):
            break
        driver.refresh()
    return style


def _complete(loaded: dict[str, int]) -> bool:
    return loaded.get("bootstrap.min.css", 0) > 100 and loaded.get("base.css", 0) > 10


@needs_mkdocs
@pytest.mark.skipif(not BROWSER, reason="needs chromium, chromedriver (Debian) and selenium (pip): `make browser`")
def test_in_chromium_the_site_is_styled_and_fetches_nothing_from_the_network(served: str) -> None:
    with chromium(logs={"performance": "ALL"}) as driver:  # every request the page makes
        for page in ("arc42/index.html", "arc42/05_building_block_view.html"):
            driver.get(f"{served}/{page}")
            style = _styled(driver)
            assert _complete(_sheets(style)), style
            assert style["bodyMargin"] == "0px"  # the browser's default is 8px: bootstrap's reboot applied
            assert style["navBackground"] not in (None, "rgba(0, 0, 0, 0)"), style
        requests = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
        urls = {m["params"]["request"]["url"] for m in requests if m["method"] == "Network.requestWillBeSent"
                and m["params"].get("documentURL", "").startswith(served + "/")}  # not the browser's new tab
    assert any(u.endswith("/css/base.css") for u in urls) and any(u.endswith("/js/base.js") for u in urls)
    outside = sorted(u for u in urls if not u.startswith(served + "/") and not u.startswith("data:"))
    assert outside == [], f"the site fetched from outside: {outside}"
