"""Boundary titles moved off the edges that cross them (archkit/render/titles.py), on small graphs laid out by
real Graphviz, and in the final drawing of a searched example view (no ``dot`` run added)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from archkit.load import load
from archkit.render import graphviz, titles
from archkit.render.drawing import Boundary, Drawing, Edge, parse
from archkit.render.pipeline import render_views
from archkit.render.quality import MEASURES, measure_json

ROOT = Path(__file__).resolve().parents[2]


def node(name: str, width: float = 2.4) -> str:
    return f'"{name}" [id="el-{name}" label="{name}" shape=box width="{width}" height="1.2"];'


def cluster(name: str, title: str, body: str, loc: str = "t") -> str:
    """A boundary as ``archkit.render.dot`` writes one: its attributes on a ``graph`` line, ``labeljust`` then
    ``labelloc`` then ``margin``."""
    return (f'subgraph "cluster_{name}" {{\n    graph [id="boundary-{name}" label=<{title}> style="rounded" '
            f'labeljust=l labelloc={loc} margin=10];\n    {body}\n  }}')


def graph(*body: str) -> str:
    return "digraph g {\n  graph [rankdir=TB nodesep=\"0.3\" ranksep=\"0.8\"];\n  " + "\n  ".join(body) + "\n}\n"


def laid(text: str) -> bytes:
    return graphviz.layout_json(text, timeout=30)


def places(text: str) -> dict[str, tuple[str, str]]:
    """Each boundary's (labelloc, labeljust) as the DOT gives them."""
    return {m["id"]: (m["loc"], m["just"]) for m in re.finditer(
        r'id="boundary-(?P<id>(?:[^"\\]|\\.)*)".* labeljust=(?P<just>[lr]) labelloc=(?P<loc>[tb]) ', text)}


# a database in a deployment node, written to from above: the edge enters the node through its title
INTO = graph(node("app"), cluster("rds", "Amazon RDS [Deployment Node: PostgreSQL 16] x2", node("db")),
             '"app" -> "db";')


def test_a_title_the_edges_enter_through_goes_to_the_other_end_of_its_border() -> None:
    before = measure_json(laid(INTO))
    assert before.titles_crossed == 1
    moved = titles.placed(INTO, laid(INTO))
    assert places(moved) == {"rds": ("b", "l")}
    after = measure_json(laid(moved))
    assert after.titles_crossed == 0
    assert {m: getattr(after, m) for m in MEASURES if m != "titles_crossed"} \
        == {m: getattr(before, m) for m in MEASURES if m != "titles_crossed"}


def test_without_across_a_title_stays_at_its_end_when_the_other_corner_is_no_clearer() -> None:
    assert titles.placed(INTO, laid(INTO), across=False) == INTO  # the title is as wide as its border


# two elements side by side in a boundary whose title covers the top of one (Graphviz puts ``target`` on the
# left) but not the other: the edge into ``target`` crosses it, the other corner of the same end is clear
SIDE = graph(node("client"), cluster("pods", "Service Pods [Deployment Node]",
                                     f'{node("other", 2.0)} {node("target", 2.0)} {{rank=same; "other"; "target"}}'),
             '"client" -> "target";')


def test_a_title_moved_along_its_end_keeps_the_layout_exactly() -> None:
    geometry = laid(SIDE)
    assert measure_json(geometry).titles_crossed == 1
    moved = titles.placed(SIDE, geometry, across=False)
    assert places(moved) == {"pods": ("t", "r")}
    again = laid(moved)
    positions = {o["name"]: o.get("pos") for o in json.loads(geometry)["objects"]}
    assert {o["name"]: o.get("pos") for o in json.loads(again)["objects"]} == positions
    assert [e["pos"] for e in json.loads(again)["edges"]] == [e["pos"] for e in json.loads(geometry)["edges"]]
    assert measure_json(again).titles_crossed == 0
    assert titles.placed(SIDE, geometry) == moved  # along its own end first: the layout's ranks stay


def test_a_title_no_edge_crosses_is_left_where_it_is() -> None:
    text = graph(node("app"), cluster("rds", "RDS", node("db"), loc="b"), '"app" -> "db";')
    assert measure_json(laid(text)).titles_crossed == 0
    assert titles.placed(text, laid(text)) == text


def test_the_places_of_a_title_mirror_its_box_within_its_border() -> None:
    border, title = (0.0, 0.0, 200.0, 100.0), (10.0, 70.0, 110.0, 92.0)  # top left: 10 from the side, 8 from the top
    got = titles.places(title, border)
    assert got[("t", "l")] == title
    assert got[("t", "r")] == (90.0, 70.0, 190.0, 92.0)
    assert got[("b", "l")] == (10.0, 8.0, 110.0, 30.0)
    assert got[("b", "r")] == (90.0, 8.0, 190.0, 30.0)


def test_of_equally_clear_corners_the_one_along_its_own_end_is_chosen() -> None:
    border, title = (0.0, 0.0, 200.0, 100.0), (10.0, 70.0, 110.0, 92.0)
    down = Edge("e", "x", "a", ((50.0, 200.0), (50.0, 60.0)), None, ("x", "a"))  # through the top left only
    drawing = Drawing((0.0, 0.0, 300.0, 300.0), "TB", (), (Boundary("b", border, title),), (down,))
    assert titles.choose(drawing, {"b": ("t", "l")}) == {"b": ("t", "r")}
    assert titles.choose(drawing, {"b": ("t", "r")}) == {}  # where it is, nothing crosses it
    assert titles.choose(drawing, {"other": ("t", "l")}) == {}  # a boundary its DOT does not write is left alone


def test_an_escaped_boundary_id_is_found_in_the_dot() -> None:
    text = INTO.replace("rds", 'r\\"ds')
    assert 'id="boundary-r\\"ds"' in text
    drawing = parse(json.loads(laid(text)))
    assert [b.id for b in drawing.boundaries] == ['r"ds']
    assert places(titles.placed(text, laid(text))) == {'r\\"ds': ("b", "l")}


@pytest.fixture
def invoked(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    seen: list[str] = []
    invoke = graphviz._invoke

    def counting(args: list[str], dot: str, timeout: float) -> tuple[bytes, list[str]]:
        seen.append(dot)
        return invoke(args, dot, timeout)

    monkeypatch.setattr(graphviz, "_invoke", counting)
    return seen


def test_the_final_drawing_of_a_searched_view_moves_its_crossed_titles_in_the_same_runs(
        invoked: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    ws = load(str(ROOT / "models" / "circuit_breaker.py"))
    moved = render_views(ws, ["svg", "png"], views=["production"], jobs=1).quality["production"]
    runs = len(invoked)
    invoked.clear()
    monkeypatch.setattr(titles, "placed", lambda text, geometry, across=True: text)
    kept = render_views(ws, ["svg", "png"], views=["production"], jobs=1).quality["production"]
    assert len(invoked) == runs
    assert moved.titles_crossed < kept.titles_crossed
    assert moved.score <= kept.score and moved.backward_edges <= kept.backward_edges
