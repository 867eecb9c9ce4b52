"""The site's search index: what it holds, that it is the same every time, that words find their
documents, and that nothing in it can end the script element that carries it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from archkit import Workspace
from archkit.arc42 import build_docset
from archkit.site.arc42_items import Arc42Item
from archkit.site.model_index import SiteIndex, build_index
from archkit.site.search import (
    SearchIndex,
    build_search_index,
    page_from_markdown,
    search_box_html,
    search_documents,
    search_js,
    tokens,
)
from tests.arc42.docs_models import shop


def _arc42_href(item: Arc42Item) -> str:
    return f"arc42/{item.page}.html" + (f"#{item.anchor}" if item.anchor else "")


def index_of(site: SiteIndex, **kw: object) -> SearchIndex:
    docs = search_documents(site, href_element=lambda i: f"elements/{i}.html", href_view=lambda k: f"views/{k}.html",
                            href_arc42=_arc42_href, **kw)  # type: ignore[arg-type]
    return build_search_index(docs)


def test_tokens_are_normalised_lower_case_words() -> None:
    assert tokens("Shop.API — Order_Service e\u0301t\u00e9 ﬁle x 7") == ["shop", "api", "order_service", "été",
                                                                       "file", "7"]


def test_every_element_view_relationship_and_arc42_item_is_a_document() -> None:
    site = build_index(shop())
    index = index_of(site)
    kinds = [d.kind for d in index.docs]
    assert kinds.count("element") == len(site.elements)
    assert kinds.count("view") == len(site.views)
    assert kinds.count("relationship") == len(site.relationships)
    assert kinds.count("arc42") == len(site.arc42)
    api = next(d for d in index.docs if d.url == "elements/shop.api.html")
    assert (api.kind, api.detail, api.title, api.snippet) == ("element", "Container", "API",
                                                               "Takes orders. Checks stock.")


def test_words_of_a_name_or_description_find_the_element_first() -> None:
    index = index_of(build_index(shop()))
    assert index.lookup("payments")[0].url == "elements/payments.html"
    assert index.lookup("order repo")[0].url == "elements/shop.api.order-repository.html"
    assert index.lookup("stock")[0].url == "elements/shop.api.html"  # a word of its description
    assert index.lookup("fastapi")[0].url == "elements/shop.api.html"  # its technology
    assert [d.url for d in index.lookup("payment provider outage")] == ["arc42/11_technical_risks.html#risk-RISK1"]
    assert index.lookup("no-such-word") == []
    assert index.lookup("") == []


def test_arc42_pages_are_searched_as_text() -> None:
    ws = shop()
    pages = [page_from_markdown(p.text, p.relpath.removesuffix(".md") + ".html") for p in build_docset(ws).pages
             if p.kind in ("section", "adr")]
    index = index_of(build_index(ws), pages=pages)
    constraints = next(p for p in pages if p.url.endswith("02_architecture_constraints.html"))
    assert constraints.title == "2. Architecture Constraints"
    assert "<a" not in constraints.text and "|" not in constraints.text
    found = [d for d in index.lookup("team of four") if d.kind == "page"]
    assert [d.url for d in found] == [constraints.url]


def test_the_index_is_the_same_bytes_every_time() -> None:
    first = index_of(build_index(shop())).to_json()
    assert first == index_of(build_index(shop())).to_json()
    data = json.loads(first)
    assert set(data) == {"v", "docs", "title", "text"}
    assert list(data["text"]) == sorted(data["text"])
    assert all(docs == sorted(set(docs)) for docs in data["text"].values())


def test_nothing_in_the_model_can_end_the_script_that_carries_the_index() -> None:
    ws = Workspace(name="W")
    ws.model.software_system("</script><script>alert(1)</script>", "a\u2028b\u2029c <!-- & -->")
    index = index_of(build_index(ws))
    for carrier in (index.to_script(), index.to_inline().removesuffix("</script>")):
        assert "</" not in carrier and "<!--" not in carrier and "\u2028" not in carrier and "\u2029" not in carrier
    assert json.loads(index.to_json())["docs"][0][2] == "</script><script>alert(1)</script>"


def test_the_search_box_escapes_its_paths_and_search_js_ships() -> None:
    box = search_box_html(base='../"><script>', index_url="x.json")
    assert 'data-base="../&quot;&gt;&lt;script&gt;"' in box
    script = search_js()
    assert "textContent" in script and "innerHTML" not in script and "eval(" not in script


@pytest.mark.parametrize("query", ["API", "api", "Api"])
def test_case_does_not_matter(query: str) -> None:
    assert index_of(build_index(shop())).lookup(query)[0].title == "API"


SITE_BYTES = """
from archkit.site.element_page import element_page_body
from archkit.site.model_index import build_index
from archkit.site.search import build_search_index, search_documents
from tests.arc42.docs_models import shop
site = build_index(shop())
docs = search_documents(site, href_element=lambda i: i, href_view=lambda k: k, href_arc42=lambda item: item.anchor)
print(build_search_index(docs).to_json())
for e in site.elements:
    print(element_page_body(site, e.id, href_element=lambda i: i, href_view=lambda k: k, thumb_for_view=lambda k: k))
"""


def test_the_index_and_pages_do_not_depend_on_the_hash_seed() -> None:
    root = Path(__file__).resolve().parent.parent.parent
    outputs = {subprocess.run([sys.executable, "-c", SITE_BYTES], cwd=root, capture_output=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}).stdout
               for seed in ("1", "2", "3")}
    assert len(outputs) == 1 and len(next(iter(outputs))) > 1000


def test_a_url_is_written_once_and_later_documents_name_the_one_that_has_it() -> None:
    index = index_of(build_index(shop()))
    docs = json.loads(index.to_json())["docs"]
    written = [d[4] for d in docs if isinstance(d[4], str)]
    assert len(written) == len(set(written))
    numbered = [(n, d[4]) for n, d in enumerate(docs) if isinstance(d[4], int)]
    assert numbered, "the shop's relationships link to their source's page, which an element already has"
    for n, earlier in numbered:
        assert earlier < n and docs[earlier][4] == index.docs[n].url
