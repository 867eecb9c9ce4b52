"""``benchmarks/stages.py`` runs each stage it times, as ``run.py`` starts it: a whole process."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = ROOT / "benchmarks"


def _synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_synth_stages", BENCHMARKS / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def _stage(*args: str | Path) -> dict[str, float]:
    proc = subprocess.run([sys.executable, str(BENCHMARKS / "stages.py"), *map(str, args)], capture_output=True,
                          text=True, check=False, cwd=ROOT, timeout=300)
    assert proc.returncode == 0, proc.stderr
    marks: dict[str, float] = json.loads(proc.stdout.splitlines()[-1])
    return marks


@pytest.fixture(scope="module")
def synth_10(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path: Path = _synth().write_model(10, tmp_path_factory.mktemp("synth") / "synth-10.json")
    return path


@pytest.mark.parametrize("model", ["synth", "circuit_breaker"])
def test_dot_stage_writes_the_dot_of_every_view(tmp_path: Path, synth_10: Path, model: str) -> None:
    # circuit_breaker has a sequence view, whose DOT is its pinned drawing
    path = synth_10 if model == "synth" else ROOT / "models" / "circuit_breaker.py"
    marks = _stage("dot", path, "--out", tmp_path)
    files = sorted(tmp_path.glob("*.dot"))
    assert marks["views_count"] > 1 and len(files) == marks["views_count"]
    assert sum(len(f.read_text(encoding="utf-8")) for f in files) == marks["dot_bytes"]
    texts = [f.read_text(encoding="utf-8") for f in files]
    assert all("digraph " in t and t.rstrip().endswith("}") for t in texts)
    assert any("layout=nop2" in t for t in texts) == (model == "circuit_breaker")  # the pinned sequence view


def test_render_stage_draws_every_view_and_keeps_the_dot_it_drew(tmp_path: Path, synth_10: Path) -> None:
    views = _stage("views", synth_10)["views_count"]
    marks = _stage("render", synth_10, "--out", tmp_path, "--layout", "fast")
    assert marks["svgs"] == views == len(list(tmp_path.glob("*.dot")))
    assert marks["svg_bytes"] > 0 and marks["failed_attempts"] == 0
