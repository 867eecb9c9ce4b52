"""Workspace views -> C4-PlantUML, with the standard macros from PlantUML's C4 library.

Each view becomes one ``@startuml KEY ... @enduml`` block that includes the
matching library file (``<C4/C4_Context>``, ``<C4/C4_Container>``,
``<C4/C4_Component>``, ``<C4/C4_Dynamic>``, ``<C4/C4_Deployment>``). Elements use
``Person``, ``System``, ``Container``, ``Component`` (``Db``/``Queue`` variants
for cylinder and queue shapes, ``_Ext`` for external ones), boundaries
``System_Boundary``, ``Container_Boundary``, ``Boundary`` (groups) and
``Deployment_Node``; relationships ``Rel`` (``RelIndex`` with the step number
in dynamic views). Workspace styles become ``AddElementTag`` / ``AddRelTag``.
C4-PlantUML has no generic element: a custom element is a ``System`` box
(its metadata, the type, is not shown).

Text is escaped for PlantUML: ``"``, ``$``, ``%``, ``<``, ``\\`` and doubled
creole markers (``//``, ``**``, ...) become numeric entities, so no label can
end a string, call a preprocessor function or switch on markup.
"""

from __future__ import annotations

import re
from dataclasses import replace
from itertools import pairwise

from archkit.export.diagram import Aliases, Diagram, children, kind_label, styler
from archkit.export.sequence import blocks, boxed, is_sequence, views_with_specs
from archkit.model import DynamicView, Workspace
from archkit.render.sequence import Message, messages, participants
from archkit.render.style import Styler
from archkit.views import ComputedBoundary, ComputedEdge, ComputedNode, ComputedView
from archkit.views.hints import drawable, placed_edges

_LIBRARY = {
    "system_landscape": "C4_Context", "system_context": "C4_Context", "container": "C4_Container",
    "component": "C4_Component", "dynamic": "C4_Dynamic", "deployment": "C4_Deployment", "custom": "C4_Context",
}
_ENTITIES = {'"': "&#34;", "$": "&#36;", "%": "&#37;", "<": "&#60;", "\\": "&#92;"}
_CREOLE = re.compile(r"([/*_\-~])(?=\1)")
_SHAPES = {"rounded_box": "RoundedBoxShape()", "hexagon": "EightSidedShape()"}
_TAG = re.compile(r"[^A-Za-z0-9_]+")


def text(value: str) -> str:
    """A PlantUML string argument's content (without the quotes)."""
    out = "".join(_ENTITIES.get(c, c) for c in value)
    out = _CREOLE.sub(lambda m: f"&#{ord(m.group(1))};", out)
    return out.replace("\r\n", "\n").replace("\n", "\\n")


def quoted(value: str) -> str:
    return f'"{text(value)}"'


def tag_name(tag: str) -> str:
    """Tags become PlantUML stereotypes: letters, digits and ``_`` only."""
    return _TAG.sub("_", tag).strip("_") or "tag"


def to_plantuml(ws: Workspace, view: str | None = None) -> list[Diagram]:
    """One C4-PlantUML diagram per view (or only ``view``); a dynamic view with ``style="sequence"``
    is a PlantUML sequence diagram."""
    looks = styler(ws)
    return [Diagram(v.key, _sequence(spec, v, looks) if is_sequence(spec) else _diagram(ws, v, looks), "puml")
            for spec, v in views_with_specs(ws, view)]


def _diagram(ws: Workspace, view: ComputedView, looks: Styler) -> str:
    element_tags, rel_tags = _element_tags(ws, view), _relationship_tags(ws, view)
    styled, rel_styled = set(element_tags), set(rel_tags)  # only tags with a definition go into $tags
    alias = Aliases()
    lines = [f"@startuml {tag_name(view.key)}", f"!include <C4/{_LIBRARY.get(view.type, 'C4_Container')}>", ""]
    lines.append(f"title {text(view.title)}")
    lines.append("LAYOUT_LEFT_RIGHT()" if view.direction in ("LR", "RL") else "LAYOUT_TOP_DOWN()")
    if view.direction in _UNDRAWN:
        drawn = _UNDRAWN[view.direction]
        lines.append(f"' archkit direction {view.direction} has no C4-PlantUML layout: drawn {drawn}")
    for name, value in (("ranksep", view.rank_separation), ("nodesep", view.node_separation)):
        if value is not None:  # PlantUML hands these to Graphviz in points: 300 per inch -> 72
            lines.append(f"skinparam {name} {round(value * 72 / 300)}")
    lines += [_add("AddElementTag", tag, params) for tag, params in element_tags.items()]
    lines += [_add("AddRelTag", tag, params) for tag, params in rel_tags.items()]
    lines.append("")
    lines += _content(view, None, alias, looks, styled, "")
    lines.append("")
    # what the hints ask of a drawing in the direction PlantUML draws (top-down for BT, left to right for RL)
    placed = placed_edges(replace(view, direction={"BT": "TB", "RL": "LR"}.get(view.direction, view.direction)))
    way = _LAY_ROTATED if view.direction in ("LR", "RL") else _LAY
    for edge in view.edges:  # placed by the hints: Rel_R and the like, so the relationship does not pull against them
        suffix = way[_PAGE[placed[edge.id]]].removeprefix("Lay") if edge.id in placed else ""
        lines.append(_relationship(edge, alias, rel_styled, view.type == "dynamic", suffix))
    lines += _layout(view, alias)
    lines += ["", "SHOW_LEGEND()", "@enduml", ""]
    return "\n".join(lines)


#: The directions C4-PlantUML cannot draw, and what it draws instead.
_UNDRAWN = {"BT": "top-down", "RL": "left to right"}
#: Where a hint puts its first element on the page -> the ``Lay_*`` macro that puts it there. Under
#: ``LAYOUT_LEFT_RIGHT()`` PlantUML rotates every direction (``Lay_D`` puts the second element to the
#: right, ``Lay_R`` below it: C4-PlantUML's LayoutOptions.md, checked with PlantUML 1.2026.8).
_LAY = {"right_of": "Lay_R", "left_of": "Lay_L", "below": "Lay_D", "above": "Lay_U"}
_LAY_ROTATED = {"right_of": "Lay_D", "left_of": "Lay_U", "below": "Lay_R", "above": "Lay_L"}
#: Where a relationship's destination goes on the page (:func:`archkit.views.hints.placed_edges`) -> the
#: hint that puts it there, whose macro's direction (``_R``, ...) the relationship's macro takes.
_PAGE = {"right": "right_of", "left": "left_of", "below": "below", "above": "above"}


def _layout(view: ComputedView, alias: Aliases) -> list[str]:
    """Layout hints as ``Lay_*(b, a)``, placing a where the hint puts it on the page (in a sideways view
    the macros are rotated as PlantUML rotates them); an ordered same_rank as a chain of them (a row of
    a top-down view, left to right; a column of a sideways one, top to bottom). An unordered same_rank
    has no C4-PlantUML macro: it is written as a comment, not dropped."""
    sideways = view.direction in ("LR", "RL")
    lay = _LAY_ROTATED if sideways else _LAY
    out = []
    for hint in drawable(view):
        a = [alias(e) for e in hint.elements]
        if hint.kind in lay:
            out.append(f"{lay[hint.kind]}({a[1]}, {a[0]})")
        elif hint.ordered:
            macro = lay["below"] if sideways else lay["right_of"]
            out += [f"{macro}({x}, {y})" for x, y in pairwise(a)]
        else:
            out.append(f"' archkit layout hint without a C4-PlantUML macro: same_rank({', '.join(a)})")
    return ["", *out] if out else []


def _element_tags(ws: Workspace, view: ComputedView) -> dict[str, dict[str, str]]:
    """The ``AddElementTag`` parameters of each workspace style this view uses (only the fields it sets), by
    tag, sorted. A style that sets nothing C4-PlantUML can draw (a cylinder is the ``*Db`` macro, an icon) is
    left out: ``AddElementTag`` without a style draws nothing but a yellow "last text and back color" legend entry."""
    out: dict[str, dict[str, str]] = {}
    node_tags = {t for n in view.nodes for t in n.tags}
    for tag in sorted({s.tag for s in ws.styles.elements} & node_tags):
        params: dict[str, str] = {}
        for style in (s for s in ws.styles.elements if s.tag == tag):
            for field, param in (("background", "$bgColor"), ("color", "$fontColor"), ("stroke", "$borderColor")):
                if getattr(style, field) is not None:
                    params[param] = f'"{getattr(style, field)}"'
            if style.shape in _SHAPES:
                params["$shape"] = _SHAPES[style.shape]
            if style.border in ("dashed", "dotted"):
                params["$borderStyle"] = "DashedLine()" if style.border == "dashed" else "DottedLine()"
        if params:
            out[tag] = params
    return out


def _relationship_tags(ws: Workspace, view: ComputedView) -> dict[str, dict[str, str]]:
    """The ``AddRelTag`` parameters of each relationship style this view uses (and ``Asynchronous``: dashed),
    by tag, sorted; a style that sets nothing C4-PlantUML can draw is left out, as for elements."""
    out: dict[str, dict[str, str]] = {}
    edge_tags = {t for e in view.edges for t in e.tags}
    for tag in sorted(({s.tag for s in ws.styles.relationships} | {"Asynchronous"}) & edge_tags):
        params = {"$lineStyle": "DashedLine()"} if tag == "Asynchronous" else {}
        for rstyle in (s for s in ws.styles.relationships if s.tag == tag):
            if rstyle.color is not None:
                params.update({"$textColor": f'"{rstyle.color}"', "$lineColor": f'"{rstyle.color}"'})
            if rstyle.style is not None:
                params["$lineStyle"] = {"dashed": "DashedLine()", "dotted": "DottedLine()"}.get(
                    rstyle.style, "SolidLine()")
            if rstyle.thickness is not None:
                params["$lineThickness"] = f'"{rstyle.thickness}"'
        if params:
            out[tag] = params
    return out


def _add(macro: str, tag: str, params: dict[str, str]) -> str:
    return f'{macro}("{tag_name(tag)}"' + "".join(f", {k}={v}" for k, v in params.items()) + ")"


def _content(view: ComputedView, parent: str | None, alias: Aliases, looks: Styler, styled: set[str],
             indent: str) -> list[str]:
    boundaries, nodes = children(view, parent)
    out = [indent + _element(n, alias, looks, styled) for n in nodes]
    for b in boundaries:
        out.append(indent + _boundary(b, alias) + " {")
        out += _content(view, b.id, alias, looks, styled, indent + "  ")
        out.append(indent + "}")
    return out


def _element(node: ComputedNode, alias: Aliases, looks: Styler, styled: set[str]) -> str:
    look = looks.look(node.tags)
    name = node.name + (f" (x{node.instances})" if node.instances not in ("", "1") else "")
    args = [alias(node.id), quoted(name)]
    if node.kind == "Person":
        macro = "Person"
    elif node.kind in ("Deployment Node", "Infrastructure Node"):
        macro = "Node"
        args.append(quoted(node.technology))
    else:
        macro = {"Software System": "System", "Container": "Container", "Component": "Component"}.get(
            node.kind, "System")
        if macro != "System":
            args.append(quoted(node.technology))
        macro += {"cylinder": "Db", "queue": "Queue", "pipe": "Queue"}.get(look.shape, "")
    if node.external and node.kind != "Deployment Node":
        macro += "_Ext"
    args.append(quoted(node.description))
    tags = [tag_name(t) for t in node.tags if t in styled]
    if tags:
        args.append(f'$tags="{"+".join(tags)}"')
    return f"{macro}({', '.join(args)})"


def _boundary(b: ComputedBoundary, alias: Aliases) -> str:
    if b.kind == "Software System":
        return f"System_Boundary({alias(b.id)}, {quoted(b.name)})"
    if b.kind == "Container":
        return f"Container_Boundary({alias(b.id)}, {quoted(b.name)})"
    if b.kind in ("Deployment Node", "Infrastructure Node"):
        name = b.name + (f" (x{b.instances})" if b.instances not in ("", "1") else "")
        return f"Deployment_Node({alias(b.id)}, {quoted(name)}, {quoted(b.technology)}, {quoted(b.description)})"
    return f"Boundary({alias(b.id)}, {quoted(b.name)}, {quoted(b.kind)})"


def _relationship(edge: ComputedEdge, alias: Aliases, rel_styled: set[str], dynamic: bool, way: str = "") -> str:
    """``Rel`` (``RelIndex`` in a dynamic view), ``way`` (``_R``, ``_D``, ...) placing its destination."""
    args = [alias(edge.source), alias(edge.destination), quoted(edge.description), quoted(edge.technology)]
    tags = [tag_name(t) for t in edge.tags if t in rel_styled]
    if tags:
        args.append(f'$tags="{"+".join(tags)}"')
    if dynamic and edge.order is not None:
        return f"RelIndex{way}({quoted(edge.order)}, {', '.join(args)})"
    return f"Rel{way}({', '.join(args)})"





_PARTICIPANTS = {"person": "actor", "cylinder": "database", "queue": "queue", "pipe": "queue"}


def _sequence(view: DynamicView, computed: ComputedView, looks: Styler) -> str:
    """PlantUML's own sequence diagram (plain PlantUML: any release draws it, C4-PlantUML's
    ``C4_Sequence`` needs 2.9 or later): participants in their C4 colours and shapes (``actor``,
    ``database``, ``queue``), each top-level boundary a ``box``, a ``par`` block per parallel group."""
    alias = Aliases()
    steps = messages(view, computed)
    lines = [f"@startuml {tag_name(view.key)}", "skinparam sequenceMessageAlign center", "hide footbox"]
    if computed.title:
        lines.append(f"title {text(computed.title)}")
    for boundary, members in boxed(computed, participants(computed, steps)):
        if boundary is not None:
            lines.append(f"box {quoted(f'{boundary.name} [{boundary.kind}]')} #transparent")
        for node in members:
            look = looks.look(node.tags)
            keyword = _PARTICIPANTS.get(look.shape, "participant")
            lines.append(f"{keyword} {quoted(f'{node.name}{chr(10)}{kind_label(node)}')} as {alias(node.id)} "
                         f"{look.background}")
        if boundary is not None:
            lines.append("end box")

    def line(m: Message) -> str:
        arrow = "-->" if m.response else "->>" if m.asynchronous else "->"
        body = f"{m.number} {m.description}" + (f"\n[{m.technology}]" if m.technology else "")
        return f"{alias(m.source)} {arrow} {alias(m.destination)} : {text(body)}"

    lines += blocks(steps, line, "par", "else", indent="")
    return "\n".join([*lines, "@enduml"]) + "\n"
