"""Every workspace dumps to JSON and loads back equal; check never raises on a valid workspace."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given

from archkit import Workspace, check, load
from tests.strategies import workspaces


@given(workspaces())
def test_workspace_json_round_trip_is_equal(ws: Workspace) -> None:
    again = Workspace.model_validate_json(ws.to_json())
    assert again == ws
    assert again.to_json() == ws.to_json()


@given(workspaces())
def test_check_never_raises_and_finds_no_errors_in_valid_workspaces(ws: Workspace) -> None:
    findings = check(ws, "random.json")
    assert all(f.severity != "error" for f in findings), [f.line() for f in findings]


def test_round_trip_through_files_is_equal(tmp_path: Path) -> None:
    from tests.models.shop import build

    ws = build()
    (tmp_path / "shop.json").write_text(ws.to_json(), encoding="utf-8")
    assert load(tmp_path / "shop.json") == load(Path(__file__).parent / "models" / "shop.py")
