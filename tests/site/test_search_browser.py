"""``search.js`` in headless Chromium: a static page opened from ``file://`` (as from a CI artifact)
finds what the Python side finds, in the same order, writes hostile model text as text, moves through
results with the keyboard, and logs no error. The inline index works as the script file does."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archkit import Workspace
from archkit.site.model_index import build_index
from archkit.site.search import SearchIndex, build_search_index, search_box_html, search_documents, search_js
from tests.arc42.docs_models import shop
from tests.browser import BROWSER, chromium

pytestmark = pytest.mark.skipif(not BROWSER, reason="needs chromium, chromedriver (Debian) and selenium (pip)")

HOSTILE = "<img src=x onerror=\"document.title='pwned'\">"
QUERIES = ["payments", "order repo", "stock", "api", "fastapi", "place", "kubernetes", "img onerror", "zzz"]


def hostile_shop() -> Workspace:
    ws = shop()
    ws.model.software_system(HOSTILE, "</script><script>document.title='pwned'</script>", id="evil")
    return ws


def search_index() -> SearchIndex:
    docs = search_documents(build_index(hostile_shop()), href_element=lambda i: f"elements/{i}.html",
                            href_view=lambda k: f"views/{k}.html")
    return build_search_index(docs)


def write_site(root: Path, *, inline: bool) -> Path:
    index = search_index()
    (root / "assets").mkdir()
    (root / "assets" / "search.js").write_text(search_js(), encoding="utf-8")
    (root / "search-index.js").write_text(index.to_script(), encoding="utf-8")
    carrier = index.to_inline() if inline else '<script src="search-index.js"></script>'
    page = root / "index.html"
    page.write_text(
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>site</title>'
        '<link rel="icon" href="data:,"></head><body>\n'
        f'{search_box_html(base="", index_url="search-index.json")}\n{carrier}\n'
        '<script src="assets/search.js"></script>\n</body></html>\n', encoding="utf-8")
    return page


@pytest.fixture(scope="module")
def driver() -> Iterator[Any]:
    with chromium(logs={"browser": "ALL"}) as chrome:
        yield chrome


def type_query(driver: Any, query: str) -> list[dict[str, str]]:
    """Type ``query`` into the box and wait until the status says how many results there are."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    box = driver.find_element(By.ID, "archkit-search-input")
    box.clear()
    box.send_keys(query)
    WebDriverWait(driver, 10).until(
        lambda d: d.find_element(By.ID, "archkit-search-status").text.endswith(("result", "results", "No results")))
    return list(driver.execute_script(
        "return Array.from(document.querySelectorAll('#archkit-search-results li')).map(li => ({"
        "href: (li.querySelector('a') || {}).getAttribute ? li.querySelector('a').getAttribute('href') : null,"
        "title: li.querySelector('.archkit-search-title').textContent}))"))


@pytest.mark.parametrize("inline", [False, True], ids=["script-file", "inline-json"])
def test_the_browser_finds_what_python_finds(driver: Any, tmp_path: Path, inline: bool) -> None:
    driver.get(write_site(tmp_path, inline=inline).as_uri())
    index = search_index()
    for query in QUERIES:
        shown = type_query(driver, query)
        assert [r["href"] for r in shown] == [d.url for d in index.lookup(query)], query
    assert type_query(driver, "payments")[0] == {"href": "elements/payments.html", "title": "Payments"}
    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_hostile_text_is_shown_as_text(driver: Any, tmp_path: Path) -> None:
    driver.get(write_site(tmp_path, inline=False).as_uri())
    shown = type_query(driver, "img onerror")
    assert shown[0]["title"] == HOSTILE
    assert driver.execute_script("return document.querySelectorAll('#archkit-search-results img').length") == 0
    assert driver.execute_script("return document.querySelectorAll('script').length") == 2
    assert driver.title == "site"


def test_the_keyboard_moves_through_results_and_enter_opens_the_first(driver: Any, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    driver.get(write_site(tmp_path, inline=False).as_uri())
    type_query(driver, "order")
    box = driver.find_element(By.ID, "archkit-search-input")
    box.send_keys(Keys.ARROW_DOWN)
    first = driver.execute_script("return document.activeElement.getAttribute('href')")
    assert first == search_index().lookup("order")[0].url
    driver.switch_to.active_element.send_keys(Keys.ARROW_UP)
    assert driver.execute_script("return document.activeElement.id") == "archkit-search-input"
    box.send_keys(Keys.ENTER)
    assert driver.current_url.endswith("/" + first)
