"""Elements of one rank drawn as boxes of one size, as C4 diagrams draw them.

Graphviz makes each element's box as tall as its own text, and a rank as tall as its tallest box
(in a left-right view: as wide as its widest), so a short box leaves empty room above and below
it, and the boxes of a row do not line up. Once a view is laid out, :func:`even` gives every
element the height (left-right: the width) of the largest element Graphviz put on the same rank:
the ranks keep their sizes, so the drawing keeps its size and its arrangement, and each row of
boxes is one band, its tops and bottoms aligned. Measured in ``benchmarks/README.md`` ("Boxes of
one rank one size"): mean fill of the example views 0.20 -> 0.22, the drawings' sizes unchanged.
Only element boxes (ids ``el-...``) change; label nodes, boundaries and edges are left as they are.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

#: The minimum size every element is written with (``archkit.render.dot``): ``width``, ``height``.
_SIZE = re.compile(r' width="(?P<width>[0-9.]+)" height="(?P<height>[0-9.]+)"')
#: Graphviz rounds sizes to points; two nodes of one rank are one row when their centres are this close.
_SAME_RANK = 0.5
#: Sizes within a point of each other are one size (Graphviz draws a box a fraction of a point
#: smaller than a cylinder of the same height), in inches.
_SAME_SIZE = 1 / 72


def sizes(geometry: str | bytes) -> dict[str, float]:
    """For each element of the layout ``geometry`` (Graphviz ``-Tjson``/``json0``) that is smaller than
    the largest element of its rank, along the rank direction's axis (height for TB/BT, width for
    LR/RL): its DOT name and that largest size, in inches."""
    graph = json.loads(geometry)
    across = graph.get("rankdir", "TB") in ("LR", "RL")
    axis, dim = (0, "width") if across else (1, "height")
    rows: dict[float, list[tuple[str, float]]] = {}
    for obj in graph.get("objects", []):
        if not str(obj.get("id", "")).startswith("el-") or "pos" not in obj:
            continue
        centre = float(obj["pos"].split(",")[axis])
        key = next((k for k in rows if abs(k - centre) <= _SAME_RANK), centre)
        rows.setdefault(key, []).append((obj["name"], float(obj[dim])))
    out: dict[str, float] = {}
    for row in rows.values():
        largest = max(size for _, size in row)
        out.update({name: largest for name, size in row if size < largest - _SAME_SIZE})
    return out


def even(text: str, geometry: str | bytes) -> str:
    """``text`` (the DOT that ``geometry`` is the layout of) with each element as large as the largest
    element of its rank (:func:`sizes`); the same text when every rank's elements are one size."""
    grown = sizes(geometry)
    if not grown:
        return text
    across = json.loads(geometry).get("rankdir", "TB") in ("LR", "RL")
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


_NODE = re.compile(r'^\s*"([^"]*)" \[id="el-')


def _node_name(line: str) -> str | None:
    """The DOT name of the element a node statement declares, else None (element ids need no escaping:
    ``archkit.ids.ID_PATTERN``)."""
    match = _NODE.match(line)
    return match.group(1) if match else None
