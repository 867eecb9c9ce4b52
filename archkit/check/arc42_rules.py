"""Rules over the arc42 content: unique ids, cross-references that resolve, and a named documented system."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from archkit.check.context import Context
from archkit.ids import ID_PATTERN, did_you_mean
from archkit.model import Decision, Requirement, Risk, SoftwareSystem, TechnicalDebt


def _duplicates(ctx: Context, what: str, ids: Iterable[str]) -> None:
    for ident, count in sorted(Counter(ids).items()):
        if count > 1:
            ctx.report("arc42.duplicate-id", "error", ident, f"{count} {what} share the id '{ident}'",
                       "give each one a unique id")


def _decision_files(ctx: Context, decisions: Iterable[Decision]) -> None:
    """Two decisions whose ADR files would be one (the same number, titles alike once made a file name, in any
    case): the second would overwrite the first, its text lost."""
    from archkit.arc42.adr_names import adr_paths
    from archkit.output import fold

    owner: dict[str, str] = {}
    unique = list({d.id: d for d in decisions}.values())  # a repeated id is arc42.duplicate-id's
    for ident, path in adr_paths(unique).items():
        first = owner.setdefault(fold(path), ident)
        if first != ident:
            ctx.report("arc42.decision-file-clash", "error", ident,
                       f"decisions '{first}' and '{ident}' would both be written as {path}, one over the other",
                       "give them different numbers (ids) or titles")


def check_documented_system(ctx: Context) -> None:
    """``arc42.system`` names a software system; with several internal systems it names one at all."""
    from archkit.arc42.layout import choose_system  # the docs' own rule, so check and docs agree

    a = ctx.ws.arc42
    if a.system:
        target = ctx.index.get(a.system)
        if not isinstance(target, SoftwareSystem):
            ctx.unknown("arc42.unknown-system", "arc42.system", "software system", a.system,
                        [s.id for s in ctx.ws.model.software_systems])
        elif target.location == "external":
            ctx.report("arc42.external-system", "warning", "arc42.system",
                       f"the arc42 docs describe '{a.system}', an external system",
                       "name an internal system, or mark this one location=\"internal\"")
        return
    choice = choose_system(ctx.ws, ctx.index)
    if choice.guessed:
        chosen = ctx.index.get(choice.system or "")
        rule = "the first in model order" + (" with containers" if isinstance(chosen, SoftwareSystem)
                                             and chosen.containers else "")
        ctx.report("arc42.system-not-named", "warning", "arc42.system",
                   f"{len(choice.candidates)} internal software systems ({', '.join(choice.candidates)}) and "
                   f"none named as the one the arc42 docs describe: they describe '{choice.system}' ({rule})",
                   f"name it: workspace.arc42.system = \"{choice.system}\" (YAML: arc42: system: {choice.system}), "
                   "or archkit docs --system ID")


def check_arc42(ctx: Context) -> None:
    check_documented_system(ctx)
    a = ctx.ws.arc42
    goals = [g.id for g in a.quality_goals]
    decisions = [d.id for d in a.decisions]
    elements = list(ctx.index.elements)
    for what, items in (
        ("requirements", a.requirements), ("quality goals", a.quality_goals),
        ("quality scenarios", a.quality_scenarios), ("constraints", a.constraints),
        ("strategy entries", a.solution_strategy), ("concepts", a.concepts), ("decisions", a.decisions),
        ("risks", a.risks), ("technical debts", a.technical_debts),
    ):
        _duplicates(ctx, what, (i.id for i in items))
    _duplicates(ctx, "glossary terms", (t.term for t in a.glossary))
    _decision_files(ctx, a.decisions)
    for sc in a.quality_scenarios:
        if sc.goal is not None and sc.goal not in goals:
            ctx.unknown("arc42.unknown-quality-goal", sc.id, "quality goal", sc.goal, goals)
    for st in a.solution_strategy:
        for g in st.quality_goals:
            if g not in goals:
                ctx.unknown("arc42.unknown-quality-goal", st.id, "quality goal", g, goals)
        for d in st.decisions:
            if d not in decisions:
                ctx.unknown("arc42.unknown-decision", st.id, "decision", d, decisions)
    for dec in a.decisions:
        for link in dec.links:
            if link.target not in decisions:
                ctx.unknown("arc42.unknown-decision", dec.id, "decision", link.target, decisions)
    linked: list[Requirement | Risk | TechnicalDebt | Decision] = [
        *a.requirements, *a.risks, *a.technical_debts, *a.decisions]
    for item in linked:
        for el in item.elements:
            if el not in ctx.index.elements:
                ctx.unknown("arc42.unknown-element", item.id, "element", el, elements)
    for sc in a.quality_scenarios:
        for part in (p.strip() for p in sc.artifact.split(",")):
            if part not in ctx.index.elements and _id_like(part):
                mean = did_you_mean(part, elements).removeprefix("; ")
                ctx.report("arc42.unknown-artifact", "warning", sc.id,
                           f"artifact '{part}' is written like an element id, but no element has it",
                           mean or "use the id of an existing element, or name the artifact in words")
    covered = {sc.goal for sc in a.quality_scenarios}
    for goal in a.quality_goals:
        if goal.id not in covered:
            ctx.report("arc42.goal-without-scenario", "info", goal.id,
                       f"quality goal '{goal.title}' has no quality scenario",
                       f"add a scenario with {ctx.key('goal')} and a measurable response")


_ID = re.compile(ID_PATTERN)


def _id_like(text: str) -> bool:
    """Whether a quality scenario's artifact (free text: ``Payment Client``, ``the checkout``) is written like
    an element id: one lower-case word with a ``.``, ``-`` or ``_`` in it (``shop.api``, ``order-db``)."""
    return bool(_ID.match(text)) and text == text.lower() and any(c in text for c in ".-_")
