"""An element's page: its facts, place, relationships, views and arc42 items, every model string escaped."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given

from archkit import Workspace
from archkit.load import load
from archkit.site.arc42_items import Arc42Item
from archkit.site.element_page import element_page_body, safe_url
from archkit.site.model_index import SiteIndex, build_index
from tests.arc42.docs_models import shop
from tests.site.html_check import parse, problems
from tests.strategies import workspaces

CORPUS = Path(__file__).resolve().parent.parent / "bad_inputs"
HOSTILE_MODELS = ["html-script.yaml", "injection-everywhere.yaml", "dot-injection.yaml", "jinja-syntax.yaml",
                  "markdown-breakers.yaml", "rtl-and-combining.yaml", "sequence-hostile-text.yaml",
                  "forged-markers.yaml", "mkdocs-yaml-injection.yaml", "long-text.json"]


def page(index: SiteIndex, element_id: str) -> str:
    return element_page_body(
        index, element_id, href_element=lambda i: f"../e/{i}.html", href_view=lambda k: f"../v/{k}.html",
        thumb_for_view=lambda k: f"../v/{k}.svg", href_arc42=lambda item: _arc42_href(item))


def _arc42_href(item: Arc42Item) -> str:
    return f"../arc42/{item.page}.html" + (f"#{item.anchor}" if item.anchor else "")


def test_the_page_of_a_container_shows_its_facts_place_relationships_views_and_arc42() -> None:
    html = page(build_index(shop()), "shop.api")
    assert problems(html) == []
    fragment = parse(html)
    hrefs = [attrs.get("href") for tag, attrs in fragment.tags if tag == "a"]
    assert "../e/shop.html" in hrefs  # parent
    assert {"../e/shop.api.orders.html", "../e/shop.api.order-repository.html"} <= set(hrefs)  # children
    assert {"../e/clerk.html", "../e/shop.database.html", "../e/payments.html"} <= set(hrefs)  # other ends
    assert "../e/live.cloud.pod.api.html" in hrefs  # its instance
    assert [a["src"] for tag, a in fragment.tags if tag == "img"] == [
        "../v/container-shop.svg", "../v/component-shop-api.svg", "../v/place-order.svg"]
    assert {"../arc42/01_introduction_and_goals.html#req-F1", "../arc42/10_quality_requirements.html#qs-QS1",
            "../arc42/12_glossary.html"} <= set(hrefs)
    text = fragment.visible
    for expected in ("Takes orders.", "Checks stock.", "Python, FastAPI", "Cancels orders", "HTTPS | VPN",
                     "implied by", "shop.api.orders->payments", "F1 Place an order", "(mentioned)"):
        assert expected in text


def test_tags_properties_and_a_safe_url_are_shown() -> None:
    ws = Workspace(name="W")
    ws.model.software_system("Shop", "Sells.", tags=["Web", "Legacy"], properties={"owner": "team-a", "tier": "1"},
                             url="https://example.org/shop?x=1&y=2")
    html = page(build_index(ws), "shop")
    assert problems(html) == []
    assert '<a href="https://example.org/shop?x=1&amp;y=2" rel="noopener noreferrer">' in html
    assert '<ul class="ak-tags"><li>Web</li><li>Legacy</li></ul>' in html
    assert "<th scope=\"row\">owner</th><td>team-a</td>" in html


@pytest.mark.parametrize("url", ["javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:alert(1)",
                                 " javascript:alert(1)", "data:text/html,<b>", "vbscript:x", "file:///etc/passwd",
                                 'https://x.org/"><script>', "https://x.org/a b", "\\\\evil\\share", ""])
def test_safe_url_refuses_what_is_no_http_or_relative_link(url: str) -> None:
    assert safe_url(url) is None


@pytest.mark.parametrize("url", ["https://example.org/a?b=c#d", "http://x.org", "docs/page.html", "../x.html#y",
                                 "#anchor", "?q=1", "HTTPS://EXAMPLE.ORG"])
def test_safe_url_keeps_http_and_relative_links(url: str) -> None:
    assert safe_url(url) == url


@pytest.mark.parametrize("name", HOSTILE_MODELS)
def test_hostile_models_give_pages_of_text_only(name: str) -> None:
    index = build_index(load(CORPUS / name))
    for entry in index.elements:
        html = page(index, entry.id)
        assert problems(html) == [], (entry.id, problems(html))
        visible = parse(html).visible
        assert entry.name in visible
        for line in entry.description.splitlines():
            assert line.strip() in visible


def test_a_javascript_url_of_the_corpus_is_shown_as_text_never_linked() -> None:
    index = build_index(load(CORPUS / "injection-everywhere.yaml"))
    for element_id, url in (("customer", "javascript:alert('url')"), ("shop", "file:///etc/passwd"),
                            ("shop.api", 'https://example.org/"><script>alert(1)</script>')):
        html = page(index, element_id)
        assert url in parse(html).visible
        assert not any(a.get("href") == url for _tag, a in parse(html).tags)


@given(workspaces())
def test_any_workspace_gives_pages_of_allowed_markup_only(ws: Workspace) -> None:
    index = build_index(ws)
    for entry in index.elements:
        html = page(index, entry.id)
        assert problems(html) == []
        assert entry.name in parse(html).visible
