"""Dynamic views with ``style="sequence"`` as Mermaid ``sequenceDiagram``, and what the PlantUML
(:func:`archkit.export.plantuml.to_plantuml`) and D2 (:mod:`archkit.export.d2`) sequence forms share.

The same reading as the rendered diagram (:mod:`archkit.render.sequence`): participants in
order of first use, each top-level boundary's members in one box (these tools do not nest them),
one message per step numbered ``1``, ``2a``, ``2b``, parallel branches in a ``par`` block,
responses dashed, asynchronous messages with an open arrowhead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeGuard

from archkit.export.diagram import Aliases, kind_label, select_views
from archkit.model import DynamicView, View, Workspace
from archkit.render.sequence import Message, messages, participants
from archkit.views import Catalog, ComputedBoundary, ComputedNode, ComputedView, compute_view

_MERMAID_ENTITIES = {"#": "#35;", ";": "#59;", "<": "#lt;", ">": "#gt;", '"': "#quot;", ":": "#58;"}


def is_sequence(view: View) -> TypeGuard[DynamicView]:
    """Whether ``view`` is a dynamic view drawn as a sequence diagram."""
    return isinstance(view, DynamicView) and view.style == "sequence"


def views_with_specs(ws: Workspace, key: str | None) -> Iterator[tuple[View, ComputedView]]:
    """Each selected view with its computed form (one shared catalog)."""
    catalog = Catalog(ws)
    for view in select_views(ws, key):
        yield view, compute_view(ws, view, catalog)


def _mermaid_text(value: str) -> str:
    flat = " ".join(value.replace("\r\n", "\n").split("\n"))
    return "".join(_MERMAID_ENTITIES.get(c, c) for c in flat)


def boxed(computed: ComputedView, people: list[ComputedNode]) -> list[tuple[ComputedBoundary | None,
                                                                            list[ComputedNode]]]:
    """The participants in runs of one top-level boundary each (None: outside every boundary); the
    participants keep each boundary's members together, so a boundary is one run."""
    boundaries = {b.id: b for b in computed.boundaries}
    runs: list[tuple[ComputedBoundary | None, list[ComputedNode]]] = []
    for node in people:
        top, up = None, node.parent
        while up is not None and up in boundaries:
            top, up = boundaries[up], boundaries[up].parent
        if runs and runs[-1][0] is top:
            runs[-1][1].append(node)
        else:
            runs.append((top, [node]))
    return runs


def blocks(steps: list[Message], line: Callable[[Message], str], opening: str, branch: str,
            indent: str = "  ") -> list[str]:
    """The message lines, each parallel group in a ``par`` block, its branches parted by ``branch``."""
    out: list[str] = []
    previous: Message | None = None
    for m in steps:
        if previous is not None and previous.group is not None and previous.group != m.group:
            out.append(f"{indent}end")
        if m.group is not None and (previous is None or previous.group != m.group):
            out.append(f"{indent}{opening}")
        elif m.group is not None and previous is not None and previous.branch != m.branch:
            out.append(f"{indent}{branch}")
        out.append((indent * 2 if m.group is not None else indent) + line(m))
        previous = m
    if previous is not None and previous.group is not None:
        out.append(f"{indent}end")
    return out


def mermaid_sequence(view: DynamicView, computed: ComputedView) -> str:
    alias = Aliases()
    steps = messages(view, computed)
    lines = ["sequenceDiagram"]
    if computed.title:
        lines.append(f"  title {_mermaid_text(computed.title)}")
    for boundary, members in boxed(computed, participants(computed, steps)):
        if boundary is not None:  # a colour first, so a name that starts with a colour word stays a name
            lines.append(f"  box transparent {_mermaid_text(boundary.name)} [{_mermaid_text(boundary.kind)}]")
        for node in members:
            label = _mermaid_text(node.name) + "<br/>" + _mermaid_text(kind_label(node))
            lines.append(f"  {'actor' if node.kind == 'Person' else 'participant'} {alias(node.id)} as {label}")
        if boundary is not None:
            lines.append("  end")

    def line(m: Message) -> str:
        arrow = "-->>" if m.response else "-)" if m.asynchronous else "->>"
        tech = f" [{m.technology}]" if m.technology else ""
        return f"{alias(m.source)}{arrow}{alias(m.destination)}: {_mermaid_text(f'{m.number} {m.description}{tech}')}"

    lines += blocks(steps, line, "par", "and")
    return "\n".join(lines) + "\n"
