"""Real Structurizr workspaces (Structurizr's DSL test files, their JSON, Big Bank plc) as a new user takes them:
imported without warnings about what would not change, and round-tripped through ``export --to dsl`` into
the same workspace, ids included (issue 13, ``h/qa14``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from archkit.cli import app
from archkit.export import export_text
from archkit.importers import collected_warnings
from archkit.load import load, load_bytes
from archkit.model import View, Workspace

FIXTURES = Path(__file__).parent / "fixtures" / "structurizr"
DSL = FIXTURES / "dsl"
EXAMPLES = Path(__file__).parents[1] / "models"
SOURCES = sorted([FIXTURES / "big-bank-plc.dsl", FIXTURES / "big-bank-plc.json",
                  *(p for p in DSL.glob("*.dsl") if p.with_suffix(".structurizr.json").exists()),
                  *DSL.glob("*.structurizr.json")], key=lambda p: p.name)


def dumped(ws: Workspace) -> dict[str, Any]:
    """The workspace as data, its styles by tag: the DSL parser sorts them, as Structurizr does (an element's
    styles apply in the order of its tags, not of the list)."""
    data = ws.model_dump(mode="json")
    for kind in ("elements", "relationships"):
        data["styles"][kind].sort(key=lambda s: s["tag"])
    return data


def again(ws: Workspace, tmp_path: Path) -> Workspace:
    """``ws`` exported to DSL and read back."""
    return load_bytes(export_text(ws, "dsl").encode("utf-8"), "exported.dsl", folder=tmp_path)


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_a_structurizr_workspace_exported_to_dsl_reads_back_the_same(source: Path, tmp_path: Path) -> None:
    """Every element and relationship keeps its id (the DSL's own identifiers, Structurizr's numbers of a JSON
    workspace or of an anonymous instance, dotted hierarchical ids, two relationships between one pair) and
    its place: elements in model order across nested groups, deployment environments in model order."""
    ws = load(source)
    assert dumped(again(ws, tmp_path)) == dumped(ws)


def view_data(view: View) -> dict[str, Any]:
    """A view as data, what it includes and excludes as sets (as archkit reads them)."""
    data = view.model_dump(mode="json")
    for field in ("include", "exclude"):
        if isinstance(data.get(field), list):
            data[field] = sorted(data[field])
    return data


@pytest.mark.parametrize("model", sorted(EXAMPLES.glob("*.py")), ids=lambda p: p.stem)
def test_an_example_exported_to_dsl_reads_back_the_same(model: Path, tmp_path: Path) -> None:
    """Every id and view comes back (what the DSL has no place for, such as arc42 content, is README's table)."""
    ws = load(model)
    back = again(ws, tmp_path)
    assert [e.id for e, _ in back.model.walk()] == [e.id for e, _ in ws.model.walk()]
    assert [r.id for r in back.model.relationships] == [r.id for r in ws.model.relationships]
    assert [view_data(v) for v in back.views] == [view_data(v) for v in ws.views]


def test_the_getting_started_identifiers_stay_as_written(tmp_path: Path) -> None:
    """``softwareSystem = softwareSystem "..."`` is Structurizr's own first example: a keyword is a fine
    identifier, so the export writes it as it was, and the id comes back."""
    text = export_text(load(DSL / "getting-started.dsl"), "dsl")
    assert 'softwareSystem = softwareSystem "Software System"' in text
    assert "user -> softwareSystem" in text and "archkit.json.ids" not in text


def test_the_cli_round_trip_of_a_json_workspace_keeps_structurizr_ids(tmp_path: Path) -> None:
    """``archkit import`` (JSON) -> ``export --to dsl`` -> ``import`` through the CLI: the same Python model."""
    runner = CliRunner()
    first, dsl, second = tmp_path / "first.py", tmp_path / "exported.dsl", tmp_path / "second.py"
    for args in (["import", str(DSL / "getting-started.structurizr.json"), "-o", str(first)],
                 ["export", str(first), "--to", "dsl", "-o", str(dsl)],
                 ["import", str(dsl), "-o", str(second)]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    # the one warning: the theme is kept as a reference, never downloaded (its styles are not drawn)
    assert "(1 warning)" in result.output and "theme https://static.structurizr.com/themes/default" in result.output
    assert load(second).model_dump(mode="json") == load(first).model_dump(mode="json")
    assert 'id="1"' in second.read_text(encoding="utf-8")


@pytest.mark.parametrize("model", ["hexagonal", "circuit_breaker"])
def test_importing_archkits_own_dsl_export_warns_about_nothing(model: str, tmp_path: Path) -> None:
    """Every container, component and dynamic view of the export said its external boundaries are hidden
    (Structurizr's default) and each was warned about, though no view shows an element of another system."""
    path = tmp_path / f"{model}.dsl"
    path.write_text(export_text(load(EXAMPLES / f"{model}.py"), "dsl"), encoding="utf-8")
    result = CliRunner().invoke(app, ["import", str(path), "-o", str(tmp_path / "back.py")])
    assert result.exit_code == 0, result.output
    assert "(0 warnings)" in result.output, result.output


def test_big_bank_imports_with_only_what_archkit_cannot_draw() -> None:
    with collected_warnings() as warnings:
        load(FIXTURES / "big-bank-plc.dsl")
    text = "\n".join(warnings)
    assert "BoundariesVisible" not in text and "generatedKey" not in text and "positions" not in text, text
    assert "MobileDeviceLandscape" in text, text  # a shape archkit has not: still said


BOUNDARIES = """workspace {
    model {
        a = softwareSystem "A" {
            api = container "API"
        }
        b = softwareSystem "B" {
            db = container "DB"
        }
        api -> db "Reads"
    }
    views {
        container a "own" {
            include api
        }
        container a "mixed" {
            include api db
        }
    }
}
"""


def test_a_hidden_boundary_archkit_would_draw_is_still_named(tmp_path: Path) -> None:
    """A container view showing another system's container: Structurizr hides that system's boundary by
    default, archkit draws it. Said for that view, not for the one showing only its own containers."""
    path = tmp_path / "bounds.dsl"
    path.write_text(BOUNDARIES, encoding="utf-8")
    with collected_warnings() as warnings:
        load(path)
    found = [w for w in warnings if "externalSoftwareSystemBoundariesVisible" in w]
    assert len(found) == 1 and "mixed" in found[0] and "own" not in found[0], warnings
    assert not [w for w in warnings if "positions" in w], warnings  # Structurizr's 0, 0 are no positions
