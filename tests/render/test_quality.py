"""The layout measure, pinned on small hand-made drawings whose answers are known.

Every drawing goes through real Graphviz: nodes and edge splines are pinned (``layout=nop2``,
Graphviz's ``neato -n2``), so the geometry is the one written here (shifted as a whole so the
drawing starts at 0,0), read back from ``-Tjson``.
"""

from __future__ import annotations

import itertools
import json

import pytest

from archkit.render import draw_view, graphviz, render_views
from archkit.render.drawing import Drawing, parse, spline_points
from archkit.render.quality import Quality, measure, measure_json
from archkit.render.quality_text import describe
from tests.models import gallery

Pt = tuple[float, float]


def node(name: str, x: float, y: float, w: float = 72, h: float = 36, ident: str | None = None) -> str:
    """A box of ``w`` x ``h`` points centred on (x, y), with archkit's ``el-`` id."""
    return (f'"{name}" [id="{ident or "el-" + name}" pos="{x},{y}" shape=box fixedsize=true '
            f'width={w / 72} height={h / 72}];')


def path(*points: Pt) -> str:
    """A straight polyline as a B-spline (each piece a cubic with its controls on the line)."""
    out = [points[0]]
    for a, b in itertools.pairwise(points):
        out += [(a[0] + (b[0] - a[0]) / 3, a[1] + (b[1] - a[1]) / 3),
                (a[0] + 2 * (b[0] - a[0]) / 3, a[1] + 2 * (b[1] - a[1]) / 3), b]
    return " ".join(f"{x:g},{y:g}" for x, y in out)


def edge(tail: str, head: str, *points: Pt, attrs: str = "") -> str:
    ident = f'id="rel-{tail}->{head}" ' if "id=" not in attrs else ""
    return f'"{tail}" -> "{head}" [{ident}arrowhead=none pos="{path(*points)}" {attrs}];'


def pinned(*lines: str, rankdir: str = "TB") -> Drawing:
    body = "\n".join(lines)
    dot = f"digraph g {{ layout=nop2; compound=true; rankdir={rankdir}; fontsize=10;\n{body}\n}}"
    return parse(json.loads(graphviz.layout_json(dot)))


def drawn(*lines: str, rankdir: str = "TB") -> Quality:
    return measure(pinned(*lines, rankdir=rankdir))


def four_corners() -> list[str]:
    return [node("a", 0, 200), node("b", 200, 0), node("c", 200, 200), node("d", 0, 0)]


# ---- crossings -----------------------------------------------------------------------------


def test_two_edges_crossing_in_an_x_are_one_crossing_named_by_their_ends() -> None:
    q = drawn(*four_corners(), edge("a", "b", (0, 182), (200, 18)), edge("c", "d", (200, 182), (0, 18)))
    assert q.crossings == 1
    [defect] = [d for d in q.defects if d.measure == "crossings"]
    assert (defect.subject, defect.other) == ("a->b", "c->d")


def test_parallel_edges_do_not_cross() -> None:
    q = drawn(*four_corners(), edge("a", "d", (0, 182), (0, 18)), edge("c", "b", (200, 182), (200, 18)))
    assert q.crossings == 0


def test_edges_meeting_at_their_shared_node_do_not_cross() -> None:
    # both leave a's bottom from the same point, then part
    q = drawn(*four_corners(), edge("a", "b", (0, 182), (200, 18)), edge("a", "d", (0, 182), (0, 18)))
    assert q.crossings == 0


def test_edges_sharing_an_end_that_cross_far_from_it_at_a_wide_angle_cross() -> None:
    lines = [node("a", 100, 300), node("b", 0, 0), node("c", 200, 0)]
    q = drawn(*lines, edge("a", "b", (100, 282), (100, 150), (200, 100), (0, 18)),
              edge("a", "c", (100, 282), (100, 150), (0, 100), (200, 18)))
    assert q.crossings == 1


def test_edges_sharing_an_end_that_touch_at_a_narrow_angle_read_as_a_bundle() -> None:
    lines = [node("a", 100, 300), node("b", 0, 0), node("c", 30, 0, w=20)]
    q = drawn(*lines, edge("a", "b", (100, 282), (50, 150), (0, 18)),
              edge("a", "c", (100, 282), (60, 150), (48, 120), (30, 18)))
    assert q.crossings == 0


# ---- edges through elements ----------------------------------------------------------------


def test_an_edge_through_a_node_that_is_not_its_end_is_named() -> None:
    q = drawn(node("a", 0, 0), node("m", 0, 150), node("z", 0, 300), edge("a", "z", (0, 18), (0, 282)))
    assert q.edge_through_element == 1
    [defect] = [d for d in q.defects if d.measure == "edge_through_element"]
    assert (defect.subject, defect.other) == ("a->z", "m")
    assert q.crossings == 0


def test_an_edge_around_a_node_is_not_through_it() -> None:
    q = drawn(node("a", 0, 0), node("m", 0, 150), node("z", 0, 300),
              edge("a", "z", (0, 18), (60, 100), (60, 200), (0, 282)))
    assert q.edge_through_element == 0


def test_an_edge_through_the_legend_counts() -> None:
    q = drawn(node("a", 0, 0), node("archkit:legend", 0, 150, ident="legend"), node("z", 0, 300),
              edge("a", "z", (0, 18), (0, 282)))
    assert [(d.subject, d.other) for d in q.defects if d.measure == "edge_through_element"] == [("a->z", "legend")]


# ---- labels --------------------------------------------------------------------------------


def test_a_label_pinned_far_from_its_edge_is_detached() -> None:
    far = edge("a", "z", (0, 18), (0, 282), attrs='xlabel="far away" xlp="200,150"')
    near = edge("b", "y", (300, 18), (300, 282), attrs='xlabel="close" xlp="330,150"')
    q = drawn(node("a", 0, 0), node("z", 0, 300), node("b", 300, 0), node("y", 300, 300), far, near)
    assert q.detached_labels == 1
    assert [d.subject for d in q.defects if d.measure == "detached_labels"] == ["a->z"]


def test_a_label_crossed_by_another_edge_is_named_with_the_edge() -> None:
    labelled = edge("a", "z", (0, 18), (0, 282), attrs='label="calls" lp="30,150"')
    other = edge("b", "y", (100, 18), (-40, 282))
    q = drawn(node("a", 0, 0), node("z", 0, 300), node("b", 100, 0), node("y", -40, 300), labelled, other)
    crossed = [(d.subject, d.other, d.kind) for d in q.defects if d.measure == "labels_crossed"]
    assert crossed == [("a->z", "b->y", "edge")]
    assert q.labels_crossed == 1


def test_a_label_across_a_boundary_border_is_crossed_by_that_boundary() -> None:
    cluster = ('subgraph cluster_shop { id="boundary-shop" bb="-60,-40,60,200" ' + node("a", 0, 0)
               + node("m", 0, 150) + "}")
    labelled = edge("a", "z", (0, 18), (0, 282), attrs='xlabel="leaves the shop" xlp="30,200"')
    q = drawn(cluster, node("z", 0, 300), labelled)
    crossed = [(d.subject, d.other, d.kind) for d in q.defects if d.measure == "labels_crossed"]
    assert ("a->z", "shop", "boundary") in crossed


def test_a_label_inside_its_boundary_is_not_crossed() -> None:
    cluster = ('subgraph cluster_shop { id="boundary-shop" bb="-100,-40,100,300" ' + node("a", 0, 0)
               + node("z", 0, 250) + "}")
    q = drawn(cluster, edge("a", "z", (0, 18), (0, 232), attrs='xlabel="stays" xlp="30,120"'))
    assert q.labels_crossed == 0 and q.detached_labels == 0 and q.label_overlaps == 0


def test_two_labels_on_top_of_each_other_overlap_once() -> None:
    one = edge("a", "z", (0, 18), (0, 282), attrs='xlabel="first label" xlp="40,150"')
    two = edge("b", "y", (80, 18), (80, 282), attrs='xlabel="second label" xlp="45,152"')
    q = drawn(node("a", 0, 0), node("z", 0, 300), node("b", 80, 0), node("y", 80, 300), one, two)
    assert q.label_overlaps == 1


def test_a_label_over_an_element_that_is_not_its_end_overlaps() -> None:
    labelled = edge("a", "z", (0, 18), (0, 282), attrs='xlabel="over m" xlp="40,150"')
    q = drawn(node("a", 0, 0), node("z", 0, 300), node("m", 80, 150), labelled)
    assert [(d.subject, d.other) for d in q.defects if d.measure == "label_overlaps"] == [("a->z", "m")]


# ---- label nodes, boundary ends ------------------------------------------------------------


def test_a_label_node_joins_its_two_halves_into_one_edge() -> None:
    label = ('"archkit:label:r1" [id="label-r1" shape=box fixedsize=true width=0.8 height=0.3 '
             'label="r1" pos="0,150"];')
    halves = [edge("a", "archkit:label:r1", (0, 18), (0, 139), attrs='id="rel-r1"'),
              edge("archkit:label:r1", "z", (0, 161), (0, 282), attrs='id="rel-r1"')]
    crossing = edge("b", "y", (-100, 18), (100, 282))
    q = drawn(node("a", 0, 0), node("z", 0, 300), node("b", -100, 0), node("y", 100, 300), label, *halves,
              crossing)
    assert q.crossings == 1
    assert q.edge_through_element == 0 and q.label_overlaps == 0 and q.detached_labels == 0
    assert [(d.subject, d.other) for d in q.defects if d.measure == "crossings"] == [("a->z", "b->y")]
    # the label node's box is the label: the crossing edge runs through it, 0.4 in wide
    assert [(d.subject, d.other) for d in q.defects if d.measure == "labels_crossed"] == [("a->z", "b->y")]


def test_an_edge_to_a_boundary_is_named_by_the_boundary() -> None:
    cluster = 'subgraph cluster_shop { id="boundary-shop" bb="-60,-40,60,40" ' + node("a", 0, 0) + "}"
    drawing = pinned(cluster, node("u", 0, 300), edge("u", "a", (0, 282), (0, 40), attrs='lhead="cluster_shop"'))
    assert [e.name for e in drawing.edges] == ["u->shop"]
    assert measure(drawing).edge_through_element == 0


# ---- flow and fill -------------------------------------------------------------------------


@pytest.mark.parametrize(("rankdir", "backward"), [("TB", 1), ("BT", 0), ("LR", 0), ("RL", 0)])
def test_an_edge_pointing_up_runs_against_top_to_bottom_flow_only(rankdir: str, backward: int) -> None:
    q = drawn(node("a", 0, 0), node("z", 0, 300), edge("a", "z", (0, 18), (0, 282)), rankdir=rankdir)
    assert q.backward_edges == backward


@pytest.mark.parametrize(("rankdir", "backward"), [("LR", 1), ("RL", 0), ("TB", 0)])
def test_an_edge_pointing_left_runs_against_left_to_right_flow(rankdir: str, backward: int) -> None:
    q = drawn(node("a", 300, 0), node("z", 0, 0), edge("a", "z", (264, 0), (36, 0)), rankdir=rankdir)
    assert q.backward_edges == backward


def test_fill_is_element_area_over_the_drawing_and_size_is_the_bounding_box() -> None:
    q = drawn(node("a", 0, 0), node("z", 200, 0), node("archkit:legend", 100, 100, w=20, h=20, ident="legend"))
    assert (q.width, q.height) == (272, 128)  # from a's left to z's right, a's bottom to the legend's top
    assert q.fill == pytest.approx(2 * 72 * 36 / (272 * 128))  # the legend is no element


def test_the_score_weighs_each_measure() -> None:
    q = Quality(crossings=1, edge_through_element=1, label_overlaps=1, labels_crossed=1, detached_labels=1,
                backward_edges=5, fill=0.5, width=1, height=1)
    assert q.score == 1 + 3 + 3 + 2 + 2


# ---- reading Graphviz's output -------------------------------------------------------------


def test_a_real_dot_layout_gives_node_boxes_in_points() -> None:
    dot = 'digraph { node [shape=box fixedsize=true width=2.4 height=1.2]; a [id="el-a"]; b [id="el-b"]; a -> b; }'
    out = graphviz.layout_json(dot)
    drawing = parse(json.loads(out))
    a = drawing.elements[0].box
    assert (a[2] - a[0], a[3] - a[1]) == pytest.approx((172.8, 86.4), abs=1)  # Graphviz rounds sizes to points
    assert [e.name for e in drawing.edges] == ["a->b"]
    assert measure_json(out) == measure(drawing)
    assert measure(drawing).backward_edges == 0


def test_splines_are_sampled_with_their_arrowheads() -> None:
    points = spline_points("e,10,40 0,0 0,10 0,20 0,30")
    assert points[0] == (0, 0) and points[-2] == (0, 30) and points[-1] == (10, 40)


def test_describe_says_what_and_where_in_one_line() -> None:
    cluster = 'subgraph cluster_shop { id="boundary-shop" bb="-60,-40,60,200" ' + node("a", 0, 0) + "}"
    q = drawn(cluster, node("z", 0, 300), node("b", -100, 300), node("y", 100, 0),
              edge("a", "z", (0, 18), (0, 282), attrs='xlabel="leaves the shop" xlp="30,200"'),
              edge("b", "y", (-100, 282), (100, 18)))
    assert describe(q) == ("1 edge crossing (a->z × b->y); 1 label crossed by a boundary (a->z by shop); "
                           "1 edge against the flow (a->z)")
    assert describe(drawn(node("a", 0, 300), node("z", 0, 0), edge("a", "z", (0, 282), (0, 18)))) == ""


def test_render_views_measures_views_up_to_the_limit_without_changing_a_byte(monkeypatch: pytest.MonkeyPatch) -> None:
    ws = gallery.build()
    measured = render_views(ws, formats=("svg", "png"), views=["system-landscape", "container-orders"])
    assert list(measured.quality) == ["system-landscape", "container-orders"]
    monkeypatch.setattr(draw_view, "MEASURE_LIMIT", 0)
    plain = render_views(ws, formats=("svg", "png"), views=["system-landscape", "container-orders"])
    assert plain.quality == {}
    assert [(a.relpath, a.content) for a in plain.artifacts] == [(a.relpath, a.content) for a in measured.artifacts]
    assert plain.messages == measured.messages


def test_a_label_node_laid_out_by_dot_is_one_edge_with_its_label_on_the_path() -> None:
    dot = ('digraph { node [shape=box]; a [id="el-a"]; b [id="el-b"]; c [id="el-c"]; '
           '"archkit:label:r1" [id="label-r1" shape=plaintext label="calls"]; '
           'a -> "archkit:label:r1" [id="rel-r1" arrowhead=none]; "archkit:label:r1" -> b [id="rel-r1"]; '
           'a -> c [id="rel-r2" label="other"]; }')
    drawing = parse(json.loads(graphviz.layout_json(dot)))
    assert [(e.id, e.name) for e in drawing.edges] == [("r1", "a->b"), ("r2", "a->c")]
    assert [e.id for e in drawing.elements] == ["a", "b", "c"]  # the label node is no element
    q = measure(drawing)
    assert (q.detached_labels, q.edge_through_element, q.backward_edges, q.label_overlaps) == (0, 0, 0, 0)


# ---- what a reader sees that the figures above did not count (h/reader) ----------------------


def arrowed(tail: str, head: str, *points: Pt, attrs: str = "") -> str:
    """An edge with its arrowhead drawn: ``e,`` is its tip, the path ends 8 points before it."""
    *body, tip = points
    return f'"{tail}" -> "{head}" [id="rel-{tail}->{head}" pos="e,{tip[0]:g},{tip[1]:g} {path(*body)}" {attrs}];'


def test_a_label_over_its_own_end_element_overlaps_as_label_end() -> None:
    labelled = edge("a", "z", (0, 18), (0, 282), attrs='xlabel="at a" xlp="10,10"')
    q = drawn(node("a", 0, 0), node("z", 0, 300), labelled)
    assert [(d.subject, d.other, d.kind) for d in q.defects if d.measure == "label_overlaps"] == [
        ("a->z", "a", "label-end")]
    assert q.label_overlaps == 1


def test_a_label_beside_its_own_end_is_no_overlap() -> None:
    labelled = edge("a", "z", (0, 18), (0, 282), attrs='xlabel="beside a" xlp="30,40"')
    assert drawn(node("a", 0, 0), node("z", 0, 300), labelled).label_overlaps == 0


def test_a_label_over_its_own_end_boundary_title_is_no_overlap() -> None:
    cluster = ('subgraph cluster_shop { id="boundary-shop" label="Shop" lp="0,30" bb="-60,-40,60,40" '
               + node("m", 0, 0, w=40, h=20) + "}")
    labelled = edge("u", "m", (0, 282), (0, 40), attrs='lhead="cluster_shop" xlabel="Shop" xlp="0,30"')
    q = drawn(cluster, node("u", 0, 300), labelled)
    assert [d.kind for d in q.defects if d.measure == "label_overlaps"] == []


def test_an_arrowhead_under_another_edges_label_is_hidden() -> None:
    hidden = arrowed("a", "z", (0, 150), (0, 274), (0, 282))
    labelled = edge("b", "y", (100, 18), (100, 282), attrs='xlabel="over it" fontsize=10 xlp="10,272"')
    q = drawn(node("a", 0, 150), node("z", 0, 300), node("b", 100, 0), node("y", 100, 300), hidden, labelled)
    assert [(d.subject, d.other, d.kind) for d in q.defects if d.measure == "label_overlaps"] == [
        ("a->z", "b->y", "arrow-label")]
    assert "arrowhead of a->z under b->y" in describe(q)


def test_an_arrowhead_clear_of_labels_and_an_edge_without_one_are_not_hidden() -> None:
    shown = arrowed("a", "z", (0, 150), (0, 274), (0, 282))
    label = 'xlabel="over it" fontsize=10 xlp="10,272"'
    assert drawn(node("a", 0, 150), node("z", 0, 300), node("b", 100, 0), node("y", 100, 300), shown,
                 edge("b", "y", (100, 18), (100, 282), attrs='xlabel="far" xlp="130,150"')).label_overlaps == 0
    plain = edge("a", "z", (0, 150), (0, 282))  # arrowhead=none: its end is no arrow
    assert drawn(node("a", 0, 150), node("z", 0, 300), node("b", 100, 0), node("y", 100, 300), plain,
                 edge("b", "y", (100, 18), (100, 282), attrs=label)).label_overlaps == 0


def test_an_arrowhead_drawn_back_is_read_at_its_head() -> None:
    # written head first (dir=back): the arrow's tip is the spline's start point, at z
    back = (f'"z" -> "a" [id="rel-a->z" dir=back pos="s,0,282 {path((0, 274), (0, 150))}"];')
    labelled = edge("b", "y", (100, 18), (100, 282), attrs='xlabel="over it" fontsize=10 xlp="10,272"')
    q = drawn(node("a", 0, 150), node("z", 0, 300), node("b", 100, 0), node("y", 100, 300), back, labelled)
    assert [(d.subject, d.kind) for d in q.defects if d.measure == "label_overlaps"] == [("a->z", "arrow-label")]


def test_an_arrow_tip_under_an_element_other_than_its_head_is_hidden() -> None:
    under = arrowed("a", "z", (0, 100), (0, 232), (0, 240), attrs='lhead="cluster_z"')
    cluster = 'subgraph cluster_z { id="boundary-zone" bb="-60,230,60,330" ' + node("z", 0, 300) + "}"
    q = drawn(node("a", 0, 82), node("m", 0, 245, w=40, h=20), cluster, under)
    assert [(d.subject, d.other, d.kind) for d in q.defects if d.measure == "label_overlaps"] == [
        ("a->zone", "m", "arrow-element")]
    ok = arrowed("a", "z", (0, 100), (0, 274), (0, 282))
    assert drawn(node("a", 0, 82), node("z", 0, 300), ok).label_overlaps == 0  # tip on its own head's border


def test_a_boundary_title_crossed_by_an_edge_is_named_and_not_scored() -> None:
    cluster = ('subgraph cluster_shop { id="boundary-shop" label="Shop" lp="0,-30" bb="-60,-40,60,40" '
               + node("m", 0, 0, w=40, h=20) + "}")
    across = edge("u", "y", (-100, -30), (100, -30))
    beside = edge("v", "w", (-100, 100), (100, 100))
    q = drawn(cluster, node("u", -120, -30, w=20, h=20), node("y", 120, -30, w=20, h=20),
              node("v", -120, 100, w=20, h=20), node("w", 120, 100, w=20, h=20), across, beside)
    assert [(d.subject, d.other) for d in q.defects if d.measure == "titles_crossed"] == [("shop", "u->y")]
    assert q.titles_crossed == 1 and q.score == 0
    assert "1 boundary title crossed by an edge (shop by u->y)" in describe(q)
