"""The CLI: clean one-line errors, exit codes, JSON findings, `new`, `schema`, `--version`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit import __version__
from archkit.cli import app

MODELS = Path(__file__).parent / "models"
runner = CliRunner()


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """The real console entry point in a subprocess (to see exactly what a user sees)."""
    return subprocess.run([sys.executable, "-m", "archkit.cli", *args], capture_output=True, text=True,
                          timeout=60, check=False)


def test_version() -> None:
    out = run("--version")
    assert out.returncode == 0 and out.stdout.strip() == f"archkit {__version__}"


def test_check_clean_model_exits_zero() -> None:
    result = runner.invoke(app, ["check", "--strict", str(MODELS / "shop.py")])
    assert result.exit_code == 0, result.output


def test_misspelt_destination_prints_the_documented_line_and_exits_1(tmp_path: Path) -> None:
    src = (MODELS / "shop.py").read_text()
    bad = tmp_path / "shop.py"
    bad.write_text(src.replace('orders.uses(repo, "Saves', 'orders.uses("shop.api.order-repositry", "Saves'))
    out = run("check", str(bad))
    assert out.returncode == 1
    assert (f"{bad}: shop.api.orders -> shop.api.order-repositry: unknown destination "
            "'shop.api.order-repositry'; did you mean 'shop.api.order-repository'?") in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


def test_yaml_unknown_key_fails_naming_the_key(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text("name: x\nmodel:\n  people:\n    - name: A\n      descripton: typo\n")
    out = run("check", str(p))
    assert out.returncode == 2 and "unknown key 'descripton'" in out.stderr
    assert "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("missing.yaml", None),
        ("empty.yaml", b""),
        ("binary.json", bytes(range(256))),
        ("invalid.yaml", b"a: [\n"),
        ("array.json", b"[]"),
        ("raises.py", b"raise ValueError('x')\n"),
        ("none.py", b"value = 1\n"),
    ],
)
def test_unloadable_files_give_one_clean_message_and_exit_2(tmp_path: Path, name: str,
                                                            content: bytes | None) -> None:
    p = tmp_path / name
    if content is not None:
        p.write_bytes(content)
    out = run("check", str(p))
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1 and str(p) in out.stderr


def test_check_json_has_the_documented_fields(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text("name: x\nmodel:\n  people:\n    - name: A\n  software_systems:\n    - name: S\n")
    result = runner.invoke(app, ["check", "--format", "json", str(p)])
    findings = json.loads(result.stdout)
    assert findings and all(set(f) == {"rule", "severity", "element", "file", "message", "hint"} for f in findings)
    assert result.exit_code == 0  # warnings only


def test_strict_fails_on_warnings(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text("name: x\nmodel:\n  people:\n    - name: A\n")
    assert runner.invoke(app, ["check", str(p)]).exit_code == 0
    assert runner.invoke(app, ["check", "--strict", str(p)]).exit_code == 1


def test_new_scaffolds_a_model_that_passes_strict_check(tmp_path: Path) -> None:
    result = runner.invoke(app, ["new", "Payment Hub", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    model = tmp_path / "payment_hub.py"
    assert runner.invoke(app, ["check", "--strict", str(model)]).exit_code == 0
    again = runner.invoke(app, ["new", "Payment Hub", "--dir", str(tmp_path)])
    assert again.exit_code == 2 and "already exists" in again.output


def test_schema_is_json_schema_of_the_workspace() -> None:
    result = runner.invoke(app, ["schema"])
    schema = json.loads(result.stdout)
    assert schema["title"] == "Workspace" and "model" in schema["properties"]


def test_every_command_has_help() -> None:
    import typer.main

    group = typer.main.get_command(app)
    for name in group.commands:  # type: ignore[attr-defined]
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output, name
