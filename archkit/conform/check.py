"""Does the code obey the model? Imports between mapped modules, held to the model's relationships
and rules; findings point at the file and line of the import.

- ``conform.undeclared-dependency`` (error): code of one element imports code of another the model
  does not say it uses (a relationship between them, their parents or their children declares it);
- ``conform.forbidden-dependency``, ``conform.layer-violation``, ``conform.independence-violation``,
  ``conform.only-via-violation`` (error): an import breaks a rule of the model;
- ``conform.unmapped-module`` (warning): a module of a mapped package belongs to no element;
- ``conform.unknown-module`` (warning): an element's ``code`` prefix matches no module;
- ``conform.unrealised-relationship`` (info): a synchronous relationship between two elements with
  code that no import realises.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from archkit.check.findings import Finding, sort_findings
from archkit.conform.imports import Import, ImportGraph, build
from archkit.model import Component, Container, Workspace
from archkit.rules.evaluate import Selection, breaks
from archkit.views.catalog import Catalog

SRC_PROPERTY = "archkit.src"
"""Workspace property: the folder that holds the mapped packages, relative to the model file."""


def maps_code(ws: Workspace) -> bool:
    """True when an element of ``ws`` names the code it is (``code=``)."""
    return any(prefixes(ws))


def prefixes(ws: Workspace) -> dict[str, str]:
    """Module prefix -> the id of the element that claims it (the first one, by id)."""
    owners: dict[str, str] = {}
    for element in sorted(ws.model.index().elements.values(), key=lambda e: e.id):
        if isinstance(element, Container | Component):
            for prefix in element.code:
                owners.setdefault(prefix, element.id)
    return owners


def source_folder(ws: Workspace, model_file: str | Path, src: str | Path | None) -> Path:
    """``src`` when given, else the workspace's ``archkit.src`` (relative to the model file), else ``.``."""
    if src is not None:
        return Path(src)
    if SRC_PROPERTY in ws.properties:
        return Path(model_file).parent / ws.properties[SRC_PROPERTY]
    return Path(".")


@dataclass
class _Mapping:
    prefixes: dict[str, str]
    cache: dict[str, str | None]

    def owner(self, module: str) -> str | None:
        """The innermost element whose prefix is the module or one of its parent packages."""
        if module not in self.cache:
            parts = module.split(".")
            found = None
            for n in range(len(parts), 0, -1):
                found = self.prefixes.get(".".join(parts[:n]))
                if found is not None:
                    break
            self.cache[module] = found
        return self.cache[module]


def conform(ws: Workspace, model_file: str | Path = "<workspace>", src: str | Path | None = None) -> list[Finding]:
    """Build the import graph of the packages ``ws`` maps (found in ``src``, see :func:`source_folder`)
    and report where the code and the model disagree, sorted. Raises :class:`LoadError` when a
    package cannot be found or parsed."""
    mapping = _Mapping(prefixes(ws), {})
    if not mapping.prefixes:
        return []
    folder = source_folder(ws, model_file, src)
    graph = build(sorted({p.split(".")[0] for p in mapping.prefixes}), folder)
    return sort_findings(_Comparison(ws, str(model_file), graph, mapping).findings())


class _Comparison:
    def __init__(self, ws: Workspace, model_file: str, graph: ImportGraph, mapping: _Mapping) -> None:
        self.ws, self.model_file, self.graph, self.mapping = ws, model_file, graph, mapping
        self.catalog = Catalog(ws)
        self.selection = Selection(self.catalog)
        self.declared = {(r.source, r.destination) for r in ws.model.relationships}
        self._declared: dict[tuple[str, str], bool] = {}

    def findings(self) -> list[Finding]:
        out: list[Finding] = []
        used: set[tuple[str, str]] = set()
        for module, path in self.graph.modules.items():
            owner = self.mapping.owner(module)
            if owner is None:
                out.append(Finding(_shown(path), module, "conform.unmapped-module", "warning",
                                   f"module '{module}' belongs to no element of the model",
                                   "add its prefix to an element's code=, or a component for it"))
                continue
            for imported in self.graph.imported_by(module):
                target = self.mapping.owner(imported)
                if target is None or target == owner or self.selection.nested(owner, target):
                    continue
                used.add((owner, target))
                out += self._import_findings(path, owner, target, self.graph.details(module, imported))
        out += self._unknown_prefixes()
        out += self._unrealised(used)
        return out

    def _import_findings(self, path: Path, owner: str, target: str, statements: list[Import]) -> list[Finding]:
        problems = [(f"conform.{v.problem}", v.message(), "remove the import, or change the rule if the "
                     "architecture changed") for rule in self.ws.rules
                    if (v := breaks(self.selection, rule, owner, target)) is not None]
        if not self.is_declared(owner, target):
            problems.append(("conform.undeclared-dependency",
                             f"depends on '{target}', which the model does not say it uses",
                             f"declare the relationship {owner} -> {target} in the model, or remove the import"))
        return [Finding(_shown(path), owner, rule, "error", f"imports {i.imported}: {message}", hint, i.line)
                for i in statements for rule, message, hint in problems]

    def is_declared(self, source: str, destination: str) -> bool:
        key = (source, destination)
        if key not in self._declared:
            self._declared[key] = any(
                self.selection.nested(source, a) and self.selection.nested(destination, b) for a, b in self.declared)
        return self._declared[key]

    def _unknown_prefixes(self) -> list[Finding]:
        modules = list(self.graph.modules)
        return [Finding(self.model_file, element, "conform.unknown-module", "warning",
                        f"code '{prefix}' matches no module of the analysed source",
                        "fix the prefix, or pass the folder that holds it with --src")
                for prefix, element in sorted(self.mapping.prefixes.items())
                if not any(m == prefix or m.startswith(prefix + ".") for m in modules)]

    def _unrealised(self, used: Iterable[tuple[str, str]]) -> list[Finding]:
        mapped = {e for e in self.mapping.cache.values() if e is not None}
        with_code = {a for e in mapped for a in self.catalog.chain(e)}
        used = set(used)
        out = []
        for rel in self.ws.model.relationships:
            if (rel.interaction != "sync" or rel.source not in with_code or rel.destination not in with_code
                    or self.selection.nested(rel.source, rel.destination)):
                continue
            if not any(self.catalog.within(a, rel.source) and self.catalog.within(b, rel.destination) for a, b in used):
                out.append(Finding(self.model_file, rel.label, "conform.unrealised-relationship", "info",
                                   f"no import of the code of '{rel.source}' realises this relationship",
                                   "remove the relationship if it is gone, or map the code that realises it"))
        return out


def _shown(path: Path) -> str:
    """The file as a finding names it: relative to the current folder when below it, with ``/``."""
    try:
        return Path(os.path.relpath(path)).as_posix() if not os.path.relpath(path).startswith("..") else path.as_posix()
    except ValueError:  # another drive (Windows)
        return path.as_posix()
