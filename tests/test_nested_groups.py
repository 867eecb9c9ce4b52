"""Nested groups (issue 16, item 4): authored in Python and YAML, drawn nested, imported from and exported
to Structurizr (``structurizr.groupSeparator``) and nested in every export."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from archkit import Workspace, check, load
from archkit.errors import ModelError
from archkit.export import export_text
from archkit.export.structurizr_json import structurizr_data
from archkit.importers import import_structurizr
from archkit.views import compute_view

REFERENCE = Path(__file__).parent / "fixtures" / "structurizr" / "dsl" / "groups-nested.structurizr.json"


def nested() -> Workspace:
    ws = Workspace(name="Nested")
    m = ws.model
    org = m.group("Organisation")
    dept = m.group("Department A", group=org)
    service = m.group("Service A")
    a = m.software_system("A", "System A.", group=dept.id)
    b = m.software_system("B", "System B.", group=org.id)
    api = a.container("API", "Serves.", "Python", group=service.id)
    db = a.container("DB", "Stores.", "SQL", group=service.id)
    api.uses(db, "Reads", "SQL")
    api.uses(b, "Calls", "HTTPS")
    ws.views.system_landscape(key="landscape")
    ws.views.container(a, key="containers")
    return ws


def _elements(items: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    out = []
    for item in items:
        out.append(item)
        for key in ("containers", "components"):
            out += _elements(item.get(key) or [])
    return out


def test_structurizr_nested_groups_import_as_nested_archkit_groups_and_export_back_the_same() -> None:
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    ws = import_structurizr(json.loads(REFERENCE.read_text(encoding="utf-8")), REFERENCE.name).workspace
    index = ws.model.index()
    names = {g.id: g.name for g in ws.model.groups}
    component = index.get("3")
    assert component is not None
    assert [names[g] for g in index.group_chain(component.group)] == ["API Layer", "a-api.jar"]
    system = index.get("1")
    assert system is not None and [names[g] for g in index.group_chain(system.group)] == [
        "Department A", "Organisation"]
    exported = structurizr_data(ws)
    assert exported["model"]["properties"] == {"structurizr.groupSeparator": "/"}
    got = {e["id"]: e.get("group") for e in _elements(exported["model"]["softwareSystems"])}
    assert got == {e["id"]: e.get("group") for e in _elements(data["model"]["softwareSystems"])}
    assert import_structurizr(exported, "again.json").workspace == ws


def test_without_a_separator_a_slash_in_a_group_name_is_no_nesting() -> None:
    data = json.loads(REFERENCE.read_text(encoding="utf-8"))
    del data["model"]["properties"]
    ws = import_structurizr(data, "flat.json").workspace
    assert all(g.group is None for g in ws.model.groups)
    assert "Organisation/Department A" in {g.name for g in ws.model.groups}


def test_another_separator_is_kept_and_written_back() -> None:
    ws = nested()
    ws.properties["structurizr.groupSeparator"] = "|"
    data = structurizr_data(ws)
    assert data["model"]["properties"] == {"structurizr.groupSeparator": "|"}
    assert data["model"]["softwareSystems"][0]["group"] == "Organisation|Department A"
    assert import_structurizr(data, "x.json").workspace == ws
    assert '"structurizr.groupSeparator" "|"' in export_text(ws, "dsl")


def test_a_group_name_holding_the_separator_gets_another_one() -> None:
    ws = nested()
    ws.model.groups[0].name = "Org/Unit"
    data = structurizr_data(ws)
    assert data["model"]["properties"] == {"structurizr.groupSeparator": "|"}
    assert data["model"]["softwareSystems"][0]["group"] == "Org/Unit|Department A"


def test_python_refuses_an_unknown_outer_group_and_data_refuses_a_cycle(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="is nested in 'nowhere', which is no group"):
        Workspace(name="x").model.group("Inner", group="nowhere")
    (tmp_path / "cycle.yaml").write_text(
        "name: C\nmodel:\n  groups:\n  - {id: a, name: A, group: b}\n  - {id: b, name: B, group: a}\n",
        encoding="utf-8")
    with pytest.raises(ModelError, match="nested in itself"):
        load(tmp_path / "cycle.yaml")


def test_yaml_nested_groups_load_and_an_unknown_outer_group_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "g.yaml").write_text(
        "name: G\nmodel:\n  groups:\n  - {id: org, name: Org}\n  - {id: team, name: Team, group: org}\n"
        "  - {id: lost, name: Lost, group: orgg}\n"
        "  software_systems:\n  - {id: s, name: S, description: d, group: team}\n", encoding="utf-8")
    ws = load(tmp_path / "g.yaml")
    assert ws.model.index().group_chain("team") == ["team", "org"]
    (finding,) = [f for f in check(ws, "g.yaml") if f.rule == "element.unknown-group"]
    assert finding.element == "lost" and "did you mean 'org'" in finding.hint


def test_views_draw_a_group_inside_the_group_it_is_nested_in() -> None:
    ws = nested()
    landscape = compute_view(ws, ws.views["landscape"])
    parents = {b.id: b.parent for b in landscape.boundaries}
    assert parents == {"group:organisation": None, "group:department-a": "group:organisation"}
    assert {n.id: n.parent for n in landscape.nodes} == {"a": "group:department-a", "b": "group:organisation"}


def _nesting(text: str, outer: str, inner: str, member: str) -> bool:
    """``outer`` opens before ``inner``, which opens before ``member``, each indented deeper."""
    lines = text.splitlines()
    at = [next(i for i, line in enumerate(lines) if re.search(p, line)) for p in (outer, inner, member)]
    indents = [len(lines[i]) - len(lines[i].lstrip()) for i in at]
    return at[0] < at[1] < at[2] and indents[0] < indents[1] < indents[2]


@pytest.mark.parametrize(("fmt", "outer", "inner", "member"), [
    ("plantuml", r"Boundary\(group_organisation", r"Boundary\(group_department_a", r"System\(a,"),
    ("mermaid", r"Boundary\(group_organisation", r"Boundary\(group_department_a", r"System\(a,"),
    ("mermaid-flowchart", r"subgraph .*Organisation", r"subgraph .*Department A", r"^\s+a\b"),
    ("d2", r"^group_organisation:", r"^\s+group_department_a:", r"^\s+a:"),
    ("dot", r"cluster_group:organisation", r"cluster_group:department-a", r'^\s+"?a"? \['),
    ("dsl", r'group "Organisation"', r'group "Department A"', r'a = softwareSystem "A"'),
])
def test_every_export_nests_the_groups(fmt: str, outer: str, inner: str, member: str) -> None:
    text = export_text(nested(), fmt, "landscape" if fmt != "dsl" else None)
    assert _nesting(text, outer, inner, member), text


def test_dsl_export_declares_the_separator_and_python_export_loads_back(tmp_path: Path) -> None:
    ws = nested()
    assert re.search(r'^ {8}properties \{\n {12}"structurizr.groupSeparator" "/"', export_text(ws, "dsl"), re.M)
    (tmp_path / "nested.py").write_text(export_text(ws, "python"), encoding="utf-8")
    assert load(tmp_path / "nested.py") == ws
