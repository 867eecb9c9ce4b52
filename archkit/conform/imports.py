"""The import graph of the packages a model maps, built by grimp.

grimp finds a package with :func:`importlib.util.find_spec` on ``sys.path``; for one build the
source folder goes first on ``sys.path`` and a package of the same name already imported by this
process is set aside, so the graph is always the one of the files under the source folder. Nothing
is imported or run: grimp parses the files.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from archkit.errors import LoadError


@dataclass(frozen=True)
class Import:
    """One import statement between two modules of the analysed packages."""

    importer: str
    imported: str
    line: int
    text: str


class ImportGraph:
    """The modules of the analysed packages, their files and the imports between them."""

    def __init__(self, graph: Any, modules: dict[str, Path]) -> None:
        self._graph = graph
        self.modules = modules
        """module name -> its file, sorted by name"""

    def imported_by(self, importer: str) -> list[str]:
        """The modules of the analysed packages that ``importer`` imports directly, sorted."""
        return sorted(self._graph.find_modules_directly_imported_by(importer))

    def details(self, importer: str, imported: str) -> list[Import]:
        """The import statements, by line (one without a line when grimp has no details)."""
        found = self._graph.get_import_details(importer=importer, imported=imported)
        statements = sorted((Import(importer, imported, int(d["line_number"]), str(d["line_contents"]))
                             for d in found), key=lambda i: i.line)
        return statements or [Import(importer, imported, 0, "")]


@contextmanager
def _on_path(src: Path, packages: Sequence[str]) -> Iterator[None]:
    """``src`` first on ``sys.path``, and ``packages`` imported from elsewhere set aside, for the time
    of a build."""
    saved: dict[str, ModuleType] = {p: sys.modules.pop(p) for p in packages
                                    if p in sys.modules and not _below(sys.modules[p], src)}
    sys.path.insert(0, str(src))
    importlib.invalidate_caches()
    try:
        yield
    finally:
        sys.path.remove(str(src))
        sys.modules.update(saved)
        importlib.invalidate_caches()


def _below(module: ModuleType, folder: Path) -> bool:
    """True when the imported ``module`` comes from ``folder`` (then it is the one to analyse)."""
    file = getattr(module, "__file__", None)
    return file is not None and Path(file).resolve().is_relative_to(folder)


def _root(package: str, src: Path) -> Path:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise LoadError(f"{src}: package '{package}' not found — pass the folder that holds it with --src DIR, "
                        "or set the workspace property 'archkit.src'")
    return Path(next(iter(spec.submodule_search_locations)))


def module_file(root: Path, module: str) -> Path:
    """The file of ``module`` in the top-level package whose folder is ``root``."""
    parts = module.split(".")[1:]
    folder = root.joinpath(*parts)
    return folder / "__init__.py" if (folder / "__init__.py").is_file() else folder.with_suffix(".py")


def build(packages: Sequence[str], src: Path) -> ImportGraph:
    """The import graph of the top-level ``packages`` found in ``src``."""
    import grimp

    if not src.is_dir():
        raise LoadError(f"{src}: source folder not found — pass the folder that holds the packages with --src DIR")
    with _on_path(src.resolve(), packages):
        roots = {p: _root(p, src) for p in packages}
        try:
            graph = grimp.build_graph(*packages, cache_dir=None)
        except grimp.exceptions.SourceSyntaxError as exc:
            raise LoadError(f"{src}: cannot parse the code: {exc} — fix the syntax error first") from None
        except grimp.exceptions.NotATopLevelModule:
            raise LoadError(f"{src}: one of {', '.join(packages)} is not a top-level package — map code "
                            "inside a package with an __init__.py") from None
    modules = {m: module_file(roots[m.split(".")[0]], m) for m in sorted(graph.modules)}
    return ImportGraph(graph, modules)
