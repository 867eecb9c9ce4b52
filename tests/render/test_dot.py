"""DOT generation: golden files for example views, C4 notation, escaping, and DOT-level invariants."""

from __future__ import annotations

import re
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import given, settings

from archkit import Workspace
from archkit.load import load
from archkit.render import render_dot
from archkit.render.dot import view_to_dot
from archkit.render.graphviz import run_dot
from archkit.render.icons import IconResolver
from archkit.render.layout import ALTERNATIVES, STANDARD
from archkit.render.legend import SWATCH_WIDTH
from archkit.render.style import LIGHT, Styler
from archkit.views import compute_view
from tests.golden import assert_golden
from tests.models import bigbank, gallery
from tests.strategies import workspaces

ROOT = Path(__file__).resolve().parents[2]
MODELS = sorted((ROOT / "models").glob("*.py"))
NODE = re.compile(r'^\s*"([^"]+)" \[id="(?:el-[^"]*|label-[^"]*|legend)"', re.MULTILINE)
EDGE = re.compile(r'^\s*"([^"]+)" -> "([^"]+)" \[', re.MULTILINE)


def nodes(dot: str) -> list[str]:
    return NODE.findall(dot)


@pytest.mark.parametrize("key", gallery.build().views.keys())
def test_gallery_dot_matches_golden(key: str) -> None:
    assert_golden(f"render/gallery/{key}.dot", render_dot(gallery.build(), key))


def test_gallery_dark_theme_dot_matches_golden() -> None:
    assert_golden("render/gallery/dark-component-orders-api.dot",
                  render_dot(gallery.build(), "component-orders-api", theme="dark"))


@pytest.mark.parametrize("key", ["SystemContext", "Containers", "Components", "SignIn", "LiveDeployment"])
def test_bigbank_dot_matches_golden(key: str) -> None:
    assert_golden(f"render/bigbank/{key}.dot", render_dot(bigbank.build(), key))


@pytest.mark.parametrize("path", MODELS, ids=[p.stem for p in MODELS])
def test_example_model_dot_matches_golden(path: Path) -> None:
    ws = load(path)
    for spec in ws.effective_views():
        assert_golden(f"render/models/{path.stem}/{spec.key}.dot", render_dot(ws, spec))


def test_nodes_carry_name_type_technology_and_wrapped_description() -> None:
    dot = render_dot(gallery.build(), "container-orders")
    line = next(x for x in dot.splitlines() if x.lstrip().startswith('"orders.orders-db"'))
    assert "<B>Orders DB</B>" in line and "[Container: PostgreSQL]" in line
    assert "shape=cylinder" in line and 'IMG SRC="onprem/database/postgresql.png"' in line
    customer = next(x for x in dot.splitlines() if x.lstrip().startswith('"customer"'))
    assert "Orders things<BR/>from the shop." in customer  # the author's line break is kept
    assert 'IMG SRC="glyphs/person.png"' in customer  # the person shape's glyph


def test_boundaries_are_dashed_clusters_labelled_with_their_type() -> None:
    dot = render_dot(gallery.build(), "container-orders")
    assert 'subgraph "%cluster_orders" {' in dot
    cluster = dot[dot.index('subgraph "%cluster_orders"'):]
    assert 'style="dashed,rounded"' in cluster.splitlines()[1] and "[Software System]" in cluster.splitlines()[1]


def test_async_relationships_are_dashed_and_styles_override_by_tag() -> None:
    dot = render_dot(gallery.build(), "container-orders")
    publish = [x for x in dot.splitlines() if 'id="rel-orders.api->orders.events' in x]
    assert len(publish) == 2 and all('style="dashed"' in x for x in publish)  # both halves, through the label
    label = next(x for x in dot.splitlines() if 'id="label-orders.api->orders.events"' in x)
    assert "[Kafka protocol]" in label
    charge = [x for x in dot.splitlines() if 'id="rel-orders.api->payments' in x]
    assert len(charge) == 2 and all('color="#c0392b"' in x and "penwidth=2" in x for x in charge)
    legacy = next(x for x in dot.splitlines() if x.lstrip().startswith('"orders.analytics-job"'))
    assert 'fillcolor="#b35900"' in legacy


def _legend(dot: str) -> str:
    """The legend's table in the graph label (under the title)."""
    graph = next(x for x in dot.splitlines() if x.lstrip().startswith("graph ["))
    return graph[graph.index("<B>Legend</B>"):]


def test_legend_lists_only_the_styles_the_view_uses() -> None:
    legend = _legend(render_dot(gallery.build(), "system-context-orders"))
    assert "Person · External" in legend and "Critical, Revenue-critical" in legend
    assert "Container" not in legend and "cylinder" not in legend and "Asynchronous" in legend
    deployment = _legend(render_dot(gallery.build(), "deployment-live"))
    assert "Container · Database · Failover" in deployment and "Person" not in deployment


def test_the_legend_sits_under_the_title_in_three_columns_or_beside_the_bottom_rank() -> None:
    ws = gallery.build()
    computed = compute_view(ws, ws.views["system-context-orders"])
    styler = Styler(ws.styles, LIGHT)
    under = view_to_dot(computed, styler, IconResolver(), layout=STANDARD).text
    assert "archkit:legend" not in under  # no node of its own on the first rank
    rows = re.findall(r"<TR>(.*?)</TR>", _legend(under).split("</TABLE>")[0])
    assert [row.count(f'WIDTH="{SWATCH_WIDTH}"') + row.count("<TD><FONT") for row in rows] == [3, 3, 1]  # 7 entries
    beside = view_to_dot(computed, styler, IconResolver(), layout=ALTERNATIVES[0]).text
    assert "<B>Legend</B>" not in beside.splitlines()[3]
    assert re.search(r'\{rank=same; "archkit:legend"; "[^"]+"\}', beside)


def test_title_and_description_head_the_diagram() -> None:
    dot = render_dot(gallery.build(), "container-orders")
    assert "<B>Orders — Containers</B>" in dot
    assert "API calls to Payments are implied." in dot


def test_dark_theme_changes_page_and_line_colours_only() -> None:
    light = render_dot(gallery.build(), "container-orders")
    dark = render_dot(gallery.build(), "container-orders", theme="dark")
    assert 'bgcolor="#ffffff"' in light and 'bgcolor="#1b1f24"' in dark
    assert dark.count('fillcolor="#438dd5"') == light.count('fillcolor="#438dd5"')


def test_hostile_text_is_escaped_in_dot() -> None:
    dot = render_dot(gallery.build(), "container-orders")
    assert "label=<b>boom</b>" not in dot
    assert "label=&lt;b&gt;boom&lt;/b&gt;" in dot and "\\\\N" in dot and "&amp;" in dot
    declared = nodes(dot)
    labels = [n for n in declared if n.startswith("archkit:label:")]
    # 8 elements and one label node per labelled edge (the legend is in the title), nothing injected
    assert len(declared) == len(set(declared)) == 8 + len(labels) and len(labels) == 8


def test_hostile_text_is_drawn_exactly_as_typed() -> None:
    ws = Workspace(name="Hostile")
    text = gallery.HOSTILE
    system = ws.model.software_system(text, text, id="evil")
    ws.model.person("User", "x", id="user").uses(system, text, text)
    ws.views.system_context(system, title=text, description=text)
    svg = ElementTree.fromstring(run_dot(render_dot(ws, ws.views.keys()[0]), "svg").content)
    drawn = [t.text or "" for t in svg.iter("{http://www.w3.org/2000/svg}text")]
    assert text in " ".join(drawn)  # one line: the name and the edge label are short enough not to wrap
    assert any(line.startswith('"]; x [shape=none') for line in drawn)


def test_control_characters_and_unicode_line_breaks_are_cleaned() -> None:
    ws = Workspace(name="Odd")
    ws.model.software_system("A\x00B\u2028C\tD", "line\r\nbreak", id="odd")
    ws.views.system_landscape(key="l")
    dot = render_dot(ws, "l")
    assert "\x00" not in dot and "\u2028" not in dot and "\t" not in dot and "\r" not in dot
    assert run_dot(dot, "svg").content


@settings(max_examples=25)
@given(workspaces())
def test_dot_node_ids_are_unique_and_every_edge_joins_declared_nodes(ws: Workspace) -> None:
    for spec in ws.effective_views():
        dot = render_dot(ws, spec)
        declared = nodes(dot)
        assert len(declared) == len(set(declared))
        for source, destination in EDGE.findall(dot):
            assert source in declared and destination in declared


@settings(max_examples=8)
@given(workspaces())
def test_graphviz_accepts_the_dot_of_random_workspaces(ws: Workspace) -> None:
    for spec in ws.effective_views():
        out = run_dot(render_dot(ws, spec), "svg")
        assert out.content.startswith(b"<?xml")


def test_values_changed_after_validation_cannot_inject_dot() -> None:
    ws = gallery.build()
    evil = '"]; injected [label="x'
    style = ws.styles.elements[0]
    style.background = evil  # pydantic does not re-validate assignments
    style.font_size = evil  # type: ignore[assignment]
    style.shape = evil  # type: ignore[assignment]
    ws.styles.relationships[0].thickness = evil  # type: ignore[assignment]
    view = ws.views["container-orders"]
    view.key = "key\n}\ndigraph evil {"
    view.direction = evil  # type: ignore[assignment]
    dot = render_dot(ws, view)
    assert "injected" not in dot and "\ndigraph evil" not in dot
    svg = run_dot(dot, "svg").content
    assert svg.count(b'class="node"') - svg.count(b'<g id="label&#45;') == 8  # 8 elements (the legend: in the title)
