"""The diagram formats of a build (workspace property ``archkit.formats``), and `build` / `build --check`
agreeing after `archkit render` wrote a format the build does not: through the real `archkit` command."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from archkit.errors import ModelError
from archkit.render.formats import FORMATS_PROPERTY, diagram_formats

MODEL = """\
name: Tiny
{properties}model:
  people:
  - {{id: user, name: User, description: Uses it.}}
  software_systems:
  - id: app
    name: App
    description: Does things.
  relationships:
  - {{source: user, destination: app, description: Uses, technology: HTTPS}}
views:
- {{type: system_context, software_system: app, key: context}}
"""


def archkit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": "true"}  # plain progress lines
    return subprocess.run([sys.executable, "-m", "archkit.cli", *args], cwd=cwd, capture_output=True, text=True,
                          env=env, check=False, timeout=300)


def tiny(folder: Path, formats: str | None = None) -> Path:
    properties = f'properties: {{"{FORMATS_PROPERTY}": "{formats}"}}\n' if formats is not None else ""
    model = folder / "tiny.yaml"
    model.write_text(MODEL.format(properties=properties), encoding="utf-8")
    return model


def diagrams(folder: Path) -> list[str]:
    return sorted(p.name for p in (folder / "out/tiny/diagrams").iterdir())


def test_after_render_writes_a_pdf_build_and_build_check_agree_it_is_stale(tmp_path: Path) -> None:
    tiny(tmp_path)
    assert archkit("build", "tiny.yaml", cwd=tmp_path).returncode == 0
    assert archkit("render", "tiny.yaml", "-f", "pdf", cwd=tmp_path).returncode == 0
    assert "context.pdf" in diagrams(tmp_path)

    checked = archkit("build", "--check", "tiny.yaml", cwd=tmp_path)
    assert checked.returncode == 1
    assert "out/tiny/diagrams/context.pdf (not generated: the build writes png, svg — add pdf to the " \
           "workspace property archkit.formats to keep it)" in checked.stdout + checked.stderr

    built = archkit("build", "tiny.yaml", cwd=tmp_path)  # not "up to date": it removes what --check named
    assert built.returncode == 0
    assert "built" in built.stdout + built.stderr and "up to date" not in built.stdout + built.stderr
    assert diagrams(tmp_path) == ["context.png", "context.svg"]
    assert archkit("build", "--check", "tiny.yaml", cwd=tmp_path).returncode == 0


def test_the_model_names_the_formats_build_and_render_write(tmp_path: Path) -> None:
    tiny(tmp_path, "svg, pdf")
    assert archkit("build", "tiny.yaml", cwd=tmp_path).returncode == 0
    assert diagrams(tmp_path) == ["context.pdf", "context.svg"]
    assert (tmp_path / "out/tiny/diagrams/context.pdf").read_bytes().startswith(b"%PDF")
    assert archkit("render", "tiny.yaml", "-o", "again", cwd=tmp_path).returncode == 0  # no -f: the model's
    assert sorted(p.name for p in (tmp_path / "again/tiny/diagrams").iterdir()) == ["context.pdf", "context.svg"]
    assert archkit("build", "--check", "tiny.yaml", cwd=tmp_path).returncode == 0


def test_an_unknown_format_fails_the_model_naming_the_property(tmp_path: Path) -> None:
    tiny(tmp_path, "svg, pfd")
    built = archkit("build", "tiny.yaml", cwd=tmp_path)
    assert built.returncode == 1
    assert "tiny.yaml: workspace property 'archkit.formats': unknown diagram format 'pfd'" in built.stderr
    assert not (tmp_path / "out/tiny/diagrams").exists()


def test_formats_default_to_svg_and_png_and_always_hold_svg() -> None:
    assert diagram_formats({}) == ["svg", "png"]
    assert diagram_formats({FORMATS_PROPERTY: " "}) == ["svg", "png"]
    assert diagram_formats({FORMATS_PROPERTY: "PDF, png, pdf"}) == ["svg", "pdf", "png"]  # the pages show the SVG
    message = "m.py: workspace property 'archkit.formats': unknown diagram format 'jpg'"
    with pytest.raises(ModelError, match=re.escape(message)):
        diagram_formats({FORMATS_PROPERTY: "svg,jpg"}, "m.py")
