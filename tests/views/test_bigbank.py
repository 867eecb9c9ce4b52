"""archkit's views of the re-authored Big Bank model hold what Structurizr's own views hold.

tests/models/bigbank.py re-authors Structurizr's "Big Bank plc" workspace with the
Python API; tests/fixtures/structurizr/big-bank-plc.json is Structurizr's export of
it, views computed. For the system context, container and both deployment views,
the elements (by name) and relationships (source name, destination name,
description) must be the same multisets.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from archkit.views import ComputedView, compute_view
from tests.models.bigbank import build

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "structurizr" / "big-bank-plc.json"
VIEWS = {  # archkit view key -> (Structurizr view list, key)
    "SystemContext": ("systemContextViews", "SystemContext"),
    "Containers": ("containerViews", "Containers"),
    "LiveDeployment": ("deploymentViews", "LiveDeployment"),
    "DevelopmentDeployment": ("deploymentViews", "DevelopmentDeployment"),
}
_NESTED = ("containers", "components", "children", "containerInstances", "softwareSystemInstances",
           "infrastructureNodes")


def _structurizr() -> tuple[dict[str, Any], dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    elements: dict[str, dict[str, Any]] = {}
    relationships: dict[str, dict[str, Any]] = {}

    def walk(element: dict[str, Any]) -> None:
        elements[element["id"]] = element
        for rel in element.get("relationships", []):
            relationships[rel["id"]] = rel
        for key in _NESTED:
            for child in element.get(key, []):
                walk(child)

    for key in ("people", "softwareSystems", "deploymentNodes"):
        for element in data["model"][key]:
            walk(element)
    return data, elements, relationships


def _name(elements: dict[str, dict[str, Any]], element_id: str) -> str:
    element = elements[element_id]
    deployed = element.get("containerId") or element.get("softwareSystemId")
    return elements[deployed]["name"] if deployed else str(element["name"])


def structurizr_view(key: str) -> tuple[Counter[str], Counter[tuple[str, str, str]]]:
    data, elements, relationships = _structurizr()
    group, view_key = VIEWS[key]
    view = next(v for v in data["views"][group] if v["key"] == view_key)
    names = Counter(_name(elements, e["id"]) for e in view["elements"])
    rels = Counter(
        (_name(elements, r["sourceId"]), _name(elements, r["destinationId"]), r.get("description", ""))
        for r in (relationships[x["id"]] for x in view["relationships"])
    )
    return names, rels


def archkit_view(key: str) -> tuple[Counter[str], Counter[tuple[str, str, str]]]:
    ws = build()
    view: ComputedView = compute_view(ws, ws.views[key])
    drawn = {n.id: n.name for n in view.nodes}
    # deployment nodes are elements drawn as boundaries; groups and a view's scope are not elements
    drawn.update({b.id: b.name for b in view.boundaries if b.kind == "Deployment Node"})
    names = Counter(drawn.values())
    rels = Counter((drawn[e.source], drawn[e.destination], e.description) for e in view.edges)
    return names, rels


@pytest.mark.parametrize("key", sorted(VIEWS))
def test_bigbank_view_has_structurizrs_elements(key: str) -> None:
    assert archkit_view(key)[0] == structurizr_view(key)[0]


@pytest.mark.parametrize("key", sorted(VIEWS))
def test_bigbank_view_has_structurizrs_relationships(key: str) -> None:
    assert archkit_view(key)[1] == structurizr_view(key)[1]


def test_bigbank_keeps_structurizrs_element_names() -> None:
    _, elements, _ = _structurizr()
    theirs = {e["name"] for e in elements.values() if "name" in e}
    ours = {e.name for e in build().model.index().elements.values() if e.name}
    assert ours == theirs
