"""Dynamic views with ``style="sequence"`` as Mermaid ``sequenceDiagram`` and PlantUML sequence diagrams.

The same reading as the rendered diagram (:mod:`archkit.render.sequence`): participants in
order of first use, one message per step numbered ``1``, ``2a``, ``2b``, parallel branches in a
``par`` block, responses dashed, asynchronous messages with an open arrowhead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TypeGuard

from archkit.export.diagram import Aliases, kind_label, select_views
from archkit.model import DynamicView, View, Workspace
from archkit.render.sequence import Message, messages, participants
from archkit.views import Catalog, ComputedView, compute_view

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


def _blocks(steps: list[Message], line: Callable[[Message], str], opening: str, branch: str,
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
    for node in participants(computed, steps):
        label = _mermaid_text(node.name) + "<br/>" + _mermaid_text(kind_label(node))
        lines.append(f"  participant {alias(node.id)} as {label}")

    def line(m: Message) -> str:
        arrow = "-->>" if m.response else "-)" if m.asynchronous else "->>"
        tech = f" [{m.technology}]" if m.technology else ""
        return f"{alias(m.source)}{arrow}{alias(m.destination)}: {_mermaid_text(f'{m.number} {m.description}{tech}')}"

    lines += _blocks(steps, line, "par", "and")
    return "\n".join(lines) + "\n"


def plantuml_sequence(view: DynamicView, computed: ComputedView, colour: Callable[[tuple[str, ...]], str],
                      quoted: Callable[[str], str], text: Callable[[str], str]) -> str:
    """PlantUML's own sequence diagram (C4-PlantUML's sequence form needs its newest release); the
    participants in their C4 colours, ``colour`` giving a background for a node's tags."""
    alias = Aliases()
    steps = messages(view, computed)
    lines = ["@startuml", "skinparam sequenceMessageAlign center", "hide footbox"]
    if computed.title:
        lines.append(f"title {text(computed.title)}")
    for node in participants(computed, steps):
        label = f"{node.name}\n{kind_label(node)}"
        lines.append(f"participant {quoted(label)} as {alias(node.id)} {colour(node.tags)}")

    def line(m: Message) -> str:
        arrow = "-->" if m.response else "->>" if m.asynchronous else "->"
        body = f"{m.number} {m.description}" + (f"\n[{m.technology}]" if m.technology else "")
        return f"{alias(m.source)} {arrow} {alias(m.destination)} : {text(body)}"

    lines += _blocks(steps, line, "par", "else", indent="")
    return "\n".join([*lines, "@enduml"]) + "\n"
