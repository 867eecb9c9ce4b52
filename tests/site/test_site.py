"""`archkit site` and the site step of `archkit build` (issue 20): every page, link and asset is a file of the
site, diagrams link into the site, ids are unique per page, no script runs but the site's own files."""

from __future__ import annotations

import http.client
import json
import re
import sys
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from typer.testing import CliRunner

from archkit.cli import app
from archkit.output import Artifact
from archkit.preview import make_server
from archkit.site.pipeline import defused
from archkit.site.viewer import inline_svg
from tests.servers import serving

ROOT = Path(__file__).resolve().parents[2]
HEXAGONAL = ROOT / "models" / "hexagonal.py"
ARGS = ["--layout", "fast", "--format", "svg,dot"]


def publish(out: Path, *models: Path) -> str:
    result = CliRunner().invoke(app, ["site", *map(str, models), "-o", str(out), *ARGS])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("site")
    publish(out, HEXAGONAL)
    return out


class _Refs(HTMLParser):
    """Every URL a page names (links, scripts, stylesheets, images, SVG links) and every id it declares."""

    def __init__(self) -> None:
        super().__init__()
        self.loads: list[str] = []
        self.links: list[str] = []
        self.ids: list[str] = []
        self.inline_scripts = 0
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "script":
            self._in_script = True
            if "src" in a:
                self.loads.append(a["src"])
        elif tag == "link" or tag == "img":
            self.loads.append(a.get("href") or a.get("src") or "")
        elif tag == "a":
            self.links.append(a.get("href") or a.get("xlink:href") or "")

    def handle_endtag(self, tag: str) -> None:
        self._in_script = self._in_script and tag != "script"

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.inline_scripts += 1


def refs(page: Path) -> _Refs:
    parser = _Refs()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def test_the_site_has_a_page_per_view_element_and_arc42_page(site: Path) -> None:
    model = site / "hexagonal"
    assert (site / "index.html").is_file() and (model / "index.html").is_file()
    assert {p.stem for p in (model / "views").glob("*.html")} == {"index", "context", "containers", "hexagon",
                                                                    "place-order", "production"}
    assert {p.suffix for p in (model / "views").iterdir()} == {".html", ".svg", ".dot"}
    assert (model / "elements" / "ordering.order-service.html").is_file()
    assert len(list((model / "elements").glob("*.html"))) > 20
    assert (model / "arc42" / "05_building_block_view.html").is_file()
    assert len(list((model / "arc42" / "decisions").glob("*.html"))) >= 5
    assert not (model / "arc42" / "arc42.html").exists()  # the single-file variant repeats every page
    for asset in ("site.css", "theme.js", "viewer.js", "search.js"):
        assert (model / "assets" / asset).is_file()
    assert (model / "search-index.js").read_text(encoding="utf-8").startswith("window.archkitSearchIndex=")


def test_every_url_of_every_page_is_a_file_of_the_site_and_nothing_loads_from_outside(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 40
    for page in pages:
        found = refs(page)
        where = page.relative_to(site)
        assert found.inline_scripts == 0, f"{where}: an inline script"
        for url in found.loads:
            parts = urlsplit(url)
            assert url == "data:," or (not parts.scheme and not parts.netloc and not url.startswith("/")), \
                f"{where} loads {url}"
        for url in found.loads + found.links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_relative_to(site.resolve()) and target.is_file(), f"{where}: {url} is not in the site"
            if parts.fragment and target.suffix == ".html":
                assert f'id="{unquote(parts.fragment)}"' in target.read_text(encoding="utf-8"), \
                    f"{where}: {url} names no anchor of its page"


def test_every_arc42_item_an_element_page_links_is_an_anchor_of_its_page(site: Path) -> None:
    from archkit.load import load
    from archkit.site.arc42_items import arc42_items
    from archkit.site.build import arc42_href

    items = arc42_items(load(HEXAGONAL))
    assert {i.kind for i in items} >= {"requirement", "concept", "decision", "risk", "quality-scenario"}
    for item in items:
        href = urlsplit(arc42_href(item))
        page = (site / "hexagonal" / href.path).read_text(encoding="utf-8")
        assert not href.fragment or f'id="{href.fragment}"' in page, f"{item.kind} {item.id}: no #{href.fragment}"


def test_no_page_declares_an_id_twice_even_with_several_diagrams(site: Path) -> None:
    building_blocks = site / "hexagonal" / "arc42" / "05_building_block_view.html"
    assert building_blocks.read_text(encoding="utf-8").count('class="ak-viewer"') >= 2
    for page in site.rglob("*.html"):
        ids = refs(page).ids
        twice = sorted({i for i in ids if ids.count(i) > 1})
        assert twice == [], f"{page.relative_to(site)}: ids declared twice: {twice[:5]}"


def test_every_drawn_element_links_to_its_page_or_its_deeper_view(site: Path) -> None:
    views = site / "hexagonal" / "views"
    for page in views.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        for element, tag in re.findall(r'<g id="a_el-([^"]*)"><a ([^>]*)>', text):
            href = re.search(r'xlink:href="([^"]*)"', tag)
            assert href is not None, f"{page.name}: {element} links nowhere"
            assert href[1].startswith("../elements/") or href[1].endswith(".html"), href[1]
    context = (views / "context.html").read_text(encoding="utf-8")
    assert 'xlink:href="containers.html"' in context  # the system opens its container view
    assert 'xlink:href="../elements/customer.html"' in context


def test_every_page_carries_a_policy_that_runs_only_the_sites_own_scripts(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self';" in text
        assert "archkit:begin" not in text and "archkit:end" not in text  # never taken for a page to merge


def test_the_same_model_gives_the_same_bytes_and_a_new_run_removes_what_it_no_longer_makes(
        site: Path, tmp_path: Path) -> None:
    publish(tmp_path, HEXAGONAL)
    leftover = tmp_path / "hexagonal" / "views" / "gone.html"  # as a run that drew a view since deleted left it
    leftover.write_text("old", encoding="utf-8")
    record = tmp_path / "hexagonal" / ".archkit-site.json"
    made = json.loads(record.read_text(encoding="utf-8"))
    record.write_text(json.dumps({**made, "files": [*made["files"], "views/gone.html"]}), encoding="utf-8")
    theirs = tmp_path / "hexagonal" / "notes.html"  # a page of a person's own: no run recorded it (h/attack5)
    theirs.write_text("mine", encoding="utf-8")
    output = publish(tmp_path, HEXAGONAL)
    assert not leftover.exists() and theirs.read_text(encoding="utf-8") == "mine"
    assert "kept 1 file this site does not make and no earlier run recorded making (notes.html)" in output
    theirs.unlink()
    first = {p.relative_to(site): p.read_bytes() for p in site.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert first == second


def test_inline_svg_links_elements_and_views_and_prefixes_every_id() -> None:
    svg = ('<?xml version="1.0"?>\n<!-- x -->\n<svg width="10pt" height="10pt" viewBox="0 0 10 10">'
           '<defs><symbol id="archkit-icon-0"/></defs><g id="el-a"><g id="a_el-a"><a xlink:title="A">'
           '<use xlink:href="#archkit-icon-0"/></a></g></g><g id="el-b"><g id="a_el-b"><a xlink:href="deep.svg" '
           'xlink:title="B"></a></g></g><g id="legend" class="node"></g></svg>')
    out = inline_svg(svg, views=lambda stem: f"{stem}.html", elements=lambda i: f"../elements/{i}.html",
                     prefix="d2-", label='A <"view">')
    assert out.startswith("<svg ") and "<!--" not in out and 'width="' not in out.split(">", 1)[0]
    assert 'aria-label="A &lt;&quot;view&quot;&gt;"' in out
    assert '<g id="d2-a_el-a"><a xlink:href="../elements/a.html" xlink:title="A">' in out
    assert 'xlink:href="deep.html"' in out and 'xlink:href="#d2-archkit-icon-0"' in out
    assert '<symbol id="d2-archkit-icon-0"/>' in out and 'data-ak-legend="1"' in out


def test_marker_lines_in_model_text_are_written_as_references_never_as_markers() -> None:
    page = Artifact("x.html", b"<!-- archkit:begin 1 -->\n<p>archkit:end 1</p>\n<!-- archkit:end 1 -->\n")
    assert defused(page).content == b"<p>archkit&#58;end 1</p>\n"
    index = Artifact("search-index.js", b'window.x={"t":"archkit:begin"};')
    assert defused(index).content == b'window.x={"t":"archkit\\u003abegin"};'


MODEL = """\
name: Shop
properties: {{archkit.site: "{value}", archkit.formats: "svg"}}
model:
  people: [{{id: customer, name: Customer}}]
  software_systems: [{{id: shop, name: Shop, description: Sells things.}}]
  relationships: [{{source: customer, destination: shop, description: Buys in}}]
"""


def test_build_publishes_the_site_when_the_workspace_asks_and_check_sees_it_fresh(tmp_path: Path) -> None:
    model = tmp_path / "shop.yaml"
    model.write_text(MODEL.format(value="true"), encoding="utf-8")
    runner = CliRunner()
    built = runner.invoke(app, ["build", str(model), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert built.exit_code == 0, built.output
    site = tmp_path / "out" / "shop" / "site"
    assert (site / "index.html").is_file() and (site / "elements" / "customer.html").is_file()
    assert "Buys in" in (site / "elements" / "customer.html").read_text(encoding="utf-8")
    checked = runner.invoke(app, ["build", str(model), "-o", str(tmp_path / "out"), "--check", "--jobs", "1"])
    assert checked.exit_code == 0, checked.output
    pages = {p.relative_to(site): p.read_bytes() for p in site.rglob("*.html")}
    model.write_text(MODEL.format(value="true") + "description: Edited, no view changes.\n", encoding="utf-8")
    again = runner.invoke(app, ["build", str(model), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert again.exit_code == 0, again.output  # every view re-used from its files: the site still has them all
    assert {p.relative_to(site) for p in site.rglob("*.html")} == set(pages)
    assert (site / "views" / "system-context-shop.html").read_bytes() == pages[Path("views/system-context-shop.html")]
    model.write_text(MODEL.format(value="false"), encoding="utf-8")
    assert runner.invoke(app, ["build", str(model), "-o", str(tmp_path / "out"), "--jobs", "1"]).exit_code == 0
    assert not site.exists()  # no longer asked for: removed with the other files no longer generated


def test_check_and_build_refuse_a_site_value_that_is_neither_true_nor_false(tmp_path: Path) -> None:
    model = tmp_path / "shop.yaml"
    model.write_text(MODEL.format(value="yes please"), encoding="utf-8")
    checked = CliRunner().invoke(app, ["check", str(model)])
    assert checked.exit_code == 1 and "workspace property 'archkit.site'" in checked.output
    built = CliRunner().invoke(app, ["build", str(model), "-o", str(tmp_path / "out"), "--jobs", "1"])
    assert built.exit_code == 1
    assert "[error workspace.site-value]" in built.output and "'yes please' is neither true nor false" in built.output
    assert not (tmp_path / "out" / "shop" / "site").exists()


@pytest.fixture()
def served(site: Path) -> Iterator[int]:
    server = make_server(site, port=0, quiet=True)
    with serving(server) as port:
        yield port


def get(port: int, path: str) -> tuple[int, str, str]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
    response = conn.getresponse()
    body = response.read().decode("utf-8", "replace")
    conn.close()
    return response.status, response.getheader("Content-Security-Policy") or "", body


def test_serve_serves_the_site_as_published_with_its_scripts_allowed(served: int, site: Path) -> None:
    status, _, body = get(served, "/")
    assert status == 200 and body == (site / "index.html").read_text(encoding="utf-8")
    status, policy, body = get(served, "/hexagonal/")
    assert status == 200 and body == (site / "hexagonal" / "index.html").read_text(encoding="utf-8")
    assert "script-src 'self'" in policy
    status, policy, _ = get(served, "/hexagonal/views/context.svg")
    assert status == 200 and "script-src 'none'" in policy


def test_site_keeps_the_text_people_wrote_in_the_built_pages_with_docs(tmp_path: Path) -> None:
    model = tmp_path / "shop.yaml"
    model.write_text(MODEL.format(value="false"), encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["docs", str(model), "-o", str(tmp_path / "out"), "--no-render"]).exit_code == 0
    page = tmp_path / "out" / "shop" / "arc42" / "04_solution_strategy.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nWe chose <boring> technology on purpose.\n",
                    encoding="utf-8")
    for docs, kept in ((["--docs", str(tmp_path / "out")], True), ([], False)):
        done = runner.invoke(app, ["site", str(model), "-o", str(tmp_path / "site"), *ARGS, *docs])
        assert done.exit_code == 0, done.output
        html = (tmp_path / "site" / "shop" / "arc42" / "04_solution_strategy.html").read_text(encoding="utf-8")
        assert ("We chose" in html) is kept
    assert "We chose" in page.read_text(encoding="utf-8")  # only read


def test_every_page_of_the_example_site_is_within_its_budget(site: Path) -> None:
    """The budgets of benchmarks/site_size.py (recorded in benchmarks/README.md) hold for the hexagonal example."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_site_size", ROOT / "benchmarks" / "site_size.py")
    assert spec is not None and spec.loader is not None
    sizes = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = sizes  # its dataclasses look their module up
    spec.loader.exec_module(sizes)
    weights = sizes.weigh(site)
    assert {w.kind for w in weights} == {"index", "view", "element", "arc42", "shared", "search"}
    assert [(w.path, w.bytes) for w in weights if w.over] == []


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    r, g, b = (c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_text_and_links_meet_wcag_aa_contrast_in_light_and_dark() -> None:
    css = (ROOT / "archkit" / "site" / "assets" / "site.css").read_text(encoding="utf-8")
    themes = [dict(re.findall(r"--([a-z]+): (#[0-9a-f]{6})", block))
              for block in (css.split("@media", 1)[0], css.split(':root[data-theme="dark"]', 1)[1].split("}", 1)[0])]
    assert themes[0]["bg"] == "#ffffff" and themes[1]["bg"] == "#0d1117"
    system_dark = dict(re.findall(r"--([a-z]+): (#[0-9a-f]{6})", css.split("@media", 1)[1].split("}\n}", 1)[0]))
    assert system_dark == themes[1]  # the system's dark and the toggle's dark are the same colours
    for theme in themes:
        for text in ("fg", "muted", "link", "focus"):
            for ground in ("bg", "panel"):
                ratio = contrast(theme[text], theme[ground])
                assert ratio >= 4.5, f"{text} on {ground}: {ratio:.2f} in {theme}"
        # diagrams keep their light colours: a white card, a focus ring that shows on it (WCAG 1.4.11: 3:1)
        assert theme["canvas"] == "#ffffff" and contrast(theme["canvasfocus"], theme["canvas"]) >= 3
    assert contrast(themes[1]["edge"], themes[1]["panel"]) >= 3  # on a dark page the card's outline shows
    assert contrast(themes[1]["edge"], themes[1]["bg"]) >= 3


def test_the_preview_index_links_to_a_site_the_build_published(tmp_path: Path) -> None:
    from archkit.preview import index_page, scan

    model = tmp_path / "shop.yaml"
    model.write_text(MODEL.format(value="true"), encoding="utf-8")
    assert CliRunner().invoke(app, ["build", str(model), "-o", str(tmp_path / "out"), "--jobs", "1"]).exit_code == 0
    (shop,) = scan(tmp_path / "out")
    assert shop.site and '<a href="/shop/site/">' in index_page([shop])


def test_two_models_with_the_same_file_name_are_refused_before_anything_is_written(tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "shop.yaml").write_text(MODEL.format(value="false"), encoding="utf-8")
    done = CliRunner().invoke(app, ["site", str(tmp_path / "a" / "shop.yaml"), str(tmp_path / "b" / "shop.yaml"),
                                    "-o", str(tmp_path / "site"), *ARGS])
    assert done.exit_code == 2 and "two models publish to this folder" in done.output
    assert not (tmp_path / "site").exists()
