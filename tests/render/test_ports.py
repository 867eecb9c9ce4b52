"""Compass ports on the element ends of label-node paths (archkit/render/ports.py), and the retry of a
layout that draws an edge through an element (archkit/render/search.py)."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from archkit.model import Styles
from archkit.render import budget, graphviz, ports, search
from archkit.render.dot import view_to_dot
from archkit.render.icons import IconResolver
from archkit.render.layout import STANDARD, XLABEL, Layout
from archkit.render.search import Run
from archkit.render.style import LIGHT, Styler
from archkit.views import ComputedBoundary, ComputedEdge, ComputedNode, ComputedView


def test_each_direction_leaves_and_reaches_elements_on_its_flow_side() -> None:
    assert ports.attrs("TB", True, True) == {"tailport": "s", "headport": "n"}
    assert ports.attrs("BT", True, True) == {"tailport": "n", "headport": "s"}
    assert ports.attrs("LR", True, False) == {"tailport": "e"}
    assert ports.attrs("RL", False, True) == {"headport": "e"}
    assert ports.attrs("TB", False, False) == {}


def test_a_layout_is_retried_with_ports_then_with_its_labels_beside_the_source_in_the_other_order() -> None:
    ported, turned = ports.retries(STANDARD)
    assert ported == replace(STANDARD, ports=True)
    assert turned == replace(STANDARD, ports=True, label_home="tail", reverse=True)
    assert ports.retries(replace(STANDARD, reverse=True))[1].reverse is False
    # nothing to retry: no label nodes, ports already, or no layout (a view that was not searched)
    assert ports.retries(XLABEL) == [] and ports.retries(ported) == [] and ports.retries(None) == []


def _view(direction: str = "TB") -> ComputedView:
    """An adapter in a group writing to a queue in the same region and to a hub outside it, one call
    back against the flow (the hub's webhook), and one relationship to the queue's boundary itself."""
    return ComputedView(
        "v", "deployment", "V", direction=direction,
        boundaries=(ComputedBoundary("region", "Region", "Deployment Node"),
                    ComputedBoundary("apps", "Apps", "Deployment Node", parent="region"),
                    ComputedBoundary("mq", "MQ", "Deployment Node", parent="region")),
        nodes=(ComputedNode("api", "API", "Container", parent="apps"),
               ComputedNode("adapter", "Adapter", "Container", parent="apps"),
               ComputedNode("queue", "Queue", "Container", parent="mq"),
               ComputedNode("hub", "Hub", "Container")),
        edges=(ComputedEdge("api->adapter", "api", "adapter", "Sends payments to"),
               ComputedEdge("adapter->queue", "adapter", "queue", "Takes messages from"),
               ComputedEdge("adapter->hub", "adapter", "hub", "Publishes status to"),
               ComputedEdge("hub->api", "hub", "api", "Calls back")))


def _lines(dot: str) -> dict[str, str]:
    """Each DOT edge line by its ``tail -> head`` (quoted ids), with its attributes."""
    found = re.findall(r'^\s*"([^"]+)" -> "([^"]+)" \[(.*)\];$', dot, flags=re.M)
    return {f"{t} -> {h}": attrs for t, h, attrs in found}


def test_ports_put_every_element_end_of_a_label_path_on_the_flow_side_and_no_label_end() -> None:
    styler = Styler(Styles(), LIGHT)
    plain = view_to_dot(_view(), styler, IconResolver(), layout=STANDARD).text
    assert "tailport" not in plain and "headport" not in plain  # the standard encoding has none
    lines = _lines(view_to_dot(_view(), styler, IconResolver(), layout=replace(STANDARD, ports=True)).text)
    out = lines["adapter -> archkit:label:adapter->queue"]
    assert "tailport=s" in out and "headport" not in out
    into = lines["archkit:label:adapter->queue -> queue"]
    assert "headport=n" in into and "tailport" not in into
    # the call back against the flow is written head first (dir=back): the ports follow the DOT roles
    back = [(k, v) for k, v in lines.items() if "dir=back" in v]
    assert back, "the hub's call back is drawn against the flow"
    for key, attrs in back:
        tail, head = key.split(" -> ")
        assert ("tailport=s" in attrs) == (not tail.startswith("archkit:label:"))
        assert ("headport=n" in attrs) == (not head.startswith("archkit:label:"))
    sideways = _lines(view_to_dot(_view("LR"), styler, IconResolver(), layout=replace(STANDARD, ports=True)).text)
    assert "tailport=e" in sideways["adapter -> archkit:label:adapter->queue"]
    assert "headport=w" in sideways["archkit:label:adapter->queue -> queue"]


def test_an_end_clipped_at_a_boundary_gets_no_port() -> None:
    view = _view()
    view = replace(view, edges=(*view.edges, ComputedEdge("api->mq", "api", "mq", "Monitors")))
    ported = replace(STANDARD, ports=True)
    lines = _lines(view_to_dot(view, Styler(Styles(), LIGHT), IconResolver(), layout=ported).text)
    (out,) = [v for k, v in lines.items() if k.endswith("-> archkit:label:api->mq")]
    assert "tailport=s" in out
    (into,) = [v for k, v in lines.items() if k.startswith("archkit:label:api->mq ->")]
    assert "lhead=" in into and "headport" not in into

def _node(id_: str, name: str, tech: str, text: str, *tags: str, kind: str = "Container") -> ComputedNode:
    """An element of :func:`two_regions`, in the boundary its id begins with."""
    return ComputedNode(id_, name, kind, tech, text, ("Element", kind, *tags), id_.rsplit(".", 1)[0],
                        "External" in tags)


def _edge(source: str, destination: str, text: str, tech: str) -> ComputedEdge:
    return ComputedEdge(f"{source}->{destination}", source, destination, text, tech)


def two_regions() -> ComputedView:
    """Two regions' services calling one core banking system in the bank's data centre: reduced from the
    untuned payments hub's deployment view (benchmarks/untuned/payments_hub.py, 'production', by dropping
    elements and relationships one at a time while its edge through an element stayed)."""
    def box(id_: str, name: str, parent: str | None = None) -> ComputedBoundary:
        return ComputedBoundary(id_, name, "Deployment Node", parent=parent)

    limits = "Checks daily limits and reserves funds."
    nodes = (
        _node("ams.mq.queue", "Scheme Command Queue", "IBM MQ",
              "Outbound scheme messages, exactly-once to each adapter.", "Queue"),
        _node("ams.web.banking", "Online Banking", "Angular", "Web front end of the retail bank."),
        _node("ams.eks.gateway", "API Gateway", "Kong", "Authenticates and rate-limits every channel call."),
        _node("ams.eks.payout", "Card Payout Adapter", "Node.js", "Push-to-card payouts."),
        _node("ams.eks.limits", "Limits & Balances", "Go", limits),
        _node("ams.eks.open", "Open Banking API", "Kong + Java",
              "PSD2 payment initiation and account access for TPPs."),
        _node("fra.eks.limits", "Limits & Balances", "Go", limits),
        _node("fra.eks.orchestrator", "Payment Orchestrator", "Java, Temporal",
              "Drives each payment through its steps, retries and compensations."),
        _node("dc.main.core", "Core Banking", "", "Accounts, balances and postings (mainframe).", "External",
              kind="Software System"),
        _node("dc.portal.corporate", "Corporate Portal", "Java, Vaadin",
              "Batch upload, approval workflows and cash positions."))
    posts = "Reserves and posts amounts in"
    edges = (_edge("ams.web.banking", "ams.eks.gateway", "Calls", "HTTPS/JSON"),
             _edge("ams.eks.payout", "ams.mq.queue", "Takes scheme messages from", "JMS"),
             _edge("ams.eks.limits", "dc.main.core", posts, "MQ, ISO 20022"),
             _edge("ams.eks.open", "ams.eks.gateway", "Calls", "HTTPS/JSON"),
             _edge("fra.eks.limits", "dc.main.core", posts, "MQ, ISO 20022"),
             _edge("fra.eks.orchestrator", "fra.eks.limits", "Reserves funds with", "gRPC"))
    boundaries = (box("ams", "AWS Amsterdam"), box("ams.mq", "Amazon MQ", "ams"), box("ams.web", "Channels", "ams"),
                  box("ams.eks", "EKS", "ams"), box("fra", "AWS Frankfurt"), box("fra.eks", "EKS", "fra"),
                  box("dc", "Bank Data Centre"), box("dc.main", "Mainframe", "dc"),
                  box("dc.portal", "Portal Servers", "dc"))
    return ComputedView("production", "deployment", "Production", nodes=nodes, edges=edges, boundaries=boundaries)


def _dots(view: ComputedView) -> search.Callable[[Layout], search.DotResult]:
    return lambda layout: view_to_dot(view, Styler(Styles(), LIGHT), IconResolver(), layout=layout)


def _through(view: ComputedView, layout: Layout) -> list[tuple[str, str]]:
    """The (edge, element) pairs of ``view``'s layout in ``layout`` where the edge runs through the element."""
    dot = _dots(view)(layout)
    geometry = graphviz.render_formats(dot.text, ["json0"], post=False)["json0"].content
    quality = search.measure_json(geometry)
    return [(d.subject, d.other) for d in quality.defects if d.measure == "edge_through_element"]


def test_the_standard_encoding_draws_an_edge_through_an_element_and_ports_do_not() -> None:
    # the label node of the Frankfurt orchestrator's call stands beside Amsterdam's channel call: the
    # half 'online banking -> label' leaves its element sideways, along the rank, through Limits & Balances
    view = two_regions()
    assert _through(view, STANDARD) == [("ams.web.banking->ams.eks.gateway", "ams.eks.limits")]
    assert _through(view, replace(STANDARD, ports=True)) == []


def _run(mode: str = "best") -> Run:
    return Run(frozenset(), 60.0, mode, True)


def test_a_searched_view_is_laid_out_again_while_an_edge_runs_through_an_element() -> None:
    view = two_regions()
    drawn = search.draw(view, STANDARD, ["svg"], _dots(view), _run())
    assert drawn.quality is not None and drawn.quality.edge_through_element == 0
    assert "tailport=s" in drawn.dot.text and drawn.outputs["svg"].content.startswith(b"<")
    fast = search.draw(view, STANDARD, ["svg"], _dots(view), _run("fast"))  # laid out once, as it comes
    assert fast.quality is not None and fast.quality.edge_through_element == 1 and "tailport" not in fast.dot.text


def test_a_view_past_the_search_budget_is_laid_out_again_only_for_an_edge_through_an_element(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(budget, "SEARCH_WORK", 0)
    monkeypatch.setattr(budget, "DENSE_WORK", 0)
    monkeypatch.setattr(budget, "WIDE_WORK", 0)
    view = two_regions()
    assert not budget.searched(view, STANDARD, "best")
    runs: list[str] = []
    real = graphviz.render_formats

    def count(dot: str, formats: list[str], **kw: object) -> dict[str, graphviz.Output]:
        runs.append(",".join(formats))
        return real(dot, formats, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(graphviz, "render_formats", count)
    drawn = search.draw(view, STANDARD, ["svg", "png"], _dots(view), _run())
    assert drawn.quality is not None and drawn.quality.edge_through_element == 0
    assert set(drawn.outputs) == {"svg", "png"} and "tailport=s" in drawn.dot.text
    # the first layout (every format), the one with ports, the winner with its rows evened and its legend
    # beside a rank in every format (archkit/render/rows.py, band.py), with each of the compact separations
    # (layout.COMPACTS) and without, which moved the layout for the worse, so drawn again with the legend in
    # the title band (not kept either), and the winner's PNG
    assert runs == ["svg,png,json0", "svg,json0", *["svg,png,json0"] * 4, "png"]
    runs.clear()
    clean = replace(view, edges=view.edges[1:])  # without the channel call: nothing through an element
    drawn = search.draw(clean, STANDARD, ["svg", "png"], _dots(clean), _run())
    assert drawn.quality is not None and drawn.quality.edge_through_element == 0 and len(runs) == 1


def test_a_build_draws_a_view_past_the_search_budget_as_render_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """``archkit build`` reports no measure (``measure=False``), yet its drawing of a view whose first layout
    runs an edge through an element is the one ``archkit render`` draws: the retry does not hang on the report."""
    from archkit import Workspace
    from archkit.render import draw_view, pipeline
    from archkit.render.layout import choose

    monkeypatch.setattr(budget, "SEARCH_WORK", 0)
    monkeypatch.setattr(budget, "DENSE_WORK", 0)
    monkeypatch.setattr(budget, "WIDE_WORK", 0)
    view = two_regions()
    assert choose(view) == STANDARD and not budget.searched(view, STANDARD, "best")
    setup = replace(pipeline._setup(Workspace(name="Bank"), None, {}, 60.0), search="best")
    reported = draw_view.attempt(replace(setup, measure=True), view, ["svg"])
    silent = draw_view.attempt(replace(setup, measure=False), view, ["svg"])
    assert "tailport=s" in reported.dot.text and silent.dot.text == reported.dot.text
    assert silent.outputs["svg"].content == reported.outputs["svg"].content



def _drawn(crossings: int, through: int, broken: int = 0) -> search.Drawn:
    """A candidate of the search with this many crossings and edges through elements (its DOT is the two
    regions' in the standard encoding: only its measure and its hints broken are read)."""
    quality = search.Quality(crossings, through, 0, 0, 0, 0, 0.5, 100.0, 100.0)
    return search.Drawn(_dots(two_regions())(STANDARD), {}, quality, broken=broken)


def test_the_search_ends_on_the_candidate_with_fewest_edges_through_elements_when_its_best_draws_one() -> None:
    # equities_trading's production (benchmarks/untuned/): the search's best by merit drew 1 edge through an
    # element after its port retries, while a candidate with none and a few crossings more was laid out
    crossed, clear = _drawn(4, 1), _drawn(10, 0)
    assert search._merit(crossed) < search._merit(clear)
    assert search._kept(crossed, clear) is crossed  # the search itself picks by merit, as before
    tried = search.Tried()
    for drawn in (crossed, clear, _drawn(12, 0), _drawn(0, 2)):
        tried.note(drawn)
    assert tried.clearest is clear
    assert search._clearest(crossed, tried) is clear
    # a best with as few edges through elements stays; so does one that keeps more of the layout hints
    few = _drawn(3, 0)
    assert search._clearest(few, tried) is few
    hinted = search.Tried()
    hinted.note(_drawn(0, 0, broken=1))
    best = _drawn(40, 2)
    assert search._clearest(best, hinted) is best


def test_an_edge_along_a_row_gets_no_port() -> None:
    """Two elements drawn side by side on one row (``Layout.fold``, render/fold.py; a short cycle levelled, render/
    level.py): Graphviz 2.43 routes a flat edge with a port through a graph of its own whose attributes it copies
    by position, so the edge's id came back as its arrowhead ("Warning: Arrow type ... unknown", seen on the
    factory model's production view) and its route changed from run to run."""
    folded = replace(STANDARD, ports=True, fold=(("api", "adapter"),))
    dot = view_to_dot(_view(), Styler(Styles(), LIGHT), IconResolver(), layout=folded).text
    lines = _lines(dot)
    along = {k: v for k, v in lines.items() if "api->adapter" in k and "rel-api->adapter" in v}
    assert len(along) == 2 and not [v for v in along.values() if "port=" in v]
    assert "tailport=s" in lines["adapter -> archkit:label:adapter->queue"]  # the others keep theirs
    assert not graphviz.run_dot(dot, "json0").warnings
