"""`archkit export --to importlinter`: the model's rules as import-linter contracts, checked by the
real `lint-imports` against the example package and a copy with a planted violation."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from archkit import Workspace, load
from archkit.export import export_text

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint(config: str, src: Path) -> subprocess.CompletedProcess[str]:
    assert LINT_IMPORTS.exists(), "import-linter is a test dependency: pip install -e '.[test]'"
    (src / "contracts.ini").write_text(config, encoding="utf-8")
    return subprocess.run([str(LINT_IMPORTS), "contracts.ini", "--no-cache"], cwd=src, capture_output=True,
                          text=True, timeout=120, check=False)


def test_the_hexagonal_rules_are_kept_by_the_example_and_broken_by_a_planted_import(tmp_path: Path) -> None:
    config = export_text(load(ROOT / "models" / "hexagonal.py"), "importlinter")
    assert "[importlinter:contract:dependency-rule]\nname = dependency-rule: The core imports" in config
    shutil.copytree(ROOT / "examples" / "order_service", tmp_path / "order_service",
                    ignore=shutil.ignore_patterns("__pycache__"))
    kept = lint(config, tmp_path)
    assert kept.returncode == 0, kept.stdout
    assert "Contracts: 3 kept, 0 broken." in kept.stdout
    pricing = tmp_path / "order_service" / "domain" / "pricing.py"
    pricing.write_text(pricing.read_text(encoding="utf-8") + "\nimport order_service.adapters.rest\n",
                       encoding="utf-8")
    broken = lint(config, tmp_path)
    assert broken.returncode == 1
    # the dependency rule, and (import-linter follows chains) adapters-apart: memory -> order -> pricing -> rest
    assert "Contracts: 1 kept, 2 broken." in broken.stdout
    assert "order_service.domain.pricing -> order_service.adapters.rest" in broken.stdout


def test_layers_siblings_skipped_rules_and_escaping() -> None:
    ws = Workspace(name="Layers")
    app = ws.model.software_system("S").container("App", code="app")
    for name, code in (("Web", "app.web"), ("Cli", "app.cli"), ("Core", "app.core"), ("Db", "app.db")):
        app.component(name, code=code, tags=["Edge" if name in ("Web", "Cli") else name])
    ws.rules.layers(["tag:Edge", "tag:Core", "tag:Db"], why="100% downward")
    ws.rules.forbid("tag:Core", "tag:Nothing")
    text = export_text(ws, "importlinter")
    assert ("[importlinter:contract:rule-1]\nname = layers tag:Edge > tag:Core > tag:Db: 100%% downward\n"
            "type = layers\nlayers =\n    app.cli : app.web\n    app.core\n    app.db\n") in text
    assert "; [importlinter:contract:rule-2]\n" in text
    assert "; skipped: one side of this rule maps no code (code=...)\n" in text
