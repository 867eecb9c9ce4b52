"""A component view draws its container inside the container's group (and the groups around that one),
as the container view draws it: before, the group boundary held only the container's neighbours, and a
reader took the container for outside its own group (found by h/qa17 and h/qa18)."""

from __future__ import annotations

from archkit import Workspace
from archkit.render import render_dot
from archkit.views import compute_view


def _platform() -> Workspace:
    ws = Workspace(name="CDC")
    m = ws.model
    platform = m.group("Platform")
    capture = m.group("Capture", "Reads the logs.", group=platform)
    cdc = m.software_system("CDC", "Streams changes.")
    connect = cdc.container("Connect", "Runs connectors.", "Kafka Connect", group=capture)
    offsets = cdc.container("Offsets", "Connector offsets.", "Kafka", group=capture, tags=["Queue"])
    topics = cdc.container("Topics", "Row changes.", "Kafka", tags=["Queue"])
    reader = connect.component("Reader", "Reads the WAL.", "Java")
    writer = connect.component("Writer", "Publishes.", "Java")
    reader.uses(writer, "Hands events to", "in-process")
    writer.uses(topics, "Publishes", "Kafka")
    writer.uses(offsets, "Stores offsets", "Kafka")
    ws.views.component(connect, key="connect")
    ws.views.container(cdc, key="containers")
    return ws


def test_the_component_views_container_is_drawn_inside_its_groups() -> None:
    v = compute_view(ws := _platform(), ws.views["connect"])
    parent = {b.id: b.parent for b in v.boundaries}
    assert parent["cdc.connect"] == "group:capture@cdc"       # the container's own group
    assert parent["group:capture@cdc"] == "group:platform@cdc"  # inside the group that holds it
    assert parent["group:platform@cdc"] == "cdc"
    # its neighbour of the same group shares that one boundary; one of no group stays outside it
    assert {n.id: n.parent for n in v.nodes}["cdc.offsets"] == "group:capture@cdc"
    assert {n.id: n.parent for n in v.nodes}["cdc.topics"] == "cdc"


def test_the_component_views_container_is_nested_in_its_groups_cluster_in_the_dot() -> None:
    opened: list[str] = []
    nesting: dict[str, list[str]] = {}
    for line in render_dot(_platform(), "connect").splitlines():
        if line.strip().startswith("subgraph"):
            name = line.split('"')[1]
            nesting[name] = list(opened)
            opened.append(name)
        elif line.strip() == "}" and opened:
            opened.pop()
    assert nesting["%cluster_cdc.connect"] == ["%cluster_cdc", "%cluster_group:platform@cdc",
                                               "%cluster_group:capture@cdc"]


def test_a_container_views_boundaries_are_unchanged() -> None:
    """Only the component view's scope moves into its groups: a container view's system boundary is
    drawn as before, with the groups inside it."""
    ws = _platform()
    containers = compute_view(ws, ws.views["containers"])
    assert {b.id: b.parent for b in containers.boundaries} == {
        "cdc": None, "group:platform@cdc": "cdc", "group:capture@cdc": "group:platform@cdc"}
