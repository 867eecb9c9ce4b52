"""Every file name of a site is unique on a case-insensitive disk (macOS, Windows, a zip opened there):
ids whose names would meet (``API`` and ``api``; ``con`` and ``con_``, as ``con`` is a Windows device; an
element or view called ``index`` next to the folder's index page) get a stable suffix, and links follow."""

from __future__ import annotations

import hashlib
from pathlib import Path
from random import Random
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given, strategies as st
from typer.testing import CliRunner

from archkit.cli import app
from archkit.output import safe_name
from archkit.site.urls import SiteNames, fold, unique_stems
from tests.site.test_site import refs

CLASHING = """\
name: Clash
model:
  people:
  - {id: API, name: Upper API, description: The upper one.}
  - {id: api, name: Lower API, description: The lower one.}
  - {id: index, name: Index person}
  - {id: con, name: Device}
  - {id: con_, name: Underscored}
  software_systems: [{id: shop, name: Shop}]
  relationships:
  - {source: API, destination: shop, description: Upper calls}
  - {source: api, destination: shop, description: Lower calls}
  - {source: index, destination: shop}
  - {source: con, destination: con_}
views:
- {type: system_landscape, key: index, title: Everything}
- {type: system_context, key: Context, software_system: shop}
"""


def test_unique_stems_keep_plain_names_and_suffix_only_what_meets_another() -> None:
    stems = unique_stems(["API", "api", "Orders", "a/b", "a-b", "index", "e\u0301", "\u00e9"], reserved=["index"])
    assert stems["Orders"] == "Orders"
    for ident in ("API", "api", "a/b", "a-b", "index"):
        assert stems[ident].endswith("-" + hashlib.sha256(ident.encode()).hexdigest()[:8]), ident
    assert len({fold(s) for s in stems.values()} | {"index"}) == len(stems) + 1
    assert unique_stems(reversed(list(stems)), reserved=["index"]) == stems  # order does not matter


IDS = st.lists(st.text(alphabet="aAbB-._/ç", min_size=1, max_size=6), max_size=12)


@given(IDS, st.randoms(use_true_random=False))
def test_unique_stems_are_distinct_on_any_disk_safe_and_independent_of_order(ids: list[str], rnd: Random) -> None:
    stems = unique_stems(ids, reserved=["index"])
    assert set(stems) == set(ids)
    folded = [fold(s) for s in stems.values()]
    assert len(set(folded)) == len(folded) and "index" not in folded
    assert all(safe_name(s) == s for s in stems.values())
    shuffled = list(ids)
    rnd.shuffle(shuffled)
    assert unique_stems(shuffled, reserved=["index"]) == stems


def test_a_suffixed_name_never_meets_a_plain_one() -> None:
    digest = hashlib.sha256(b"API").hexdigest()[:8]
    stems = unique_stems(["API", "api", f"api-{digest}"])
    assert len({fold(s) for s in stems.values()}) == 3 and stems[f"api-{digest}"] == f"api-{digest}"


def test_site_names_refuse_an_id_the_site_was_not_told_about() -> None:
    names = SiteNames(["context"], ["shop"])
    assert names.view_page("context") == "views/context.html" and names.element_page("shop") == "elements/shop.html"
    with pytest.raises(KeyError):
        names.element_page("nope")


def test_a_site_of_ids_that_differ_only_by_case_has_distinct_files_and_links_follow(tmp_path: Path) -> None:
    model = tmp_path / "clash.yaml"
    model.write_text(CLASHING, encoding="utf-8")
    result = CliRunner().invoke(app, ["site", str(model), "-o", str(tmp_path / "site"), "--layout", "fast",
                                      "--format", "svg"])
    assert result.exit_code == 0, result.output
    site = tmp_path / "site" / "clash"
    files = [p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()]
    assert len({fold(f) for f in files}) == len(files)
    by_text = {p.name: p.read_text(encoding="utf-8") for p in (site / "elements").glob("*.html")}
    upper = next(n for n, t in by_text.items() if "<h1>Upper API</h1>" in t)
    lower = next(n for n, t in by_text.items() if "<h1>Lower API</h1>" in t)
    assert upper != lower and fold(upper) != fold(lower)
    assert "Upper calls" in by_text[upper] and "Lower calls" not in by_text[upper]
    assert "<h1>Elements</h1>" in by_text["index.html"]  # the folder's index is not an element's page
    for name in ("Index person", "Device", "Underscored"):
        assert sum(f"<h1>{name}</h1>" in t for t in by_text.values()) == 1, name
    assert "<h1>Views</h1>" in (site / "views" / "index.html").read_text(encoding="utf-8")
    assert any("<h1>Everything</h1>" in p.read_text(encoding="utf-8") for p in (site / "views").glob("index-*.html"))
    for page in site.rglob("*.html"):
        found = refs(page)
        for url in found.loads + found.links:
            path = unquote(urlsplit(url).path)
            if path and not urlsplit(url).scheme:
                assert (page.parent / path).resolve().is_file(), f"{page.relative_to(site)}: {url}"
    elements_index = (site / "elements" / "index.html").read_text(encoding="utf-8")
    assert f'href="../elements/{upper}"' in elements_index and f'href="../elements/{lower}"' in elements_index
    search = (site / "search-index.js").read_text(encoding="utf-8")
    assert f"elements/{upper}" in search and f"elements/{lower}" in search
