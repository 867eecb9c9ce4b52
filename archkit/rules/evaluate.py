"""Which dependencies break which rule. Pure: element pairs in, violations out.

A dependency is a pair of element ids, from a model relationship (``archkit check``) or from an
import between two mapped modules (``archkit conform``). Each end is lifted, as views lift
relationships (:mod:`archkit.views.lifting`), to the nearest element a selector picks: a
component's dependency counts for its container when the rule names the container. A dependency
between an element and one nested in it never breaks a rule.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from archkit.model import ForbidRule, IndependentRule, LayersRule, OnlyViaRule, Rule, Workspace
from archkit.views.catalog import DEPLOYMENT_TYPES, Catalog

PROBLEM: dict[str, str] = {
    "forbid": "forbidden-dependency",
    "layers": "layer-violation",
    "independent": "independence-violation",
    "only_via": "only-via-violation",
}
"""The rule type -> the problem part of a finding's rule id (``rule.<problem>``, ``conform.<problem>``)."""


@dataclass(frozen=True)
class Violation:
    """One dependency that breaks one rule: ``source`` and ``destination`` are the elements the
    rule names (the dependency's ends lifted to them)."""

    rule: Rule
    source: str
    destination: str

    @property
    def problem(self) -> str:
        return PROBLEM[self.rule.type]

    def message(self) -> str:
        """What is broken and why, e.g. ``uses 'adapters' — breaks 'forbid ...': the core ...``."""
        why = f": {self.rule.why.rstrip('.')}" if self.rule.why else ""
        return f"depends on '{self.destination}' — breaks rule '{self.rule.name}'{why}"


class Selection:
    """Selectors resolved against one workspace: which elements ``id``, ``tag:X`` and ``*`` pick."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.static = sorted(e.id for e in catalog.index.elements.values() if not isinstance(e, DEPLOYMENT_TYPES))
        self._cache: dict[tuple[str, ...], frozenset[str]] = {}

    def elements(self, selectors: Sequence[str]) -> frozenset[str]:
        key = tuple(selectors)
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = frozenset(e for s in selectors for e in self.one(s))
        return found

    def one(self, selector: str) -> list[str]:
        selector = selector.strip()
        if selector == "*":
            return self.static
        if selector.startswith("tag:"):
            return [e for e in self.static if self.catalog.has_tag(e, selector[4:])]
        return [selector] if self.catalog.element(selector) is not None else []

    def lift(self, element_id: str, selected: frozenset[str]) -> tuple[str, int] | None:
        """The element itself or its nearest selected ancestor, and how many levels up it is."""
        for depth, candidate in enumerate(self.catalog.chain(element_id)):
            if candidate in selected:
                return candidate, depth
        return None

    def nested(self, a: str, b: str) -> bool:
        return a in self.catalog.chain(b) or b in self.catalog.chain(a)


def _layer(selection: Selection, rule: LayersRule, element_id: str) -> tuple[int, str] | None:
    """The layer an element is in (the nearest match wins, then the first layer listed)."""
    best: tuple[int, int, str] | None = None
    for index, layer in enumerate(rule.layers):
        found = selection.lift(element_id, selection.elements(layer))
        if found is not None and (best is None or found[1] < best[0]):
            best = (found[1], index, found[0])
    return None if best is None else (best[1], best[2])


def breaks(selection: Selection, rule: Rule, source: str, destination: str) -> Violation | None:
    """The violation of ``rule`` by the dependency ``source -> destination``, if it breaks it."""
    ends: tuple[str, str] | None = None
    if isinstance(rule, ForbidRule | OnlyViaRule):
        a = selection.lift(source, selection.elements(rule.source))
        b = selection.lift(destination, selection.elements(rule.destination))
        if a is not None and b is not None:
            via = isinstance(rule, OnlyViaRule) and selection.lift(source, selection.elements(rule.via)) is not None
            ends = None if via else (a[0], b[0])
    elif isinstance(rule, LayersRule):
        la, lb = _layer(selection, rule, source), _layer(selection, rule, destination)
        if la is not None and lb is not None and lb[0] < la[0]:
            ends = (la[1], lb[1])
    elif isinstance(rule, IndependentRule):
        members = selection.elements(rule.elements)
        a, b = selection.lift(source, members), selection.lift(destination, members)
        if a is not None and b is not None:
            ends = (a[0], b[0])
    if ends is None or ends[0] == ends[1] or selection.nested(*ends):
        return None
    return Violation(rule, ends[0], ends[1])


def violations(ws: Workspace, dependencies: Iterable[tuple[str, str]],
               selection: Selection | None = None) -> dict[tuple[str, str], list[Violation]]:
    """For each dependency ``(source, destination)`` that breaks a rule of ``ws``, the violations
    (in rule order); dependencies that break nothing are left out."""
    selection = selection or Selection(Catalog(ws))
    found: dict[tuple[str, str], list[Violation]] = {}
    for pair in dict.fromkeys(dependencies):
        broken = [v for rule in ws.rules if (v := breaks(selection, rule, *pair)) is not None]
        if broken:
            found[pair] = broken
    return found

