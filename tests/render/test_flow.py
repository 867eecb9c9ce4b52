"""Ranks follow the flow: which edges are drawn reversed, and how label nodes sit on their edges."""

from __future__ import annotations

import re
from dataclasses import replace

from archkit.model import Styles
from archkit.render import graphviz
from archkit.render.dot import view_to_dot
from archkit.render.flow import against_flow, deepest, flow_order
from archkit.render.icons import IconResolver
from archkit.render.layout import STANDARD
from archkit.render.quality import measure_json
from archkit.render.style import LIGHT, Styler
from archkit.views import ComputedBoundary, ComputedEdge, ComputedNode, ComputedView


def test_a_chain_keeps_its_order_and_no_edge_points_back() -> None:
    edges = [("e1", "a", "b"), ("e2", "b", "c")]
    assert flow_order(["c", "b", "a"], [(t, h) for _, t, h in edges]) == ["a", "b", "c"]
    assert against_flow(["c", "b", "a"], edges)[0] == frozenset()


def test_a_cycle_sends_one_edge_back_and_people_lead_when_it_costs_nothing() -> None:
    # customer -> tracking -> messaging -> customer: one edge of the cycle must point back
    edges = [("uses", "customer", "tracking"), ("sends", "tracking", "messaging"), ("tells", "messaging", "customer")]
    back, order = against_flow(["customer", "messaging", "tracking"], edges, first=["customer"])
    assert back == frozenset({"tells"}) and order[0] == "customer"


def test_people_do_not_lead_when_that_sends_more_edges_back() -> None:
    # an engineer paged by two systems: below them, one edge points back; above, two would
    edges = [("watches", "eng", "app"), ("alerts", "app", "pager"), ("warns", "app", "chat"),
             ("pages", "pager", "eng"), ("posts", "chat", "eng")]
    back, _ = against_flow(["app", "chat", "eng", "pager"], edges, first=["eng"])
    assert back == frozenset({"watches"})


def test_the_deepest_node_is_on_the_longest_path_and_a_cycle_has_none() -> None:
    assert deepest(["a", "b", "c", "d"], [("a", "b", 1), ("b", "c", 2), ("a", "d", 2)]) == "c"
    assert deepest(["a", "b"], [("a", "b", 1), ("b", "a", 1)]) is None


def _view() -> ComputedView:
    nodes = (ComputedNode("user", "User", "Person"),
             ComputedNode("sys.api", "API", "Container", parent="sys"),
             ComputedNode("sys.db", "DB", "Container", parent="sys"))
    edges = (ComputedEdge("user->sys.api", "user", "sys.api", "Uses"),
             ComputedEdge("sys.api->sys.db", "sys.api", "sys.db", "Reads", "SQL",
                          tags=("Relationship", "Asynchronous"), interaction="async"),
             ComputedEdge("sys.api->user", "sys.api", "user", "Notifies"),
             ComputedEdge("sys.db->sys.api", "sys.db", "sys.api", "Feeds"))
    return ComputedView("v", "container", "V", nodes=nodes, edges=edges,
                        boundaries=(ComputedBoundary("sys", "Sys", "Software System"),))


def _dot() -> str:
    return view_to_dot(_view(), Styler(Styles(), LIGHT), IconResolver(), layout=STANDARD).text


def test_a_label_node_sits_in_the_innermost_boundary_both_ends_share() -> None:
    dot = _dot()
    cluster = dot[dot.index('subgraph "cluster_sys"'):dot.index("\n  }\n")]
    assert '"archkit:label:sys.api->sys.db"' in cluster  # both ends in sys
    assert '"archkit:label:user->sys.api"' not in cluster  # one end outside it


def test_both_halves_carry_the_style_and_only_the_head_gets_an_arrow() -> None:
    lines = [x for x in _dot().splitlines() if 'id="rel-sys.api->sys.db' in x]
    first, second = lines
    assert '"sys.api" -> "archkit:label:sys.api->sys.db"' in first and "arrowhead=none" in first
    assert 'id="rel-sys.api->sys.db:head"' in second and "arrowhead" not in second
    assert all('style="dashed"' in x for x in lines)


def test_edges_against_the_flow_are_written_reversed_and_measured_as_they_point() -> None:
    dot = _dot()
    back = [x for x in dot.splitlines() if "dir=back" in x]
    assert len(back) == 4 and {re.search(r'id="rel-([^":]+)', x).group(1) for x in back} == {  # type: ignore[union-attr]
        "sys.api->user", "sys.db->sys.api"}
    quality = measure_json(graphviz.layout_json(dot))
    assert quality.backward_edges == 2  # the two closing a cycle point up; the forward ones down
    assert {d.subject for d in quality.defects if d.measure == "backward_edges"} == {"sys.api->user", "sys.db->sys.api"}


def test_a_label_node_sits_in_its_sources_boundary_when_the_layout_says_so() -> None:
    layout = replace(STANDARD, label_home="tail")
    dot = view_to_dot(_view(), Styler(Styles(), LIGHT), IconResolver(), layout=layout).text
    cluster = dot[dot.index('subgraph "cluster_sys"'):dot.index("\n  }\n")]
    assert '"archkit:label:sys.api->user"' in cluster  # its source is in sys, its destination outside
    assert '"archkit:label:sys.api->sys.db"' in cluster  # both ends in sys, as before
    assert '"archkit:label:user->sys.api"' not in cluster  # its source is outside sys
