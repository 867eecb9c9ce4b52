"""The check rules for ``ws.rules`` and ``code=``: run by ``archkit check`` (registered in
:mod:`archkit.check.rules`).

- ``rule.unknown-element`` (error): a selector names no element;
- ``rule.empty-selector`` (warning): a ``tag:`` selector picks nothing, so the rule checks nothing;
- ``rule.forbidden-dependency``, ``rule.layer-violation``, ``rule.independence-violation``,
  ``rule.only-via-violation`` (error): a relationship of the model breaks a rule;
- ``code.duplicate-prefix`` (error): two elements claim the same module prefix.
"""

from __future__ import annotations

from archkit.check.context import Context
from archkit.model import Component, Container, Relationship
from archkit.rules.evaluate import Selection, Violation, violations
from archkit.views.catalog import Catalog, relationship_id


def check_rules(ctx: Context) -> None:
    if not len(ctx.ws.rules):
        return
    selection = Selection(Catalog(ctx.ws))
    _check_selectors(ctx, selection)
    by_pair: dict[tuple[str, str], list[Relationship]] = {}
    for rel in ctx.ws.model.relationships:
        if rel.source in selection.static and rel.destination in selection.static:
            by_pair.setdefault((rel.source, rel.destination), []).append(rel)
    grouped: dict[tuple[int, str, str], tuple[Violation, list[str]]] = {}
    rules = list(ctx.ws.rules)
    for pair, broken in violations(ctx.ws, sorted(by_pair), selection).items():
        for v in broken:
            key = (rules.index(v.rule), v.source, v.destination)
            grouped.setdefault(key, (v, []))[1].extend(relationship_id(r) for r in by_pair[pair])
    for (_, source, _), (v, rel_ids) in sorted(grouped.items()):
        through = ", ".join(sorted(set(rel_ids)))
        ctx.report(f"rule.{v.problem}", "error", source, f"{v.message()} (relationship {through})",
                   "remove the relationship, or change the rule if the architecture changed")


def _check_selectors(ctx: Context, selection: Selection) -> None:
    for rule in ctx.ws.rules:
        for selector in dict.fromkeys(rule.selectors()):
            if selection.one(selector):
                continue
            if selector.startswith("tag:"):
                ctx.report("rule.empty-selector", "warning", f"rule {rule.name}",
                           f"selector '{selector}' picks no element, so the rule checks nothing",
                           "tag the elements or fix the tag's spelling")
            elif selector.strip() != "*":
                ctx.unknown("rule.unknown-element", f"rule {rule.name}", "element", selector, selection.static)


def check_code(ctx: Context) -> None:
    """Each module prefix belongs to one element."""
    owners: dict[str, list[str]] = {}
    for element in ctx.index.elements.values():
        if isinstance(element, Container | Component):
            for prefix in element.code:
                owners.setdefault(prefix, []).append(element.id)
    for prefix, ids in sorted(owners.items()):
        if len(ids) > 1:
            for element_id in sorted(ids)[1:]:
                ctx.report("code.duplicate-prefix", "error", element_id,
                           f"code '{prefix}' is also claimed by '{sorted(ids)[0]}'",
                           "give each module prefix to one element; nest a longer prefix in a component instead")
