"""Two callers of the same stores drawn a rank apart (flow.staggered), on small hand-made graphs.

Two elements on one rank that both point down to three shared elements cross three times in any
order along the rank (``K(2,3)`` on two layers); one a rank below the other, once. The rule, how the
ranks and edges are read back from ``dot``'s geometry, how the pairs are written in DOT and that
``dot`` draws them as expected; what it gains on the example views is measured in
benchmarks/README.md, not asserted here.
"""

from __future__ import annotations

from dataclasses import replace

from archkit.model.styles import Styles
from archkit.render import budget, graphviz, order, pinned
from archkit.render.dot import view_to_dot
from archkit.render.flow import SHARED_BELOW, staggered
from archkit.render.icons import IconResolver
from archkit.render.layout import STANDARD
from archkit.render.quality import Quality, measure_json
from archkit.render.style import THEMES, Styler
from archkit.views import ComputedEdge, ComputedNode, ComputedView

STORES = ("s1", "s2", "s3")


def test_two_callers_of_three_shared_stores_are_staggered_the_one_with_callers_above() -> None:
    rank = {"user": 0, "api": 1, "worker": 1, **dict.fromkeys(STORES, 2)}
    edges = [("user", "api"), *[(caller, s) for caller in ("api", "worker") for s in STORES]]
    assert staggered(rank, edges) == [("api", "worker")]
    # edges are read either way round: the rank says which end is above
    assert staggered(rank, [(h, t) for t, h in edges]) == [("api", "worker")]


def test_with_no_callers_the_one_with_more_below_is_above_then_the_earlier_one() -> None:
    rank = {"a": 0, "b": 0, "x": 1, **dict.fromkeys(STORES, 1)}
    fan = [(c, s) for c in ("a", "b") for s in STORES]
    assert staggered(rank, [*fan, ("b", "x")]) == [("b", "a")]
    assert staggered(rank, fan, order=["b", "a"]) == [("b", "a")]
    assert staggered(rank, fan) == [("a", "b")]  # by id when no order is given


def test_fewer_shared_stores_other_ranks_or_an_edge_between_them_leave_them_alone() -> None:
    assert SHARED_BELOW == 3
    two = {"a": 0, "b": 0, "s1": 1, "s2": 1}
    assert staggered(two, [(c, s) for c in "ab" for s in ("s1", "s2")]) == []
    assert staggered(two, [(c, s) for c in "ab" for s in ("s1", "s2")], shared=2) == [("a", "b")]
    apart = {"a": 0, "b": 1, **dict.fromkeys(STORES, 2)}
    assert staggered(apart, [(c, s) for c in "ab" for s in STORES]) == []
    level = {"a": 0, "b": 0, **dict.fromkeys(STORES, 1)}
    assert staggered(level, [("a", "b"), *[(c, s) for c in "ab" for s in STORES]]) == []
    # shared elements above both (two readers of one pair of writers) do not count
    below = {"a": 1, "b": 1, **dict.fromkeys(STORES, 0)}
    assert staggered(below, [(s, c) for c in "ab" for s in STORES]) == []


def test_three_callers_give_every_pair_in_one_order() -> None:
    rank = {"p": 0, "a": 1, "b": 1, "c": 1, **dict.fromkeys(STORES, 2)}
    edges = [("p", "a"), ("p", "b"), *[(c, s) for c in "abc" for s in STORES]]
    assert staggered(rank, edges, order=["p", "a", "b", "c"]) == [("a", "b"), ("a", "c"), ("b", "c")]


def _view(stores: tuple[str, ...] = STORES) -> ComputedView:
    """A user calls an API; the API and a worker nobody calls both use the ``stores``."""
    nodes = (ComputedNode("user", "User", "Person"), ComputedNode("api", "API", "Container"),
             ComputedNode("worker", "Worker", "Container"),
             *(ComputedNode(s, s.upper(), "Container") for s in stores))
    edges = (ComputedEdge("user->api", "user", "api", "Uses"),
             *(ComputedEdge(f"{c}->{s}", c, s, "Writes") for c in ("api", "worker") for s in stores))
    return ComputedView("v", "container", "V", nodes=nodes, edges=edges)


def _laid(layout: object, view: ComputedView | None = None) -> tuple[Quality, bytes, str]:
    view = view or _view()
    text = view_to_dot(view, Styler(Styles(), THEMES["light"]), IconResolver(), layout=layout).text  # type: ignore[arg-type]
    shape = graphviz.render_formats(text, ["json0"], timeout=30, post=False)["json0"].content
    return measure_json(shape), shape, text


def test_elements_reads_ranks_along_the_flow_and_follows_edges_through_label_nodes() -> None:
    _, shape, _ = _laid(STANDARD)
    drawing = order.layered(shape, "TB")
    assert drawing is not None
    rank, edges = order.elements(drawing, "TB")
    assert set(rank) == {n.id for n in _view().nodes}  # no label node, no point
    assert rank["user"] < rank["api"] == rank["worker"] < rank["s1"]
    assert sorted(edges) == sorted((e.source, e.destination) for e in _view().edges)


def test_dot_draws_the_lower_one_a_rank_down_and_the_fan_crosses_less() -> None:
    plain, shape, text = _laid(STANDARD)
    assert plain.crossings == 3  # K(2,3) on two layers
    found = budget.staggered(_view(), STANDARD, shape, plain)
    assert [layout.staggered for layout in found] == [(("api", "worker"),)]
    after, shape, text = _laid(found[0])
    assert '"api" -> "worker" [style=invis minlen=2];' in text
    rank, _ = order.elements(order.layered(shape, "TB"), "TB")  # type: ignore[arg-type]
    assert rank["api"] < rank["worker"] < rank["s1"]
    assert after.crossings == 1 and after.backward_edges == 0


def test_two_shared_stores_are_a_candidate_of_their_own_and_uncross() -> None:
    two = _view(("s1", "s2"))
    plain, shape, _ = _laid(STANDARD, two)
    assert plain.crossings == 1  # K(2,2) on two layers: one crossing in either order
    found = budget.staggered(two, STANDARD, shape, plain)
    assert [layout.staggered for layout in found] == [(("api", "worker"),)]  # only the two-shared candidate
    after, _, _ = _laid(found[0], two)
    assert after.crossings == 0 and after.backward_edges == 0


def test_the_budget_staggers_only_a_view_that_crosses_edges_and_is_not_steered() -> None:
    plain, shape, _ = _laid(STANDARD)
    untangled = replace(plain, crossings=0)
    assert budget.staggered(_view(), STANDARD, shape, untangled) == []
    assert budget.staggered(_view(), None, shape, plain) == []
    assert budget.staggered(_view(), STANDARD, b"", plain) == []
    done = replace(STANDARD, staggered=(("api", "worker"),))
    assert budget.staggered(_view(), done, shape, plain) == []
    assert budget.staggered(_view(), replace(STANDARD, pinned=pinned.Pinned()), shape, plain) == []
