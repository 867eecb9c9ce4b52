"""Custom elements (Structurizr's ``element``): the model, views, drawing, import and every export."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit import CustomElement, Workspace
from archkit.cli import app
from archkit.errors import ImportFormatError, ModelError
from archkit.export import export_text
from archkit.export.python_source import to_python_checked
from archkit.importers import import_structurizr
from archkit.importers.dsl import parse_dsl_text
from archkit.load import load
from archkit.render.pipeline import render_dot
from archkit.views.compute import compute_view

THIS_DSL = Path(__file__).parent / "fixtures" / "structurizr" / "dsl" / "this.dsl"


def network() -> Workspace:
    ws = Workspace(name="Network")
    edge = ws.model.group("Edge")
    router = ws.model.element("Router", "Hardware", "Routes packets.", tags="Network", group=edge.id,
                              url="https://example.com/router", properties={"rack": "7"})
    shop = ws.model.software_system("Shop", "Sells tea.")
    api = shop.container("API", "Takes orders.", "Python")
    db = shop.container("Database", "Stores orders.", "PostgreSQL")
    user = ws.model.person("Customer", "Buys tea.")
    user.uses(router, "Connects through", "HTTPS")
    router.uses(api, "Forwards requests to", "HTTP")
    api.uses(db, "Reads and writes", "SQL")
    ws.model.element("Printer", "Device", id="printer")
    live = ws.model.deployment_node("AWS", environment="Live")
    live.container_instance(api)
    ws.views.system_landscape(key="landscape")
    ws.views.system_context(shop, key="context")
    ws.views.container(shop, key="containers", include=["*", "printer"])
    ws.views.deployment("Live", shop, key="live", include=["*", "router"])
    ws.views.deployment("Live", shop, key="live-star")
    return ws


# ---- model ------------------------------------------------------------------------------------------


def test_a_custom_element_is_a_top_level_element_with_metadata_and_only_the_element_tag() -> None:
    ws = network()
    router = ws.model.index().get("router")
    assert isinstance(router, CustomElement)
    assert (router.metadata, router.group, router.all_tags) == ("Hardware", "edge", ["Element", "Network"])
    assert [e.id for e in ws.model.custom_elements] == ["router", "printer"]
    assert ws.model.index().parent["router"] is None


def test_a_custom_element_id_must_be_unique_like_any_element() -> None:
    ws = network()
    with pytest.raises(ModelError, match="router: duplicate id"):
        ws.model.software_system("Router")


def test_yaml_takes_custom_elements(tmp_path: Path) -> None:
    path = tmp_path / "net.yaml"
    path.write_text("name: Net\nmodel:\n  software_systems: [{name: Shop}]\n  custom_elements:\n"
                    "  - {name: Router, metadata: Hardware, description: Routes., tags: Network}\n"
                    "  relationships: [{source: router, destination: shop, description: Forwards}]\n",
                    encoding="utf-8")
    ws = load(path)
    assert ws.model.custom_elements[0].metadata == "Hardware"
    assert ws.model.relationships[0].source == "router"


# ---- views and drawing ------------------------------------------------------------------------------


def _nodes(ws: Workspace, key: str) -> list[str]:
    return sorted(n.id for n in compute_view(ws, ws.views[key]).nodes)


def test_static_views_show_custom_elements_one_hop_away_and_by_id() -> None:
    ws = network()
    assert "router" in _nodes(ws, "landscape")  # the person's neighbour
    assert "printer" not in _nodes(ws, "landscape")  # unrelated: the landscape's * is people and systems
    assert "router" in _nodes(ws, "context")  # the system's neighbour (through the API)
    assert {"router", "printer"} <= set(_nodes(ws, "containers"))


def test_deployment_views_show_custom_elements_only_when_named() -> None:
    ws = network()
    assert "router" in _nodes(ws, "live")
    assert "router" not in _nodes(ws, "live-star")
    assert compute_view(ws, ws.views["live"]).notes == ()


def test_a_custom_element_is_drawn_as_a_box_with_its_metadata_as_the_type() -> None:
    dot = render_dot(network(), "landscape")
    node = next(line for line in dot.splitlines() if line.strip().startswith('"router" ['))
    assert "<B>Router</B>" in node and "[Hardware]" in node and "Routes packets." in node
    assert "shape=box" in node


def test_metadata_named_like_a_kind_does_not_change_how_it_is_drawn_or_exported() -> None:
    ws = network()
    ws.model.custom_elements[0].metadata = "Person"
    assert "System(router" in export_text(ws, "plantuml")
    node = compute_view(ws, ws.views["landscape"]).nodes
    router = next(n for n in node if n.id == "router")
    assert (router.kind, router.type_line) == ("Custom Element", "Person")


# ---- Structurizr JSON -------------------------------------------------------------------------------


def test_structurizr_json_writes_custom_elements_and_reads_them_back_equal() -> None:
    ws = network()
    data = json.loads(export_text(ws, "structurizr"))
    router = data["model"]["customElements"][0]
    assert (router["name"], router["metadata"], router["group"], router["tags"]) == (
        "Router", "Hardware", "Edge", "Element,Network")
    # Structurizr implies router -> shop from router -> shop.api; archkit derives it again on import
    implied = [r for r in router["relationships"] if r.get("linkedRelationshipId")]
    assert [(r["destinationId"], r["linkedRelationshipId"]) for r in implied] == [("shop", "router->shop.api")]
    result = import_structurizr(data, "net.json")
    assert result.workspace == ws
    assert result.warnings == ()


def test_structurizr_json_with_a_mistyped_custom_element_is_refused_naming_the_field() -> None:
    data = {"name": "x", "model": {"customElements": [{"id": "1", "name": "Router", "metadata": 3}]}}
    with pytest.raises(ImportFormatError, match=r"model\.customElements\[0\]\.metadata"):
        import_structurizr(data, "bad.json")


def test_structurizr_json_refuses_two_custom_elements_of_one_name() -> None:
    data = {"name": "x", "model": {"customElements": [{"id": "1", "name": "R"}, {"id": "2", "name": "R"}]}}
    with pytest.raises(ImportFormatError, match="a custom element named 'R' already exists"):
        import_structurizr(data, "bad.json")


# ---- DSL, Python and the diagram exports ------------------------------------------------------------


def test_dsl_export_writes_element_and_structurizr_dsl_reads_it_back(tmp_path: Path) -> None:
    text = export_text(network(), "dsl")
    assert 'router = element "Router" "Hardware" "Routes packets." "Network" {' in text
    parsed = parse_dsl_text(text, "net.dsl", tmp_path)
    custom = parsed["model"]["customElements"]
    assert sorted((c["name"], c.get("metadata"), c.get("group", "")) for c in custom) == [
        ("Printer", "Device", ""), ("Router", "Hardware", "Edge")]


def test_python_export_writes_model_element_and_loads_as_the_same_workspace() -> None:
    text = to_python_checked(network())  # runs the written model and compares it
    assert 'model.element(\n    "Router",\n    "Hardware",\n    "Routes packets.",' in text
    assert 'model.element("Printer", "Device")' in text


@pytest.mark.parametrize(("target", "expected"), [
    ("plantuml", 'System(router, "Router", "Routes packets."'),
    ("mermaid", 'System(router, "Router", "Routes packets.")'),
    ("d2", 'router: "Router\\n[Hardware]\\nRoutes packets."'),
])
def test_diagram_exports_draw_a_custom_element(target: str, expected: str) -> None:
    assert expected in export_text(network(), target)


def test_cli_imports_structurizrs_this_workspace_into_a_python_model_that_loads(tmp_path: Path) -> None:
    out = tmp_path / "this.py"
    result = CliRunner().invoke(app, ["import", str(THIS_DSL), "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = load(out)
    assert [(e.name, e.metadata) for e in ws.model.custom_elements] == [("Element", "")]
    assert sum(r.source == ws.model.custom_elements[0].id for r in ws.model.relationships) == 4


# ---- custom views -----------------------------------------------------------------------------------

CUSTOM_VIEW_DSL = """workspace "CV" {
    model {
        a = element "A" "Hardware" "First"
        b = element "B" "Queue"
        c = element "C"
        s = softwareSystem "S"
        a -> b "Sends"
        b -> s "Feeds"
    }
    views {
        custom "net" "Network" "The network." {
            include *
            exclude c
            autolayout lr
        }
    }
}
"""


def custom_view_workspace(tmp_path: Path) -> Workspace:
    path = tmp_path / "cv.dsl"
    path.write_text(CUSTOM_VIEW_DSL, encoding="utf-8")
    return load(path)


def test_a_custom_view_shows_custom_elements_only(tmp_path: Path) -> None:
    ws = custom_view_workspace(tmp_path)
    view = compute_view(ws, ws.views["net"])
    assert ([n.id for n in view.nodes], [(e.source, e.destination) for e in view.edges]) == (["a", "b"], [("a", "b")])
    assert (view.title, view.description) == ("Network", "The network.")
    ws.views.custom(key="all", include=["*", "s"])
    everything = compute_view(ws, ws.views["all"])
    assert sorted(n.id for n in everything.nodes) == ["a", "b", "c"]  # a system cannot be on a custom view
    assert "cannot appear on this view type" in everything.notes[0]


def test_a_custom_view_travels_through_structurizr_json_dsl_and_python(tmp_path: Path) -> None:
    ws = custom_view_workspace(tmp_path)
    data = json.loads(export_text(ws, "structurizr"))
    assert [e["id"] for e in data["views"]["customViews"][0]["elements"]] == ["a", "b"]
    assert import_structurizr(data, "cv.json").workspace == ws
    dsl = export_text(ws, "dsl")
    assert 'custom "net" "Network" "The network." {' in dsl
    again = parse_dsl_text(dsl, "again.dsl", tmp_path)["views"]["customViews"][0]
    assert (again["title"], again["description"], len(again["elements"])) == ("Network", "The network.", 2)
    assert "workspace.views.custom(" in to_python_checked(ws)


@pytest.mark.parametrize(("target", "expected"), [
    ("plantuml", "!include <C4/C4_Context>"), ("mermaid", "C4Context"), ("d2", '"A\\n[Hardware]\\nFirst"'),
])
def test_diagram_exports_draw_a_custom_view(tmp_path: Path, target: str, expected: str) -> None:
    assert expected in export_text(custom_view_workspace(tmp_path), target, "net")


def test_arc42_docs_place_a_custom_view_in_the_context_section(tmp_path: Path) -> None:
    path = tmp_path / "cv.dsl"
    path.write_text(CUSTOM_VIEW_DSL, encoding="utf-8")
    result = CliRunner().invoke(app, ["docs", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    context = next((tmp_path / "out").rglob("03*.md")).read_text(encoding="utf-8")
    assert "Network" in context
