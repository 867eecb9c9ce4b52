"""A worker process that dies in `archkit build` (os._exit, a segfault, SIGKILL as the out-of-memory killer
sends it) fails its own model only: no traceback, every model gets a status in the summary, the other
models are built, exit 1 — with one worker (`-j 1`) as with several."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ARCHKIT = Path(sys.executable).with_name("archkit")
needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")

GOOD = """\
name: {name}
model:
  software_systems:
  - {{id: shop, name: Shop, description: Sells things.}}
"""
DEATHS = {
    "exits.py": "import os\nos._exit(0)\n",
    "killed.py": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
    "segfault.py": "import ctypes\nctypes.string_at(0)\n",
}


def build(work: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": "true", "PYTHONFAULTHANDLER": ""}
    return subprocess.run([str(ARCHKIT), "build", "--out", "out", *args], cwd=work, capture_output=True, text=True,
                          timeout=600, env=env, check=False)


def summary(stdout: str) -> dict[str, str]:
    """model -> status, from the summary table."""
    rows = [line.split() for line in stdout.splitlines()[2:] if line.strip() and not line.startswith("stale")]
    return {row[0]: row[1] for row in rows}


@needs_dot
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_dead_worker_fails_its_model_and_every_other_model_is_built(tmp_path: Path, jobs: str) -> None:
    for name, source in DEATHS.items():
        (tmp_path / name).write_text(source, encoding="utf-8")
    for name in ("alpha", "omega"):
        (tmp_path / f"{name}.yaml").write_text(GOOD.format(name=name.title()), encoding="utf-8")
    models = ["alpha.yaml", *DEATHS, "omega.yaml"]

    done = build(tmp_path, "-j", jobs, *models)

    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert summary(done.stdout) == {"alpha.yaml": "built", "exits.py": "failed", "killed.py": "failed",
                                    "segfault.py": "failed", "omega.yaml": "built"}
    for name in DEATHS:
        assert f"{name}: " in done.stderr, done.stderr  # the failing model is named with its reason
    for name in ("alpha", "omega"):
        assert (tmp_path / "out" / name / "arc42" / "index.md").is_file()
        assert (tmp_path / "out" / name / ".archkit-build.json").is_file()
    for name in DEATHS:
        assert not (tmp_path / "out" / Path(name).stem / ".archkit-build.json").exists()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_single_model_whose_worker_dies_is_a_failure_not_a_silent_success(tmp_path: Path, jobs: str) -> None:
    (tmp_path / "exits.py").write_text(DEATHS["exits.py"], encoding="utf-8")
    done = build(tmp_path, "-j", jobs, "exits.py")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert summary(done.stdout) == {"exits.py": "failed"}
    again = build(tmp_path, "-j", jobs, "exits.py")  # never taken for up to date
    assert again.returncode == 1 and summary(again.stdout) == {"exits.py": "failed"}


@needs_dot
def test_build_check_with_a_dead_worker_fails_and_reports_every_model(tmp_path: Path) -> None:
    (tmp_path / "alpha.yaml").write_text(GOOD.format(name="Alpha"), encoding="utf-8")
    (tmp_path / "killed.py").write_text(DEATHS["killed.py"], encoding="utf-8")
    assert build(tmp_path, "-j", "2", "alpha.yaml").returncode == 0
    done = build(tmp_path, "--check", "-j", "2", "alpha.yaml", "killed.py")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stdout + done.stderr
    assert summary(done.stdout) == {"alpha.yaml": "fresh", "killed.py": "failed"}
