"""Template data of the sections drawn from the C4 model: 3 (context), 5 (building blocks),
6 (runtime) and 7 (deployment). Same contract as :mod:`archkit.arc42.content`."""

from __future__ import annotations

from typing import Any

from archkit.arc42.content import Built
from archkit.arc42.context import DocContext, table
from archkit.arc42.escape import anchor_id
from archkit.arc42.layout import top_level
from archkit.model import (
    Container,
    ContainerInstance,
    DeploymentNode,
    DynamicView,
    SoftwareSystem,
    SoftwareSystemInstance,
)
from archkit.model.elements import Element
from archkit.model.relationships import Relationship
from archkit.views.dynamic import step_relationship


def _crossing(ctx: DocContext) -> list[tuple[Relationship, str, str]]:
    """Relationships across the boundary of the documented systems: (relationship, partner, direction)."""
    documented = set(ctx.layout.documented)
    out = []
    for rel in sorted(ctx.ws.model.relationships, key=lambda r: r.id or r.label):
        a, b = top_level(ctx.index, rel.source), top_level(ctx.index, rel.destination)
        if a is None or b is None:
            continue
        if b in documented and a not in documented:
            out.append((rel, a, "in"))
        elif a in documented and b not in documented:
            out.append((rel, b, "out"))
    return out


def _qualified(ctx: DocContext, element_id: str) -> str:
    """``API (Shop)``: an element's name with the names of its parents."""
    parents = [ctx.index.display_name(p) for p in reversed(ctx.index.ancestors(element_id))]
    name = ctx.index.display_name(element_id)
    return f"{name} ({' / '.join(parents)})" if parents else name


def context(ctx: DocContext) -> Built:
    crossing = _crossing(ctx)
    partners = []
    for partner in ctx.layout.partners:
        inputs = _interactions(ctx, [r for r, p, d in crossing if p == partner and d == "in"], "in")
        outputs = _interactions(ctx, [r for r, p, d in crossing if p == partner and d == "out"], "out")
        element = ctx.index.get(partner)
        description = element.description if element else ""
        partners.append([ctx.place(ctx.element_anchor(partner)) + ctx.titled(ctx.index.display_name(partner),
                                                                             description), inputs, outputs])
    technical = [[ctx.link(ctx.syntax.cell(_qualified(ctx, r.source)), ctx.element_anchor(r.source)),
                  ctx.link(ctx.syntax.cell(_qualified(ctx, r.destination)), ctx.element_anchor(r.destination)),
                  ctx.syntax.cell(r.description), ctx.syntax.cell(r.technology)] for r, _p, _d in crossing]
    diagrams = ctx.diagrams_of("3.1")
    empty = [n for n, filled in (("3.1", diagrams or partners), ("3.2", technical)) if not filled]
    return {
        "diagrams": diagrams,
        "partners": table(["Partner", "Input", "Output"], partners) if partners else None,
        "technical": table(["From", "To", "Channel", "Technology"], technical) if technical else None,
    }, empty


_PREPOSITIONS = {"at", "by", "for", "from", "in", "into", "of", "on", "onto", "over", "through", "to", "using",
                 "via", "with"}


def _sentence(ctx: DocContext, rel: Relationship, direction: str) -> str:
    """What crosses the boundary, read from the partner's row: ``Places orders through REST Controller``
    (input) or ``Order Service sends invoices to`` + partner (output)."""
    desc = " ".join(rel.description.split())
    words = desc.split(" ")
    dangling = bool(desc) and words[-1].casefold() in _PREPOSITIONS
    if direction == "in":
        target = ctx.index.display_name(rel.destination)
        return f"{desc} {target}" if dangling else desc or f"uses {target}"
    source = ctx.index.display_name(rel.source)
    if not desc:
        return f"{source} uses it"
    verb = desc[0].lower() + desc[1:] if len(desc) > 1 and desc[1].islower() else desc
    partner = ctx.index.display_name(rel.destination)
    return f"{source} {verb}" + (f" {partner}" if dangling else "")


def _interactions(ctx: DocContext, rels: list[Relationship], direction: str) -> str:
    seen: list[str] = []
    for r in rels:
        text = _sentence(ctx, r, direction)
        if text not in seen:
            seen.append(text)
    return ctx.syntax.line_break().join(ctx.syntax.cell(t) for t in seen)


# ---- 5 building blocks ------------------------------------------------------------


def _children(element: Element | None) -> list[Element]:
    """The building blocks inside an element, in model order (the author's order carries meaning)."""
    if isinstance(element, SoftwareSystem):
        return list(element.containers)
    if isinstance(element, Container):
        return list(element.components)
    return []


def _blackboxes(ctx: DocContext, elements: list[Element]) -> dict[str, list[Any]] | None:
    if not elements:
        return None
    a = ctx.ws.arc42
    with_issues = any(r.elements for r in a.risks) or any(d.elements for d in a.technical_debts)
    rows = []
    for e in elements:
        row = [ctx.place(ctx.element_anchor(e.id)) + ctx.syntax.strong(ctx.syntax.cell(e.name)),
               ctx.syntax.cell(e.description), ctx.syntax.cell(e.technology_text)]
        if with_issues:
            issues = [ctx.link(ctx.syntax.cell(r.id), anchor_id("risk", r.id))
                      for r in sorted(a.risks, key=lambda r: r.id) if e.id in r.elements]
            issues += [ctx.link(ctx.syntax.cell(d.id), anchor_id("debt", d.id))
                       for d in sorted(a.technical_debts, key=lambda d: d.id) if e.id in d.elements]
            row.append(", ".join(issues))
        rows.append(row)
    header = ["Name", "Responsibility", "Technology", *(["Risks and debts"] if with_issues else [])]
    return table(header, rows)


def _groups(ctx: DocContext, elements: list[Element]) -> dict[str, list[Any]] | None:
    """The groups the building blocks are in (and the groups around those), in model order: each with its
    description and its own building blocks, so that the docs keep what the diagrams' dotted boundaries say."""
    members: dict[str, list[Element]] = {}
    for e in elements:
        group = getattr(e, "group", None)
        for gid in ctx.index.group_chain(group):
            members.setdefault(gid, [])
        if group in members:
            members[group].append(e)
    if not members:
        return None
    rows = []
    for group in ctx.ws.model.groups:
        if group.id not in members:
            continue
        path = " / ".join(ctx.index.groups[g].name for g in reversed(ctx.index.group_chain(group.id)))
        blocks = ", ".join(ctx.link(ctx.syntax.cell(e.name), ctx.element_anchor(e.id)) for e in members[group.id])
        rows.append([ctx.syntax.strong(ctx.syntax.cell(path)), ctx.syntax.cell(group.description), blocks])
    return table(["Group", "Description", "Building blocks"], rows)


def _whitebox(ctx: DocContext, element_id: str, number: str) -> dict[str, Any]:
    element = ctx.index.get(element_id)
    children = _children(element)
    return {
        "block": anchor_id("wb", element_id),
        "number": number,
        "title": ctx.syntax.inline(ctx.index.display_name(element_id)),
        "intro": ctx.syntax.text(element.description if element else ""),
        "diagrams": ctx.diagrams_of(f"wb:{element_id}"),
        "blackboxes": _blackboxes(ctx, children),
        "groups": _groups(ctx, children),
    }


def _depth(system: Element | None) -> str:
    """How far the model decomposes the documented system: "components", "containers", "system" (not
    at all) or "" (no documented system)."""
    if not isinstance(system, SoftwareSystem):
        return ""
    if any(c.components for c in system.containers):
        return "components"
    return "containers" if system.containers else "system"


def building_blocks(ctx: DocContext) -> Built:
    layout = ctx.layout
    system = ctx.index.get(layout.system) if layout.system else None
    intro, boxes, groups = "", None, None
    if system is not None:
        intro = ctx.place(ctx.element_anchor(system.id)) + ctx.syntax.strong(ctx.syntax.inline(system.name))
        if system.description:
            intro += ": " + ctx.syntax.text(system.description)
        boxes = _blackboxes(ctx, _children(system))
        groups = _groups(ctx, _children(system))
    diagrams = ctx.diagrams_of("5.1")
    level2 = [_whitebox(ctx, e, f"5.2.{n}") for n, e in enumerate(layout.whiteboxes, start=1)]
    depth = _depth(system)
    # level 3 is optional: 5.3 says how far the model goes, and is not a gap while a system is documented
    empty = [n for n, filled in (("5.1", diagrams or boxes), ("5.2", level2), ("5.3", depth)) if not filled]
    return {"overall": {"intro": intro, "diagrams": diagrams, "blackboxes": boxes, "groups": groups},
            "level2": level2, "level3": [], "single": system is not None, "depth": depth}, empty


# ---- 6 runtime ----------------------------------------------------------------------


def runtime(ctx: DocContext) -> Built:
    scenarios = []
    for n, view in enumerate(ctx.layout.views_in("6"), start=1):
        steps = None
        if isinstance(view, DynamicView) and view.steps:
            rows = []
            for number, step in view.numbered_steps():
                rel = step_relationship(ctx.views(), step)  # as the diagram takes it: direct, nested, answered
                technology = step.technology or (rel.technology if rel else "")
                said = step.description or (rel.description if rel else "")
                if step.response:  # the diagram draws it as a dashed return: the table says so too
                    said = f"{said} (response)" if said else "(response)"
                rows.append([number, ctx.element_link(step.source), ctx.element_link(step.destination),
                             ctx.syntax.cell(said), ctx.syntax.cell(technology)])
            steps = table(["Step", "From", "To", "Description", "Technology"], rows)
        scenarios.append({"block": anchor_id("runtime", view.key), "number": f"6.{n}",
                          "title": ctx.syntax.inline(ctx.view_title(view)), "diagram": ctx.diagram(view),
                          "steps": steps})
    return {"scenarios": scenarios}, [] if scenarios else ["6"]


# ---- 7 deployment --------------------------------------------------------------------


def _node_row(ctx: DocContext, node: Element, label: str) -> list[str]:
    instances = node.instances if isinstance(node, DeploymentNode) else ""
    return [ctx.place(ctx.element_anchor(node.id)) + ctx.syntax.strong(ctx.syntax.cell(label)),
            ctx.syntax.cell(node.technology_text), ctx.syntax.cell(instances), ctx.syntax.cell(node.description)]


def _descendants(ctx: DocContext, node: DeploymentNode, path: str) -> list[tuple[Element, str]]:
    """The nodes inside ``node`` shown in 7.2, depth first in model order, with their paths."""
    out: list[tuple[Element, str]] = []
    for child in [*node.children, *node.infrastructure_nodes]:
        if child.id in ctx.layout.hidden:
            continue
        label = f"{path} / {child.name}" if path else child.name
        out.append((child, label))
        if isinstance(child, DeploymentNode):
            out.extend(_descendants(ctx, child, label))
    return out


def count_copies(chain: list[DeploymentNode]) -> str:
    """How many copies of an instance run: the product of its nodes' ``instances`` along the chain
    (``3`` inside ``2`` is ``6``); a range stays a factor (``2 × 1..N``)."""
    number, ranges = 1, []
    for node in chain:
        value = node.instances.strip()
        if value.isdigit():
            number *= int(value)
        else:
            ranges.append(value)
    if not ranges:
        return str(number)
    return " × ".join([*([str(number)] if number != 1 else []), *ranges])


def _mapping(ctx: DocContext, node: DeploymentNode, path: list[DeploymentNode]) -> list[list[str]]:
    chain = [*path, node]
    where = ctx.link(ctx.syntax.cell(" / ".join(n.name for n in chain)), ctx.element_anchor(node.id))
    rows = []
    instances: list[ContainerInstance | SoftwareSystemInstance] = [*node.container_instances,
                                                                   *node.software_system_instances]
    for inst in instances:
        if inst.id in ctx.layout.hidden:
            continue
        target = inst.container if isinstance(inst, ContainerInstance) else inst.software_system
        groups = ", ".join(sorted(ctx.index.deployment_groups(inst.id)))
        rows.append([ctx.place(ctx.element_anchor(inst.id)) + ctx.element_link(target), where,
                     ctx.syntax.cell(count_copies(chain)), ctx.syntax.cell(groups)])
    for child in node.children:
        if child.id not in ctx.layout.hidden:
            rows.extend(_mapping(ctx, child, chain))
    return rows


def deployment(ctx: DocContext) -> Built:
    nodes = [x for x in ctx.ws.model.deployment_nodes if x.id not in ctx.layout.hidden]
    names = sorted({n.environment for n in nodes} | {s[4:] for s in ctx.layout.slots if s.startswith("env:")})
    environments = []
    for n, env in enumerate(names, start=1):
        top = [x for x in nodes if x.environment == env]
        node_rows = [_node_row(ctx, x, x.name) for x in top]
        mapping = [row for x in top for row in _mapping(ctx, x, [])]
        # the deployment groups column only where the environment has groups: instances replicate relationships
        # only within a group they share (Structurizr's rule), which a reader of two regions needs to see
        grouped = any(row[-1] for row in mapping)
        mapping = [row if grouped else row[:-1] for row in mapping]
        environments.append({
            "block": anchor_id("env", env), "number": f"7.1.{n}", "title": ctx.syntax.inline(env),
            "diagrams": ctx.diagrams_of(f"env:{env}"), "grouped": grouped,
            "nodes": table(["Node", "Technology", "Instances", "Description"], node_rows) if node_rows else None,
            "mapping": table(["Building block", "Node", "Instances", *(["Deployment groups"] if grouped else [])],
                             mapping) if mapping else None,
        })
    level2: list[dict[str, Any]] = []
    for env in names:
        for x in (x for x in nodes if x.environment == env):
            inner = _descendants(ctx, x, "")
            if inner:
                rows = [_node_row(ctx, child, label) for child, label in inner]
                level2.append({"block": anchor_id("infra", x.id), "number": f"7.2.{len(level2) + 1}",
                               "title": ctx.syntax.inline(f"{x.name} ({x.environment})"),
                               "table": table(["Node", "Technology", "Instances", "Description"], rows)})
    empty = [n for n, filled in (("7.1", environments), ("7.2", level2)) if not filled]
    return {"environments": environments, "level2": level2}, empty
