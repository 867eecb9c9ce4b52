"""An order of our own along the ranks (archkit/render/order.py), on small hand-made graphs.

The layered model read from ``dot``'s JSON, its crossing count, cluster-aware sifting, the order
written back into DOT, and whether ``dot`` keeps a pinned order; what it gains on the example views
is measured in benchmarks/README.md, not asserted here.
"""

from __future__ import annotations

import json
from dataclasses import replace

from archkit.model.styles import Styles
from archkit.render import budget, graphviz, order
from archkit.render.dot import view_to_dot
from archkit.render.icons import IconResolver
from archkit.render.layout import STANDARD
from archkit.render.order import Layered
from archkit.render.pinned import ROOT, Pinned, pinned_chains, pinned_order, pinned_sources
from archkit.render.quality import Quality
from archkit.render.style import THEMES, Styler
from archkit.views import ComputedBoundary, ComputedEdge, ComputedNode, ComputedView


def _twisted(outside: bool = False) -> Layered:
    """Two ranks, a b over c d, edges a->d and b->c: one crossing; c and d in a boundary X; with
    ``outside``, e on the lower rank after X and an edge a->e (two crossings)."""
    extra = ["e"] if outside else []
    return Layered(rank={"a": 0, "b": 0, "c": 1, "d": 1, **{x: 1 for x in extra}},
                   parent={"a": ROOT, "b": ROOT, "c": "cluster_X", "d": "cluster_X", "cluster_X": ROOT,
                           **{x: ROOT for x in extra}},
                   sequence={ROOT: ["a", "b", "cluster_X", *extra], "cluster_X": ["c", "d"]},
                   segments=[("a", "d"), ("b", "c"), *[("a", x) for x in extra]])


def test_crossings_count_pairs_of_segments_between_neighbouring_ranks() -> None:
    twisted = _twisted()
    assert twisted.crossings() == 1
    twisted.sequence["cluster_X"] = ["d", "c"]
    assert twisted.crossings() == 0


def test_segments_sharing_an_end_do_not_cross() -> None:
    fan = Layered(rank={"a": 0, "b": 1, "c": 1}, parent={"a": ROOT, "b": ROOT, "c": ROOT},
                  sequence={ROOT: ["a", "b", "c"]}, segments=[("a", "c"), ("a", "b")])
    assert fan.crossings() == 0


def test_sifting_untangles_and_keeps_a_boundary_in_one_piece() -> None:
    twisted = _twisted(outside=True)
    assert twisted.crossings() == 2
    assert twisted.sift() == 0
    at = twisted.positions()
    assert abs(at["c"] - at["d"]) == 1  # c and d stay side by side, e outside them
    pinned = twisted.pinned()
    assert dict(pinned.children)["cluster_X"] == tuple(sorted(("c", "d"), key=at.__getitem__))
    assert pinned.chains == (tuple(sorted(("a", "b"), key=at.__getitem__)),)  # the top level only


def test_sifting_treats_a_boundary_as_one_block() -> None:
    # X = {x1 over x2} left of y; p -> y and q -> x1 cross until X and y (or p and q) change places
    blocks = Layered(rank={"p": 0, "q": 0, "x1": 1, "x2": 2, "y": 1},
                     parent={"p": ROOT, "q": ROOT, "y": ROOT, "cluster_X": ROOT, "x1": "cluster_X", "x2": "cluster_X"},
                     sequence={ROOT: ["p", "q", "cluster_X", "y"], "cluster_X": ["x1", "x2"]},
                     segments=[("p", "y"), ("q", "x1"), ("x1", "x2")])
    assert blocks.crossings() == 1
    assert blocks.sift() == 0
    place = blocks.pinned().place(ROOT)
    assert sorted(place) == ["cluster_X", "p", "q", "y"]  # the boundary is one item of the top level
    assert dict(blocks.pinned().children)["cluster_X"] == ("x1", "x2")


def _geometry(dot: str, fmt: str = "json0") -> bytes:
    return graphviz.render_formats(dot, [fmt], links=frozenset(), timeout=30, post=False)[fmt].content


TWISTED_DOT = """digraph g { rankdir=TB;
  {rank=same; a; b;}
  subgraph cluster_X { c; d; }
  a -> c; b -> d; a -> e; e -> d;
}"""


def test_layered_reads_ranks_boundaries_and_the_points_of_long_edges() -> None:
    drawing = order.layered(_geometry(TWISTED_DOT), "TB")
    assert drawing is not None
    assert drawing.rank["a"] == drawing.rank["b"] != drawing.rank["e"]
    assert drawing.parent["c"] == drawing.parent["d"] == "cluster_X"
    assert drawing.parent["cluster_X"] == ROOT
    assert {x for x in drawing.sequence[ROOT] if not x.startswith("archkit:pass:")} == {"a", "b", "e", "cluster_X"}
    # a -> c and b -> d span two ranks: a point each where they pass e's rank, outside the boundary
    assert len(drawing.virtual) == 2
    assert {drawing.rank[p] for p in drawing.virtual} == {drawing.rank["e"]}
    assert {drawing.parent[p] for p in drawing.virtual} == {ROOT}
    assert drawing.crossings() == 0


def test_improve_finds_nothing_on_an_untangled_layout() -> None:
    assert order.improve(_geometry(TWISTED_DOT), "TB") is None


def test_pinned_order_sorts_declarations_and_chains_the_top_level() -> None:
    pinned = Pinned(children=((ROOT, ("b", "cluster_X", "a")),), chains=(("b", "a"),))
    items = [("cluster_X", ["X..."]), ("a", ["a;"]), ("b", ["b;"]), ("z", ["z;"])]
    assert [name for name, _ in pinned_order(items, pinned, None)] == ["b", "cluster_X", "a", "z"]
    assert pinned_order(items, None, None) == items
    assert pinned_chains(pinned, None) == ['{rank=same; "b" -> "a" [style=invis];}']
    assert pinned_chains(pinned, "X") == [] == pinned_chains(None, None)


def test_leads_are_the_top_level_nodes_before_the_first_boundary_of_their_rank() -> None:
    # e sits before the boundary X on the lower rank; b and a are alone on theirs
    drawing = Layered(rank={"a": 0, "e": 1, "c": 1, "d": 1}, parent={"a": ROOT, "e": ROOT, "cluster_X": ROOT,
                                                                     "c": "cluster_X", "d": "cluster_X"},
                      sequence={ROOT: ["a", "e", "cluster_X"], "cluster_X": ["c", "d"]},
                      segments=[("a", "e"), ("a", "c")])
    assert drawing.pinned().leads == (("e",),)
    lines = pinned_sources(drawing.pinned())
    assert lines == ['"archkit:lead:0" [style=invis shape=point width=0 height=0 label=""];',
                     '"archkit:lead:0" -> "e" [style=invis];']
    assert pinned_sources(None) == []


def _view() -> ComputedView:
    nodes = (ComputedNode("a", "A", "Container"), ComputedNode("b", "B", "Container"),
             ComputedNode("c", "C", "Container", parent="x"), ComputedNode("d", "D", "Container", parent="x"))
    edges = (ComputedEdge("a->c", "a", "c", ""), ComputedEdge("b->d", "b", "d", ""))
    return ComputedView("v", "container", "V", nodes=nodes, edges=edges,
                        boundaries=(ComputedBoundary("x", "X", "Software System"),))


def test_dot_keeps_a_pinned_order_at_the_top_level() -> None:
    styler, icons = Styler(Styles(), THEMES["light"]), IconResolver()
    plain = view_to_dot(_view(), styler, icons, layout=STANDARD).text
    pinned = Pinned(children=((ROOT, ("b", "cluster_x", "a")),), chains=(("b", "a"),))
    text = view_to_dot(_view(), styler, icons, layout=replace(STANDARD, pinned=pinned)).text
    assert '{rank=same; "b" -> "a" [style=invis];}' in text and "rank=same" not in plain
    assert text.index('"b" [') < text.index('subgraph "%cluster_x"') < text.index('"a" [')

    def across(dot: str) -> dict[str, float]:
        shapes = json.loads(_geometry(dot))
        return {o["name"]: float(o["pos"].split(",")[0]) for o in shapes["objects"] if "pos" in o}

    assert across(plain)["a"] < across(plain)["b"]
    assert across(text)["b"] < across(text)["a"]


def test_the_budget_asks_for_an_order_only_where_it_can_help() -> None:
    untangled = Quality(0, 0, 0, 0, 0, 0, 0.3, 100.0, 100.0)
    crossed = Quality(1, 0, 0, 0, 0, 0, 0.3, 100.0, 100.0)
    geometry = _geometry(TWISTED_DOT)
    assert budget.ordered(_view(), STANDARD, geometry, untangled) == []
    assert budget.ordered(_view(), None, geometry, crossed) == []
    assert budget.ordered(_view(), STANDARD, b"", crossed) == []
    # a layout whose order sifting cannot improve gets no further candidate
    assert budget.ordered(_view(), STANDARD, geometry, crossed) == []


CALLERS_DOT = """digraph g { newrank=true;
  subgraph cluster_X { p; q1; q2; q3; r; }
  e1; e3;
  p -> q1; p -> q2; p -> q3; q1 -> r; q2 -> r; q3 -> r; q1 -> e1; q3 -> e3;
}"""


def _across(dot: str) -> dict[str, float]:
    """Where ``dot`` put each node and cluster along the ranks (a cluster: its left side)."""
    shapes = json.loads(_geometry(dot))
    return {o["name"]: float((o.get("pos") or o["bb"]).split(",")[0]) for o in shapes["objects"]
            if "pos" in o or str(o["name"]).startswith("cluster")}


def test_an_external_called_from_the_near_end_of_a_boundary_is_put_on_that_side() -> None:
    # dot puts both external systems after the boundary X
    before = _across(CALLERS_DOT)
    assert before["cluster_X"] < before["e1"] < before["e3"]
    # in an order where q1 is X's first caller, q1 -> e1 crosses q2 -> r and q3 -> r
    drawing = Layered(rank={"p": 0, "q1": 1, "q2": 1, "q3": 1, "r": 2, "e1": 2, "e3": 2},
                      parent={"cluster_X": ROOT, "e1": ROOT, "e3": ROOT,
                              **{x: "cluster_X" for x in ("p", "q1", "q2", "q3", "r")}},
                      sequence={ROOT: ["cluster_X", "e1", "e3"], "cluster_X": ["p", "q1", "q2", "q3", "r"]},
                      segments=[("p", "q1"), ("p", "q2"), ("p", "q3"), ("q1", "r"), ("q2", "r"), ("q3", "r"),
                                ("q1", "e1"), ("q3", "e3")])
    assert drawing.crossings() == 2
    assert drawing.sift() == 0
    pinned = drawing.pinned()
    assert pinned.leads == (("e1",),) and dict(pinned.children)[ROOT] == ("e1", "cluster_X", "e3")
    # the invisible start puts e1 before the boundary, which no edge between them could
    after = _across(CALLERS_DOT.replace("newrank=true;", "newrank=true;\n" + "\n".join(pinned_sources(pinned))))
    assert after["e1"] < after["cluster_X"] < after["e3"]
