"""Room for the labels of a hub's edges on a dense view (``Layout.hub_room``, ``budget.roomy``, ``h/hub3``).

A dense view with a hub (a bus, an integration engine, a gateway: an element most relationships touch)
gets one more kind of candidate: the label-node paths of the hub's edges span more ranks, the half at
the hub longest, so their labels stand back from the hub's sides instead of crowding them. How the hub is
found, how the candidate is written in DOT, and that the search keeps it only when it is better; what it
gains on the untuned models is measured in benchmarks/README.md, not asserted here.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import pytest

from archkit.model.styles import Styles
from archkit.render import budget, flow, graphviz, search
from archkit.render.dot import DotResult, view_to_dot
from archkit.render.icons import IconResolver
from archkit.render.layout import STANDARD, Layout
from archkit.render.quality import Quality
from archkit.render.style import THEMES, Styler
from archkit.views import ComputedEdge, ComputedHint, ComputedNode, ComputedView


def _star(spokes: int, others: int) -> list[tuple[str, str]]:
    """``spokes`` edges between ``hub`` and s0, s1, ..., and ``others`` edges in a ring of o0, o1, ..."""
    ring = [(f"o{k}", f"o{(k + 1) % others}") for k in range(others)]
    return [(f"s{k}", "hub") if k % 2 else ("hub", f"s{k}") for k in range(spokes)] + ring


def _nodes(edges: Sequence[tuple[str, str]]) -> list[str]:
    return list(dict.fromkeys(n for edge in edges for n in edge))


def test_a_hub_is_touched_by_at_least_eight_edges_and_a_sixth_of_them() -> None:
    assert (flow.HUB_DEGREE, flow.HUB_SHARE) == (8, 6)
    edges = _star(8, 40)  # 8 of 48: exactly a sixth, either way round
    assert flow.hubs(_nodes(edges), edges) == {"hub"}
    edges = _star(8, 41)  # 8 of 49: less than a sixth
    assert flow.hubs(_nodes(edges), edges) == frozenset()
    edges = _star(7, 5)  # most of the edges, but only seven
    assert flow.hubs(_nodes(edges), edges) == frozenset()
    looped = [*_star(7, 5), ("hub", "hub")]  # a loop does not count
    assert flow.hubs(_nodes(looped), looped) == frozenset()
    two = _star(8, 0) + [(f"t{k}", "bus") for k in range(8)]  # two hubs of 16 edges
    assert flow.hubs(_nodes(two), two) == {"hub", "bus"}
    assert flow.hubs(["bus"], two) == {"bus"}  # only the nodes asked about


def _view(spokes: int = 10, others: int = 20, hints: tuple[ComputedHint, ...] = ()) -> ComputedView:
    edges = _star(spokes, others)
    nodes = tuple(ComputedNode(n, n.upper(), "Container") for n in _nodes(edges))
    return ComputedView("v", "container", "V", nodes=nodes, hints=hints,
                        edges=tuple(ComputedEdge(f"{t}->{h}", t, h, "Sends events to") for t, h in edges))


def _dot(view: ComputedView, layout: Layout) -> str:
    return view_to_dot(view, Styler(Styles(), THEMES["light"]), IconResolver(), layout=layout).text


def _minlen(dot: str) -> dict[str, str]:
    """Per half of a label-node path written with a ``minlen``: ``tail -> head`` (DOT node names) and the value."""
    lines = re.findall(r'^\s*"([^"]+)" -> "([^"]+)" \[[^\n]* minlen=(\d+)', dot, re.M)
    return {f"{t} -> {h}": n for t, h, n in lines}


def test_the_halves_of_a_hubs_paths_span_more_ranks_the_half_at_the_hub_most() -> None:
    view = _view()
    roomy = _dot(view, replace(STANDARD, hub_room=(2, 3)))
    expected = {}
    for t, h in _star(10, 0):
        label = f"archkit:label:{t}->{h}"
        expected[f"{t} -> {label}"] = "3" if t == "hub" else "2"
        expected[f"{label} -> {h}"] = "3" if h == "hub" else "2"
    assert _minlen(roomy) == expected  # the ring's edges are left alone
    assert _minlen(_dot(view, STANDARD)) == {}  # not asked for
    small = _view(spokes=7, others=3)  # no hub: the same DOT
    assert _dot(small, replace(STANDARD, hub_room=(2, 3))) == _dot(small, STANDARD)


def test_dot_keeps_the_labels_of_a_hubs_edges_away_from_its_side() -> None:
    import json

    def heights(dot: str) -> dict[str, float]:
        shape = graphviz.render_formats(dot, ["json0"], timeout=30, post=False)["json0"].content
        return {str(o["name"]): float(o["pos"].split(",")[1]) for o in json.loads(shape)["objects"] if "pos" in o}

    view = _view()
    for layout, far in ((STANDARD, False), (replace(STANDARD, hub_room=(2, 3)), True)):
        y = heights(_dot(view, layout))
        for t, h in _star(10, 0):
            label, other = y[f"archkit:label:{t}->{h}"], y[h if t == "hub" else t]
            # with room, each label is nearer the other end than the hub; without, midway
            gap_hub, gap_other = abs(label - y["hub"]), abs(other - label)
            assert (gap_hub > gap_other) if far else (gap_hub == gap_other), (layout.hub_room, t, h)


def _quality(crossings: int) -> Quality:
    return Quality(crossings, 0, 0, 0, 0, 0, 0.3, 100.0, 100.0)


def test_the_search_tries_it_on_a_dense_view_with_a_hub_that_crosses_edges() -> None:
    view = _view()
    assert budget.work(view) > budget.SEARCH_WORK
    assert budget.roomy(view, STANDARD, _quality(5)) == [replace(STANDARD, hub_room=r) for r in budget.HUB_ROOM]
    assert budget.roomy(view, STANDARD, _quality(0)) == []  # nothing to untangle
    assert budget.roomy(view, replace(STANDARD, hub_room=(1, 2)), _quality(5)) == []  # already so drawn
    assert budget.roomy(view, None, _quality(5)) == []
    assert budget.roomy(_view(spokes=7, others=40), STANDARD, _quality(5)) == []  # no hub
    assert budget.roomy(_view(spokes=10, others=10), STANDARD, _quality(5)) == []  # 20 edges: a small view
    hinted = _view(hints=(ComputedHint("same_rank", ("s1", "hub")),))
    assert budget.roomy(hinted, STANDARD, _quality(5)) == []  # the author's ranks come first


_TANGLED = "digraph {{ {} a1 -> {{b1 b2 b3}}; a2 -> {{b1 b2 b3}}; a3 -> {{b1 b2 b3}} }}"
_BETTER = "digraph { a1 -> {b1 b2}; a2 -> {b1 b2} }"  # one crossing where the tangle has nine


@pytest.mark.parametrize("better", [True, False])
def test_the_search_keeps_the_candidate_only_when_it_is_better(monkeypatch: pytest.MonkeyPatch, better: bool) -> None:
    """The first layout of a dense hub view crosses edges; the hub-room candidates are laid out and the one
    that measures better is kept — or, when neither does, the first layout is."""
    monkeypatch.setattr(budget, "railed", lambda *a: [])  # only the first layout and the hub-room candidates
    monkeypatch.setattr(budget, "reads_up", lambda *a: [])
    monkeypatch.setattr(search, "_polished", lambda view, best, *a: best)
    first = _TANGLED.format("")
    room = {budget.HUB_ROOM[0]: _TANGLED.format("x;"), budget.HUB_ROOM[1]: _BETTER if better else _TANGLED.format("y;")}
    laid: list[str] = []
    real = graphviz.render_formats

    def count(dot: str, formats: Sequence[str], **kw: object) -> dict[str, graphviz.Output]:
        if kw.get("post") is False:
            laid.append(dot)
        return real(dot, formats, **kw)  # type: ignore[arg-type]

    def dot_of(layout: Layout) -> DotResult:
        return DotResult(room[layout.hub_room] if layout.hub_room else first)

    monkeypatch.setattr(graphviz, "render_formats", count)
    view = _view()
    assert budget.dense(view) and not budget.wide(view)
    monkeypatch.setattr(budget, "more", lambda *a: [])
    drawn = search.draw(view, STANDARD, ["svg"], dot_of, search.Run(frozenset(), 30.0, "best", measure=True))
    assert laid[:3] == [first, room[budget.HUB_ROOM[0]], room[budget.HUB_ROOM[1]]]
    assert drawn.quality is not None
    assert drawn.quality.crossings == (1 if better else 9)
