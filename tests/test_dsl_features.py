"""Every part of the DSL language issue 16 lists, in one workspace (``tests/fixtures/dsl_features/``), read as
a new user would: ``archkit import`` keeps each one (or warns, for what archkit has no place for), the
Python model it writes loads as the same workspace, and the DSL exported from it parses back the same."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit.cli import app
from archkit.export import export_text
from archkit.importers import collected_warnings
from archkit.importers.dsl import parse_dsl, parse_dsl_text
from archkit.load import load
from archkit.model import ImageView, ModelIndex, Workspace
from tests.test_dsl_round_trip import _differences, canonical

FEATURES = Path(__file__).parent / "fixtures" / "dsl_features" / "workspace.dsl"


@pytest.fixture(scope="module")
def ws() -> Workspace:
    return load(FEATURES)


def test_workspace_extends_includes_constants_text_blocks_and_continuations(ws: Workspace) -> None:
    assert (ws.name, ws.description) == ("Shop", "Sells tea.")  # workspace name and description statements
    people = {p.id: p for p in ws.model.people}
    assert people["admin"].tags == ["Staff"]  # from base.dsl, which the workspace extends
    assert "auditor" in people  # !include of a folder
    assert people["customer"].description == "Buys tea\nonline."  # a text block
    shop = ws.model.software_systems[0]
    assert shop.description == "Sells tea."  # a line continuation
    assert ModelIndex(ws.model).get("shop.api").technology == "Python"  # type: ignore[union-attr]  # !const


def test_elements_keep_tags_urls_properties_perspectives_and_nested_groups(ws: Workspace) -> None:
    shop = ws.model.software_systems[0]
    assert shop.url == "https://shop.example"
    assert shop.properties == {"perspective:Security": "TLS everywhere", "perspective:Security:value": "high"}
    assert [(g.name, g.group) for g in ws.model.groups] == [("Retail", None), ("Front", "retail")]
    api = ModelIndex(ws.model).get("shop.api")
    assert api is not None and api.tags == ["Edge"] and api.properties == {"owner": "team-a"}
    assert ModelIndex(ws.model).get("shop.db").description == "Stores orders."  # type: ignore[union-attr]  # !element
    assert [c.id for c in api.components] == ["shop.api.orders"]  # type: ignore[attr-defined]


def test_relationships_this_identifiers_and_relationship_blocks(ws: Workspace) -> None:
    rels = {(r.source, r.destination): r for r in ws.model.relationships}
    assert rels[("customer", "shop")].description == "Buys from"  # `this`
    calls = rels[("customer", "shop.api")]
    assert (calls.technology, calls.tags, calls.url) == ("HTTPS", ["Sync"], "https://docs.example/calls")
    assert rels[("shop.api", "shop.db")].technology == "SQL"


def test_deployment_environment_groups_nodes_instances(ws: Workspace) -> None:
    (node,) = ws.model.deployment_nodes
    assert (node.environment, node.instances, node.tags) == ("Live", "2", ["Cloud"])
    assert [i.name for i in node.infrastructure_nodes] == ["LB"]
    assert [(i.container, i.deployment_groups) for i in node.container_instances] == [("shop.api", ["eu"])]
    assert [i.software_system for i in node.software_system_instances] == ["shop"]


def test_every_view_type_with_titles_descriptions_animation_styles_and_themes(ws: Workspace) -> None:
    assert [(v.type, v.key) for v in ws.views] == [
        ("system_landscape", "landscape"), ("system_context", "ctx"), ("container", "containers"),
        ("component", "comps"), ("dynamic", "dyn"), ("deployment", "deploy"), ("filtered", "filt"),
        ("custom", "cust"), ("image", "sketch")]
    assert ws.views["landscape"].animation == [["customer"], ["shop"]]
    assert ws.views["ctx"].title == "Shop context"
    assert ws.views["containers"].direction == "TB" and ws.views["containers"].rank_separation == 200
    sketch = ws.views["sketch"]
    assert isinstance(sketch, ImageView) and sketch.source_type == "mermaid" and sketch.element == "shop"
    assert [(s.tag, s.shape) for s in ws.styles.elements] == [("Database", "cylinder")]
    assert ws.styles.themes == ["https://static.structurizr.com/themes/default/theme.json"]
    assert ws.styles.branding == {"logo": "https://example.com/logo.png"}
    assert ws.styles.terminology == {"person": "Actor"}


def test_docs_and_adrs_become_arc42_content(ws: Workspace) -> None:
    assert [c.title for c in ws.arc42.concepts] == ["Context"]
    assert [(d.id, d.title, d.status) for d in ws.arc42.decisions] == [("1", "Use the DSL", "accepted")]


def test_what_archkit_has_no_place_for_is_warned_about_by_name() -> None:
    with collected_warnings() as warnings:
        load(FEATURES)
    text = "\n".join(warnings)
    assert "BoundariesVisible" not in text, text  # no view shows an element of a system outside its scope
    for kept in ("configuration", "model properties", "branding", "terminology"):  # kept, as references
        assert kept not in text, text


def test_import_writes_a_model_that_loads_as_the_same_workspace(tmp_path: Path, ws: Workspace) -> None:
    out = tmp_path / "shop.py"
    result = CliRunner().invoke(app, ["import", str(FEATURES), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert load(out).model_dump(mode="json") == ws.model_dump(mode="json")


def test_the_exported_dsl_parses_back_to_the_same_workspace(tmp_path: Path, ws: Workspace) -> None:
    again = parse_dsl_text(export_text(ws, "dsl"), "exported.dsl", tmp_path)
    want = canonical(parse_dsl(FEATURES))
    got = canonical(again)
    assert got["properties"]["team"] == "tea"  # a model property, kept
    assert _differences(got, want) == []
    assert json.loads(export_text(ws, "structurizr"))["views"]["configuration"]["themes"] == ws.styles.themes
