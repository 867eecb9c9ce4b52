"""`archkit serve`: index of models, views and arc42 pages; drill-down links, checked in headless Chromium."""

from __future__ import annotations

import shutil
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from archkit.preview import make_server, scan
from tests.browser import BROWSER, chromium
from tests.servers import serving

SHOP = Path(__file__).parent / "models" / "shop.py"

# Two views as Graphviz writes them: the context view's system box links to the container view.
SVG = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">
<svg width="240pt" height="120pt" viewBox="0 0 240 120" xmlns="http://www.w3.org/2000/svg"
 xmlns:xlink="http://www.w3.org/1999/xlink">
<g id="graph0" class="graph"><title>{title}</title>
<g id="node1" class="node">{link_open}<polygon fill="#1168bd" points="10,10 230,10 230,110 10,110 10,10"/>
<text text-anchor="middle" x="120" y="65" fill="#ffffff">{title}</text>{link_close}</g>
</g>
</svg>
"""


def write_out(out: Path) -> None:
    diagrams = out / "shop" / "diagrams"
    diagrams.mkdir(parents=True)
    (diagrams / "context.svg").write_text(SVG.format(
        title="Shop", link_open='<a xlink:href="containers.svg" xlink:title="Shop">', link_close="</a>"))
    (diagrams / "containers.svg").write_text(SVG.format(title="Shop containers", link_open="", link_close=""))
    (diagrams / "context.png").write_bytes(b"\x89PNG")
    docs = out / "shop" / "arc42"
    docs.mkdir()
    (docs / "index.md").write_text("# Shop\n\nSee [the strategy](04-solution-strategy.md).\n\n"
                                   "![context](../diagrams/context.svg)\n")
    strategy = "# Solution strategy\n\n| goal | how |\n|---|---|\n| fast | cache |\n"
    (docs / "04-solution-strategy.md").write_text(strategy)
    (out / "empty").mkdir()


def serve_folder(out: Path) -> Iterator[str]:
    server = make_server(out, "127.0.0.1", 0, quiet=True)
    with serving(server) as port:
        yield f"http://127.0.0.1:{port}"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """The preview of a hand-made out/ folder."""
    write_out(tmp_path / "out")
    yield from serve_folder(tmp_path / "out")


@pytest.fixture
def real_site(tmp_path: Path) -> Iterator[str]:
    """The preview of tests/models/shop.py as the renderer draws it (its context view links to its
    container view)."""
    from archkit.load import load
    from archkit.output import write_artifacts
    from archkit.render import render_workspace

    diagrams, _ = render_workspace(load(SHOP), formats=("svg",))
    write_artifacts(tmp_path / "out" / "shop", diagrams)
    yield from serve_folder(tmp_path / "out")


def get(url: str) -> tuple[int, str, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read().decode("utf-8", "replace")


def test_scan_lists_models_with_views_and_arc42_pages(tmp_path: Path) -> None:
    write_out(tmp_path / "out")
    [shop] = scan(tmp_path / "out")
    assert (shop.name, shop.views, shop.pages) == ("shop", ("containers", "context"), ("04-solution-strategy", "index"))


def test_index_lists_every_view_as_an_image_and_every_arc42_page(site: str) -> None:
    status, kind, html = get(site + "/")
    assert status == 200 and kind.startswith("text/html")
    assert '<img src="/shop/diagrams/context.svg"' in html
    assert '<a href="/shop/diagrams/containers.html">' in html
    assert '<a href="/shop/arc42/index.html">index</a>' in html
    assert "empty" not in html  # a folder without output is not a model


def test_view_page_inlines_the_svg_and_points_drill_down_links_at_view_pages(site: str) -> None:
    _, _, html = get(site + "/shop/diagrams/context.html")
    assert '<a xlink:href="containers.html"' in html
    assert "<?xml" not in html


def test_arc42_page_is_html_with_links_to_sibling_pages(site: str) -> None:
    _, _, html = get(site + "/shop/arc42/index.html")
    assert '<a href="04-solution-strategy.html">the strategy</a>' in html
    assert '<img alt="context" src="../diagrams/context.svg"' in html


def test_files_are_served_and_unknown_paths_are_404(site: str) -> None:
    status, kind, body = get(site + "/shop/diagrams/containers.svg")
    assert status == 200 and kind == "image/svg+xml" and "Shop containers" in body
    for path in ("/shop/diagrams/nope.html", "/nope/diagrams/context.html", "/../etc/passwd"):
        with pytest.raises(urllib.error.HTTPError) as err:
            get(site + path)
        assert err.value.code == 404


@pytest.mark.skipif(not BROWSER, reason="needs chromium, chromedriver (Debian) and selenium (pip)")
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_in_chromium_the_index_shows_the_svgs_and_a_drill_down_link_works(real_site: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    with chromium() as driver:
        driver.get(real_site + "/")
        assert driver.title == "archkit preview"
        images = driver.find_elements(By.CSS_SELECTOR, "figure img")
        assert len(images) >= 4
        loaded = driver.execute_script(
            "return Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
        assert loaded  # every SVG really rendered

        driver.find_element(By.LINK_TEXT, "system-context-shop").click()
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/shop/diagrams/system-context-shop.html"))
        link = driver.find_element(By.CSS_SELECTOR, '.diagram svg a[*|href="container-shop.html"]')
        link.click()  # the Shop box: drill down into its containers
        WebDriverWait(driver, 10).until(lambda d: d.current_url.endswith("/shop/diagrams/container-shop.html"))
        assert driver.find_element(By.TAG_NAME, "h1").text == "shop: container-shop"
        assert "API" in driver.find_element(By.CSS_SELECTOR, ".diagram svg").text


def test_serve_cli_refuses_a_missing_output_folder(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from archkit.cli import app

    result = CliRunner().invoke(app, ["serve", "-o", str(tmp_path / "nope")])
    assert result.exit_code == 2
    assert "run `archkit build` first" in result.stderr
