"""Labels of the relationships into a hub kept by their sources (``Layout.hubs``, ``h/rails``).

Three writers of one store, their labels as label nodes: by default ``dot`` may put every label on
the rank just above the store, in a row beside it, with the edges run along that row (``label_rails``);
with ``hubs`` the half of each path into the store spans two ranks, so the label stays under its
writer. How the rule is written in DOT, that ``dot`` ranks it so, and when the search tries it; what it
gains on the untuned models is measured in benchmarks/README.md, not asserted here.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace

from archkit.model.styles import Styles
from archkit.render import budget, graphviz
from archkit.render.dot import view_to_dot
from archkit.render.icons import IconResolver
from archkit.render.layout import STANDARD, Layout
from archkit.render.quality import Quality
from archkit.render.style import THEMES, Styler
from archkit.views import ComputedEdge, ComputedHint, ComputedNode, ComputedView

WRITERS = ("a", "b", "c")


def _view(writers: tuple[str, ...] = WRITERS, labelled: bool = True) -> ComputedView:
    """A user calls each writer; every writer writes to ``db``."""
    nodes = (ComputedNode("user", "User", "Person"), *(ComputedNode(w, w.upper(), "Container") for w in writers),
             ComputedNode("db", "DB", "Container"))
    edges = (*(ComputedEdge(f"user->{w}", "user", w, "Uses") for w in writers),
             *(ComputedEdge(f"{w}->db", w, "db", "Writes to" if labelled else "") for w in writers))
    return ComputedView("v", "container", "V", nodes=nodes, edges=edges)


def _dot(view: ComputedView, layout: Layout) -> str:
    return view_to_dot(view, Styler(Styles(), THEMES["light"]), IconResolver(), layout=layout).text


def _minlen(dot: str) -> dict[str, str]:
    """Per DOT edge written with a ``minlen``, its id and the value."""
    return {m[0]: m[1] for m in re.findall(r'\[id="rel-([^"]+)"[^\]]* minlen=(\d+)', dot)}


def test_the_halves_into_a_store_three_relationships_write_to_span_two_ranks() -> None:
    assert budget.HUB_EDGES == 3
    hubbed = _dot(_view(), replace(STANDARD, hubs=3))
    assert _minlen(hubbed) == {f"{w}->db:head": "2" for w in WRITERS}
    assert _minlen(_dot(_view(), STANDARD)) == {}  # not asked for
    assert _dot(_view(WRITERS[:2]), replace(STANDARD, hubs=3)) == _dot(_view(WRITERS[:2]), STANDARD)  # no hub
    assert _dot(_view(labelled=False), replace(STANDARD, hubs=3)) == _dot(_view(labelled=False), STANDARD)


def _heights(dot: str) -> dict[str, float]:
    """Each DOT node's height (y of its centre, growing upwards) as ``dot`` lays it out."""
    shape = graphviz.render_formats(dot, ["json0"], timeout=30, post=False)["json0"].content
    return {str(o["name"]): float(o["pos"].split(",")[1]) for o in json.loads(shape)["objects"] if "pos" in o}


def test_dot_puts_each_label_nearer_its_writer_than_the_hub() -> None:
    y = _heights(_dot(_view(), replace(STANDARD, hubs=3)))
    for w in WRITERS:
        label = y[f"archkit:label:{w}->db"]
        assert y[w] > label > y["db"] and y[w] - label < label - y["db"]
    plain = _heights(_dot(_view(), STANDARD))  # without: one rank each side, the label midway
    for w in WRITERS:
        label = plain[f"archkit:label:{w}->db"]
        assert plain[w] - label == label - plain["db"]


def _quality(rails: int) -> Quality:
    return Quality(3, 0, 0, 0, 0, 0, 0.3, 100.0, 100.0, label_rails=rails)


def test_the_search_tries_it_once_for_a_view_with_label_rails_hints_or_not() -> None:
    """A view with layout hints gets it too (it moves label nodes, not elements; the search keeps no
    candidate that keeps fewer hints)."""
    view = _view()
    assert budget.railed(view, STANDARD, _quality(2)) == [replace(STANDARD, hubs=budget.HUB_EDGES)]
    assert budget.railed(view, STANDARD, _quality(0)) == []
    assert budget.railed(view, replace(STANDARD, hubs=3), _quality(2)) == []  # already so drawn
    assert budget.railed(view, None, _quality(2)) == []
    hinted = replace(view, hints=(ComputedHint("rank", ("a", "b")),))
    assert budget.railed(hinted, STANDARD, _quality(2)) == [replace(STANDARD, hubs=budget.HUB_EDGES)]
