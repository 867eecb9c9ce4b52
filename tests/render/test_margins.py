"""A boundary that holds only boundaries (a group around a container's boundary) keeps less room inside its
border than one that holds elements: the inner border keeps the content clear of it; a deployment node keeps
the room, its title on top where the edges into it come in (archkit/render/dot.py, ``DotWriter._margin``)."""

from __future__ import annotations

import json
import re
from dataclasses import replace

from archkit.model import Styles
from archkit.render import graphviz
from archkit.render.dot import view_to_dot
from archkit.render.drawing import parse
from archkit.render.icons import IconResolver
from archkit.render.layout import STANDARD
from archkit.render.style import LIGHT, Styler
from archkit.views import ComputedBoundary, ComputedEdge, ComputedNode, ComputedView


def _view(kind: str = "Software System") -> ComputedView:
    return ComputedView(
        "v", "deployment", "V",
        boundaries=(ComputedBoundary("region", "Region", kind),
                    ComputedBoundary("apps", "Apps", "Deployment Node", parent="region")),
        nodes=(ComputedNode("api", "API", "Container", parent="apps"),
               ComputedNode("adapter", "Adapter", "Container", parent="apps"),
               ComputedNode("hub", "Hub", "Container")),
        edges=(ComputedEdge("api->adapter", "api", "adapter", "Sends payments to"),
               ComputedEdge("adapter->hub", "adapter", "hub", "Publishes status to")))


def _margins(text: str) -> dict[str, int]:
    return {b: int(m) for b, m in re.findall(r'id="boundary-([^"]+)".* margin=(\d+)', text)}


def test_a_boundary_around_boundaries_alone_keeps_a_third_of_the_room() -> None:
    dot = view_to_dot(_view(), Styler(Styles(), LIGHT), IconResolver(), layout=STANDARD)
    assert _margins(dot.text) == {"region": STANDARD.cluster_margin // 3, "apps": STANDARD.cluster_margin}
    drawing = parse(json.loads(graphviz.run_dot(dot.text, "json0", timeout=60).content))
    boxes = {b.id: b.box for b in drawing.boundaries}
    region, apps = boxes["region"], boxes["apps"]
    assert region[0] < apps[0] and apps[2] < region[2]  # one box inside the other
    assert apps[0] - region[0] < STANDARD.cluster_margin  # closer than the room kept around elements


def test_a_boundary_holding_an_edge_label_keeps_the_room_of_one_holding_elements() -> None:
    view = _view()
    crossing = replace(view, boundaries=(
        *view.boundaries, ComputedBoundary("mq", "MQ", "Deployment Node", parent="region")),
        nodes=(*view.nodes, ComputedNode("queue", "Queue", "Container", parent="mq")),
        edges=(*view.edges, ComputedEdge("adapter->queue", "adapter", "queue", "Writes to")))
    text = view_to_dot(crossing, Styler(Styles(), LIGHT), IconResolver(), layout=STANDARD).text
    # the label of adapter -> queue is a node of region, the innermost boundary both ends share
    assert '"archkit:label:adapter->queue"' in text
    assert _margins(text)["region"] == STANDARD.cluster_margin


def test_a_deployment_node_around_deployment_nodes_alone_keeps_the_layouts_room() -> None:
    dot = view_to_dot(_view("Deployment Node"), Styler(Styles(), LIGHT), IconResolver(), layout=STANDARD)
    assert _margins(dot.text) == {"region": STANDARD.cluster_margin, "apps": STANDARD.cluster_margin}
