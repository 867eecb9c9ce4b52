"""`archkit docs`: writes OUT/<model>/arc42/, prints the completeness report (text or JSON), fails cleanly."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from archkit.cli import app

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "tests" / "models" / "shop.py"
ADR = ROOT / "tests" / "fixtures" / "adr"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_docs_writes_the_markdown_set_and_a_text_report(tmp_path: Path) -> None:
    code, out, err = _run("docs", str(MODEL), "-o", str(tmp_path), "--no-render")
    assert code == 0, err
    folder = tmp_path / "shop" / "arc42"
    assert (folder / "05_building_block_view.md").is_file() and (folder / "arc42.md").is_file()
    assert (folder / "mkdocs.yml").is_file() and (folder / "decisions" / "0001-use-postgresql.md").is_file()
    assert "view has no rendered diagram" in out
    assert "arc42 docs in" in err


def test_docs_report_as_json_is_the_only_thing_on_stdout(tmp_path: Path) -> None:
    code, out, _err = _run("docs", str(MODEL), "-o", str(tmp_path), "--no-render", "--report", "json")
    assert code == 0
    report = json.loads(out)
    assert report["model"] == "shop"
    assert set(report) >= {"empty_sections", "elements_without_description", "quality_goals_without_scenario"}
    assert {"number": "10.1", "title": "Quality Requirements Overview"} not in report["empty_sections"]


def test_docs_in_asciidoc_with_madr_records_and_an_adr_folder(tmp_path: Path) -> None:
    model = tmp_path / "orders.yaml"
    model.write_text("name: Orders\nmodel:\n  software_systems:\n    - name: Orders\n", encoding="utf-8")
    code, _out, err = _run("docs", str(model), "-o", str(tmp_path), "-f", "adoc", "--adr-format", "madr",
                           "--adr-dir", str(ADR / "nygard"), "--no-render")
    assert code == 0, err
    folder = tmp_path / "orders" / "arc42"
    assert (folder / "index.adoc").is_file() and not (folder / "mkdocs.yml").exists()
    section9 = (folder / "09_architecture_decisions.adoc").read_text(encoding="utf-8")
    assert "Use SQS for order events" in section9
    assert "xref:decisions/0003-use-sqs-for-order-events.adoc[0003]" in section9
    adr = (folder / "decisions" / "0003-use-sqs-for-order-events.adoc").read_text(encoding="utf-8")
    assert adr.startswith("= Use SQS for order events\n") and "\n:status: accepted\n" in adr
    assert not list((folder / "decisions").glob("*.md"))  # an AsciiDoc set has AsciiDoc ADRs only


def test_docs_with_a_bad_template_folder_fails_with_one_line(tmp_path: Path) -> None:
    code, _out, err = _run("docs", str(MODEL), "-o", str(tmp_path), "--templates", str(tmp_path / "none"))
    assert code == 2
    assert err.count("\n") == 1 and "folder not found" in err
