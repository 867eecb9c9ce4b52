"""`archkit discover PACKAGE`: a drafted model (a component per subpackage, relationships with
import counts) that loads, checks and conforms to the code it was drafted from."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from archkit import load
from archkit.conform.discover import discover

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def archkit(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "archkit.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)


def test_the_draft_of_the_example_has_a_component_per_subpackage_and_counted_imports(tmp_path: Path) -> None:
    target = tmp_path / "models" / "orders.py"
    done = archkit("discover", "order_service", "--src", str(EXAMPLES), "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert "(4 components, 5 relationships); next: archkit conform" in done.stderr
    ws = load(target)
    (container,) = ws.model.software_systems[0].containers
    assert container.code == ["order_service"]
    assert {c.name: c.code for c in container.components} == {
        "adapters": ["order_service.adapters"], "application": ["order_service.application"],
        "domain": ["order_service.domain"], "ports": ["order_service.ports"]}
    uses = {(r.source.rsplit(".", 1)[1], r.destination.rsplit(".", 1)[1]): r.properties["imports"]
            for r in ws.model.relationships}
    # ports: order_repository and event_publisher import domain.order
    assert uses[("ports", "domain")] == "2"
    assert ("domain", "ports") not in uses and ("domain", "adapters") not in uses
    assert ws == discover("order_service", EXAMPLES, target)
    assert (target.parent / ws.properties["archkit.src"]).resolve() == EXAMPLES.resolve()
    conformed = archkit("conform", str(target))
    assert conformed.returncode == 0 and conformed.stdout == "", conformed.stdout + conformed.stderr
    assert "0 errors, 0 warnings, 0 infos" in conformed.stderr
    assert archkit("check", str(target)).returncode == 0


def test_a_package_without_subpackages_gets_a_component_per_module(tmp_path: Path) -> None:
    pkg = tmp_path / "flat"
    pkg.mkdir()
    (pkg / "__init__.py").write_text('"""A flat package."""\n', encoding="utf-8")
    (pkg / "api.py").write_text('"""The HTTP API."""\nfrom flat import store\nfrom flat.store import get\n',
                                encoding="utf-8")
    (pkg / "store.py").write_text("def get() -> None: ...\n", encoding="utf-8")
    ws = discover("flat", tmp_path)
    components = {c.name: c for c in ws.model.software_systems[0].containers[0].components}
    assert set(components) == {"api", "store"}
    assert (components["api"].description, components["api"].technology) == ("The HTTP API.", "Python module")
    (rel,) = ws.model.relationships
    assert (rel.source, rel.destination, rel.description) == ("flat.flat-package.api", "flat.flat-package.store",
                                                              "Imports (1 module import)")


def test_a_package_that_is_not_there_is_a_clean_error(tmp_path: Path) -> None:
    done = archkit("discover", "no_such_package_anywhere", "--src", str(tmp_path))
    assert done.returncode == 2
    assert "package 'no_such_package_anywhere' not found" in done.stderr and "Traceback" not in done.stderr
    bad = archkit("discover", "not-a-name")
    assert bad.returncode == 2 and "not a top-level package name" in bad.stderr
