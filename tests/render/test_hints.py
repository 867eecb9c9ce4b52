"""Layout hints: honoured in the geometry Graphviz lays out, reported by check when they cannot be."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit import LayoutHint, Workspace, check, load
from archkit.cli import app
from archkit.errors import ModelError
from archkit.export.structurizr_json import structurizr_data
from archkit.importers import import_structurizr
from archkit.render import render_dot
from archkit.render.drawing import cluster_of, parse
from archkit.render.graphviz import run_dot
from archkit.render.hints import misplaced, plan, unkept
from archkit.render.layout import FORCE, RANKED, STANDARD
from archkit.render.quality import measure_json
from archkit.views import compute_view

ROOT = Path(__file__).resolve().parents[2]
Point = tuple[float, float]


def geometry(ws: Workspace, key: str) -> tuple[dict[str, Point], dict[str, list[str]]]:
    """Element centres in screen coordinates (y down) and each boundary's elements, from ``dot -Tjson``."""
    laid = json.loads(run_dot(render_dot(ws, key), "json").content)
    objects = laid.get("objects", [])
    centres = {}
    for o in objects:
        if "pos" in o:
            x, y = map(float, o["pos"].split(","))
            centres[o["name"]] = (x, -y)
    members = {str(cluster_of(o)).removeprefix("cluster_"): [objects[i]["name"] for i in o.get("nodes", [])
                                                             if not objects[i]["name"].startswith("archkit:label:")]
               for o in objects if cluster_of(o) is not None}  # elements, not edge label nodes
    return centres, members


def shop(direction: str = "TB") -> Workspace:
    ws = Workspace(name="Shop")
    s = ws.model.software_system("Shop", "Sells.")
    a, b, c, d = (s.container(n, f"{n} does things.", "Python") for n in ("A", "B", "C", "D"))
    a.uses(b, "Calls", "HTTP")
    b.uses(c, "Calls", "HTTP")
    c.uses(d, "Calls", "HTTP")
    ws.views.container(s, key="k", direction=direction)  # type: ignore[arg-type]
    return ws


@pytest.mark.parametrize("direction", ["TB", "BT", "LR", "RL"])
def test_every_placement_is_honoured_in_every_direction(direction: str) -> None:
    ws = shop(direction)
    ws.views["k"].right_of("shop.a", "shop.b").below("shop.c", "shop.d").above("shop.b", "shop.c")
    at, members = geometry(ws, "k")
    a, b, c, d = (at[f"shop.{n}"] for n in "abcd")
    assert a[0] > b[0] and c[1] > d[1] and b[1] < c[1]
    assert sorted(members["shop"]) == ["shop.a", "shop.b", "shop.c", "shop.d"]  # nobody leaves its boundary
    assert check(ws) == []


@pytest.mark.parametrize("direction", ["TB", "LR"])
def test_left_of_and_an_ordered_same_rank_line_elements_up(direction: str) -> None:
    ws = shop(direction)
    ws.views["k"].same_rank("shop.d", "shop.c", "shop.a", ordered=True).left_of("shop.b", "shop.d")
    at, _members = geometry(ws, "k")
    axis = 0 if direction == "TB" else 1  # along a row in TB, down a column in LR
    d, c, a, b = (at[f"shop.{n}"] for n in "dcab")
    assert d[1 - axis] == c[1 - axis] == a[1 - axis]
    assert d[axis] < c[axis] < a[axis]
    assert b[0] < d[0]


def test_a_relationship_against_a_hint_is_written_head_first_and_still_drawn_from_its_source() -> None:
    ws = shop("LR")
    ws.views["k"].right_of("shop.a", "shop.d")  # a -> b -> c -> d would put a first
    lines = [x for x in render_dot(ws, "k").splitlines() if 'id="rel-shop.c->shop.d' in x]
    assert lines[0].startswith('  "archkit:label:shop.c->shop.d" -> "shop.c" [') and "dir=back" in lines[0]
    assert lines[1].startswith('  "shop.d" -> "archkit:label:shop.c->shop.d" [') and "dir=back" in lines[1]
    assert all('comment="archkit:hint"' in x and "constraint=false" not in x for x in lines)
    at, _members = geometry(ws, "k")
    assert at["shop.a"][0] > at["shop.d"][0]
    laid = run_dot(render_dot(ws, "k"), "json").content
    assert "shop.c->shop.d" in parse(json.loads(laid)).steered and measure_json(laid).backward_edges == 0


def test_a_relationship_within_one_rank_gets_its_label_placed_after_layout() -> None:
    ws = shop("TB")
    ws.views["k"].same_rank("shop.a", "shop.b")
    line = next(x for x in render_dot(ws, "k").splitlines() if 'id="rel-shop.a->shop.b"' in x)
    assert "xlabel=<Calls" in line and " label=<" not in line


def test_separations_are_structurizr_units_and_builder_keywords() -> None:
    ws = Workspace(name="S")
    s = ws.model.software_system("S", "s")
    view = ws.views.container(s, direction="LR", rank_separation=600, node_separation=150)
    assert (view.direction, view.rank_separation, view.node_separation) == ("LR", 600, 150)
    dot = render_dot(ws, view.key)
    assert 'ranksep="2"' in dot and 'nodesep="0.5"' in dot and "rankdir=LR" in dot
    for builder in ("system_landscape", "system_context", "component", "dynamic", "deployment"):
        assert "direction" in getattr(ws.views, builder).__kwdefaults__


def test_the_hexagon_is_drawn_as_ports_and_adapters() -> None:
    ws = load(ROOT / "models" / "hexagonal.py")
    at, members = geometry(ws, "hexagon")

    def x(name: str) -> float:
        return at[f"ordering.order-service.{name}"][0]

    driving = max(x("rest-controller"), x("admin-cli"))
    driving_ports = (x("place-order"), x("cancel-order"))
    core = (x("ordering-application-service"), x("order-aggregate"), x("pricing-policy"))
    driven_ports = (x("order-repository"), x("event-publisher"))
    driven = (x("sql-order-repository"), x("in-memory-order-repository"), x("message-bus-publisher"))
    assert driving < min(driving_ports) and max(driving_ports) < min(core)
    assert max(core) < min(driven_ports) and max(driven_ports) < min(driven)
    assert len(members["group:application-core@ordering.order-service"]) == 7
    assert check(ws) == []

    def y(name: str) -> float:
        return at[f"ordering.order-service.{name}"][1]

    # order down a column inside a cluster of an LR view: settled by a first layout (see render/hints.py)
    assert y("order-repository") < y("event-publisher")
    assert y("sql-order-repository") < y("in-memory-order-repository") < y("message-bus-publisher")
    assert y("ordering-application-service") < y("order-aggregate") < y("pricing-policy")


def test_misplaced_names_the_order_pairs_a_layout_put_the_wrong_way_round() -> None:
    centres = {"a": (0.0, 100.0), "b": (50.0, 0.0)}  # Graphviz points: y up, so a is left of and above b
    assert misplaced([("a", "b")], centres, "TB") == frozenset()
    assert misplaced([("b", "a")], centres, "BT") == {("b", "a")}
    assert misplaced([("a", "b"), ("b", "a")], centres, "LR") == {("b", "a")}
    assert misplaced([("a", "gone")], centres, "RL") == frozenset()


def test_an_order_graphviz_did_not_keep_is_reported_naming_its_hint_not_blaming_other_hints() -> None:
    ws = shop("LR")
    ws.views["k"].same_rank("shop.a", "shop.b", "shop.c", ordered=True).right_of("shop.d", "shop.c")
    computed = compute_view(ws, ws.views["k"])
    warnings = unkept(computed, STANDARD, {("shop.b", "shop.c"), ("shop.a", "shop.b")})
    assert warnings == [
        "view 'k': layout hint 'same_rank(shop.a, shop.b, shop.c, ordered)' is not honoured: the layout has "
        "'shop.b' before 'shop.a', 'shop.c' before 'shop.b' along their rank (the other edges of the rank "
        "outweighed it) — drop the hint, or place these "
        "elements on different ranks (a hint along the view's direction)"]


@pytest.mark.parametrize(("hints", "message"), [
    ([("right_of", "shop.a", "shop.b"), ("right_of", "shop.b", "shop.a")],
     "layout hint 'shop.b right_of shop.a' cannot be honoured: contradicts 'shop.a right_of shop.b'"),
    ([("below", "shop.a", "shop.b"), ("below", "shop.b", "shop.c"), ("below", "shop.c", "shop.a")],
     "layout hint 'shop.c below shop.a' cannot be honoured: contradicts 'shop.a below shop.b'; 'shop.b below shop.c'"),
    ([("same_rank", "shop.a", "shop.b"), ("below", "shop.a", "shop.b")],
     "layout hint 'shop.a below shop.b' cannot be honoured: contradicts earlier hints, which put 'shop.a' and "
     "'shop.b' on one rank"),
    ([("right_of", "shop.a", "shop.shp")], "layout hint 'shop.a right_of shop.shp' names unknown element "
     "'shop.shp'"),
    ([("right_of", "shop.a", "shop")], "layout hint 'shop.a right_of shop' cannot be honoured: 'shop' is drawn "
     "as a boundary on this view"),
])
def test_hints_that_cannot_be_honoured_are_check_warnings_naming_view_and_hint(
        hints: list[tuple[str, ...]], message: str) -> None:
    ws = shop()
    view = ws.views["k"]
    for kind, *ids in hints:
        getattr(view, kind)(*ids)
    findings = [f for f in check(ws, "m.py") if f.rule == "view.layout-hint"]
    assert [(f.severity, f.element) for f in findings] == [("warning", "view 'k'")]
    assert findings[0].message.startswith(message), findings[0].message
    hint = message.split(" cannot")[0].split(" names")[0]  # "layout hint '...'"
    assert any(w.startswith(f"view 'k': {hint} is not honoured: ") for w in _render_warnings(ws))


def _render_warnings(ws: Workspace) -> list[str]:
    from archkit.render.dot import view_to_dot
    from archkit.render.icons import IconResolver
    from archkit.render.style import THEMES, Styler

    computed = compute_view(ws, ws.views["k"])
    return view_to_dot(computed, Styler(ws.styles, THEMES["light"]), IconResolver({}), layout=STANDARD).warnings


def test_an_element_not_on_the_view_and_an_order_across_boundaries_are_reported() -> None:
    ws = shop()
    other = ws.model.software_system("Other", "Elsewhere.")
    ws.views["k"].below("shop.a", other.id)
    [finding] = [f for f in check(ws) if f.rule == "view.layout-hint"]
    assert "'other' is not an element of this view" in finding.message
    grouped = Workspace(name="G")
    s = grouped.model.software_system("S", "s")
    left, right = grouped.model.group("Left", "l"), grouped.model.group("Right", "r")
    a = s.container("A", "a", "Go", group=left.id)
    b = s.container("B", "b", "Go", group=right.id)
    a.uses(b, "Calls", "HTTP")
    grouped.views.container(s, key="k").right_of(b, a)
    [finding] = check(grouped)
    assert "are in different boundaries" in finding.message and finding.element == "view 'k'"


def test_the_force_layout_reports_every_hint_and_separation_and_draws_none() -> None:
    ws = shop()
    ws.views["k"].right_of("shop.a", "shop.b")
    ws.views["k"].rank_separation = 100
    computed = compute_view(ws, ws.views["k"])
    constraints, unhonoured = plan(computed, FORCE)
    assert not constraints
    assert [u.reason for u in unhonoured] == ["the 'force' layout has no ranks"]
    assert "'shop.a right_of shop.b'" in unhonoured[0].what and "rank_separation 100" in unhonoured[0].what
    assert plan(computed, RANKED)[1] == []


@pytest.mark.parametrize(("kind", "ids", "problem"), [
    ("right_of", ["a", "a"], "names 'a' twice"),
    ("same_rank", ["a"], "needs at least two element ids"),
])
def test_malformed_hints_are_model_errors(kind: str, ids: list[str], problem: str) -> None:
    view = shop().views["k"]
    with pytest.raises(ModelError, match=f"view 'k': a '{kind}' hint {problem}"):
        getattr(view, kind)(*ids)
    with pytest.raises(ValueError, match="exactly two ids, not 3"):
        LayoutHint(kind="below", elements=["a", "b", "c"])


def test_yaml_models_and_the_schema_carry_hints(tmp_path: Path) -> None:
    path = tmp_path / "m.yaml"
    path.write_text(
        "name: M\nmodel:\n  software_systems:\n  - {id: s, name: S, description: s, containers: [\n"
        "      {id: s.a, name: A, description: a}, {id: s.b, name: B, description: b}]}\n"
        "views:\n- type: container\n  software_system: s\n  direction: LR\n  rank_separation: 120\n"
        "  layout_hints:\n  - {kind: right_of, elements: [s.a, s.b]}\n", encoding="utf-8")
    view = load(path).views.root[0]
    assert (view.direction, view.rank_separation, view.layout_hints[0].elements) == ("LR", 120, ["s.a", "s.b"])
    schema = json.dumps(Workspace.model_json_schema(by_alias=True))
    assert "layout_hints" in schema and "rank_separation" in schema and "LayoutHint" in schema
    path.write_text(path.read_text(encoding="utf-8").replace("[s.a, s.b]", "[s.a]"), encoding="utf-8")
    with pytest.raises(ModelError, match="exactly two ids"):
        load(path)


def test_structurizr_automatic_layout_separations_and_hints_survive_export_and_import() -> None:
    ws = shop("RL")
    ws.views["k"].rank_separation = 120
    ws.views["k"].node_separation = 300  # Structurizr's own default: kept apart from "not set"
    ws.views["k"].below("shop.a", "shop.b").same_rank("shop.c", "shop.d", ordered=True)
    data = structurizr_data(ws)
    layout = data["views"]["containerViews"][0]["automaticLayout"]
    assert (layout["rankDirection"], layout["rankSeparation"], layout["nodeSeparation"]) == ("RightLeft", 120, 300)
    assert import_structurizr(data, "ws.json").workspace == ws
    layout["rankSeparation"] = 450
    del data["views"]["containerViews"][0]["properties"]
    again = import_structurizr(data, "ws.json").workspace.views["k"]
    assert (again.direction, again.rank_separation, again.node_separation, again.layout_hints) == ("RL", 450, None, [])


def test_the_layout_measure_ignores_the_invisible_edges_of_hints_and_the_backward_edges_they_ask_for() -> None:
    ws = load(ROOT / "models" / "hexagonal.py")
    laid = run_dot(render_dot(ws, "hexagon"), "json").content
    drawing = parse(json.loads(laid))
    assert sorted(e.id for e in drawing.edges) == sorted(e.id for e in compute_view(ws, ws.views["hexagon"]).edges)
    assert "ordering.order-service.sql-order-repository->ordering.order-service.order-repository" in drawing.steered
    quality = measure_json(laid)
    assert (quality.backward_edges, quality.edge_through_element, quality.label_overlaps) == (0, 0, 0)


_FILTERED = """
name: Shop
model:
  software_systems:
  - id: shop
    name: Shop
    description: Sells things.
    containers:
    - {id: shop.web, name: Web, description: Pages., technology: Python}
    - {id: shop.api, name: API, description: Orders., technology: Python}
    - {id: shop.db, name: DB, description: Data., technology: PostgreSQL, tags: [Database]}
  relationships:
  - {source: shop.web, destination: shop.api, description: Calls, technology: HTTPS}
  - {source: shop.api, destination: shop.db, description: Stores, technology: SQL}
views:
- type: container
  software_system: shop
  key: containers
  layout_hints:
  - {kind: right_of, elements: [shop.db, shop.api]}
- type: filtered
  base: containers
  key: no-db
  tags: [Database]
  mode: exclude
  layout_hints:
  - {kind: below, elements: [shop.api, shop.web]}
"""


def test_render_says_a_filtered_view_s_own_hints_are_unused_and_not_that_its_base_s_miss_a_filtered_element(
        tmp_path: Path) -> None:
    model = tmp_path / "shop.yaml"
    model.write_text(_FILTERED, encoding="utf-8")
    done = CliRunner().invoke(app, ["render", str(model), "--format", "svg", "--out", str(tmp_path / "out")])
    assert done.exit_code == 0, done.stderr
    said = [line for line in done.stderr.splitlines() if "view 'no-db'" in line]
    assert said == [f"archkit: {model}: view 'no-db': a filtered view is drawn with its base view's layout: its "
                    "own hints and separations are not used — move them to view 'containers'"]


def test_a_hint_naming_a_deployed_container_names_its_instances_instead() -> None:
    ws = shop()
    for region in ("eu", "us"):
        node = ws.model.deployment_node(region.upper(), "Region.", "AWS", environment="Live",
                                        deployment_groups=[region])
        for container in ("shop.a", "shop.b"):
            node.container_instance(container, deployment_groups=[region])
    ws.views.deployment("Live", "shop", key="live").right_of("shop.b", "live.eu.a")
    found = [f for f in check(ws) if f.rule == "view.layout-hint"]
    assert [(f.message, f.hint) for f in found] == [(
        "layout hint 'shop.b right_of live.eu.a' cannot be honoured: 'shop.b' is drawn as its instances on this view",
        "name one of them: 'live.eu.b', 'live.us.b'")]


def test_a_sequence_view_says_it_uses_no_hint_direction_or_separation(tmp_path: Path) -> None:
    ws = shop()
    flow = ws.views.dynamic("shop", key="flow", style="sequence", direction="LR")
    flow.step("shop.a", "shop.b", "Calls", "HTTP").step("shop.b", "shop.c", "Calls", "HTTP")
    flow.right_of("shop.a", "shop.b")
    said = ("a sequence diagram places its participants in order of first use: its layout hints and direction are "
            "not used")
    assert [(f.rule, f.message) for f in check(ws)] == [("view.layout-hint", said)]
    model = tmp_path / "shop.json"
    model.write_text(ws.model_dump_json(), encoding="utf-8")
    done = CliRunner().invoke(app, ["render", str(model), "--view", "flow", "-f", "svg", "-o", str(tmp_path / "out")])
    assert done.exit_code == 0, done.stderr
    assert f"archkit: {model}: view 'flow': {said} — drop them, or draw the view as a collaboration diagram" \
        in done.stderr.splitlines()
    flow.style = "collaboration"
    assert check(ws) == []
