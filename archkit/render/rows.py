"""Elements of one rank drawn as boxes of one size, as C4 diagrams draw them.

Graphviz makes each element's box as tall as its own text, and a rank as tall as its tallest box
(in a left-right view: as wide as its widest), so a short box leaves empty room above and below
it, and the boxes of a row do not line up. Once a view is laid out, :func:`even` gives every
element the height (left-right: the width) of the largest element Graphviz put on the same rank:
the ranks keep their sizes, so the drawing keeps its size and its arrangement, and each row of
boxes is one band, its tops and bottoms aligned. Measured in ``benchmarks/README.md`` ("Boxes of
one rank one size"): mean fill of the example views 0.20 -> 0.22, the drawings' sizes unchanged.
Only element boxes (ids ``el-...``) change; label nodes, boundaries and edges are left as they are.

Shapes are compared by their bodies, not their outlines (:data:`BODY`): a cylinder is drawn with
caps above and below its wall (Graphviz makes it 1.375 times as tall as a box for the same text),
so a box beside one gets the height of the cylinder's wall, not of its caps, and the cylinders of a
rank keep the rank's height. Shapes that Graphviz grows in both directions for their text
(ellipse, diamond, hexagon) line up only with the same shape on their rank; circles keep their size.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from archkit.render.drawing import decoded

#: The minimum size every element is written with (``archkit.render.dot``): ``width``, ``height``.
_SIZE = re.compile(r' width="(?P<width>[0-9.]+)" height="(?P<height>[0-9.]+)"')
#: Graphviz rounds sizes to points; two nodes of one rank are one row when their centres are this close.
_SAME_RANK = 0.5
#: Sizes within a point of each other are one size (Graphviz draws a box a fraction of a point
#: smaller than a cylinder of the same height), in inches.
_SAME_SIZE = 1 / 72


#: Graphviz shapes whose outline is a box along both axes: its body is its whole size.
_BOXES = frozenset({"box", "rect", "rectangle", "cds", "folder", "component", "tab", "note", "box3d"})
#: The part of a Graphviz ``cylinder``'s height that is its wall (between the centres of its caps,
#: each cap's half-height being 1/11 of the shape's: Graphviz's ``cylinder_vertices``); a box as
#: tall as that has its top and bottom where the cylinder's wall ends. Its width is all wall.
_CYLINDER_WALL = 9 / 11
#: Per shape and axis ("width", "height"): the fraction of the drawn size that is the shape's body.
#: These shapes are one family: their bodies line up. Any other shape (ellipse, diamond, hexagon,
#: ...) lines up only with the same shape on its rank.
BODY: dict[str, dict[str, float]] = {
    **{shape: {"width": 1.0, "height": 1.0} for shape in _BOXES},
    "cylinder": {"width": 1.0, "height": _CYLINDER_WALL},
}
#: Shapes Graphviz keeps as wide as tall: growing one grows it both ways, so they keep their size.
_REGULAR = frozenset({"circle", "doublecircle", "square", "point", "Mcircle", "Msquare"})


def sizes(geometry: str | bytes) -> dict[str, float]:
    """For each element of the layout ``geometry`` (Graphviz ``-Tjson``/``json0``) to be drawn larger
    along the rank direction's axis (height for TB/BT, width for LR/RL): its DOT name and that size,
    in inches. On each rank, a box becomes as large as the largest body (:data:`BODY`) of a box or
    cylinder, a cylinder as large as the largest box or cylinder, so the rank keeps its size; any
    other shape as large as the largest of the same shape; circles keep theirs."""
    graph = decoded(geometry)
    across = graph.get("rankdir", "TB") in ("LR", "RL")
    axis, dim = (0, "width") if across else (1, "height")
    rows: dict[float, list[tuple[str, float, str]]] = {}
    for obj in graph.get("objects", []):
        shape = str(obj.get("shape", "ellipse"))  # Graphviz's default shape
        if shape in _REGULAR or not str(obj.get("id", "")).startswith("el-") or "pos" not in obj:
            continue
        centre = float(obj["pos"].split(",")[axis])
        key = next((k for k in rows if abs(k - centre) <= _SAME_RANK), centre)
        rows.setdefault(key, []).append((obj["name"], float(obj[dim]), shape))
    out: dict[str, float] = {}
    for row in rows.values():
        families: dict[str, list[tuple[str, float, float]]] = {}
        for name, size, shape in row:
            body = BODY.get(shape, {}).get(dim)
            families.setdefault("box" if body is not None else shape, []).append((name, size, body or 1.0))
        for family in families.values():
            out.update(_grown(family))
    return out


def _grown(family: list[tuple[str, float, float]]) -> dict[str, float]:
    """Of one family of shapes on one rank (DOT name, size, body fraction): the members to grow, and
    their sizes: a whole body (a box) to the largest body, a shape with more than its body (a
    cylinder) to the largest size."""
    largest = max(size for _, size, _ in family)
    largest_body = max(size * body for _, size, body in family)
    wanted = {name: largest_body if body == 1.0 else largest for name, _, body in family}
    return {name: wanted[name] for name, size, _ in family if size < wanted[name] - _SAME_SIZE}


def even(text: str, geometry: str | bytes) -> str:
    """``text`` (the DOT that ``geometry`` is the layout of) with each element as large as the largest
    element of its rank (:func:`sizes`); the same text when every rank's elements are one size."""
    grown = sizes(geometry)
    if not grown:
        return text
    across = decoded(geometry).get("rankdir", "TB") in ("LR", "RL")
    return "\n".join(_grow(line, grown, "width" if across else "height") for line in text.split("\n"))


def _grow(line: str, grown: Mapping[str, float], dim: str) -> str:
    """One DOT line; an element's node statement gets its new minimum size (never a smaller one)."""
    name = _node_name(line)
    if name is None or name not in grown:
        return line
    found = list(_SIZE.finditer(line))
    if not found:
        return line
    last = found[-1]  # the node's own attributes come after its label and tooltip
    size = max(float(last.group(dim)), round(grown[name], 4))  # json0 gives sizes to 4 decimals
    sizes_now = {"width": last.group("width"), "height": last.group("height"), dim: f"{size:g}"}
    new = f' width="{sizes_now["width"]}" height="{sizes_now["height"]}"'
    return line[:last.start()] + new + line[last.end():]


def spaced(text: str, separations: tuple[tuple[str, str], ...]) -> str:
    """``text`` with the graph's rank and node separations (``separations``: ``(name, inches)``) in
    place of those its graph line gives; the same text when its graph line gives none of them."""
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("  graph [")), None)
    if at is None:
        return text
    for name, value in separations:
        lines[at] = re.sub(rf' {name}="[0-9.]+"', f' {name}="{value}"', lines[at], count=1)
    return "\n".join(lines)


_NODE = re.compile(r'^\s*"([^"]*)" \[id="el-')


def _node_name(line: str) -> str | None:
    """The DOT name of the element a node statement declares, else None (element ids need no escaping:
    ``archkit.ids.ID_PATTERN``)."""
    match = _NODE.match(line)
    return match.group(1) if match else None
