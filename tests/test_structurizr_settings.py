"""Structurizr's model properties and workspace configuration (users, visibility, scope) survive a round
trip through archkit (DSL and JSON, both ways): kept as workspace properties, written back by the exports."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from archkit import Workspace
from archkit.cli import app
from archkit.errors import ArchkitError
from archkit.export import export_text
from archkit.importers import collected_warnings
from archkit.importers.dsl import parse_dsl, parse_dsl_text
from archkit.load import load

FIXTURES = Path(__file__).parent / "fixtures" / "structurizr_settings"
DSL, JSON = FIXTURES / "workspace.dsl", FIXTURES / "workspace.json"
CONFIGURATION = {"users": [{"username": "alice@example.com", "role": "ReadWrite"},
                           {"username": "bob@example.com", "role": "ReadOnly"}]}


def settings(data: dict[str, Any]) -> tuple[Any, Any, Any]:
    """What the round trip must keep: workspace properties (but the DSL source the parser adds, the view
    options the DSL keeps there, and the ids the DSL export gives a DSL import back: tested on their own),
    model properties, configuration."""
    own = {k: v for k, v in (data.get("properties") or {}).items()
           if k != "structurizr.dsl" and not k.startswith("structurizr.view.")
           and k not in ("archkit.json.ids", "archkit.json.identifiers")}
    return own, data["model"].get("properties"), data.get("configuration")


def test_model_properties_and_configuration_are_kept_without_a_warning() -> None:
    with collected_warnings() as warnings:
        ws = load(DSL)
    assert not [w for w in warnings if "properties" in w or "configuration" in w], warnings
    assert ws.properties["owner"] == "platform team"
    assert ws.properties["structurizr.model.cost-centre"] == "42"
    assert json.loads(ws.properties["structurizr.configuration"]) == {
        **CONFIGURATION, "scope": "SoftwareSystem", "visibility": "Private"}


def test_a_dsl_workspace_exported_to_dsl_parses_back_with_the_same_settings(tmp_path: Path) -> None:
    want = parse_dsl(DSL)
    assert want["configuration"]["users"] == CONFIGURATION["users"]  # the fixture says what it should
    got = parse_dsl_text(export_text(load(DSL), "dsl"), "exported.dsl", tmp_path)
    assert settings(got) == settings(want)


def test_a_json_workspace_exported_to_json_and_dsl_keeps_its_settings(tmp_path: Path) -> None:
    want = json.loads(JSON.read_text(encoding="utf-8"))
    ws = load(JSON)
    again = json.loads(export_text(ws, "structurizr"))
    assert settings(again) == settings(want)
    from_dsl = parse_dsl_text(export_text(ws, "dsl"), "exported.dsl", tmp_path)
    assert settings(from_dsl) == settings(want)


def test_the_imported_python_model_keeps_the_settings(tmp_path: Path) -> None:
    out = tmp_path / "settings.py"
    result = CliRunner().invoke(app, ["import", str(JSON), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "0 warnings" in result.output
    assert settings(json.loads(export_text(load(out), "structurizr"))) == settings(
        json.loads(JSON.read_text(encoding="utf-8")))


def test_a_configuration_property_that_is_not_json_is_a_clean_export_error() -> None:
    ws = Workspace(name="W", properties={"structurizr.configuration": "visibility private"})
    with pytest.raises(ArchkitError, match=r"'structurizr\.configuration': not a JSON object"):
        export_text(ws, "structurizr")


def test_a_view_option_other_than_structurizr_default_is_kept_for_the_exports(tmp_path: Path) -> None:
    ws = load(JSON)
    assert ws.properties["structurizr.view.landscape.enterpriseBoundaryVisible"] == "false"
    assert not any(k.startswith("structurizr.view.context.") for k in ws.properties)  # the default: nothing
    views = json.loads(export_text(ws, "structurizr"))["views"]
    assert views["systemLandscapeViews"][0]["enterpriseBoundaryVisible"] is False
    assert "structurizr.view.landscape.enterpriseBoundaryVisible" not in json.dumps(views)
    again = load_text(export_text(ws, "dsl"), tmp_path)  # the DSL has no statement: a workspace property
    assert again.properties["structurizr.view.landscape.enterpriseBoundaryVisible"] == "false"


def load_text(dsl: str, folder: Path) -> Workspace:
    (folder / "exported.dsl").write_text(dsl, encoding="utf-8")
    return load(folder / "exported.dsl")
