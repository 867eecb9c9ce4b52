"""The diff diagram as DOT text: added in green, removed in red, changed in amber.

It shows the neighbourhood of the change, not the whole model: every added, removed or
changed element, the ends of every added, removed or changed relationship, their parents
as boundaries, and the unchanged relationships between what is shown (in grey).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePosixPath

from archkit.diff.compare import Entry, WorkspaceDiff
from archkit.errors import OutputError
from archkit.output import Artifact
from archkit.render.labels import html, quoted

# (border, fill) per status; text stays dark for contrast
COLOURS = {
    "added": ("#2e7d32", "#e8f5e9"),
    "removed": ("#c62828", "#ffebee"),
    "changed": ("#ef6c00", "#fff3e0"),
    "unchanged": ("#9e9e9e", "#fafafa"),
}
_LABELLED_EDGES_UP_TO = 40  # beyond this, xlabel: `dot` fails on clusters + many edge labels


@dataclass(frozen=True)
class _Graph:
    elements: dict[str, Entry]
    status: dict[str, str]
    edges: list[tuple[str, str, str, str]]  # source, destination, label, status
    shown: set[str]
    endpoints: set[str]


def diff_dot(diff: WorkspaceDiff) -> str:
    """DOT text of the diff diagram (deterministic; no positions, no absolute paths)."""
    graph = _collect(diff)
    lines = [
        f'digraph {quoted(f"{diff.old_label} -> {diff.new_label}")} {{',
        '  graph [fontname="Helvetica", fontsize=12, rankdir=TB, newrank=true, nodesep=0.5, ranksep=0.7,'
        f' labelloc=b, label=<{_legend()}>];',
        '  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=11, margin="0.15,0.08"];',
        '  edge [fontname="Helvetica", fontsize=9, arrowsize=0.8];',
    ]
    if not graph.shown:
        lines.append('  "no-changes" [label="no changes", color="#9e9e9e", fillcolor="#fafafa"];')
    children: dict[str | None, list[str]] = {}
    for key in sorted(graph.shown):
        parent = graph.elements[key].parent
        children.setdefault(parent if parent in graph.shown else None, []).append(key)
    counter = [0]
    _emit(None, children, graph, lines, "  ", counter)
    label_key = "label" if len(graph.edges) <= _LABELLED_EDGES_UP_TO else "xlabel"
    for source, destination, label, status in graph.edges:
        border, _ = COLOURS[status]
        style = "dashed" if status == "removed" else "solid"
        width = "1" if status == "unchanged" else "2"
        shown = label if status == "unchanged" else f"{label} ({status})".strip()
        text = f', {label_key}={quoted(shown)}' if shown else ""
        lines.append(f'  {quoted(source)} -> {quoted(destination)} '
                     f'[color="{border}", fontcolor="{border}", style={style}, penwidth={width}{text}];')
    lines.append("}")
    return "\n".join(lines) + "\n"


def _collect(diff: WorkspaceDiff) -> _Graph:
    old_el, new_el = diff.old.entries["element"], diff.new.entries["element"]
    elements = {**old_el, **new_el}
    status = {key: "unchanged" for key in elements}
    for change in diff.of("element"):
        status[change.key] = change.kind
    rel_status = {c.key: c.kind for c in diff.of("relationship")}
    ends = {**diff.old.relationship_ends, **diff.new.relationship_ends}
    shown = {k for k, s in status.items() if s != "unchanged"}
    endpoints: set[str] = set()
    for key in rel_status:
        endpoints.update(e for e in ends[key] if e in elements)
    shown |= endpoints
    for key in list(shown):
        shown |= set(_ancestors(key, elements))
    drawable = endpoints | _leaves(shown, elements)
    rels = {**diff.old.entries["relationship"], **diff.new.entries["relationship"]}
    edges = []
    for key in sorted(rels):
        source, destination = ends[key]
        state = rel_status.get(key, "unchanged")
        if state != "unchanged" or (source in drawable and destination in drawable):
            edges.append((source, destination, str(rels[key].fields.get("description") or ""), state))
    return _Graph(elements, status, edges, shown, endpoints)


def _ancestors(key: str, elements: dict[str, Entry]) -> Iterable[str]:
    parent = elements[key].parent
    while parent is not None and parent in elements:
        yield parent
        parent = elements[parent].parent


def _leaves(shown: set[str], elements: dict[str, Entry]) -> set[str]:
    """Shown elements without shown children: the ones drawn as boxes, not boundaries."""
    parents = {elements[k].parent for k in shown}
    return {k for k in shown if k not in parents}


def _emit(parent: str | None, children: dict[str | None, list[str]], graph: _Graph,
          lines: list[str], indent: str, counter: list[int]) -> None:
    for key in children.get(parent, []):
        entry, status = graph.elements[key], graph.status[key]
        border, fill = COLOURS[status]
        width = 1 if status == "unchanged" else 2
        if key not in children:
            dashed = ', style="rounded,filled,dashed"' if status == "removed" else ""
            lines.append(f'{indent}{quoted(key)} [label=<{_node_label(entry, status)}>, '
                         f'color="{border}", fillcolor="{fill}", penwidth={width}{dashed}];')
            continue
        counter[0] += 1
        lines.append(f"{indent}subgraph cluster_{counter[0]} {{")
        lines.append(f'{indent}  label=<{_cluster_label(entry, status)}>; labeljust=l; '
                     f'style="rounded,{"dashed" if status == "removed" else "solid"}"; '
                     f'color="{border}"; fontcolor="{border}"; penwidth={width};')
        if key in graph.endpoints:
            lines.append(f'{indent}  {quoted(key)} [label=<{_node_label(entry, status)}>, '
                         f'color="{border}", fillcolor="{fill}", shape=box];')
        _emit(key, children, graph, lines, indent + "  ", counter)
        lines.append(f"{indent}}}")


def _node_label(entry: Entry, status: str) -> str:
    name = str(entry.fields.get("name") or entry.label)
    tech = str(entry.fields.get("technology") or "")
    kind = f"[{entry.kind}{': ' + tech if tech else ''}]"
    tag = "" if status == "unchanged" else f'<br/><font point-size="9">{status}</font>'
    return f"<b>{html(name)}</b><br/>{html(kind)}{tag}"


def _cluster_label(entry: Entry, status: str) -> str:
    name = str(entry.fields.get("name") or entry.label)
    tag = "" if status == "unchanged" else f" ({status})"
    return f"<b>{html(name)}</b> [{html(entry.kind)}]{tag}"


def _legend() -> str:
    parts = [f'<font color="{COLOURS[s][0]}">■ {s}</font>' for s in ("added", "removed", "changed", "unchanged")]
    return "   ".join(parts)


def diagram_artifact(diff: WorkspaceDiff, filename: str) -> Artifact:
    """The diff diagram as a file named ``filename``: DOT text for ``.dot``/``.gv``, else rendered
    by Graphviz in the format its suffix names (``.svg``, ``.png``, ``.pdf``)."""
    fmt = PurePosixPath(filename).suffix.lower().lstrip(".")
    dot = diff_dot(diff)
    if fmt in ("dot", "gv"):
        return Artifact(filename, dot.encode())
    if fmt not in ("svg", "png", "pdf"):
        raise OutputError(f"{filename}: unknown diagram format '.{fmt}' — use .svg, .png, .pdf or .dot")
    from archkit.render.graphviz import render

    return Artifact(filename, render(dot, fmt).content)
