"""The benchmark's synthetic models load and check clean, have the size asked for, and are stable."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from archkit.check import check
from archkit.load import load

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _synth() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_synth", BENCHMARKS / "synth.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


synth = _synth()


@pytest.mark.parametrize("n", [10, 100])
@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_synthetic_model_loads_and_checks_clean(tmp_path: Path, n: int, suffix: str) -> None:
    path = synth.write_model(n, tmp_path / f"synth-{n}{suffix}")
    ws = load(path)
    assert sum(1 for _ in ws.model.walk()) == n
    assert check(ws, str(path)) == []


def test_synthetic_model_has_realistic_shape() -> None:
    data = synth.synth(100)
    model = data["model"]
    assert len(model["relationships"]) == 200  # about two per element
    assert any(s.get("containers") for s in model["software_systems"])
    assert any(c.get("components") for s in model["software_systems"] for c in s.get("containers", []))
    assert model["groups"] and model["deployment_nodes"]
    assert {v["type"] for v in data["views"]} >= {"system_landscape", "container", "component", "deployment"}


def test_synthetic_model_is_deterministic() -> None:
    assert synth.dumps(synth.synth(100), "json") == synth.dumps(synth.synth(100), "json")
    assert synth.dumps(synth.synth(100, seed=1), "json") != synth.dumps(synth.synth(100), "json")
