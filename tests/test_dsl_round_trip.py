"""DSL -> archkit -> ``export --to dsl`` -> the DSL parser again gives the same workspace, field by field.

For each of Structurizr's DSL test files and Big Bank, the Structurizr JSON the parser makes of the original
is compared with what it makes of archkit's export of it; for each example model, the model's Structurizr JSON
export with the parse of its DSL export. Compared: every field of every element (kind, parent, name,
description, technology, tags, url, group, properties, perspectives, instances, deployment groups, the
element an instance deploys), of every relationship (derived ones too), and of every view (title,
description, scope, environment, layout, filter, the elements and relationships it shows, dynamic steps'
order and text, image content, animation steps), the styles and themes. Only what names an element
differs between two parses and is left out: Structurizr's ids, the DSL identifiers, and archkit's own
``archkit.json.*`` properties (which the DSL carries differently); and what archkit does not model: a
view's ``generatedKey`` (the export writes every key), a view without automatic layout (archkit lays out
every view), the order of styles (see ``_configuration``). An example model goes to DSL and back into
archkit, and both sides are compared through archkit's Structurizr JSON export.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from archkit.export import export_text
from archkit.importers.dsl import parse_dsl, parse_dsl_text
from archkit.load import load
from archkit.model import ModelIndex, Workspace

FIXTURES = Path(__file__).parent / "fixtures" / "structurizr"
PAIRS = sorted(p.name.removesuffix(".structurizr.json") for p in (FIXTURES / "dsl").glob("*.structurizr.json"))
MODELS = sorted((Path(__file__).parents[1] / "models").glob("*.py"))
_KIDS = ("containers", "components", "children", "infrastructureNodes", "softwareSystemInstances",
         "containerInstances")
_NAMING = {"id", "relationships", "sourceId", "destinationId", "linkedRelationshipId", "containerId",
           "softwareSystemId", "elementId", "deploymentGroups", *_KIDS}


def _properties(props: dict[str, str] | None) -> dict[str, str]:
    return {k: v for k, v in (props or {}).items()
            if k != "structurizr.dsl.identifier" and not k.startswith("archkit.json.") and k != "structurizr.dsl"}


def canonical(data: dict[str, Any]) -> dict[str, Any]:
    """The workspace with every id replaced by what it names (elements by their chain of names)."""
    names: dict[str, str] = {}
    elements: dict[str, dict[str, Any]] = {}
    raw_relationships: list[dict[str, Any]] = []

    def walk(item: dict[str, Any], parent: str, kind: str) -> None:
        target = item.get("containerId") or item.get("softwareSystemId")
        own = item.get("name") or f"instance of {names[target]}"
        name = f"{parent} / {own}" if parent else own
        name = f"{item.get('environment')}: {name}" if item.get("environment") and not parent else name
        names[item["id"]] = name
        fields = {k: v for k, v in item.items() if k not in _NAMING and k != "properties"}
        fields["kind"] = kind
        fields["tags"] = sorted(set((item.get("tags") or "").split(",")) - {""})
        fields["properties"] = _properties(item.get("properties"))
        fields["groups"] = sorted(item.get("deploymentGroups") or [])
        elements[name] = fields
        raw_relationships.extend(item.get("relationships") or [])
        for key in _KIDS:
            for child in item.get(key) or []:
                walk(child, name, key)

    for key in ("people", "softwareSystems", "customElements", "deploymentNodes"):
        for item in data["model"].get(key) or []:
            walk(item, "", key)
    relationships: dict[str, dict[str, Any]] = {}
    rel_names: dict[str, str] = {}
    for rel in raw_relationships:
        label = f"{names[rel['sourceId']]} -> {names[rel['destinationId']]}: {rel.get('description', '')}"
        rel_names[rel["id"]] = label
        fields = {k: v for k, v in rel.items() if k not in _NAMING and k != "properties"}
        fields.update(linked="linkedRelationshipId" in rel, properties=_properties(rel.get("properties")),
                      tags=sorted(set((rel.get("tags") or "").split(",")) - {""}))
        assert label not in relationships, label
        relationships[label] = fields
    views: dict[str, Any] = {}
    for collection, found in data.get("views", {}).items():
        if collection == "configuration":
            views[collection] = _configuration(found)
            continue
        for view in found:
            fields = {k: v for k, v in view.items() if k not in ("elements", "relationships", "order", "properties",
                                                                  "animations", "generatedKey")
                      and not k.endswith("Id")}
            for scope in ("softwareSystemId", "containerId", "elementId"):
                if scope in view:
                    fields[scope] = names[view[scope]]
            fields["properties"] = _properties(view.get("properties"))
            fields["elements"] = sorted(names[e["id"]] for e in view.get("elements") or [])
            steps = [(rel_names[r["id"]], r.get("order", ""), r.get("description", ""), r.get("response", False))
                     for r in view.get("relationships") or []]
            fields["relationships"] = steps if collection == "dynamicViews" else sorted(steps)
            fields["animations"] = [sorted(names[e] for e in step.get("elements") or [])
                                    for step in view.get("animations") or []]
            views[f"{collection}/{view['key']}"] = fields
    return {"elements": elements, "relationships": relationships, "views": views,
            "properties": _properties(data["model"].get("properties"))}


def _configuration(config: dict[str, Any]) -> dict[str, Any]:
    """Styles by tag (archkit applies them in the order of an element's tags, so their order in the list means
    nothing; the DSL parser sorts them, as Structurizr does), empty parts left out; the one shape archkit
    approximates (and warns about), MobileDeviceLandscape, as the shape it becomes."""
    styles = {kind: sorted(found, key=lambda s: (s["tag"], s.get("colorScheme", "")))
              for kind, found in (config.get("styles") or {}).items() if found}
    out = {k: v for k, v in config.items() if v and k not in ("properties", "lastSavedView", "styles")}
    out["styles"] = styles
    return dict(json.loads(json.dumps(out).replace("MobileDeviceLandscape", "MobileDevicePortrait")))


def _differences(got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    for key, view in want["views"].items():  # no automatic layout: archkit lays out every view, as written
        if key != "configuration" and "automaticLayout" not in view:
            got["views"].get(key, {}).pop("automaticLayout", None)
    out = []
    for part in ("elements", "relationships", "views"):
        for key in sorted(set(got[part]) | set(want[part])):
            a, b = got[part].get(key), want[part].get(key)
            if a != b:
                fields = sorted(f for f in {*(a or {}), *(b or {})} if (a or {}).get(f) != (b or {}).get(f))
                out.append(f"{part} {key}: " + ("missing" if a is None else "extra" if b is None else
                                                 "; ".join(f"{f}: {(b or {}).get(f)!r} became {(a or {}).get(f)!r}"
                                                           for f in fields)))
    if got["properties"] != want["properties"]:
        out.append(f"model properties: {want['properties']} became {got['properties']}")
    return out


@pytest.mark.parametrize("name", [*PAIRS, "big-bank-plc"])
def test_a_dsl_file_exported_again_parses_to_the_same_workspace(name: str, tmp_path: Path) -> None:
    path = FIXTURES / f"{name}.dsl" if name == "big-bank-plc" else FIXTURES / "dsl" / f"{name}.dsl"
    exported = export_text(load(path), "dsl")
    assert _differences(canonical(parse_dsl_text(exported, "exported.dsl", tmp_path)), canonical(parse_dsl(path))) \
        == []


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.stem)
def test_an_example_model_exported_to_dsl_and_read_back_is_the_same_workspace(path: Path, tmp_path: Path) -> None:
    """Both sides through archkit's Structurizr JSON export, so that only what the DSL lost differs."""
    ws = load(path)
    (tmp_path / "exported.dsl").write_text(export_text(ws, "dsl"), encoding="utf-8")
    again = load(tmp_path / "exported.dsl")
    got, want = (canonical(json.loads(export_text(w, "structurizr"))) for w in (again, ws))
    assert _differences(got, want) == []


def test_the_comparison_sees_a_changed_field(tmp_path: Path) -> None:
    data = parse_dsl(FIXTURES / "dsl" / "parallel1.dsl")
    changed = json.loads(json.dumps(data))
    changed["model"]["softwareSystems"][0]["containers"][0]["technology"] = "Go"
    assert _differences(canonical(changed), canonical(data)) == [
        "elements Software System / Web Application: technology: None became 'Go'"]


def _named_views(ws: Workspace) -> dict[str, Any]:
    """Every view's archkit fields, each element id replaced by the element's chain of names: what archkit
    keeps of a view beyond Structurizr's JSON (layout hints, selections, steps, animation) is compared too."""
    index = ModelIndex(ws.model)

    def name(element_id: str) -> str:
        if element_id in ("*", "") or element_id.startswith("tag:"):
            return element_id
        if "->" in element_id:
            return " -> ".join(name(part) for part in element_id.split("->", 1))
        chain = [element_id, *index.ancestors(element_id)] if element_id in index.elements else [element_id]
        return " / ".join(index.display_name(e) for e in reversed(chain))

    def walk(value: Any, key: str = "") -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, key) for v in value]
        if isinstance(value, str) and key in _ID_FIELDS:
            return name(value)
        return value

    out = {v.key: walk({**v.model_dump(mode="json", by_alias=True), "animation": [
        [name(e) for e in step] for step in v.animation]}) for v in ws.views}
    for view in out.values():
        view["exclude"] = sorted(view["exclude"])  # exclusions in any order
    return out


_ID_FIELDS = {"software_system", "container", "scope", "element", "source", "destination", "include", "exclude",
              "elements"}


@pytest.mark.parametrize("path", MODELS, ids=lambda p: p.stem)
def test_an_example_models_views_keep_every_archkit_field_through_the_dsl(path: Path, tmp_path: Path) -> None:
    ws = load(path)
    (tmp_path / "exported.dsl").write_text(export_text(ws, "dsl"), encoding="utf-8")
    assert _named_views(load(tmp_path / "exported.dsl")) == _named_views(ws)
