"""A benchmark peer: the DOT that Structurizr's own exporter writes for a view, to measure its layout.

Emulates ``com.structurizr.export.dot.DOTExporter`` (github.com/structurizr/export,
``src/main/java/com/structurizr/export/dot/DOTExporter.java``, with ``breakText`` and
``typeOf`` of ``AbstractExporter``) with Structurizr's default styles (element font size 24,
width 450; relationship font size 24, width set to 400 by the exporter), re-written here in
Python from reading that source, for archkit's computed views:

- graph ``compound=true``, ``fontname="Arial"``, the view's ``rankdir``, ``ranksep=1.0``,
  ``nodesep=1.0``; nodes ``shape=box``, ``margin="0.4,0.3"``; the title (34 pt) and
  description (24 pt) as the graph label;
- every boundary (software system, container, group, deployment node) a cluster with
  ``margin=25``, ``labelloc=b`` and the label ``name`` (24 pt) / ``[type]`` (19 pt);
- elements ``style=filled`` with the label name (34 pt) / ``[type: technology]`` (19 pt) /
  description (24 pt), each broken every ``int(width / (0.6 * size))`` characters; shape
  ``rect`` except cylinder, component, folder, hexagon, circle, ellipse and diamond;
- relationships ``label=<description (24 pt)<br />[technology] (19 pt)>``, ``N. `` before a
  dynamic view's step; a relationship from or to a deployment node goes to an element inside
  it with ``ltail``/``lhead``.

What differs, knowingly: archkit's views are the input (their elements, boundaries and lifted
relationships), written in archkit's order (sorted by id) rather than Structurizr's
(elements outside boundaries first); DOT ids are archkit's (with ``id="el-..."``,
``rel-...``, ``boundary-...`` attributes for the measure, which do not change the layout);
colours are left out (they do not change the layout either).
"""

from __future__ import annotations

import html

from archkit.render.style import Styler
from archkit.views import ComputedBoundary, ComputedEdge, ComputedNode, ComputedView

ELEMENT_FONT, ELEMENT_WIDTH = 24, 450
RELATIONSHIP_FONT, RELATIONSHIP_WIDTH = 24, 400
CLUSTER_MARGIN = 25
_SHAPES = {"cylinder": "cylinder", "component": "component", "folder": "folder", "hexagon": "hexagon",
           "circle": "circle", "ellipse": "ellipse", "diamond": "diamond"}


def break_text(max_width: int, font_size: int, text: str) -> str:
    """``AbstractExporter.breakText``: words joined while shorter than the character budget."""
    if not text:
        return ""
    budget = int(max_width / (font_size * 0.6))
    if len(text) < budget:
        return text
    lines: list[str] = []
    line: str | None = None
    for word in text.split(" "):
        if line is None:
            line = word
        elif len(line) + len(word) + 1 < budget:
            line += " " + word
        else:
            lines.append(line)
            line = word
    if line is not None:
        lines.append(line)
    return "<br />".join(lines)


def _q(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _type(kind: str, technology: str) -> str:
    return f"[{kind}: {technology}]" if technology else f"[{kind}]"


def _cluster(b: ComputedBoundary, view: ComputedView, depth: int, styler: Styler) -> list[str]:
    pad = "  " * depth
    lead = "" if b.kind == "Deployment Node" else "<br />"
    label = (f'<<font point-size="24">{lead}{html.escape(b.name)}</font><br />'
             f'<font point-size="19">{html.escape(_type(b.kind, b.technology))}</font>>')
    lines = [f"{pad}subgraph {_q('cluster_' + b.id)} {{", f"{pad}  id={_q('boundary-' + b.id)}",
             f"{pad}  margin={CLUSTER_MARGIN}", f"{pad}  label={label}", f"{pad}  labelloc=b"]
    lines += _members(b.id, view, depth + 1, styler)
    return [*lines, f"{pad}}}"]


def _members(parent: str | None, view: ComputedView, depth: int, styler: Styler) -> list[str]:
    lines = []
    for b in view.boundaries:
        if b.parent == parent:
            lines += _cluster(b, view, depth, styler)
    lines += ["  " * depth + _node(n, styler) for n in view.nodes if n.parent == parent]
    return lines


def _node(n: ComputedNode, styler: Styler) -> str:
    name_size, meta_size = ELEMENT_FONT + 10, ELEMENT_FONT - 5
    label = f'<font point-size="{name_size}">{break_text(ELEMENT_WIDTH, name_size, html.escape(n.name))}</font>'
    label += f'<br /><font point-size="{meta_size}">{html.escape(_type(n.kind, n.technology))}</font>'
    if n.description:
        text = break_text(ELEMENT_WIDTH, ELEMENT_FONT, html.escape(n.description))
        label += f'<br /><br /><font point-size="{ELEMENT_FONT}">{text}</font>'
    shape = _SHAPES.get(styler.look(n.tags).shape, "rect")
    return f"{_q(n.id)} [id={_q('el-' + n.id)},shape={shape}, label=<{label}>, style=filled]"


def _edge(e: ComputedEdge, view: ComputedView) -> str:
    description = e.description if e.order is None else f"{e.order}. {e.description}"
    label = ""
    if description:
        text = break_text(RELATIONSHIP_WIDTH, RELATIONSHIP_FONT, html.escape(description))
        label = f'<font point-size="{RELATIONSHIP_FONT}">{text}</font>'
    if e.technology:
        label += f'<br /><font point-size="{RELATIONSHIP_FONT - 5}">[{html.escape(e.technology)}]</font>'
    ends, clusters = [], ""
    for end, attr in ((e.source, "ltail"), (e.destination, "lhead")):
        if any(b.id == end for b in view.boundaries):
            inside = _first_inside(end, view)
            if inside is None:
                return ""
            ends.append(inside)
            clusters += f",{attr}={_q('cluster_' + end)}"
        else:
            ends.append(end)
    style = "dashed" if e.interaction == "async" else "solid"
    return (f"{_q(ends[0])} -> {_q(ends[1])} [id={_q('rel-' + e.id)}, label=<{label}>, "
            f'style="{style}"{clusters}]')


def _first_inside(boundary: str, view: ComputedView) -> str | None:
    """``findElementInside``: an element of the view inside the boundary, nested ones last."""
    direct = [n.id for n in view.nodes if n.parent == boundary]
    if direct:
        return direct[0]
    for child in (b.id for b in view.boundaries if b.parent == boundary):
        found = _first_inside(child, view)
        if found is not None:
            return found
    return None


def structurizr_dot(view: ComputedView, styler: Styler) -> str:
    """The DOT Structurizr's exporter would write for ``view`` (see the module docstring)."""
    title = f'<br /><font point-size="34">{html.escape(view.title)}</font>'
    if view.description:
        title += f'<br /><font point-size="24">{html.escape(view.description)}</font>'
    rankdir = view.direction if view.direction in ("TB", "BT", "LR", "RL") else "TB"
    lines = ["digraph {", "  compound=true",
             f'  graph [fontname="Arial", rankdir={rankdir}, ranksep=1.0, nodesep=1.0]',
             '  node [fontname="Arial", shape=box, margin="0.4,0.3"]', '  edge [fontname="Arial"]',
             f"  label=<{title}>", ""]
    lines += _members(None, view, 1, styler)
    lines += ["  " + line for line in (_edge(e, view) for e in view.edges) if line]
    return "\n".join([*lines, "}"]) + "\n"
