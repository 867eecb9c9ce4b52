"""Short cycles drawn on one row (flow.levelled, ``Layout.level``), on small hand-made graphs.

Round a cycle the steps along the flow sum to zero, so a cycle drawn with no edge against the flow
has all its elements on one rank. The rows, their order, how they are written in DOT and that ``dot``
draws them with no edge against the flow and no crossing; whether a search keeps them on the example
views is measured in benchmarks/README.md, not asserted here.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from archkit.model.styles import Styles
from archkit.render import budget, drafts, graphviz, search
from archkit.render.dot import view_to_dot
from archkit.render.flow import LEVEL_MOST, levelled
from archkit.render.icons import IconResolver
from archkit.render.layout import STANDARD, Layout
from archkit.render.quality import Quality, measure_json
from archkit.render.style import THEMES, Styler
from archkit.views import ComputedEdge, ComputedNode, ComputedView

#: a system its customer uses, which tells the customer through a provider; and which pages an
#: engineer through PagerDuty, the engineer inspecting it (two 3-cycles sharing the system)
EDGES = [("c>t", "customer", "tracking"), ("t>m", "tracking", "messaging"), ("m>c", "messaging", "customer"),
         ("t>p", "tracking", "pagerduty"), ("p>s", "pagerduty", "support"), ("s>t", "support", "tracking"),
         ("k>t", "carrier", "tracking")]
NODES = ["carrier", "customer", "messaging", "pagerduty", "tracking", "support"]


def test_two_cycles_sharing_an_element_are_one_row_whose_dips_do_not_cross() -> None:
    rows = levelled(NODES, EDGES, {"m>c", "p>s"}, {})
    assert rows == (("customer", "messaging", "tracking", "pagerduty", "support"),)
    # the carrier, in no cycle, stays off the row; each cycle's edge that skips the row's middle
    # (customer -> tracking, support -> tracking) dips under a neighbour of its own side only


def test_a_two_cycle_is_a_row_of_two() -> None:
    edges = [("a>b", "a", "b"), ("b>a", "b", "a")]
    assert levelled(["a", "b"], edges, {"b>a"}, {}) == (("a", "b"),)


def test_long_cycles_wide_rows_and_rows_across_boundaries_are_left_alone() -> None:
    ring = [("a>b", "a", "b"), ("b>c", "b", "c"), ("c>d", "c", "d"), ("d>a", "d", "a")]
    assert levelled(list("abcd"), ring, {"d>a"}, {}) == ()  # a 4-cycle: its head reaches its tail in 3 steps
    assert levelled(NODES, EDGES, {"m>c", "p>s"}, {"customer": "shop"}) == ()  # in another boundary
    hub = [(f"h>{i}", "hub", f"x{i}") for i in range(LEVEL_MOST)] \
        + [(f"{i}>h", f"x{i}", "hub") for i in range(LEVEL_MOST)]
    back = {f"{i}>h" for i in range(LEVEL_MOST)}
    assert levelled(["hub", *(f"x{i}" for i in range(LEVEL_MOST))], hub, back, {}) == ()  # six on one row
    assert levelled(NODES, EDGES, set(), {}) == ()  # nothing against the flow, no row


def _view() -> ComputedView:
    kinds = {"customer": "Person", "support": "Person"}
    nodes = tuple(ComputedNode(n, n.title(), kinds.get(n, "Software System")) for n in NODES)
    edges = tuple(ComputedEdge(f"{t}->{h}", t, h, f"{t} to {h}") for _, t, h in EDGES)
    return ComputedView("v", "systemContext", "V", nodes=nodes, edges=edges)


def _laid(layout: Layout) -> tuple[Quality, str]:
    text = view_to_dot(_view(), Styler(Styles(), THEMES["light"]), IconResolver(), layout=layout).text
    return measure_json(graphviz.render_formats(text, ["json0"], timeout=30, post=False)["json0"].content), text


def test_dot_draws_the_row_with_no_edge_against_the_flow_and_no_crossing() -> None:
    before, plain = _laid(STANDARD)
    assert before.backward_edges == 2 and "rank=same" not in plain
    after, text = _laid(replace(STANDARD, level=True))
    assert after.backward_edges == 0 and after.crossings == 0 and after.score == 0
    # the row and the labels of neighbours' edges on one rank; the edges pointing left written
    # right to left with dir=back, so that each flat edge's tail is its left end
    assert '{rank=same; "customer"; "messaging"; "tracking"; "pagerduty"; "support"; ' in text
    assert '"archkit:label:tracking->messaging"' in text.split("rank=same")[1]
    assert '"archkit:label:customer->tracking"' not in text.split("rank=same")[1]  # it dips under the row
    assert '"messaging" -> "archkit:label:tracking->messaging"' in text


def test_the_search_tries_the_rows_only_for_a_layout_with_edges_against_the_flow() -> None:
    before, _ = _laid(STANDARD)
    assert budget.levelled(_view(), STANDARD, before) == [replace(STANDARD, level=True)]
    assert budget.levelled(_view(), replace(STANDARD, level=True), before) == []
    assert budget.levelled(_view(), STANDARD, replace(before, backward_edges=0)) == []


def _draw(view: ComputedView) -> search.Drawn:
    styler = Styler(Styles(), THEMES["light"])
    return search.draw(view, STANDARD, ["svg"], lambda layout: view_to_dot(view, styler, IconResolver(), layout=layout),
                       drafts.Run(frozenset(), 60.0, "best", True))


def test_the_search_keeps_the_rows_when_they_add_no_defect_and_not_when_they_cross(
        monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = _draw(_view())
    assert drawn.quality is not None and drawn.quality.backward_edges == 0 and drawn.quality.score == 0
    assert "rank=same" in drawn.dot.text
    real = search.measure_json

    def crossed(shape: str | bytes) -> Quality:  # a drawing with the rows crosses once more: merit 1 < 4
        quality = real(shape)
        rows = quality.backward_edges == 0
        return replace(quality, crossings=quality.crossings + 1) if rows else quality

    monkeypatch.setattr(search, "measure_json", crossed)
    kept = _draw(_view())
    assert kept.quality is not None and kept.quality.backward_edges == 2 and "rank=same" not in kept.dot.text
