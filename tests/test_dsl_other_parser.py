"""The DSL archkit exports, read by a parser that is not archkit's: PyPI ``c4studio`` (``make tools``).

Structurizr's own parser is a Java library in no registry this project reaches; c4studio is an independent
Python parser of the DSL. Each exported DSL (of Structurizr's test files, Big Bank and every example model)
must parse in it, and what it reads must be the workspace the DSL came from, field by field: every element
(its chain of parents, description, technology, tags, url), every relationship written (ends, description,
technology, tags) and every view (type, scope, title, environment). The workspace it came from is the
Structurizr JSON: archkit's parse of the DSL (the same as Structurizr's, ``tests/test_import_dsl.py``) or the
model's own Structurizr JSON export. c4studio derives no implied relationships, so those derived ones
(``linkedRelationshipId``) are left out of the comparison.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from archkit.export import export_text
from archkit.importers.dsl import parse_dsl
from archkit.load import load
from tests.interop import tools
from tests.interop.c4studio_content import IMPLICIT

FIXTURES = Path(__file__).parent / "fixtures" / "structurizr"
PAIRS = sorted(p.name.removesuffix(".structurizr.json") for p in (FIXTURES / "dsl").glob("*.structurizr.json"))
MODELS = sorted((Path(__file__).parents[1] / "models").glob("*.py"))
_KIDS = ("containers", "components", "children", "infrastructureNodes", "softwareSystemInstances",
         "containerInstances")

pytestmark = pytest.mark.skipif(tools.c4studio() is None, reason="c4studio is not installed (run `make tools`)")


def c4studio_read(paths: list[Path]) -> dict[str, Any]:
    """What c4studio reads of each DSL file (``tests/interop/c4studio_content.py``, in its own process)."""
    folder = tools.c4studio()
    assert folder is not None
    script = Path(tools.__file__).with_name("c4studio_content.py")
    env = {**os.environ, "PYTHONPATH": str(folder)}
    done = subprocess.run([sys.executable, str(script), *map(str, paths)], capture_output=True, text=True,
                          env=env, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def json_content(data: dict[str, Any]) -> dict[str, list[Any]]:
    """The same content as ``c4studio_content.content``, from a Structurizr workspace JSON."""
    names: dict[str, list[str]] = {}
    items: list[dict[str, Any]] = []
    relationships: list[dict[str, Any]] = []

    def walk(item: dict[str, Any], parent: list[str]) -> None:
        target = item.get("containerId") or item.get("softwareSystemId")
        own = item.get("name") or f"instance of {' / '.join(names[target])}"
        names[item["id"]] = [*parent, own]
        items.append(item)
        relationships.extend(r for r in item.get("relationships") or [] if "linkedRelationshipId" not in r)
        for key in _KIDS:
            for child in item.get(key) or []:
                walk(child, names[item["id"]])

    model = data["model"]
    for key in ("people", "softwareSystems", "customElements", "deploymentNodes"):
        for item in model.get(key) or []:
            walk(item, [])

    def tags(item: dict[str, Any]) -> list[str]:
        """The tags written in the DSL: archkit writes an external person or system's location as a tag."""
        external = {"External"} if item.get("location") == "External" else set()
        return sorted(({t for t in (item.get("tags") or "").split(",") if t} | external) - IMPLICIT)

    def named(element_id: str) -> str:
        return " / ".join(names[element_id])

    elements = sorted({json.dumps([named(e["id"]), e.get("description", ""), e.get("technology", ""),
                                   tags(e), e.get("url", "")]) for e in items})
    rels = sorted(json.dumps([named(r["sourceId"]), named(r["destinationId"]), r.get("description", ""),
                              r.get("technology", ""), tags(r)]) for r in relationships)
    views = []
    for collection, found in data.get("views", {}).items():
        if collection == "configuration":
            continue
        for view in found:
            scope = view.get("softwareSystemId") or view.get("containerId") or view.get("elementId")
            views.append(json.dumps([collection.removesuffix("Views"), named(scope) if scope else "",
                                     view.get("title") or view.get("description", ""), view.get("environment", "")]))
    return {"elements": elements, "relationships": rels, "views": sorted(views)}


@cache
def _exported(tmp: str) -> dict[str, tuple[Path, dict[str, list[Any]]]]:
    """Every source's exported DSL written under ``tmp``, with the content it must give."""
    out: dict[str, tuple[Path, dict[str, list[Any]]]] = {}
    sources = [*(FIXTURES / "dsl" / f"{n}.dsl" for n in PAIRS), FIXTURES / "big-bank-plc.dsl", *MODELS]
    for source in sources:
        ws = load(source)
        path = Path(tmp) / f"{source.stem}.dsl"
        path.write_text(export_text(ws, "dsl"), encoding="utf-8")
        truth = parse_dsl(source) if source.suffix == ".dsl" else json.loads(export_text(ws, "structurizr"))
        out[source.stem] = (path, json_content(truth))
    return out


@pytest.fixture(scope="module")
def read_back(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, dict[str, list[Any]]]]:
    exported = _exported(str(tmp_path_factory.mktemp("exported-dsl")))
    found = c4studio_read([path for path, _truth in exported.values()])
    return {name: (found[str(path)], truth) for name, (path, truth) in exported.items()}


@pytest.mark.parametrize("name", [*PAIRS, "big-bank-plc", *(m.stem for m in MODELS)])
def test_another_parser_reads_the_exported_dsl_as_the_workspace_it_came_from(
        name: str, read_back: dict[str, tuple[Any, dict[str, list[Any]]]]) -> None:
    found, truth = read_back[name]
    assert "error" not in found, found
    assert found == truth


def test_the_comparison_sees_a_changed_description(read_back: dict[str, tuple[Any, dict[str, list[Any]]]]) -> None:
    found, truth = read_back["getting-started"]
    changed = [e.replace('"", [], ""]', '"changed", [], ""]', 1) for e in truth["elements"]]
    assert found != {**truth, "elements": changed}
