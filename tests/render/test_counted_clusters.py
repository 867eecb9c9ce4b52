"""Boundaries written as counted clusters (``%cluster_<id>`` with ``cluster=true``, render/dot.py), and a view's
search candidates laid out together by one ``dot`` process (``graphviz.run_batch_json``, ``drafts.together``).

Graphviz 2.43 visits sibling subgraphs in the order of their ids; a name's id is its address in memory, so in a
process that laid out other graphs before, sibling clusters named the usual way can be laid out in another order.
Counted names get ids from a counter, in the order they are read: a candidate laid out after others then gets
the layout it gets alone, and the search measures the layout its final drawing will have."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from archkit.load import load
from archkit.model import Styles
from archkit.render import drafts, graphviz, render_views
from archkit.render.dot import view_to_dot
from archkit.render.drawing import cluster_of, parse
from archkit.render.icons import IconResolver
from archkit.render.style import LIGHT, Styler
from archkit.render.svg import cluster_titles
from archkit.views import ComputedEdge
from tests.render.test_ports import _view

ROOT = Path(__file__).resolve().parents[2]

SIBLINGS = """digraph "v" {
  graph [id="view-v"];
  subgraph "%cluster_a" {
    graph [id="boundary-a" label="A" cluster=true];
    "x";
  }
  subgraph "%cluster_b-c" {
    graph [id="boundary-b-c" label="B" cluster=true];
    "y"; "z";
  }
  "x" -> "y";
}
"""


def _geometry(doc: dict[str, Any]) -> tuple[object, ...]:
    """What a layout is: every object's and edge's place, without the names Graphviz numbers."""
    objects = [(o.get("id"), o.get("pos"), o.get("bb"), o.get("width"), o.get("height"), cluster_of(o))
               for o in doc.get("objects", [])]
    return doc.get("bb"), objects, [(e.get("tail"), e.get("head"), e.get("pos")) for e in doc.get("edges", [])]


def _candidates(model: str) -> list[str]:
    """The DOT texts the layout search of every view of ``model`` laid out one by one (no batch)."""
    texts: list[str] = []
    real = drafts.drafted

    def recording(dot: drafts.DotResult, formats: Any, timeout: float) -> dict[str, graphviz.Output]:
        texts.append(dot.text)
        return real(dot, formats, timeout)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(drafts, "drafted", recording)
        patch.setattr(drafts, "together", lambda dots, run, done: False)
        render_views(load(str(ROOT / "models" / f"{model}.py")), ["svg", "png"], jobs=1, measure=False)
    return texts


def test_a_counted_cluster_is_a_cluster_named_by_its_boundary() -> None:
    assert graphviz.order_free(SIBLINGS)
    doc = json.loads(graphviz.run_dot(SIBLINGS, "json0").content)
    drawing = parse(doc)
    assert [b.id for b in drawing.boundaries] == ["a", "b-c"]
    names = [o["name"] for o in doc["objects"] if o.get("cluster") == "true"]
    assert all(re.fullmatch(r"%\d+", name) for name in names)  # Graphviz numbers them in its output
    svg = graphviz.run_dot(SIBLINGS, "svg").content  # each titled by its usual name, not its number
    assert b"<title>%" not in svg and svg.count(b"<title>cluster_") == 2
    assert b'<g id="boundary&#45;b&#45;c" class="cluster">\n<title>cluster_b&#45;c</title>' in svg
    assert cluster_titles(b'<g id="boundary-q" class="cluster">\n<title>%17</title>') == \
        b'<g id="boundary-q" class="cluster">\n<title>cluster_q</title>'


def test_order_free_takes_counted_and_anonymous_subgraphs_only() -> None:
    assert graphviz.order_free(SIBLINGS.replace('  "x" -> "y";', '  {rank=same; "x"; "y";}'))
    assert not graphviz.order_free(SIBLINGS.replace('"%cluster_a"', '"cluster_a"'))  # named: its address
    assert not graphviz.order_free(SIBLINGS.replace('"%cluster_a"', "legend"))
    assert not graphviz.order_free(SIBLINGS.replace('id="view-v"', 'id="view-v" layout=neato'))
    assert not graphviz.order_free(SIBLINGS.replace('id="view-v"', 'id="v"'))  # not archkit's DOT


def test_a_view_with_an_edge_clipped_at_a_boundary_names_its_clusters() -> None:
    """``lhead``/``ltail`` name a cluster, and Graphviz finds a counted one by name no more: such a view is
    written with named clusters (and ``compound``), and its candidates are laid out one by one."""
    view = _view()
    view = replace(view, edges=(*view.edges, ComputedEdge("api->mq", "api", "mq", "Monitors")))
    text = view_to_dot(view, Styler(Styles(), LIGHT), IconResolver()).text
    assert "%cluster_" in view_to_dot(_view(), Styler(Styles(), LIGHT), IconResolver()).text
    assert " lhead=" in text or " ltail=" in text
    assert "compound=true" in text and 'subgraph "cluster_' in text and "%cluster_" not in text
    assert not graphviz.order_free(text)
    assert not [m for m in graphviz.run_dot(text, "json0").warnings if "cluster" in m]


@pytest.mark.parametrize("model", ["circuit_breaker", "hexagonal"])
def test_candidates_laid_out_together_get_the_layouts_they_get_alone(model: str) -> None:
    texts = _candidates(model)
    together = [text for text in texts if graphviz.order_free(text)]
    assert len(together) >= 8 and any(text.count('subgraph "%cluster_') >= 2 for text in together)
    geometry = drafts.geometry
    for fmt in ("json0", "json"):
        alone = [json.loads(graphviz.run_dot(text, fmt).content) for text in together]
        batch = graphviz.run_batch_json(together, fmt)
        assert batch is not None and len(batch) == len(together)
        assert [_geometry(json.loads(out.content)) for out in batch] == [_geometry(doc) for doc in alone]
    assert {geometry(drafts.DotResult(text)) for text in together} <= {"json", "json0"}


def test_a_batch_that_warns_or_fails_gives_nothing() -> None:
    good = SIBLINGS
    assert graphviz.run_batch_json([good, good], "json0") is not None
    # Graphviz warns of two clusters of one name when compound edges look them up by name: the numbered ones
    assert graphviz.run_batch_json([good, good.replace('id="view-v"', 'id="view-v" compound=true')], "json0") is None
    assert graphviz.run_batch_json([good, 'digraph "w" { "a" -> }'], "json0") is None  # a syntax error
    warns = SIBLINGS.replace('"x" -> "y";', '"x" -> "y" [color="nocolour"];')
    assert graphviz.run_batch_json([good, warns], "json0") is None  # whose graph warned cannot be told
