"""Same input, same bytes, across the whole pipeline: every example model rendered and documented
twice, into two different folders, gives identical files that name neither folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "models").glob("*.py"))


EXPORTS = ("structurizr", "dsl", "plantuml", "mermaid", "d2", "python")


def build(model: Path, out: Path, formats: str) -> dict[str, bytes]:
    """`archkit render`, `archkit docs` and every `archkit export` of ``model`` into ``out``; every
    file with its bytes (exports as ``export:<format>``)."""
    runner = CliRunner()
    for args in (["render", str(model), "--out", str(out), "--format", formats],
                 ["docs", str(model), "--out", str(out), "--no-render"]):
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
    files = {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    for fmt in EXPORTS:
        result = runner.invoke(app, ["export", str(model), "--to", fmt])
        assert result.exit_code == 0, result.output
        files[f"export:{fmt}"] = result.stdout_bytes
    return files


def assert_same_build(model: Path, tmp_path: Path, formats: str) -> None:
    first = build(model, tmp_path / "first", formats)
    second = build(model, tmp_path / "second-run", formats)
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == [], f"{model.name}: not reproducible: {differing}"
    for name, content in first.items():
        for folder in (tmp_path, ROOT, Path.home()):
            assert str(folder).encode() not in content, f"{name} contains the absolute path {folder}"


def test_there_are_examples_to_build() -> None:
    assert len(EXAMPLES) >= 3


@pytest.mark.parametrize("model", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_renders_and_documents_to_the_same_bytes_twice(model: Path, tmp_path: Path) -> None:
    assert_same_build(model, tmp_path, "svg,dot")


def test_png_and_pdf_output_is_reproducible_too(tmp_path: Path) -> None:
    assert_same_build(EXAMPLES[0], tmp_path, "png,pdf")
