"""The published site in headless Chromium (issue 20): open a view, zoom (buttons, keys, wheel, pinch), pan,
click an element and land on its page, find it with the search; from `archkit serve` and from disk
(file://); no console error and no request outside the site."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from archkit.preview import make_server
from tests.browser import BROWSER, chromium
from tests.servers import serving
from tests.site.test_site import HEXAGONAL, publish

pytestmark = pytest.mark.skipif(not BROWSER, reason="needs chromium, chromedriver (Debian) and selenium (pip)")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("browser-site")
    publish(out, HEXAGONAL)
    return out


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    server = make_server(site, port=0, quiet=True)  # the site as `archkit serve -o SITE` serves it
    with serving(server) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture()
def browser() -> Iterator[Any]:
    with chromium("--window-size=1280,900", logs={"browser": "ALL", "performance": "ALL"}) as driver:
        yield driver


def view_box(driver: Any, n: int = 0) -> list[float]:
    text = driver.execute_script("return document.querySelectorAll('.ak-canvas > svg')[arguments[0]]"
                                 ".getAttribute('viewBox')", n)
    return [float(v) for v in text.split()]


def wait(driver: Any, script: str, *args: Any) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 10).until(lambda d: d.execute_script(script, *args))


def problems(driver: Any) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]


def requested(driver: Any, base: str) -> set[str]:
    """Every URL the pages of ``base`` asked for (not the browser's own new tab)."""
    messages = [json.loads(entry["message"])["message"] for entry in driver.get_log("performance")]
    return {m["params"]["request"]["url"] for m in messages if m["method"] == "Network.requestWillBeSent"
            and m["params"].get("documentURL", "").startswith(base + "/")}


def test_a_view_zooms_pans_shows_its_legend_and_a_click_lands_on_the_element_page(browser: Any, base: str) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.actions.wheel_input import ScrollOrigin
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{base}/hexagonal/views/context.html")
    wait(browser, "return document.documentElement.classList.contains('js') && document.readyState === 'complete'")
    home = view_box(browser)
    browser.find_element(By.CSS_SELECTOR, '[data-act="in"]').click()
    zoomed = view_box(browser)
    assert zoomed[2] == pytest.approx(home[2] / 1.25) and zoomed[3] == pytest.approx(home[3] / 1.25)
    canvas = browser.find_element(By.CSS_SELECTOR, ".ak-canvas")
    canvas.send_keys("-")
    assert view_box(browser)[2] == pytest.approx(home[2])
    canvas.send_keys("+", "+")
    assert view_box(browser)[2] == pytest.approx(home[2] / 1.25 ** 2)
    canvas.send_keys(Keys.ARROW_RIGHT)
    assert view_box(browser)[0] > view_box(browser)[0] - 1 and view_box(browser)[0] != pytest.approx(home[0])
    canvas.send_keys("0")
    assert view_box(browser) == pytest.approx(home)

    ActionChains(browser).scroll_from_origin(ScrollOrigin.from_element(canvas), 0, -300).perform()
    wheeled = view_box(browser)
    assert wheeled[2] < home[2] * 0.9  # the wheel zooms in at the pointer

    canvas.send_keys("0")
    ActionChains(browser).move_to_element_with_offset(canvas, -300, 200).click_and_hold().move_by_offset(60, 30) \
        .move_by_offset(60, 30).release().perform()
    dragged = view_box(browser)
    assert dragged[0] < home[0] and dragged[1] < home[1] and dragged[2] == pytest.approx(home[2])
    assert browser.current_url.endswith("/views/context.html")  # a drag is not a click

    browser.find_element(By.CSS_SELECTOR, '[data-act="legend"]').click()
    assert wait(browser, "const p = document.querySelector('.ak-legend');"
                         "return !p.hidden && p.querySelector('svg') !== null && p.getBoundingClientRect().height > 20")

    canvas.send_keys("0")
    browser.find_element(By.CSS_SELECTOR, 'g[id="a_el-customer"] a').click()
    wait(browser, "return location.pathname.endsWith('/elements/customer.html')")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Customer"
    assert problems(browser) == []
    urls = requested(browser, base)
    assert any(u.endswith("/assets/viewer.js") for u in urls)
    assert not any(u.endswith("/search-index.js") for u in urls)  # loaded only when the search box is used
    outside = sorted(u for u in urls if not u.startswith(base + "/") and not u.startswith("data:"))
    assert outside == [], f"the site fetched from outside: {outside}"


def test_two_fingers_pinch_and_tab_reaches_the_elements(browser: Any, base: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(f"{base}/hexagonal/views/containers.html")
    wait(browser, "return document.readyState === 'complete'")
    home = view_box(browser)
    box = browser.execute_script("const r = document.querySelector('.ak-canvas').getBoundingClientRect();"
                                 "return [r.left + r.width / 2, r.top + r.height / 2];")
    x, y = box

    def touch(kind: str, spread: float) -> None:
        points = [] if kind == "touchEnd" else [{"x": x - spread, "y": y, "id": 1}, {"x": x + spread, "y": y, "id": 2}]
        browser.execute_cdp_cmd("Input.dispatchTouchEvent", {"type": kind, "touchPoints": points})

    touch("touchStart", 40)
    for spread in (60, 90, 120):
        touch("touchMove", spread)
    touch("touchEnd", 0)
    pinched = view_box(browser)
    assert pinched[2] < home[2] / 2  # fingers three times further apart: about three times closer

    canvas = browser.find_element(By.CSS_SELECTOR, ".ak-canvas")
    canvas.send_keys("0")
    reached = []
    for _ in range(4):  # the boundary's link (up to the context view) comes first, then the elements
        browser.switch_to.active_element.send_keys(Keys.TAB)
        reached.append(browser.execute_script("const a = document.activeElement; const g = a.closest('g[id]');"
                                              "return a.closest('svg') ? g.id : a.tagName;"))
    assert reached[0] == "a_boundary-ordering" and any(r.startswith("a_el-") for r in reached), reached
    assert problems(browser) == []


def test_search_finds_an_element_and_the_theme_toggles(browser: Any, base: str) -> None:
    from selenium.webdriver.common.by import By

    browser.get(f"{base}/hexagonal/index.html")
    wait(browser, "return document.readyState === 'complete'")
    assert browser.execute_script("return window.archkitSearchIndex === undefined")  # not loaded up front
    field = browser.find_element(By.ID, "archkit-search-input")
    field.click()
    assert wait(browser, "return window.archkitSearchIndex !== undefined")  # focusing the box loads it
    field.send_keys("message broker")
    link = wait(browser, "return Array.from(document.querySelectorAll('#archkit-search-results a'))"
                         ".find(a => a.getAttribute('href').endsWith('elements/ordering.message-broker.html'))")
    link.click()
    wait(browser, "return location.pathname.endsWith('/elements/ordering.message-broker.html')")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Message Broker"

    before = browser.execute_script("return getComputedStyle(document.body).backgroundColor")
    browser.find_element(By.CSS_SELECTOR, ".theme-toggle").click()
    assert browser.execute_script("return document.documentElement.getAttribute('data-theme')") in ("dark", "light")
    assert browser.execute_script("return getComputedStyle(document.body).backgroundColor") != before
    browser.refresh()  # the choice is kept
    assert browser.execute_script("return getComputedStyle(document.body).backgroundColor") != before
    assert problems(browser) == []


def test_from_disk_the_arc42_diagrams_are_interactive_and_search_works(browser: Any, site: Path) -> None:
    from selenium.webdriver.common.by import By

    page = site / "hexagonal" / "arc42" / "05_building_block_view.html"
    browser.get(page.as_uri())
    wait(browser, "return document.documentElement.classList.contains('js') && document.readyState === 'complete'")
    assert len(browser.find_elements(By.CSS_SELECTOR, ".ak-viewer")) >= 2
    first, second = view_box(browser, 0), view_box(browser, 1)
    browser.find_elements(By.CSS_SELECTOR, '[data-act="in"]')[1].click()
    assert view_box(browser, 0) == pytest.approx(first) and view_box(browser, 1)[2] == pytest.approx(second[2] / 1.25)
    assert browser.execute_script("return window.archkitSearchIndex === undefined")
    field = browser.find_element(By.ID, "archkit-search-input")
    field.send_keys("outbox")  # the box, focused to type in, adds the index script: it loads from file://
    assert wait(browser, "return document.querySelectorAll('#archkit-search-results a').length > 0")
    assert problems(browser) == []


def test_on_a_phone_nothing_is_wider_than_the_screen(browser: Any, base: str) -> None:
    browser.set_window_size(390, 844)
    for path in ("hexagonal/index.html", "hexagonal/views/hexagon.html",
                 "hexagonal/elements/ordering.order-service.html", "hexagonal/arc42/05_building_block_view.html"):
        browser.get(f"{base}/{path}")
        wait(browser, "return document.readyState === 'complete'")
        width = browser.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"{path}: {width[0]}px wide on a {width[1]}px screen"


def test_on_a_phone_the_search_results_stay_on_the_screen(browser: Any, base: str) -> None:
    from selenium.webdriver.common.by import By

    browser.set_window_size(390, 844)  # the panel hung from the box's right edge reached past the left one
    browser.get(f"{base}/hexagonal/index.html")
    wait(browser, "return document.readyState === 'complete'")
    field = browser.find_element(By.ID, "archkit-search-input")
    field.click()
    field.send_keys("order")
    assert wait(browser, "return document.querySelectorAll('#archkit-search-results a').length > 0")
    left, right, screen = browser.execute_script(
        "const r = document.getElementById('archkit-search-results').getBoundingClientRect();"
        "return [r.left, r.right, document.documentElement.clientWidth];")
    assert 0 <= left < right <= screen, (left, right, screen)


def test_the_legend_button_brings_the_legend_into_sight(browser: Any, base: str) -> None:
    from selenium.webdriver.common.by import By

    browser.set_window_size(1280, 700)  # the panel opens under the diagram, below the fold
    browser.get(f"{base}/hexagonal/views/hexagon.html")
    wait(browser, "return document.readyState === 'complete'")
    assert browser.execute_script("return document.querySelector('.ak-canvas').getBoundingClientRect().bottom"
                                  " > innerHeight - 40")
    browser.find_element(By.CSS_SELECTOR, '[data-act="legend"]').click()
    assert wait(browser, "const r = document.querySelector('.ak-legend').getBoundingClientRect();"
                         "return r.height > 20 && r.top >= 0 && r.bottom <= innerHeight + 1")


def test_in_dark_mode_each_diagram_is_an_outlined_light_card_with_true_colours(browser: Any, base: str) -> None:
    from tests.site.test_site import contrast

    browser.execute_cdp_cmd("Emulation.setEmulatedMedia",
                            {"features": [{"name": "prefers-color-scheme", "value": "dark"}]})
    for path, selector in (("hexagonal/views/containers.html", ".ak-canvas"),
                           ("hexagonal/arc42/05_building_block_view.html", ".ak-canvas"),
                           ("hexagonal/elements/ordering.order-service.html", ".ak-thumb img"),
                           ("hexagonal/index.html", ".card img")):
        browser.get(f"{base}/{path}")
        wait(browser, "return document.readyState === 'complete'")
        look = browser.execute_script(
            "const card = document.querySelector(arguments[0]), s = getComputedStyle(card);"
            "const hex = c => '#' + c.match(/\\d+/g).slice(0, 3).map(n => (+n).toString(16).padStart(2, '0')).join('');"
            "const svg = card.querySelector('svg');"
            "return {page: hex(getComputedStyle(document.body).backgroundColor), card: hex(s.backgroundColor),"
            " edge: hex(s.borderTopColor), width: s.borderTopWidth,"
            " filter: [s.filter, svg ? getComputedStyle(svg).filter : 'none']};", selector)
        assert look["page"] == "#0d1117", path  # the page is dark ...
        assert look["card"] == "#ffffff" and look["filter"] == ["none", "none"], path  # ... the diagram is not
        assert look["width"] == "1px" and contrast(look["edge"], look["page"]) >= 3, path
    assert problems(browser) == []
