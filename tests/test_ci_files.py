"""The CI integration files: pre-commit hooks and the example GitHub Actions workflow call real commands."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from archkit.cli import app

ROOT = Path(__file__).resolve().parent.parent


def load_yaml(relpath: str) -> Any:
    return yaml.safe_load((ROOT / relpath).read_text(encoding="utf-8"))


def assert_archkit_command(line: str) -> None:
    """``archkit SUB --opt ...``: the subcommand exists and accepts every option given."""
    words = shlex.split(line.split("|")[0].split(">")[0])
    assert words[0] == "archkit", line
    result = CliRunner().invoke(app, [words[1], "--help"])
    assert result.exit_code == 0, line
    for option in (w.split("=")[0] for w in words[2:] if w.startswith("--")):
        assert option in result.stdout, f"{line}: {option} is not an option of archkit {words[1]}"


def test_pre_commit_hooks_run_check_build_check_and_conform() -> None:
    hooks = {h["id"]: h for h in load_yaml(".pre-commit-hooks.yaml")}
    assert set(hooks) == {"archkit-check", "archkit-build-check", "archkit-conform"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert_archkit_command(hook["entry"])
    assert hooks["archkit-build-check"]["entry"] == "archkit build --check"
    assert hooks["archkit-build-check"]["pass_filenames"] is False
    assert (hooks["archkit-conform"]["entry"], hooks["archkit-conform"]["pass_filenames"]) == ("archkit conform", False)
    models = re.compile(hooks["archkit-check"]["files"])
    assert models.search("models/shop.py") and models.search("models/bank.yaml")
    assert not models.search("models/_shared.py") and not models.search("models/README.md")


def test_example_workflow_installs_graphviz_checks_and_publishes_the_site() -> None:
    workflow = load_yaml("docs/ci/archkit.yml")
    steps = [s for job in workflow["jobs"].values() for s in job["steps"]]
    runs = "\n".join(s.get("run", "") for s in steps)
    assert "apt-get install -y -qq graphviz" in runs
    assert "archkit site " in runs
    uses = {s["uses"].split("@")[0] for s in steps if "uses" in s}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages", "github/codeql-action/upload-sarif"} <= uses
    commands = [line.strip() for line in runs.splitlines() if line.strip().startswith("archkit ")]
    assert any(c.startswith("archkit check --format github") for c in commands)
    assert "archkit build --check" in commands
    assert "archkit conform --format github" in commands
    for command in commands:
        assert_archkit_command(command)


def test_readme_has_a_ci_section() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "## Using archkit in CI" in readme
    for needle in ("archkit build --check", "--format sarif", "--format github", ".pre-commit-hooks.yaml",
                   "docs/ci/archkit.yml", "archkit diff"):
        assert needle in readme


@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_the_workflow_publish_step_publishes_the_site_with_the_text_written_in_out(tmp_path: Path) -> None:
    from archkit.build import build
    from archkit.build.progress import PlainReporter

    model = tmp_path / "models" / "shop.py"
    model.parent.mkdir()
    model.write_text((ROOT / "tests/models/shop.py").read_text(encoding="utf-8"), encoding="utf-8")
    with open(os.devnull, "w") as devnull:
        assert build([model], tmp_path / "out", PlainReporter(devnull), jobs=1).ok
    strategy = tmp_path / "out/shop/arc42/04_solution_strategy.md"
    strategy.write_text(strategy.read_text(encoding="utf-8") + "\nWritten by hand in out/.\n", encoding="utf-8")
    steps = [s for job in load_yaml("docs/ci/archkit.yml")["jobs"].values() for s in job["steps"]]
    script = next(s["run"] for s in steps if "archkit site " in s.get("run", ""))
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    done = subprocess.run(["bash", "-euo", "pipefail", "-c", script], cwd=tmp_path, env=env,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert 'href="shop/index.html"' in (tmp_path / "site/index.html").read_text()
    assert "Written by hand in out/." in (tmp_path / "site/shop/arc42/04_solution_strategy.html").read_text()
    page = (tmp_path / "site/shop/arc42/05_building_block_view.html").read_text()
    assert 'class="ak-viewer"' in page and (tmp_path / "site/shop/views").is_dir()
