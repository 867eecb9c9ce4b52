"""`mkdocs build --strict` publishes the generated Markdown set: every page, link, anchor and diagram resolves."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archkit.arc42 import write_docs
from archkit.output import Artifact, safe_name, write_artifacts
from tests.arc42.docs_models import landscape, shop
from tests.arc42.helpers import workspace

needs_mkdocs = pytest.mark.skipif(importlib.util.find_spec("mkdocs") is None, reason="mkdocs is not installed")
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>\n'


def _build(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f",
                           str(root / "arc42" / "mkdocs.yml")], capture_output=True, text=True, timeout=120)


@needs_mkdocs
@pytest.mark.parametrize("build", [shop, landscape])
def test_mkdocs_build_strict_passes_on_the_generated_set(tmp_path: Path, build: object) -> None:
    ws = build()  # type: ignore[operator]
    root = tmp_path / "out" / "model"
    write_artifacts(root, [Artifact(f"diagrams/{safe_name(v.key)}.svg", SVG) for v in ws.effective_views()])
    write_docs(ws, root, render=False)
    done = _build(root)
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site" / ws.name.lower()
    assert (site / "arc42" / "05_building_block_view.html").is_file()
    assert any((site / "diagrams").glob("*.svg"))


@needs_mkdocs
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_mkdocs_build_strict_passes_on_an_example_with_its_rendered_diagrams(tmp_path: Path) -> None:
    root = tmp_path / "out" / "hexagonal"
    result = write_docs(workspace("hexagonal"), root)
    assert result.report.missing_diagrams == ()
    done = _build(root)
    assert done.returncode == 0, done.stderr
