"""The paths of a dense view's hub spread over more ranks (``Layout.hub_room``, ``budget.roomy``).

An event bus or a gateway that a large share of a dense view's relationships touch draws their labels and
bends crowded along its sides, crossing each other; the candidate gives each label-node path to or from it
a ``minlen`` on both halves. Which elements are hubs, how that is written in DOT, and when the search tries
it; what it gains on the untuned models is measured in benchmarks/README.md, not asserted here.
"""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Sequence
from dataclasses import replace

import pytest

from archkit.model.styles import Styles
from archkit.render import budget, drafts, flow, graphviz, search
from archkit.render.dot import DotResult, view_to_dot
from archkit.render.icons import IconResolver
from archkit.render.layout import STANDARD, Layout
from archkit.render.quality import Quality
from archkit.render.style import THEMES, Styler
from archkit.views import ComputedEdge, ComputedHint, ComputedNode, ComputedView


def _bus_view(services: int = 13) -> ComputedView:
    """``services`` services each publishing to a bus and called by a gateway, and one calling the next:
    the bus and the gateway are touched by ``services`` of the ``3 * services - 1`` relationships each."""
    names = [f"s{i}" for i in range(services)]
    nodes = (ComputedNode("gw", "Gateway", "Container"), *(ComputedNode(n, n.upper(), "Container") for n in names),
             ComputedNode("bus", "Bus", "Container"))
    edges = (*(ComputedEdge(f"gw->{n}", "gw", n, "Routes") for n in names),
             *(ComputedEdge(f"{n}->bus", n, "bus", "Publishes") for n in names),
             *(ComputedEdge(f"{a}->{b}", a, b, "Calls") for a, b in itertools.pairwise(names)))
    return ComputedView("v", "container", "V", nodes=nodes, edges=edges)


def _dot(view: ComputedView, layout: Layout) -> str:
    return view_to_dot(view, Styler(Styles(), THEMES["light"]), IconResolver(), layout=layout).text


def _minlen(dot: str) -> dict[str, str]:
    """Per DOT edge written with a ``minlen``, its id and the value."""
    return {m[0]: m[1] for m in re.findall(r'\[id="rel-([^"]+)"[^\]]* minlen=(\d+)', dot)}


def test_a_hub_is_touched_by_at_least_eight_relationships_and_one_in_six() -> None:
    star = [(f"n{i}", "hub") for i in range(8)]
    assert flow.hubs(star) == {"hub"}
    assert flow.hubs(star[:7]) == frozenset()  # seven: not a hub, however small the view
    out_and_in = [("hub", f"n{i}") for i in range(4)] + [(f"m{i}", "hub") for i in range(4)]
    assert flow.hubs(out_and_in) == {"hub"}  # relationships out count as those in
    assert flow.hubs([*star, ("hub", "hub")]) == {"hub"}  # one to itself counts once
    crowd = star + [(f"a{i}", f"b{i}") for i in range(45)]  # 53 relationships: a hub needs 9 (one in six)
    assert flow.hubs(crowd) == frozenset()
    assert flow.hubs([*crowd, ("n0", "hub")]) == {"hub"}


def test_the_halves_of_each_path_at_a_hub_get_their_minlen_and_the_rest_none() -> None:
    view = _bus_view()
    assert flow.hubs([(e.source, e.destination) for e in view.edges]) == {"gw", "bus"}
    roomy = _minlen(_dot(view, replace(STANDARD, hub_room=(2, 3))))
    for n in (f"s{i}" for i in range(13)):
        assert roomy[f"{n}->bus"] == "2" and roomy[f"{n}->bus:head"] == "3"  # into the hub: its half 3
        assert roomy[f"gw->{n}"] == "3" and roomy[f"gw->{n}:head"] == "2"  # out of the hub: its half 3
    assert not any(key.startswith(("s0->s1", "s1->s2")) for key in roomy)  # paths between other elements
    assert _minlen(_dot(view, STANDARD)) == {}  # not asked for
    small = _bus_view(3)  # the bus touched by 3 of 8 relationships: no hub, the same DOT
    assert _dot(small, replace(STANDARD, hub_room=(2, 3))) == _dot(small, STANDARD)


def _quality(crossings: int) -> Quality:
    return Quality(crossings=crossings, edge_through_element=0, label_overlaps=0, labels_crossed=0,
                   detached_labels=0, backward_edges=0, fill=0.2, width=100, height=100)


def test_the_search_tries_it_on_dense_views_that_cross_edges_without_hints() -> None:
    view = _bus_view()  # 38 relationships: past SEARCH_WORK
    assert budget.work(view) > budget.SEARCH_WORK
    assert budget.roomy(view, STANDARD, _quality(5)) == [replace(STANDARD, hub_room=r) for r in budget.HUB_ROOM]
    assert budget.roomy(view, STANDARD, _quality(0)) == []  # nothing to untangle
    assert budget.roomy(view, replace(STANDARD, hub_room=(2, 3)), _quality(5)) == []  # already so drawn
    assert budget.roomy(view, None, _quality(5)) == []
    hinted = replace(view, hints=(ComputedHint("same_rank", ("s0", "s1")),))
    assert budget.roomy(hinted, STANDARD, _quality(5)) == budget.roomy(view, STANDARD, _quality(5))  # kept only
    # when it keeps every hint (search._kept)
    small = _bus_view(8)  # 23 relationships: a searched view's candidates are enough
    assert budget.work(small) <= budget.SEARCH_WORK and budget.roomy(small, STANDARD, _quality(5)) == []


def test_a_path_between_two_hubs_spans_the_hubs_side_on_both_halves() -> None:
    view = _bus_view()
    both = replace(view, edges=(*view.edges, ComputedEdge("gw->bus", "gw", "bus", "Publishes routes to")))
    assert flow.hubs([(e.source, e.destination) for e in both.edges]) == {"gw", "bus"}
    for away, at in budget.HUB_ROOM:
        minlen = _minlen(_dot(both, replace(STANDARD, hub_room=(away, at))))
        assert (minlen["gw->bus"], minlen["gw->bus:head"]) == (str(at), str(at))  # its label clear of either hub
        assert (minlen["gw->s0"], minlen["gw->s0:head"]) == (str(at), str(away))
        assert (minlen["s0->bus"], minlen["s0->bus:head"]) == (str(away), str(at))


def _star(spokes: int = 10, others: int = 20) -> ComputedView:
    """``spokes`` relationships between a hub and s0, s1, ... (in and out in turn), and ``others`` in a ring of
    o0, o1, ...: a dense view (30 relationships on 31 elements) whose only hub is ``hub``."""
    pairs = [(f"s{k}", "hub") if k % 2 else ("hub", f"s{k}") for k in range(spokes)]
    pairs += [(f"o{k}", f"o{(k + 1) % others}") for k in range(others)]
    names = list(dict.fromkeys(n for pair in pairs for n in pair))
    return ComputedView("v", "container", "V", nodes=tuple(ComputedNode(n, n.upper(), "Container") for n in names),
                        edges=tuple(ComputedEdge(f"{t}->{h}", t, h, "Sends events to") for t, h in pairs))


def _heights(dot: str) -> dict[str, float]:
    """Each DOT node's height (y of its centre, growing upwards) as ``dot`` lays it out."""
    shape = graphviz.render_formats(dot, ["json0"], timeout=30, post=False)["json0"].content
    return {str(o["name"]): float(o["pos"].split(",")[1]) for o in json.loads(shape)["objects"] if "pos" in o}


def test_dot_puts_the_labels_of_a_hubs_paths_nearer_their_other_end_than_the_hub() -> None:
    view = _star()
    for room in ((), *budget.HUB_ROOM):
        y = _heights(_dot(view, replace(STANDARD, hub_room=room)))
        for edge in view.edges[:10]:
            other = edge.source if edge.destination == "hub" else edge.destination
            label = y[f"archkit:label:{edge.id}"]
            to_hub, to_other = abs(label - y["hub"]), abs(y[other] - label)
            # without room the label sits midway; with it, the hub's half spans more ranks than the other
            assert (to_hub > to_other) if room else (to_hub == to_other), (room, edge.id)


_TANGLED = "digraph {{ {} a1 -> {{b1 b2 b3}}; a2 -> {{b1 b2 b3}}; a3 -> {{b1 b2 b3}} }}"
_BETTER = "digraph { a1 -> {b1 b2}; a2 -> {b1 b2} }"  # one crossing where the tangle has nine


@pytest.mark.parametrize("better", [True, False])
def test_the_search_keeps_a_hub_room_candidate_only_when_it_is_better(monkeypatch: pytest.MonkeyPatch,
                                                                     better: bool) -> None:
    """A dense hub view's first layout crosses edges: both hub-room candidates are laid out after it, and the
    one that measures better is drawn — or, when neither does, the first layout is."""
    for name in ("more", "railed", "levelled", "reads_up"):  # only the first layout and the hub-room candidates
        monkeypatch.setattr(budget, name, lambda *a: [])
    monkeypatch.setattr(search, "_polished", lambda view, best, *a: best)
    first = _TANGLED.format("")
    room = {budget.HUB_ROOM[0]: _TANGLED.format("x;"),
            budget.HUB_ROOM[1]: _BETTER if better else _TANGLED.format("y;")}
    laid: list[str] = []
    real = graphviz.render_formats

    def count(dot: str, formats: Sequence[str], **kw: object) -> dict[str, graphviz.Output]:
        if kw.get("post") is False:
            laid.append(dot)
        return real(dot, formats, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(graphviz, "render_formats", count)
    view = _star()
    assert budget.dense(view) and flow.hubs([(e.source, e.destination) for e in view.edges]) == {"hub"}
    drawn = search.draw(view, STANDARD, ["svg"], lambda layout: DotResult(room.get(layout.hub_room, first)),
                        drafts.Run(frozenset(), 30.0, "best", measure=True))
    assert laid[:3] == [first, room[budget.HUB_ROOM[0]], room[budget.HUB_ROOM[1]]]
    assert drawn.quality is not None and drawn.quality.crossings == (1 if better else 9)
