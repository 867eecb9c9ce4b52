"""`archkit conform`: the code mapped to the model (code=...) obeys its relationships and rules;
violations planted in a copy of examples/order_service are reported with file, line and rule."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from archkit import Workspace
from archkit.conform import conform
from archkit.errors import LoadError

ROOT = Path(__file__).resolve().parents[1]
HEXAGONAL = ROOT / "models" / "hexagonal.py"
EXAMPLE = ROOT / "examples" / "order_service"
AGGREGATE = "ordering.order-service.order-aggregate"
REST = "ordering.order-service.rest-controller"


def archkit(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """The real command line, in a fresh process (nothing imported from an earlier test)."""
    return subprocess.run([sys.executable, "-m", "archkit.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=120, check=False)


def plant(src: Path, module: str, after: str, line: str) -> int:
    """Insert ``line`` after the first line of ``module`` that starts with ``after``; its line number."""
    path = src / "order_service" / module
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(n for n, text in enumerate(lines) if text.startswith(after)) + 1
    lines.insert(at, line + "\n")
    path.write_text("".join(lines), encoding="utf-8")
    return at + 1


@pytest.fixture
def src(tmp_path: Path) -> Path:
    shutil.copytree(EXAMPLE, tmp_path / "order_service", ignore=shutil.ignore_patterns("__pycache__"))
    return tmp_path


def findings(*args: str) -> tuple[int, list[dict[str, object]]]:
    done = archkit("conform", str(HEXAGONAL), "--format", "json", *args)
    return done.returncode, json.loads(done.stdout)


def test_the_example_package_conforms_to_the_hexagonal_model() -> None:
    done = archkit("conform", "models/hexagonal.py")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == ""
    assert "1 model conformed: 0 errors, 0 warnings, 0 infos" in done.stderr


def test_the_domain_importing_an_adapter_is_reported_at_its_import(src: Path) -> None:
    line = plant(src, "domain/order.py", "from dataclasses", "from order_service.adapters import memory")
    code, found = findings("--src", str(src))
    assert code == 1
    by_rule = {f["rule"]: f for f in found}
    assert set(by_rule) == {"conform.forbidden-dependency", "conform.undeclared-dependency"}
    broken = by_rule["conform.forbidden-dependency"]
    assert Path(str(broken["file"])) == src / "order_service" / "domain" / "order.py"
    assert broken["lineno"] == line
    assert broken["element"] == AGGREGATE
    assert "breaks rule 'dependency-rule': The core imports nothing from adapters" in str(broken["message"])


def test_an_adapter_importing_another_adapter_is_reported_at_its_import(src: Path) -> None:
    line = plant(src, "adapters/rest.py", "import json", "from order_service.adapters.memory import repository")
    code, found = findings("--src", str(src))
    assert code == 1
    (broken,) = [f for f in found if f["rule"] == "conform.independence-violation"]
    assert Path(str(broken["file"])) == src / "order_service" / "adapters" / "rest.py"
    assert (broken["lineno"], broken["element"]) == (line, REST)
    assert "depends on 'ordering.order-service.in-memory-order-repository'" in str(broken["message"])


def test_a_driving_adapter_reaching_into_the_domain_bypasses_the_ports(src: Path) -> None:
    line = plant(src, "adapters/cli.py", "import argparse", "from order_service.domain.order import Order")
    _, found = findings("--src", str(src))
    assert {(f["rule"], f["lineno"]) for f in found} == {
        ("conform.only-via-violation", line), ("conform.undeclared-dependency", line)}


def test_sarif_and_github_point_at_the_line_of_the_import(src: Path) -> None:
    line = plant(src, "domain/pricing.py", "from decimal", "import order_service.adapters.rest")
    sarif = json.loads(archkit("conform", str(HEXAGONAL), "--src", str(src), "-f", "sarif").stdout)
    regions = {r["ruleId"]: r["locations"][0]["physicalLocation"]["region"] for r in sarif["runs"][0]["results"]}
    assert regions["conform.forbidden-dependency"] == {"startLine": line}
    github = archkit("conform", str(HEXAGONAL), "--src", str(src), "-f", "github").stdout
    assert f"pricing.py,line={line},title=archkit conform.forbidden-dependency::" in github


def test_the_copy_is_analysed_even_when_the_package_is_already_imported(src: Path) -> None:
    sys.path.insert(0, str(EXAMPLE.parent))
    try:
        import order_service.domain.order  # noqa: F401  the original package, loaded in this process
    finally:
        sys.path.remove(str(EXAMPLE.parent))
    line = plant(src, "domain/order.py", "from dataclasses", "from order_service.adapters import rest")
    from archkit.load import load

    found = conform(load(HEXAGONAL), str(HEXAGONAL), src)
    assert {(f.rule, f.lineno) for f in found} == {("conform.forbidden-dependency", line),
                                                    ("conform.undeclared-dependency", line)}
    assert "order_service" in sys.modules  # set aside for the build only, then put back


MODEL = """\
name: Small
properties: {archkit.src: "."}
model:
  software_systems:
    - name: S
      description: A system.
      containers:
        - name: App
          description: The app.
          technology: Python
          components:
            - {name: A, description: Part a., technology: Python, code: pkg.a}
            - {name: B, description: Part b., technology: Python, code: pkg.b}
            - {name: C, description: Part c., technology: Python, code: [pkg.c, pkg.gone]}
  relationships:
    - {source: s.app.a, destination: s.app.b, description: Calls, technology: Python call}
    - {source: s.app.c, destination: s.app.a, description: Calls, technology: Python call}
"""


def small(tmp_path: Path) -> Path:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    for name, text in {"__init__": "", "a": "from pkg import b\n", "b": "", "c": "", "extra": "import pkg.c\n"}.items():
        (pkg / f"{name}.py").write_text(text, encoding="utf-8")
    model = tmp_path / "small.yaml"
    model.write_text(MODEL, encoding="utf-8")
    return model


def test_unmapped_modules_unknown_prefixes_and_unrealised_relationships(tmp_path: Path) -> None:
    model = small(tmp_path)
    done = archkit("conform", str(model), "-f", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr  # warnings and infos only
    found = {(f["rule"], f["element"], f["file"]) for f in json.loads(done.stdout)}
    assert found == {
        ("conform.unmapped-module", "pkg", "pkg/__init__.py"),
        ("conform.unmapped-module", "pkg.extra", "pkg/extra.py"),
        ("conform.unknown-module", "s.app.c", str(model)),
        ("conform.unrealised-relationship", "s.app.c -> s.app.a", str(model)),
    }
    assert archkit("conform", str(model), "--strict", cwd=tmp_path).returncode == 1


def test_build_runs_conform_for_a_model_that_maps_code(tmp_path: Path) -> None:
    model = small(tmp_path)
    (tmp_path / "pkg" / "b.py").write_text("import pkg.c\n", encoding="utf-8")
    done = archkit("build", str(model), "-o", str(tmp_path / "out"), cwd=tmp_path)
    assert done.returncode == 1
    assert "conform.undeclared-dependency" in done.stdout + done.stderr


def test_the_mapped_code_is_an_input_of_the_build(tmp_path: Path) -> None:
    """Only the code changed, yet the model is not up to date: the build runs conform again."""
    model = small(tmp_path)
    build = ("build", str(model), "-o", str(tmp_path / "out"), "-j", "1")
    assert archkit(*build, cwd=tmp_path).returncode == 0
    assert "up to date" in archkit(*build, cwd=tmp_path).stdout
    (tmp_path / "pkg" / "new.py").write_text("", encoding="utf-8")  # a module added: the package changed
    assert "built" in archkit(*build, cwd=tmp_path).stdout
    (tmp_path / "pkg" / "b.py").write_text("import pkg.c\n", encoding="utf-8")  # a module edited
    done = archkit(*build, cwd=tmp_path)
    assert done.returncode == 1 and "conform.undeclared-dependency" in done.stdout + done.stderr


def test_a_package_that_is_not_there_is_a_clean_error(tmp_path: Path) -> None:
    model = small(tmp_path)
    done = archkit("conform", str(model), "--src", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert done.stderr.startswith("archkit: ") and "source folder not found" in done.stderr
    assert "Traceback" not in done.stderr
    ws = Workspace(name="x")
    ws.model.software_system("S").container("C", code="no_such_package_here")
    with pytest.raises(LoadError, match="package 'no_such_package_here' not found"):
        conform(ws, "m.py", tmp_path)
