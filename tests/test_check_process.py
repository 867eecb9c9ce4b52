"""`archkit check` as the process a user starts (issue 18, `load_check_5000_s`): it imports only what checking
needs, and its quick exit (the collector off, the models left to the operating system) keeps every line, exit
code and ``atexit`` handler of the ordinary one."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit.cli import app

ROOT = Path(__file__).resolve().parent.parent
ARCHKIT = Path(sys.executable).with_name("archkit")  # the installed console script, as a user runs it

# what checking a JSON model never needs: diagrams, documents, other tools' formats, YAML
NOT_FOR_CHECK = (
    "jinja2", "yaml", "markdown", "markdown_it", "graphviz", "diagrams", "rich", "grimp",
    "archkit.render.pipeline", "archkit.render.graphviz", "archkit.render.dot", "archkit.render.search",
    "archkit.arc42.generate", "archkit.arc42.adr", "archkit.importers.structurizr", "archkit.export",
    "archkit.build", "archkit.preview", "archkit.yamlfile",
)

BROKEN = """\
{"name": "Broken", "model": {
  "people": [{"id": "user", "name": "User"}],
  "software_systems": [{"id": "shop", "name": "Shop"}],
  "relationships": [{"source": "user", "destination": "shopp", "description": "Uses"}]}}
"""


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ARCHKIT), *args], cwd=cwd, capture_output=True, text=True, check=False,
                          env={**os.environ, "NO_COLOR": "1"})


def test_check_of_a_json_model_imports_no_renderer_no_jinja_and_no_yaml(tmp_path: Path) -> None:
    model = tmp_path / "model.json"
    model.write_text(json.dumps({"name": "Tiny", "model": {"people": [{"id": "user", "name": "User"}]}}))
    code = (
        "import atexit, sys\n"
        f"sys.argv = ['archkit', 'check', {str(model)!r}]\n"
        f"atexit.register(lambda: print('loaded:', *sorted(m for m in {NOT_FOR_CHECK!r} if m in sys.modules)))\n"
        "from archkit.cli import main\n"
        "main()\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "loaded:"  # the handler ran, and found none of them


@pytest.mark.parametrize("args", [
    ["check", "broken.json"],
    ["check", "broken.json", "--format", "json"],
    ["check", "broken.json", "missing.json"],
    ["check", "missing.yaml"],
    ["check", "--strict", "models/shop.yaml"],
])
def test_the_check_process_prints_and_exits_as_the_command_does(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "broken.json").write_text(BROKEN)
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "shop.yaml").write_text("name: Shop\nmodel:\n  people:\n    - {id: user, name: User}\n")
    done = run(*args, cwd=tmp_path)
    cwd = Path.cwd()
    try:
        os.chdir(tmp_path)
        same = CliRunner().invoke(app, args)
    finally:
        os.chdir(cwd)
    assert (done.returncode, done.stdout, done.stderr) == (same.exit_code, same.stdout, same.stderr)
    assert done.returncode in (1, 2)  # each case has a finding that fails or a file that does not load


def test_the_check_process_writes_all_of_a_long_report_to_a_pipe(tmp_path: Path) -> None:
    """Far more than a pipe holds (64 KiB): flushed before the process leaves, nothing lost."""
    people = [{"id": f"p{i}", "name": f"Person {i}"} for i in range(1500)]
    relationships = [{"source": f"p{i}", "destination": f"nobody-{i}", "description": "Uses"} for i in range(1500)]
    (tmp_path / "big.json").write_text(json.dumps({"name": "Big", "model": {
        "people": people, "relationships": relationships}}))
    done = run("check", "big.json", "--format", "json", cwd=tmp_path)
    assert done.returncode == 1
    findings = json.loads(done.stdout)
    assert len(done.stdout) > 65536
    assert sum(f["rule"] == "relationship.unknown-destination" for f in findings) == 1500
