"""``archkit discover``: a first model drafted from a package's imports, to refine by hand.

One software system and one container for the package (``code=PACKAGE``), a component per
subpackage (per module when the package has no subpackage), described by the first line of its
docstring, and a relationship for each pair of components whose code imports the other's, with
the number of module imports in its description and an ``imports`` property. The container keeps
the modules directly in the package. The draft conforms to its code by construction: ``archkit
conform`` on it reports no undeclared dependency, and every later change shows.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

from archkit.conform.check import SRC_PROPERTY
from archkit.conform.imports import ImportGraph, build
from archkit.errors import LoadError
from archkit.model import Component, Workspace
from archkit.userfile import read_user_file


def discover(package: str, src: Path = Path("."), model_file: Path | None = None) -> Workspace:
    """The drafted workspace of the top-level ``package`` found in ``src``; with ``model_file``
    (where the model will be written) and a given ``src``, ``archkit.src`` points from it to ``src``."""
    if not package.isidentifier():
        raise LoadError(f"{package}: not a top-level package name — give an importable name such as 'orders'")
    graph = build([package], src)
    parts = _parts(graph, package)
    properties = {}
    if model_file is not None and src != Path("."):
        properties[SRC_PROPERTY] = Path(os.path.relpath(src, model_file.parent)).as_posix()
    ws = Workspace(name=package, description=f"Drafted by `archkit discover {package}` from its imports; "
                   "refine names, descriptions and relationships.", properties=properties)
    title = package.replace("_", " ").title()
    system = ws.model.software_system(title, _doc(graph, package) or f"The system built from {package}.")
    container = system.container(f"{package} package", f"The Python package {package}.", "Python", code=package)
    components: dict[str, Component] = {}
    for part in parts:
        components[part] = container.component(part.rsplit(".", 1)[1], _doc(graph, part) or f"The code in {part}.",
                                                "Python package" if _is_package(graph, part) else "Python module",
                                                code=part)
    counts: dict[tuple[str, str], int] = {}
    for module in graph.modules:
        source = _part(parts, module)
        for imported in graph.imported_by(module):
            target = _part(parts, imported)
            if source is not None and target is not None and source != target:
                counts[(source, target)] = counts.get((source, target), 0) + 1
    for (source, target), n in sorted(counts.items()):
        components[source].uses(components[target], f"Imports ({n} module import{'s' if n != 1 else ''})",
                                "Python import", properties={"imports": str(n)})
    ws.views.component(container, key="components", title=f"{package} — Components")
    return ws


def _parts(graph: ImportGraph, package: str) -> list[str]:
    """The direct subpackages of ``package``, or its direct modules when it has none."""
    children = [m for m in graph.modules if m.count(".") == 1 and m.startswith(package + ".")]
    packages = [m for m in children if _is_package(graph, m)]
    return sorted(packages or children)


def _part(parts: list[str], module: str) -> str | None:
    return next((p for p in parts if module == p or module.startswith(p + ".")), None)


def _is_package(graph: ImportGraph, module: str) -> bool:
    return graph.modules[module].name == "__init__.py"


def _doc(graph: ImportGraph, module: str) -> str:
    """The first line of the module's docstring, or ``""`` (also when the file cannot be parsed)."""
    path = graph.modules[module]
    try:
        tree = ast.parse(read_user_file(path, limit=1 << 20))
    except (LoadError, SyntaxError, ValueError):
        return ""
    doc = ast.get_docstring(tree) or ""
    return doc.strip().split("\n", 1)[0].strip()
