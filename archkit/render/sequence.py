"""A dynamic view with ``style="sequence"`` drawn as a sequence diagram.

archkit computes the whole geometry (participants, lifelines, messages, ``par`` fragments,
legend) in points and writes it as DOT with every node pinned (``layout=nop2``, Graphviz's
``neato -n2``): Graphviz only paints it. One geometry source gives SVG, PNG and PDF that agree,
through the same post-processing as every other view (self-contained SVG, date-free PDF), and
the output is byte-for-byte reproducible because nothing is laid out.

Participants go across the top in order of first use; each step is one row, top to bottom, so
a longer scenario grows in height, and a message's text is wrapped to the distance between its
two lifelines. Parallel branches (``2a``, ``2b``) sit in one ``par`` fragment, branches parted
by dashed lines. Requests are solid with a filled head, asynchronous messages solid with an open
head, responses (``response=True``) dashed with an open head.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, replace

from archkit.model import DynamicStep, DynamicView
from archkit.render.dot import DotResult
from archkit.render.icons import IconResolver
from archkit.render.labels import cell, font, html, html_lines, quoted, table, wrap
from archkit.render.legend import ElementEntry, legend_height, legend_label
from archkit.render.shapes import ICON_SIZE, icon_cell, node_shape
from archkit.render.style import Look, Styler, readable_text, with_opacity
from archkit.views import ComputedEdge, ComputedNode, ComputedView

MARGIN = 24
PAD = 18  # Graphviz's padding around the drawing (0.25 in)
COLUMN = 200  # distance between two lifelines
BOX_W = 176
BOX_H = 72  # the least height of a participant's box; taller when a name or technology needs more lines
ICON_H = ICON_SIZE + 12  # what an icon above the name adds to a box (its tile and the spacing)
LINE = 13  # height of one line of 10 pt text
ROW_GAP = 14  # space between a message's arrow and the next message's text
SELF_W = 28  # how far a message to oneself loops out to the right
_NUMBER = re.compile(r"^(\d+)([a-z]+)")
#: Element shapes a participant's box keeps (a lifeline hangs from its middle); any other is a rounded box.
_HEAD_SHAPES = ("box", "rounded_box", "person", "cylinder", "queue", "pipe", "folder", "component", "web_browser",
                "mobile_device")


@dataclass(frozen=True)
class Message:
    number: str
    source: str
    destination: str
    description: str
    technology: str
    response: bool
    asynchronous: bool
    group: int | None  # the index of the view's ParallelSteps item it belongs to
    branch: str  # its branch's letters inside that group ("" outside one)
    tags: tuple[str, ...] = ("Relationship",)  # its relationship's, which style its colour and thickness


def messages(view: DynamicView, computed: ComputedView) -> list[Message]:
    """The drawn steps in order: those the computed view kept (an excluded element drops its steps)."""
    edges: dict[str, ComputedEdge] = {e.id: e for e in computed.edges}
    out = []
    for number, step in view.numbered_steps():
        edge = edges.get(number)
        if edge is None:
            continue
        match = _NUMBER.match(number)
        group = int(match.group(1)) - 1 if match else None
        out.append(_message(number, step, edge, group, match.group(2) if match else ""))
    return out


def _message(number: str, step: DynamicStep, edge: ComputedEdge, group: int | None, branch: str) -> Message:
    return Message(number, step.source, step.destination, edge.description, edge.technology, step.response,
                   edge.interaction == "async", group, branch, edge.tags)


def participants(computed: ComputedView, steps: list[Message]) -> list[ComputedNode]:
    """The view's elements in order of first use (then any the steps do not touch, in view order),
    kept together inside their boundaries: a boundary comes where its first-used member would."""
    nodes = {n.id: n for n in computed.nodes}
    order = list(dict.fromkeys(e for m in steps for e in (m.source, m.destination) if e in nodes))
    order += [n for n in nodes if n not in order]
    parent = {b.id: b.parent for b in computed.boundaries} | {n.id: n.parent for n in computed.nodes}
    first: dict[str | None, int] = {}
    for rank, node_id in enumerate(order):
        for above in _chain(node_id, parent):
            first.setdefault(above, rank)
    return [nodes[n] for n in sorted(order, key=lambda n: [first[a] for a in reversed(_chain(n, parent))])]


def _chain(element: str, parent: Mapping[str, str | None]) -> list[str]:
    """``element`` and the boundaries around it, innermost first."""
    out = [element]
    while (up := parent.get(out[-1])) is not None and up not in out:
        out.append(up)
    return out


class _Writer:
    """Collects the pinned DOT statements; ``y`` grows downwards, flipped on output."""

    def __init__(self, background: str) -> None:
        self.background = quoted(background)  # behind text, so a lifeline it crosses does not strike it through
        self.nodes: list[tuple[str, str, float, float]] = []  # name, attributes, x, y
        self.edges: list[str] = []
        self.count = 0

    def node(self, attrs: str, x: float, y: float, name: str = "") -> str:
        self.count += 1
        name = name or f"n{self.count}"
        self.nodes.append((name, attrs, x, y))
        return name

    def point(self, x: float, y: float) -> str:
        return self.node("shape=point width=0.01 height=0.01 style=invis", x, y)

    def line(self, x1: float, y1: float, x2: float, y2: float, attrs: str) -> None:
        self.edges.append(f"{self.point(x1, y1)} -> {self.point(x2, y2)} [{attrs}];")

    def text(self, label: str, x: float, y: float, height: float) -> None:
        """An HTML ``label`` centred on ``x``, its top at ``y``, ``height`` high."""
        self.node(f"shape=plaintext margin=0 width=0 height=0 style=filled fillcolor={self.background} "
                  f"color={self.background} label=<{label}>", x, y + height / 2)

    def dot(self, height: float, attrs: str) -> str:
        body = [f"  {name} [{a} pos=\"{x:.1f},{height - y:.1f}\"];" for name, a, x, y in self.nodes]
        return "\n".join(["digraph sequence {", f"  {attrs}", *body, *(f"  {e}" for e in self.edges), "}", ""])


def sequence_dot(view: DynamicView, computed: ComputedView, styler: Styler, icons: IconResolver,
                 links: Mapping[str, str]) -> DotResult:
    """The DOT text of ``computed`` (the computed form of ``view``) as a sequence diagram, with the icon
    files it refers to and the warnings of icons it could not draw."""
    theme = styler.theme
    steps = messages(view, computed)
    people = participants(computed, steps)
    warnings: list[str] = []
    drawn = {p.id: _participant_icon(p, styler, icons, computed.key, warnings) for p in people}
    column = {p.id: MARGIN + COLUMN * i + COLUMN / 2 for i, p in enumerate(people)}
    width = max(MARGIN * 2 + COLUMN * max(1, len(people)), 420)
    w = _Writer(theme.background)
    y = float(MARGIN)
    y = _heading(w, computed, theme.text, theme.muted, width, y)
    parent = {b.id: b.parent for b in computed.boundaries}
    top = y + 18 * max([len(_chain(b.id, parent)) for b in computed.boundaries], default=0)
    labels = {p.id: _participant_label(p, drawn[p.id]) for p in people}
    box_h = max([BOX_H, *(14 * n + 20 + (ICON_H if drawn[p] else 0) for p, (_label, n) in labels.items())])
    for p in people:
        _participant(w, p, labels[p.id][0], styler, links, column[p.id], (top + box_h / 2, box_h))
    y = top + box_h + 12
    y = _messages(w, steps, column, styler, y)
    bottom = y + 8
    for p in people:
        w.line(column[p.id], top + box_h, column[p.id], bottom,
               f'dir=none style=dashed color={quoted(theme.boundary)}')
    _boundaries(w, computed, people, column, (top, bottom), theme.boundary)
    legend, legend_h = _legend(people, styler)
    w.text(legend, width / 2, bottom + 16, legend_h)
    height = bottom + 16 + legend_h + MARGIN
    graph = (f'id={quoted(f"view-{computed.key}")} layout=nop2 splines=line outputorder=edgesfirst '
             f'bgcolor={quoted(theme.background)} '
             f'bb="0,0,{width:.1f},{height:.1f}" pad={PAD / 72:g} fontname="Helvetica"; '
             f'node [fontname="Helvetica" fontsize=10 penwidth=1.5]; '
             f'edge [fontname="Helvetica" arrowsize=0.8 color={quoted(theme.edge)}];')
    return DotResult(w.dot(height, graph), sorted({i for i in drawn.values() if i is not None}),
                     list(dict.fromkeys(warnings)), size=(width + 2 * PAD, height + 2 * PAD))


def _heading(w: _Writer, computed: ComputedView, text: str, muted: str, width: float, y: float) -> float:
    chars = max(40, int(width / 6.5))
    if computed.title:
        w.text(font(html(computed.title), 16, text, bold=True), width / 2, y, 20)
        y += 24
    if computed.description:
        lines = wrap(computed.description, chars)
        w.text(font(html_lines(lines), 11, muted), width / 2, y, LINE * len(lines))
        y += LINE * len(lines) + 6
    return y + 10


def _look(styler: Styler, node: ComputedNode) -> Look:
    """A participant's look: its element's, in a shape that can head a lifeline."""
    look = styler.look(node.tags)
    return look if look.shape in _HEAD_SHAPES else replace(look, shape="rounded_box")


def _participant_icon(node: ComputedNode, styler: Styler, icons: IconResolver, view: str,
                      warnings: list[str]) -> str | None:
    """The icon file a participant shows, as the element's box shows it in every other view."""
    look = _look(styler, node)
    return icons.element_icon((node.icon, look.icon), node.technology, look.shape == "person", (view, node.id),
                              warnings)


def _participant_label(node: ComputedNode, icon: str | None) -> tuple[str, int]:
    """The HTML label of a participant (its icon, name in bold, ``[Type: technology]``), all of it, and its
    lines of text."""
    kind = f"[{node.type_line}: {node.technology}]" if node.technology else f"[{node.type_line}]"
    name, tech = wrap(node.name, 26), wrap(kind, 30)
    rows = [icon_cell(icon)] if icon is not None else []
    rows += [cell(font(html_lines(name), bold=True)), cell(font(html_lines(tech), 9))]
    return table(rows, CELLPADDING="1"), len(name) + len(tech)


def _participant(w: _Writer, node: ComputedNode, label: str, styler: Styler, links: Mapping[str, str],
                 x: float, at: tuple[float, float]) -> None:
    """A participant's box centred on (``x``, ``at[0]``), ``at[1]`` high."""
    y, box_h = at
    look = _look(styler, node)
    colour = readable_text(look.color, look.background, look.opacity, styler.theme.background)
    shape, style = node_shape(look)
    attrs = {
        "id": quoted(f"el-{node.id}"), "shape": shape, "style": quoted(style), "fixedsize": "shape",
        "margin": '"0.06,0.04"',
        "width": f"{BOX_W / 72:.3f}", "height": f"{box_h / 72:.3f}", "fontsize": "11",
        "fillcolor": quoted(with_opacity(look.background, look.opacity)),
        "color": quoted(with_opacity(look.stroke, look.opacity)), "fontcolor": quoted(colour),
        "tooltip": quoted(node.name), "label": f"<{label}>",
    }
    if look.shape == "mobile_device":
        attrs["peripheries"] = "2"
    if node.id in links:
        attrs["URL"] = quoted(links[node.id])
    w.node(" ".join(f"{k}={v}" for k, v in attrs.items()), x, y)


def _label(m: Message, chars: int, colour: str) -> tuple[str, int]:
    lines = wrap(f"{m.number} {m.description}", chars)  # the number counts in the first line's width
    first = f"<B>{html(m.number)}</B>" + html(lines[0][len(m.number):])
    rows = [first, *(html(t) for t in lines[1:])]
    rows += [f"<I>{html(t)}</I>" for t in (wrap(f"[{m.technology}]", chars) if m.technology else [])]
    return font("<BR/>".join(rows), 10, colour), len(rows)


def _messages(w: _Writer, steps: list[Message], column: Mapping[str, float], styler: Styler,
              y: float) -> float:
    theme = styler.theme
    groups: dict[int, list[tuple[str, float, float]]] = {}  # group -> (branch, top, bottom) of each message
    spans: dict[int, list[float]] = {}  # group -> the lifelines its messages join
    previous: Message | None = None
    for m in steps:
        if m.group is not None and (previous is None or previous.group != m.group):
            y += LINE + 6  # room for the fragment's "par" tag
        elif previous is not None and previous.group is not None and m.group != previous.group:
            y += 10  # out of a fragment
        start = y
        x1, x2 = column[m.source], column[m.destination]
        chars = max(18, int((abs(x2 - x1) - 24) / 5.0)) if x1 != x2 else 24
        label, rows = _label(m, chars, theme.text)
        height = rows * LINE
        line = styler.line(m.tags)  # its colour and thickness; solid, dashed and the heads say what it is
        style = "dashed" if m.response else "solid"
        head = "vee" if m.response or m.asynchronous else "normal"
        attrs = f'style={style} arrowhead={head} color={quoted(line.color)} penwidth={line.thickness}'
        if x1 == x2:
            w.text(label, x1 + SELF_W + COLUMN / 2 - 8, y, height)  # right of the loop, in the free column
            top, bottom = y + height / 2 - 6, y + height / 2 + 10
            w.line(x1, top, x1 + SELF_W, top, f'dir=none color={quoted(line.color)} style={style}')
            w.line(x1 + SELF_W, top, x1 + SELF_W, bottom, f'dir=none color={quoted(line.color)} style={style}')
            w.line(x1 + SELF_W, bottom, x1, bottom, attrs)
            y += max(height, 20) + ROW_GAP
        else:
            w.text(label, (x1 + x2) / 2, y, height)
            y += height + 4
            w.line(x1, y, x2, y, attrs)
            y += ROW_GAP
        if m.group is not None:
            groups.setdefault(m.group, []).append((m.branch, start, y))
            spans.setdefault(m.group, []).extend((x1, x2 + (SELF_W if x1 == x2 else 0)))
        previous = m
    for group, parts in groups.items():
        _fragment(w, parts, spans[group], theme.boundary, theme.muted)
    return y


def _fragment(w: _Writer, parts: list[tuple[str, float, float]], xs: list[float], stroke: str, muted: str) -> None:
    """The ``par`` box around one group's messages (across the lifelines they join), its branches
    parted by dashed lines."""
    left, right = min(xs) - 40, max(xs) + 40
    top, bottom = parts[0][1] - LINE - 4, parts[-1][2] - 4
    edge = f'dir=none color={quoted(stroke)}'
    w.line(left, top, right, top, edge)
    w.line(right, top, right, bottom, edge)
    w.line(right, bottom, left, bottom, edge)
    w.line(left, bottom, left, top, edge)
    w.text(table([cell(font("<B>par</B>", 9, muted))], BORDER="1", COLOR=stroke, CELLPADDING="1",
                 CELLSPACING="0"), left + 14, top + 1, LINE)
    for (branch, start, _), (before, _, _) in zip(parts[1:], parts, strict=False):
        if branch != before:
            w.line(left, start - 2, right, start - 2, f'{edge} style=dashed')


def _boundaries(w: _Writer, computed: ComputedView, people: list[ComputedNode], column: Mapping[str, float],
                span: tuple[float, float], stroke: str) -> None:
    """Each boundary as a dashed box behind its members' lifelines, its name at the top left; a
    nested boundary sits inside the one around it."""
    parent = {b.id: b.parent for b in computed.boundaries} | {n.id: n.parent for n in computed.nodes}
    depth = max([len(_chain(b.id, parent)) for b in computed.boundaries], default=0)
    for b in computed.boundaries:
        xs = [column[p.id] for p in people if b.id in _chain(p.id, parent)[1:]]
        if not xs:
            continue
        level = len(_chain(b.id, parent)) - 1
        inset = 6 * level
        left, right = min(xs) - COLUMN / 2 + 4 + inset, max(xs) + COLUMN / 2 - 4 - inset
        top, bottom = span[0] - 18 * (depth - level), span[1] + 4 - inset
        edge = f'dir=none style=dashed color={quoted(stroke)}'
        for x1, y1, x2, y2 in ((left, top, right, top), (right, top, right, bottom),
                               (right, bottom, left, bottom), (left, bottom, left, top)):
            w.line(x1, y1, x2, y2, edge)
        name = font(f"<B>{html(b.name)}</B> [{html(b.kind)}]", 9, stroke)
        w.node(f'id={quoted(f"boundary-{b.id}")} shape=plaintext margin=0 width=0 height=0 label=<{name}>',
               left + 6 + 2.6 * len(f"{b.name} [{b.kind}]"), top + 8)


def _legend(people: list[ComputedNode], styler: Styler) -> tuple[str, float]:
    """The legend's HTML label and its height: the participants' kinds and styles (as every view's legend
    names them), then the three arrows."""
    theme = styler.theme
    entries = [ElementEntry(p.type_line, _look(styler, p)) for p in people]
    arrows = [cell(font(glyph, 10, theme.edge, bold=True)) + cell(font(text, 9, theme.muted), ALIGN="LEFT")
              for glyph, text in (("\u2500\u2500\u2500\u25b6", "request (synchronous)"),
                                  ("\u2500\u2500\u2500&gt;", "message (asynchronous)"),
                                  ("- - - &gt;", "response"))]
    return legend_label(entries, [], theme, extra=arrows) or "", legend_height(entries, [], theme, len(arrows))
