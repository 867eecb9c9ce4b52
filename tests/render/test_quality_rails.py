"""``label_rails``: edge labels another edge runs along (``h/rails``), on hand-made drawings.

Every drawing goes through real Graphviz with its geometry pinned (``layout=nop2``), as in
``test_quality.py``. The label is a label node of a fixed size (57.6 x 21.6 pt centred on (0, 150):
its box is x -28.8..28.8, y 139.2..160.8) on the path of ``a -> z``; ``b -> y`` passes it.
"""

from __future__ import annotations

from archkit.render.quality import RAIL, Quality
from archkit.render.quality_text import describe
from tests.render.test_quality import Pt, drawn, edge, node

LABEL = ('"archkit:label:r1" [id="label-r1" shape=box fixedsize=true width=0.8 height=0.3 '
         'label="r1" pos="0,150"];')
HALVES = [edge("a", "archkit:label:r1", (0, 18), (0, 139), attrs='id="rel-r1"'),
          edge("archkit:label:r1", "z", (0, 161), (0, 282), attrs='id="rel-r1"')]


def passing(*points: Pt) -> Quality:
    """The labelled edge ``a -> z`` and ``b -> y`` drawn along ``points``."""
    ends = [node("a", 0, 0), node("z", 0, 300), node("b", -300, 300), node("y", 300, 0)]
    return drawn(*ends, LABEL, *HALVES, edge("b", "y", (-300, 282), *points, (300, 18)))


def rails(q: Quality) -> list[tuple[str, str]]:
    return [(d.subject, d.other) for d in q.defects if d.measure == "label_rails"]


def test_an_edge_run_along_under_a_label_is_a_rail_named_by_both_edges() -> None:
    q = passing((-100, 135), (100, 135))  # 4.2 pt under the label, along all its width
    assert q.label_rails == 1
    assert rails(q) == [("a->z", "b->y")]
    assert q.labels_crossed == 0 and q.label_overlaps == 0


def test_an_edge_run_along_over_a_label_is_a_rail_too() -> None:
    assert passing((-100, 165), (100, 165)).label_rails == 1


def test_an_edge_through_the_label_is_crossed_not_a_rail() -> None:
    q = passing((-100, 150), (100, 150))
    assert (q.labels_crossed, q.label_rails) == (1, 0)


def test_an_edge_further_than_the_rail_distance_is_no_rail() -> None:
    assert passing((-100, 139.2 - RAIL - 2), (100, 139.2 - RAIL - 2)).label_rails == 0


def test_an_edge_along_less_than_half_the_label_is_no_rail() -> None:
    # along from x = 10 only (18.8 of 57.6 pt), steeply there and away
    assert passing((-60, 35), (10, 135), (28.8, 135), (100, 35)).label_rails == 0


def test_an_edge_passing_the_label_s_corner_diagonally_is_no_rail() -> None:
    q = passing((-100, 5), (100, 205))  # y = x + 105: 2.6 pt under the bottom right corner, at 45 degrees
    assert (q.label_rails, q.labels_crossed) == (0, 0)


def test_describe_names_a_rail_with_the_edges_along_it() -> None:
    q = passing((-100, 135), (100, 135))
    assert "1 label along another edge (" in describe(q)
    assert " along b->y)" in describe(q)
