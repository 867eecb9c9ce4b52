"""Template data of the sections filled from the arc42 content of the workspace: 1, 2, 4, 8, 9, 10, 11, 12.

Each builder returns ``(data, empty)``: plain, sorted, already escaped data for
the template, and the (sub-)section numbers left without content (they show
the template's guidance and are listed in the completeness report).
"""

from __future__ import annotations

from typing import Any

from archkit.arc42.adr import adr_numbers
from archkit.arc42.context import DocContext, table
from archkit.arc42.escape import anchor_id
from archkit.model.arc42 import QualityGoal, Requirement

Built = tuple[dict[str, Any], list[str]]

_KINDS = (("business", "Business requirements"), ("functional", "Functional requirements"),
          ("quality", "Quality requirements"))
_CONSTRAINT_KINDS = (("technical", "Technical constraints"), ("organizational", "Organizational constraints"),
                     ("convention", "Conventions"))
_LEVEL_ORDER = {"high": 0, "medium": 1, "low": 2}


def plan_anchors(ctx: DocContext) -> None:
    """Plan the anchors of every arc42 item (element anchors come from the layout)."""
    a = ctx.ws.arc42
    for section, prefix, ids in (
        (1, "req", [r.id for r in a.requirements]), (1, "qg", [g.id for g in a.quality_goals]),
        (2, "constraint", [c.id for c in a.constraints]), (4, "strategy", [s.id for s in a.solution_strategy]),
        (9, "adr", [d.id for d in a.decisions]), (10, "qs", [q.id for q in a.quality_scenarios]),
        (11, "risk", [r.id for r in a.risks]), (11, "debt", [d.id for d in a.technical_debts]),
    ):
        for ident in sorted(ids):
            ctx.plan(anchor_id(prefix, ident), section)
    for element_id, section in sorted(ctx.layout.element_page.items()):
        ctx.plan(ctx.element_anchor(element_id), section)


def _goals(ctx: DocContext) -> list[QualityGoal]:
    return sorted(ctx.ws.arc42.quality_goals, key=lambda g: (g.priority, g.id))


def _goal_link(ctx: DocContext, goal_id: str) -> str:
    goal = next((g for g in ctx.ws.arc42.quality_goals if g.id == goal_id), None)
    label = ctx.syntax.cell(goal.title if goal else goal_id)
    return ctx.link(label, anchor_id("qg", goal_id))


def _scenario_links(ctx: DocContext, goal_id: str) -> str:
    scenarios = sorted((s for s in ctx.ws.arc42.quality_scenarios if s.goal == goal_id), key=lambda s: s.id)
    return ", ".join(ctx.link(ctx.syntax.cell(s.title or s.id), anchor_id("qs", s.id)) for s in scenarios)


def _requirement_row(ctx: DocContext, r: Requirement) -> list[str]:
    return [ctx.first_cell(anchor_id("req", r.id), r.id), ctx.titled(r.title, r.description),
            ctx.syntax.cell(r.priority), ctx.element_links(r.elements)]


def introduction(ctx: DocContext) -> Built:
    a = ctx.ws.arc42
    empty = []
    intro = ctx.syntax.text(a.introduction or ctx.ws.description)
    if not intro:
        empty.append("1")
    groups = []
    header = ["ID", "Requirement", "Priority", "Building blocks"]
    rows = {kind: [_requirement_row(ctx, r) for r in sorted((r for r in a.requirements if r.kind == kind),
                                                             key=lambda r: r.id)] for kind, _ in _KINDS}
    # a column no requirement of any kind fills is left out of every kind's table: the tables stay alike
    kept = table(header, [row for kind_rows in rows.values() for row in kind_rows],
                 optional=("Priority", "Building blocks"))["header"]
    for kind, label in _KINDS:
        if rows[kind]:
            groups.append({"label": ctx.syntax.strong(label),
                           "table": table(header, rows[kind], optional=tuple(h for h in header if h not in kept))})
    goals = [[str(g.priority), ctx.place(anchor_id("qg", g.id)) + ctx.titled(g.title, g.description),
              _scenario_links(ctx, g.id)] for g in _goals(ctx)]
    stakeholders = [[ctx.syntax.cell(s.role), ctx.syntax.cell(s.contact), ctx.syntax.cell(s.expectations)]
                    for s in a.stakeholders]  # model order: the author's order carries meaning
    empty += [n for n, filled in (("1.1", groups), ("1.2", goals), ("1.3", stakeholders)) if not filled]
    return {
        "introduction": intro,
        "requirements": groups,
        "goals": table(["Priority", "Goal", "Scenario"], goals) if goals else None,
        "stakeholders": table(["Role", "Contact", "Expectations"], stakeholders) if stakeholders else None,
    }, empty


def constraints(ctx: DocContext) -> Built:
    groups = []
    for kind, label in _CONSTRAINT_KINDS:
        items = sorted((c for c in ctx.ws.arc42.constraints if c.kind == kind), key=lambda c: c.id)
        if items:
            rows = [[ctx.first_cell(anchor_id("constraint", c.id), c.id), ctx.syntax.cell(c.title),
                     ctx.syntax.cell(c.description)] for c in items]
            groups.append({"label": ctx.syntax.strong(label), "table": table(["ID", "Constraint", "Background"], rows)})
    return {"groups": groups}, [] if groups else ["2"]


def strategy(ctx: DocContext) -> Built:
    rows = []
    for s in sorted(ctx.ws.arc42.solution_strategy, key=lambda s: s.id):
        goals = ", ".join(_goal_link(ctx, g) for g in s.quality_goals)
        decisions = ", ".join(ctx.link(ctx.syntax.cell(_decision_label(ctx, d)), anchor_id("adr", d))
                              for d in s.decisions)
        rows.append([ctx.first_cell(anchor_id("strategy", s.id), s.id), ctx.titled(s.title, s.description),
                     goals, decisions])
    data = {"table": table(["ID", "Approach", "Quality goals", "Decisions"], rows) if rows else None}
    return data, [] if rows else ["4"]


def _decision_label(ctx: DocContext, decision_id: str) -> str:
    numbers = adr_numbers(ctx.ws.arc42.decisions)
    decision = next((d for d in ctx.ws.arc42.decisions if d.id == decision_id), None)
    if decision is None:
        return decision_id
    return f"ADR {numbers[decision.id]}: {decision.title}"


def concepts(ctx: DocContext) -> Built:
    items = [{"block": anchor_id("concept", c.id), "number": f"8.{n}",
              "title": ctx.syntax.inline(c.title), "body": ctx.syntax.text(c.body)}
             for n, c in enumerate(sorted(ctx.ws.arc42.concepts, key=lambda c: c.id), start=1)]
    rules = _rules(ctx, f"8.{len(items) + 1}")
    return {"concepts": items, "rules": rules}, [] if items or rules else ["8"]


def _rules(ctx: DocContext, number: str) -> dict[str, object] | None:
    """The architecture rules (``ws.rules``) with their reasons; ``archkit check`` and
    ``archkit conform`` enforce them."""
    rows = [[ctx.syntax.cell(f"{rule.id}: {rule.describe()}" if rule.id else rule.describe()),
             ctx.syntax.cell(rule.why)] for rule in ctx.ws.rules]
    if not rows:
        return None
    return {"number": number, "table": table(["Rule", "Reason"], rows)}


def decisions(ctx: DocContext) -> Built:
    numbers = adr_numbers(ctx.ws.arc42.decisions)
    rows = []
    for d in sorted(ctx.ws.arc42.decisions, key=lambda d: (numbers[d.id], d.id)):
        strategies = sorted(s.id for s in ctx.ws.arc42.solution_strategy if d.id in s.decisions)
        back = ", ".join(ctx.link(ctx.syntax.cell(s), anchor_id("strategy", s)) for s in strategies)
        number = ctx.syntax.file_link(f"{numbers[d.id]:04d}", ctx.adr_files[d.id])
        rows.append([ctx.place(anchor_id("adr", d.id)) + number, ctx.syntax.cell(d.title),
                     d.status.capitalize(), d.date.isoformat() if d.date else "", back])
    data = {"table": table(["ID", "Title", "Status", "Date", "Strategy"], rows) if rows else None}
    return data, [] if rows else ["9"]


def quality(ctx: DocContext) -> Built:
    a = ctx.ws.arc42
    tree = []
    for g in _goals(ctx):
        for s in sorted((s for s in a.quality_scenarios if s.goal == g.id), key=lambda s: s.id):
            tree.append([_goal_link(ctx, g.id), ctx.link(ctx.syntax.cell(s.id), anchor_id("qs", s.id)),
                         ctx.syntax.cell(s.title)])
    reqs = sorted((r for r in a.requirements if r.kind == "quality"), key=lambda r: r.id)
    req_rows = [[ctx.link(ctx.syntax.cell(r.id), anchor_id("req", r.id)), ctx.titled(r.title, r.description)]
                for r in reqs]
    scenarios = []
    for s in sorted(a.quality_scenarios, key=lambda s: s.id):
        goal = _goal_link(ctx, s.goal) if s.goal else ""
        scenarios.append([ctx.place(anchor_id("qs", s.id)) + ctx.titled(s.id, s.title), goal,
                          *(ctx.syntax.cell(v) for v in (s.source, s.stimulus, s.environment, s.artifact,
                                                         s.response, s.response_measure))])
    empty = [n for n, filled in (("10.1", tree or req_rows), ("10.2", scenarios)) if not filled]
    return {
        "tree": table(["Quality goal", "Scenario", "Title"], tree, optional=("Title",)) if tree else None,
        "requirements": table(["ID", "Quality requirement"], req_rows) if req_rows else None,
        "scenarios": table(["Scenario", "Quality goal", "Source", "Stimulus", "Environment", "Artifact",
                            "Response", "Response measure"], scenarios) if scenarios else None,
    }, empty


def risks(ctx: DocContext) -> Built:
    a = ctx.ws.arc42
    ordered = sorted(a.risks, key=lambda r: (_LEVEL_ORDER[r.impact], _LEVEL_ORDER[r.probability], r.id))
    risk_rows = [[ctx.first_cell(anchor_id("risk", r.id), r.id), ctx.titled(r.title, r.description),
                  r.probability, r.impact, ctx.syntax.cell(r.mitigation), ctx.element_links(r.elements)]
                 for r in ordered]
    debt_rows = [[ctx.first_cell(anchor_id("debt", d.id), d.id), ctx.titled(d.title, d.description),
                  ctx.syntax.cell(d.remedy), ctx.element_links(d.elements)]
                 for d in sorted(a.technical_debts, key=lambda d: d.id)]
    return {
        "risks": table(["ID", "Risk", "Probability", "Impact", "Mitigation", "Building blocks"], risk_rows,
                       optional=("Mitigation", "Building blocks")) if risk_rows else None,
        "debts": table(["ID", "Technical debt", "Remedy", "Building blocks"], debt_rows,
                       optional=("Remedy", "Building blocks")) if debt_rows else None,
    }, [] if risk_rows or debt_rows else ["11"]


def glossary(ctx: DocContext) -> Built:
    rows = [[ctx.syntax.strong(ctx.syntax.cell(t.term)), ctx.syntax.cell(t.definition)]
            for t in sorted(ctx.ws.arc42.glossary, key=lambda t: (t.term.casefold(), t.term))]
    return {"table": table(["Term", "Definition"], rows) if rows else None}, [] if rows else ["12"]
