"""Ranks follow the flow: which edges are drawn reversed, and how label nodes sit on their edges."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from archkit.model import Styles
from archkit.render import graphviz
from archkit.render.dot import view_to_dot
from archkit.render.drawing import parse
from archkit.render.flow import against_flow, deepest, flow_order, stepped
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
    cluster = dot[dot.index('subgraph "%cluster_sys"'):dot.index("\n  }\n")]
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
    cluster = dot[dot.index('subgraph "%cluster_sys"'):dot.index("\n  }\n")]
    assert '"archkit:label:sys.api->user"' in cluster  # its source is in sys, its destination outside
    assert '"archkit:label:sys.api->sys.db"' in cluster  # both ends in sys, as before
    assert '"archkit:label:user->sys.api"' not in cluster  # its source is outside sys


def test_steps_order_the_nodes_lead_with_the_first_source_and_name_the_answers() -> None:
    steps = [("1", "spa", "signin"), ("2", "signin", "security"), ("3", "security", "db"),
             ("4", "db", "security"), ("5", "security", "signin"), ("6", "signin", "spa")]
    order, lead, answers = stepped(["db", "other", "security", "signin", "spa"], steps)
    assert order == ["spa", "signin", "security", "db", "other"]  # as the steps reach them, the rest after
    assert lead == ["spa"] and answers == frozenset({"4", "5", "6"})


def test_a_step_back_is_an_answer_only_to_a_call_not_answered_yet() -> None:
    # called twice, answered twice; a third step back has no call left to answer: it is a call of its own
    steps = [("1", "a", "b"), ("2", "b", "a"), ("3", "a", "b"), ("4", "b", "a"), ("5", "b", "a"), ("6", "a", "a")]
    assert stepped(["a", "b"], steps)[2] == frozenset({"2", "4"})


def _signin(direction: str = "LR") -> ComputedView:
    """Big Bank's SignIn dynamic view, ids sorted so the database comes first (as Structurizr's export gives
    them): every call answered, so no element is a source of the relationships alone."""
    names = ("db", "security", "signin", "spa")
    nodes = tuple(ComputedNode(n, n.title(), "Container") for n in names)
    calls = [("spa", "signin", "Submits credentials to"), ("signin", "security", "Validates credentials using"),
             ("security", "db", "select * from users"), ("db", "security", "Returns user data to"),
             ("security", "signin", "Returns true"), ("signin", "spa", "Sends back a token to")]
    edges = tuple(ComputedEdge(f"{t}->{h}", t, h, text, order=str(i)) for i, (t, h, text) in enumerate(calls, 1))
    return ComputedView("SignIn", "dynamic", "Sign in", direction=direction, nodes=nodes, edges=edges)


def test_a_dynamic_view_reads_along_its_steps_and_only_its_answers_point_back() -> None:
    for direction, axis, sign in (("LR", 0, 1), ("TB", 1, -1)):
        dot = view_to_dot(_signin(direction), Styler(Styles(), LIGHT), IconResolver(), layout=STANDARD).text
        back = {re.search(r'id="rel-([^":]+)', x).group(1) for x in dot.splitlines() if "dir=back" in x}  # type: ignore[union-attr]
        assert back == {"db->security", "security->signin", "signin->spa"}
        json0 = graphviz.layout_json(dot)
        quality = measure_json(json0)
        assert {d.subject for d in quality.defects if d.measure == "backward_edges"} == back
        centres = parse(json.loads(json0)).centres
        along = [sign * centres[n][axis] for n in ("spa", "signin", "security", "db")]
        assert along == sorted(along) and len(set(along)) == 4, direction  # step 1's source first, the database last
