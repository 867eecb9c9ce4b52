"""Workspace views -> D2 (https://d2lang.com), one diagram per view.

Elements are shapes labelled ``Name / [Kind: technology] / description``
(``person``, ``cylinder``, ``queue``, ``hexagon``, ... from the element's style),
boundaries are containers holding their children (referred to by dotted path),
relationships are connections labelled with description and technology, dashed
when asynchronous, numbered in dynamic views. Colours come from the workspace's
styles, resolved as archkit's own renderer resolves them.

Strings are double-quoted with ``\\``, ``"`` and ``$`` escaped (D2 would read
``${...}`` as a substitution) and line breaks as ``\\n``.
"""

from __future__ import annotations

from archkit.export.diagram import Aliases, Diagram, children, kind_label, separations, styler
from archkit.export.sequence import is_sequence, views_with_specs
from archkit.model import DynamicView, Workspace
from archkit.render.sequence import Message, messages, participants
from archkit.render.style import Look, Styler
from archkit.views import ComputedHint, ComputedNode, ComputedView
from archkit.views.hints import drawable

_DIRECTIONS = {"TB": "down", "BT": "up", "LR": "right", "RL": "left"}
_SHAPES = {
    "person": "person", "cylinder": "cylinder", "queue": "queue", "pipe": "queue", "hexagon": "hexagon",
    "circle": "circle", "ellipse": "oval", "diamond": "diamond", "folder": "package", "component": "rectangle",
    "web_browser": "rectangle", "mobile_device": "rectangle", "box": "rectangle", "rounded_box": "rectangle",
}


def string(value: str) -> str:
    """A double-quoted D2 string."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("$", "\\$")
    return '"' + escaped.replace("\r\n", "\n").replace("\n", "\\n") + '"'


def to_d2(ws: Workspace, view: str | None = None) -> list[Diagram]:
    """One D2 diagram per view (or only ``view``); a dynamic view with ``style="sequence"`` is a D2
    ``sequence_diagram``."""
    looks = styler(ws)
    return [Diagram(v.key, _sequence(spec, v, looks) if is_sequence(spec) else _diagram(v, looks), "d2")
            for spec, v in views_with_specs(ws, view)]


def _diagram(view: ComputedView, looks: Styler) -> str:
    alias = Aliases()
    paths: dict[str, str] = {}
    lines = [f"direction: {_DIRECTIONS.get(view.direction, 'down')}",
             f"title: {string(view.title)} {{near: top-center; shape: text; style.font-size: 24}}", ""]
    lines += _content(view, None, "", alias, paths, looks, "")
    lines.append("")
    for edge in view.edges:
        label = edge.description if edge.order is None else f"{edge.order}: {edge.description}"
        if edge.technology:
            label += f"\n[{edge.technology}]"
        line = looks.line(edge.tags)
        attrs = [f'style.stroke: "{line.color}"', f'style.font-color: "{line.color}"']
        if line.style != "solid" or edge.interaction == "async":
            attrs.append("style.stroke-dash: 3")
        if line.thickness != 1:
            attrs.append(f"style.stroke-width: {min(max(line.thickness, 1), 15)}")
        lines.append(f"{paths[edge.source]} -> {paths[edge.destination]}: {string(label)} {{{'; '.join(attrs)}}}")
    hints = [ComputedHint(h.kind, tuple(paths[e] for e in h.elements), h.ordered).text() for h in drawable(view)]
    if hints:  # D2 places by direction only: the hints are kept as comments, not dropped
        lines += ["", *(f"# archkit layout hint (no D2 equivalent): {text}" for text in hints)]
    if separations(view):
        lines += ["", f"# archkit {separations(view)} (no D2 equivalent)"]
    return "\n".join(lines) + "\n"


def _content(view: ComputedView, parent: str | None, prefix: str, alias: Aliases, paths: dict[str, str],
             looks: Styler, indent: str) -> list[str]:
    boundaries, nodes = children(view, parent)
    out = []
    for node in nodes:
        paths[node.id] = prefix + alias(node.id)
        label = "\n".join(p for p in (node.name, kind_label(node), node.description) if p)
        attrs = _node_attrs(node, looks.look(node.tags))
        out.append(f"{indent}{alias(node.id)}: {string(label)} {{{'; '.join(attrs)}}}")
    for b in boundaries:
        paths[b.id] = prefix + alias(b.id)
        label = f"{b.name}\n{kind_label(b)}"
        out.append(f"{indent}{alias(b.id)}: {string(label)} {{")
        out.append(f'{indent}  style.stroke-dash: 3; style.fill: "transparent"')
        out += _content(view, b.id, paths[b.id] + ".", alias, paths, looks, indent + "  ")
        out.append(f"{indent}}}")
    return out


def _node_attrs(node: ComputedNode, look: Look) -> list[str]:
    attrs = [f"shape: {_SHAPES.get(look.shape, 'rectangle')}", f'style.fill: "{look.background}"',
             f'style.font-color: "{look.color}"', f'style.stroke: "{look.stroke}"']
    if look.border != "solid":
        attrs.append("style.stroke-dash: 3")
    if look.opacity < 100:
        attrs.append(f"style.opacity: {look.opacity / 100:g}")
    if node.instances not in ("", "1"):
        attrs.append("style.multiple: true")
    return attrs


def _sequence(spec: DynamicView, view: ComputedView, looks: Styler) -> str:
    """A D2 ``sequence_diagram``: the actors in order of first use (name and ``[Kind: technology]``, in
    their C4 colours), one message per step, each parallel group a ``par`` group holding one group per
    branch; responses dashed, asynchronous messages with an open arrowhead."""
    alias = Aliases()
    steps = messages(spec, view)
    lines = [f"title: {string(view.title)} {{near: top-center; shape: text; style.font-size: 24}}",
             f"scenario: {string(view.description)} {{", "  shape: sequence_diagram", "  style.font-size: 16"]
    for node in participants(view, steps):
        attrs = _node_attrs(node, looks.look(node.tags))
        if attrs[0] == "shape: person":  # D2 writes a person's label under it, on the page
            attrs[2] = f'style.font-color: "{looks.look(node.tags).stroke}"'
        lines.append(f"  {alias(node.id)}: {string(node.name + chr(10) + kind_label(node))} {{{'; '.join(attrs)}}}")
    open_group: int | None = None
    branch: str | None = None
    close = ["    }", "  }"]
    for m in steps:
        if m.group != open_group:
            lines += close if open_group is not None else []
            if m.group is not None:
                lines.append(f'  "par {m.group + 1}": "par" {{')
            open_group, branch = m.group, None
        if m.group is not None and m.branch != branch:
            lines += close[:1] if branch is not None else []
            lines.append(f'    "{m.group + 1}{m.branch}": {{')
            branch = m.branch
        lines.append(("  " if m.group is None else "      ") + _message(m, alias, looks))
    lines += close if open_group is not None else []
    return "\n".join([*lines, "}"]) + "\n"


def _message(m: Message, alias: Aliases, looks: Styler) -> str:
    line = looks.line(m.tags)
    attrs = [f'style.stroke: "{line.color}"', f'style.font-color: "{line.color}"']
    if m.response:
        attrs.append("style.stroke-dash: 3")
    if m.response or m.asynchronous:
        attrs.append("target-arrowhead: {shape: triangle; style.filled: false}")
    label = f"{m.number} {m.description}" + (f"\n[{m.technology}]" if m.technology else "")
    return f"{alias(m.source)} -> {alias(m.destination)}: {string(label)} {{{'; '.join(attrs)}}}"
