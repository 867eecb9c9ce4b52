"""Workspace views -> Mermaid: C4 diagrams, and a flowchart fallback.

Mermaid's C4 support is experimental (its layout ignores most hints), so every
view can also be exported as a plain ``flowchart`` that any Mermaid renders:
boxes labelled ``Name / [Kind: technology] / description``, ``subgraph`` s for
boundaries, dashed arrows for asynchronous relationships, and the workspace's
colours as ``style`` lines.

C4 output uses Mermaid's C4 macros (``Person``, ``System_Ext``, ``ContainerDb``,
``System_Boundary``, ``Deployment_Node``, ``Rel``, ``RelIndex`` in dynamic
views) with ``UpdateElementStyle`` for workspace colours. Mermaid's C4 has no generic
element: a custom element is a ``System`` box there (the flowchart shows its metadata
as the type: ``[Hardware]``).

Text is escaped for Mermaid: ``#`` ``<`` ``>`` ``"`` become entity codes
(``#35;``, ``#lt;``, ...) in flowcharts; Mermaid's C4 parser has no escape for a
double quote, so there it becomes ``'``.
"""

from __future__ import annotations

import json

from archkit.export.diagram import Aliases, Diagram, children, computed_views, kind_label, separations, styler
from archkit.export.sequence import is_sequence, mermaid_sequence, views_with_specs
from archkit.model import Workspace
from archkit.render.style import Look, Styler
from archkit.views import ComputedBoundary, ComputedEdge, ComputedHint, ComputedNode, ComputedView
from archkit.views.hints import drawable, wanted

_C4_TYPES = {
    "system_landscape": "C4Context", "system_context": "C4Context", "container": "C4Container",
    "component": "C4Component", "dynamic": "C4Dynamic", "deployment": "C4Deployment", "custom": "C4Context",
}
_FLOW_DIRECTIONS = {"TB": "TB", "LR": "LR", "BT": "BT", "RL": "RL"}
_FLOW_ENTITIES = {"#": "#35;", '"': "#quot;", "<": "#lt;", ">": "#gt;"}
_FLOW_SHAPES = {
    "person": ('(["', '"])'), "cylinder": ('[("', '")]'), "queue": ('[/"', '"/]'), "pipe": ('[/"', '"/]'),
    "hexagon": ('{{"', '"}}'), "circle": ('(("', '"))'), "ellipse": ('(["', '"])'), "diamond": ('{"', '"}'),
    "folder": ('[["', '"]]'), "component": ('[["', '"]]'),
}


def c4_text(value: str) -> str:
    """Content of a Mermaid C4 string: no double quotes, line breaks as ``<br/>``."""
    return value.replace('"', "'").replace("\r\n", "\n").replace("\n", "<br/>")


def flow_text(value: str) -> str:
    """Content of a quoted flowchart label, entity-escaped."""
    out = "".join(_FLOW_ENTITIES.get(c, c) for c in value)
    return out.replace("\r\n", "\n").replace("\n", "<br/>")


def to_mermaid(ws: Workspace, view: str | None = None) -> list[Diagram]:
    """One Mermaid C4 diagram per view (or only ``view``); a dynamic view with ``style="sequence"``
    is a ``sequenceDiagram``."""
    looks = styler(ws)
    return [Diagram(v.key, mermaid_sequence(spec, v) if is_sequence(spec)
                    else _c4(v, looks), "mmd") for spec, v in views_with_specs(ws, view)]


def to_mermaid_flowchart(ws: Workspace, view: str | None = None) -> list[Diagram]:
    """One Mermaid flowchart per view (or only ``view``): the fallback for Mermaid's experimental C4."""
    looks = styler(ws)
    return [Diagram(v.key, _flowchart(v, looks), "mmd") for v in computed_views(ws, view)]


# ---- C4 ---------------------------------------------------------------------


def _c4(view: ComputedView, looks: Styler) -> str:
    alias = Aliases()
    lines = [_C4_TYPES.get(view.type, "C4Container"), f'  title {c4_text(view.title).replace("<br/>", " ")}']
    lines += _c4_layout(view)
    lines += _c4_content(view, None, alias, looks, "  ")
    nodes = set(view.node_ids)
    drawable = [e for e in view.edges if e.source in nodes and e.destination in nodes]
    for edge in view.edges:
        if edge in drawable:
            lines.append("  " + _c4_rel(edge, alias))
        else:  # Mermaid's C4 draws relationships between elements only, not boundaries
            lines.append(f"  %% not drawn: {c4_text(edge.source)} -> {c4_text(edge.destination)} (a boundary)")
    for node in view.nodes:
        look = looks.look(node.tags)
        lines.append(f'  UpdateElementStyle({alias(node.id)}, $bgColor="{look.background}", '
                     f'$fontColor="{look.color}", $borderColor="{look.stroke}")')
    for edge in drawable:
        line = looks.line(edge.tags)
        lines.append(f'  UpdateRelStyle({alias(edge.source)}, {alias(edge.destination)}, '
                     f'$textColor="{line.color}", $lineColor="{line.color}")')
    return "\n".join(lines + _c4_hints(view, alias)) + "\n"


def _c4_hints(view: ComputedView, alias: Aliases) -> list[str]:
    named = (ComputedHint(h.kind, tuple(alias(e) for e in h.elements), h.ordered) for h in drawable(view))
    return [f"  %% archkit layout hint (no Mermaid C4 equivalent): {h.text()}" for h in named]


def _c4_layout(view: ComputedView) -> list[str]:
    """Mermaid's C4 layout has no direction, separation or placement: what the view sets is kept as
    comments, not dropped (``--to mermaid-flowchart`` keeps the direction and the hints along it); the
    hints go last, by alias, as :func:`_c4_hints` writes them."""
    out = [f"  %% archkit direction {view.direction} (no Mermaid C4 equivalent; mermaid-flowchart keeps it)"
           ] if view.direction != "TB" else []
    if separations(view):
        out.append(f"  %% archkit {separations(view)} (no Mermaid C4 equivalent)")
    return out


def _c4_content(view: ComputedView, parent: str | None, alias: Aliases, looks: Styler, indent: str) -> list[str]:
    boundaries, nodes = children(view, parent)
    out = [indent + _c4_element(n, alias, looks.look(n.tags)) for n in nodes]
    for b in boundaries:
        out.append(indent + _c4_boundary(b, alias) + " {")
        out += _c4_content(view, b.id, alias, looks, indent + "  ")
        out.append(indent + "}")
    return out


def _c4_element(node: ComputedNode, alias: Aliases, look: Look) -> str:
    args = [alias(node.id), f'"{c4_text(node.name)}"']
    if node.kind == "Person":
        macro = "Person"
    elif node.kind in ("Deployment Node", "Infrastructure Node"):
        # Mermaid's C4 parser refuses a Deployment_Node without children: draw the leaf as a box
        return f'Container({args[0]}, {args[1]}, "{c4_text(node.technology)}", "{c4_text(node.description)}")'
    else:
        macro = {"Software System": "System", "Container": "Container", "Component": "Component"}.get(
            node.kind, "System")
        if macro != "System":
            args.append(f'"{c4_text(node.technology)}"')
        macro += {"cylinder": "Db", "queue": "Queue", "pipe": "Queue"}.get(look.shape, "")
    if node.external:
        macro += "_Ext"
    args.append(f'"{c4_text(node.description)}"')
    return f"{macro}({', '.join(args)})"


def _c4_boundary(b: ComputedBoundary, alias: Aliases) -> str:
    name = f'"{c4_text(b.name)}"'
    if b.kind == "Software System":
        return f"System_Boundary({alias(b.id)}, {name})"
    if b.kind == "Container":
        return f"Container_Boundary({alias(b.id)}, {name})"
    if b.kind in ("Deployment Node", "Infrastructure Node"):
        return f'Deployment_Node({alias(b.id)}, {name}, "{c4_text(b.technology)}", "{c4_text(b.description)}")'
    return f'Boundary({alias(b.id)}, {name}, "{c4_text(b.kind)}")'


def _c4_rel(edge: ComputedEdge, alias: Aliases) -> str:
    args = f'{alias(edge.source)}, {alias(edge.destination)}, "{c4_text(edge.description)}", ' \
           f'"{c4_text(edge.technology)}"'
    if edge.order is not None:
        return f'RelIndex("{c4_text(edge.order)}", {args})'
    return f"Rel({args})"


# ---- flowchart ----------------------------------------------------------------


def _flowchart(view: ComputedView, looks: Styler) -> str:
    alias = Aliases("n")
    # the front matter is YAML: the title a double-quoted string (JSON's is one), so a ": " or "#" in it is text
    title = json.dumps(flow_text(view.title).replace("<br/>", " "), ensure_ascii=False)
    lines = ["---", f"title: {title}", "---",
             f"flowchart {_FLOW_DIRECTIONS.get(view.direction, 'TB')}"]
    if separations(view):
        lines.append(f"  %% archkit {separations(view)} (no Mermaid flowchart syntax)")
    lines += _flow_content(view, None, alias, looks, "  ")
    for edge in view.edges:
        label = "<br/>".join(flow_text(p) for p in (
            f"{edge.order}: {edge.description}" if edge.order is not None else edge.description,
            f"[{edge.technology}]" if edge.technology else "") if p)
        arrow = "-.->" if edge.interaction == "async" else "-->"
        middle = f'|"{label}"|' if label else ""
        lines.append(f"  {alias(edge.source)} {arrow}{middle} {alias(edge.destination)}")
    lines += _flow_hints(view, alias)
    for node in view.nodes:
        look = looks.look(node.tags)
        dash = ",stroke-dasharray:5 5" if look.border != "solid" else ""
        lines.append(f"  style {alias(node.id)} fill:{look.background},color:{look.color},stroke:{look.stroke}{dash}")
    for b in view.boundaries:
        lines.append(f"  style {alias(b.id)} fill:none,stroke:#707070,stroke-dasharray:5 5")
    return "\n".join(lines) + "\n"


def _flow_hints(view: ComputedView, alias: Aliases) -> list[str]:
    """Hints along the flow as invisible links (``b ~~~ a``: a on a later rank); Mermaid has nothing
    for an order across it, so those are written as comments, not dropped."""
    out = []
    for hint in drawable(view):
        before, _same, _order = wanted(view.direction, hint)
        if before:
            out += [f"  {alias(u)} ~~~ {alias(v)}" for u, v in before]
        else:
            named = ComputedHint(hint.kind, tuple(alias(e) for e in hint.elements), hint.ordered)
            out.append(f"  %% archkit layout hint across the flow (no Mermaid equivalent): {named.text()}")
    return out


def _flow_content(view: ComputedView, parent: str | None, alias: Aliases, looks: Styler, indent: str) -> list[str]:
    boundaries, nodes = children(view, parent)
    out = []
    for node in nodes:
        shape = _FLOW_SHAPES.get(looks.look(node.tags).shape)
        parts = [f"<b>{flow_text(node.name)}</b>", flow_text(kind_label(node))]
        if node.description:
            parts.append(flow_text(node.description))
        opening, closing = shape or ('["', '"]')
        out.append(f"{indent}{alias(node.id)}{opening}{'<br/>'.join(parts)}{closing}")
    for b in boundaries:
        out.append(f'{indent}subgraph {alias(b.id)}["{flow_text(b.name)}<br/>{flow_text(kind_label(b))}"]')
        out += _flow_content(view, b.id, alias, looks, indent + "  ")
        out.append(f"{indent}end")
    return out
