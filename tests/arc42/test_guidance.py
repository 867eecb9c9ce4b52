"""The guidance of an empty arc42 section speaks the model's own format: Python calls for a `.py` model,
YAML keys for a YAML or JSON one (as `check`'s hints do), through `docs`, `build` and `site` alike."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit.arc42.guidance import _GUIDANCE, authoring_of, guidance
from archkit.cli import app

YAML_MODEL = """\
name: Bare
model:
  software_systems:
  - {id: bare, name: Bare, description: Does one thing.}
"""
PY_MODEL = """\
from archkit import Workspace

workspace = Workspace(name="Bare")
workspace.model.software_system("Bare", "Does one thing.")
"""
#: a Python call in a code span: ``arc42.requirement(``, ``views.container(``
_CALL = re.compile(r"`[A-Za-z_][\w.]*\(")


def _pages(folder: Path, ext: str) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob(f"*.{ext}"))
            if p.name not in (f"arc42.{ext}", f"index.{ext}")}


@pytest.mark.parametrize("fmt", ["md", "adoc"])
@pytest.mark.parametrize("suffix", [".yaml", ".json"])
def test_a_data_models_empty_sections_name_its_keys_never_a_python_call(tmp_path: Path, fmt: str,
                                                                          suffix: str) -> None:
    model = tmp_path / f"bare{suffix}"
    if suffix == ".json":
        import json

        import yaml

        model.write_text(json.dumps(yaml.safe_load(YAML_MODEL)), encoding="utf-8")
    else:
        model.write_text(YAML_MODEL, encoding="utf-8")
    result = CliRunner().invoke(app, ["docs", str(model), "-o", str(tmp_path / "out"), "--no-render", "-f", fmt])
    assert result.exit_code == 0, result.output
    pages = _pages(tmp_path / "out" / "bare" / "arc42", fmt)
    assert len(pages) == 12
    calls = {name: _CALL.findall(text) for name, text in pages.items() if _CALL.search(text)}
    assert calls == {}  # before: `arc42.requirement(id, kind, title)` and the like on a YAML model's pages
    intro = pages[f"01_introduction_and_goals.{fmt}"]
    braces = "`+requirements: [{id, kind, title}]+`" if fmt == "adoc" else "`requirements: [{id, kind, title}]`"
    assert f"({braces} under `arc42:`)" in intro  # AsciiDoc: a brace in monospace is written literally
    assert "`containers: [...]` on the software system" in pages[f"05_building_block_view.{fmt}"]
    assert "`glossary: [{term, definition}]`" in pages[f"12_glossary.{fmt}"].replace("`+", "`").replace("+`", "`")


def test_a_python_models_empty_sections_name_the_calls(tmp_path: Path) -> None:
    model = tmp_path / "bare.py"
    model.write_text(PY_MODEL, encoding="utf-8")
    result = CliRunner().invoke(app, ["docs", str(model), "-o", str(tmp_path / "out"), "--no-render"])
    assert result.exit_code == 0, result.output
    pages = _pages(tmp_path / "out" / "bare" / "arc42", "md")
    assert "(`arc42.requirement(id, kind, title)`)" in pages["01_introduction_and_goals.md"]
    assert "under `arc42:`" not in "".join(pages.values())


def test_build_and_site_follow_the_model_format_too(tmp_path: Path) -> None:
    model = tmp_path / "bare.yaml"
    model.write_text(YAML_MODEL, encoding="utf-8")
    result = CliRunner().invoke(app, ["build", str(model), "-o", str(tmp_path / "out"), "-j", "1"])
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / "bare" / "arc42" / "02_architecture_constraints.md").read_text(encoding="utf-8")
    assert "`constraints: [{id, title, kind}]` under `arc42:`" in page
    result = CliRunner().invoke(app, ["site", str(model), "-o", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    html = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site" / "bare").rglob("*.html"))
    assert "constraints: [{id, title, kind}]" in html and "arc42.constraint(" not in html


def test_every_entry_has_both_forms_and_the_formats_are_told_apart() -> None:
    assert authoring_of("m.YAML") == authoring_of("m.yml") == authoring_of("w.json") == "data"
    assert authoring_of("m.py") == authoring_of("workspace.dsl") == authoring_of(None) == "python"
    python, data = guidance("python"), guidance("data")
    assert set(python) == set(data) == set(_GUIDANCE)
    assert all(_CALL.search(text) is None for text in data.values())
    assert all(text.count("`") % 2 == 0 for text in [*python.values(), *data.values()])
    with pytest.raises(ValueError, match="unknown authoring"):
        guidance("yaml")  # type: ignore[arg-type]
