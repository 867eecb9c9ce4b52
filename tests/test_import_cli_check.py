"""`archkit import` says when the model it writes will fail `archkit check`, naming each failing finding."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from archkit.cli import app

runner = CliRunner()

FAILING = """workspace {
    properties {
        "archkit.layout" "sideways"
    }
    model {
        u = person "User" "Buys things."
        s = softwareSystem "Shop" "Sells things."
        u -> s "Uses"
    }
}
"""


def _import(tmp_path: Path, text: str) -> tuple[str, Path]:
    dsl = tmp_path / "shop.dsl"
    dsl.write_text(text, encoding="utf-8")
    out = tmp_path / "shop.py"
    result = runner.invoke(app, ["import", str(dsl), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return result.stderr, out


def test_import_warns_when_the_written_model_fails_check(tmp_path: Path) -> None:
    stderr, out = _import(tmp_path, FAILING)
    assert "archkit: warning: the imported model fails archkit check: shop.dsl: workspace property " \
        "'archkit.layout': unknown layout mode 'sideways'" in stderr
    assert "[error workspace.unknown-layout]" in stderr
    assert "(1 warning)" in stderr
    checked = runner.invoke(app, ["check", str(out)])
    assert checked.exit_code == 1  # the warning was true: check fails on the written model


def test_import_of_a_clean_workspace_warns_of_nothing(tmp_path: Path) -> None:
    stderr, out = _import(tmp_path, FAILING.replace('"archkit.layout" "sideways"', '"archkit.layout" "fast"'))
    assert "fails archkit check" not in stderr
    assert "(0 warnings)" in stderr
    assert runner.invoke(app, ["check", str(out)]).exit_code == 0
