"""The geometry Graphviz produced for a view, read from its ``-Tjson`` output. Pure: no subprocess.

Graphviz 2.43's JSON gives every coordinate in points with the origin at the bottom left
(y grows upwards): node ``pos`` is the centre, but node ``width``/``height`` and a graph's or
cluster's ``lwidth``/``lheight`` are in inches; cluster ``bb`` is ``x0,y0,x1,y1``; edge ``pos``
is a B-spline ``e,x,y s,x,y p0 p1 p2 p3 ...`` (optional arrow end points, then 3n+1 control
points; several splines are separated by ``;``); ``lp``/``xlp`` are the centres of an edge's
``label``/``xlabel``, whose text Graphviz lays out as ``T`` operations in ``_ldraw_``.

Objects are recognised by the ``id`` attributes archkit writes: ``el-<id>`` (elements),
``rel-<id>`` (relationships), ``boundary-<id>`` (clusters), the legend node ``archkit:legend``,
and label nodes ``archkit:label:<edge id>``: an edge label drawn as a small node on the
edge's path, with DOT edges ``tail -> label`` and ``label -> head``, read back as ONE edge.
Invisible edges (``style=invis``, written for layout hints) are not drawn, so not read.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

Point = tuple[float, float]
#: ``(x0, y0, x1, y1)`` with ``x0 <= x1`` and ``y0 <= y1``, in points.
Box = tuple[float, float, float, float]

POINTS_PER_INCH = 72.0
LEGEND = "archkit:legend"
LABEL_NODE = "archkit:label:"
#: Points sampled on each cubic Bézier piece of an edge path, unless it is straight within FLAT points.
SAMPLES_PER_CURVE = 8
FLAT = 0.5
#: A text line's box around its baseline, in font sizes: descent below, ascent above.
DESCENT, ASCENT = 0.33, 0.87


#: The ``comment`` of a relationship drawn against the flow because the layout hints ask for it.
STEERED = "archkit:hint"

@dataclass(frozen=True)
class Element:
    """A node that stands for a model element (or the legend): its id and its box."""

    id: str
    box: Box
    legend: bool = False


@dataclass(frozen=True)
class Boundary:
    """A cluster: its id, its border's box and its title's box."""

    id: str
    box: Box
    title: Box | None


@dataclass(frozen=True)
class Edge:
    """One relationship as drawn: its ends (element or boundary ids), path and label box.

    ``nodes`` are the DOT nodes the path leaves and enters (a boundary end attaches to a member).
    """

    id: str
    tail: str
    head: str
    path: tuple[Point, ...]
    label: Box | None
    nodes: tuple[str, str]
    #: whether it is drawn with an arrowhead at its head (its path's last point is the arrow's tip)
    arrow: bool = False

    @property
    def name(self) -> str:
        return f"{self.tail}->{self.head}"


@dataclass(frozen=True)
class Drawing:
    """Everything the measures look at, in points."""

    box: Box
    rankdir: str
    elements: tuple[Element, ...]
    boundaries: tuple[Boundary, ...]
    edges: tuple[Edge, ...]
    title: Box | None = None
    centres: Mapping[str, Point] = field(default_factory=dict)
    #: relationship ids drawn ``constraint=false`` or with ``comment=STEERED``: the author's layout hints
    #: placed their ends (``archkit.render.hints``)
    steered: frozenset[str] = frozenset()

    @property
    def width(self) -> float:
        return self.box[2] - self.box[0]

    @property
    def height(self) -> float:
        return self.box[3] - self.box[1]


def _floats(text: str) -> list[float]:
    return list(map(float, text.split(",")))


def _node_box(obj: Mapping[str, Any]) -> Box:
    x, y = _floats(obj["pos"])[:2]
    w = float(obj.get("width", 0)) * POINTS_PER_INCH / 2
    h = float(obj.get("height", 0)) * POINTS_PER_INCH / 2
    return (x - w, y - h, x + w, y + h)


def _label_box(obj: Mapping[str, Any], pos_key: str = "lp") -> Box | None:
    """A graph's or cluster's label box: its centre ``lp`` and size ``lwidth``/``lheight`` (inches)."""
    if pos_key not in obj or "lwidth" not in obj:
        return None
    x, y = _floats(obj[pos_key])[:2]
    w = float(obj["lwidth"]) * POINTS_PER_INCH / 2
    h = float(obj["lheight"]) * POINTS_PER_INCH / 2
    return (x - w, y - h, x + w, y + h)


def union(boxes: Iterable[Box]) -> Box | None:
    listed = list(boxes)
    if not listed:
        return None
    return (min(b[0] for b in listed), min(b[1] for b in listed),
            max(b[2] for b in listed), max(b[3] for b in listed))


def text_boxes(ops: Iterable[Mapping[str, Any]]) -> list[Box]:
    """The box of every text line (``T`` operation) of an xdot drawing, sized by its font (``F``)."""
    size, boxes = 14.0, []
    for op in ops:
        if op.get("op") == "F":
            size = float(op["size"])
        elif op.get("op") == "T":
            x, y = op["pt"]
            width = float(op["width"])
            left = {"l": x, "r": x - width}.get(op.get("align", "c"), x - width / 2)
            boxes.append((left, y - DESCENT * size, left + width, y + ASCENT * size))
    return boxes


def _centre(box: Box) -> Point:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def _edge_label(edge: Mapping[str, Any]) -> Box | None:
    """The text box of an edge's ``label`` or ``xlabel`` (the lines nearest its ``lp``/``xlp``)."""
    lines = text_boxes(edge.get("_ldraw_", []))
    centres = [_floats(edge[k])[:2] for k in ("lp", "xlp") if k in edge]
    if len(centres) < 2:
        return union(lines)
    mine = centres[0]

    def nearest_is_mine(b: Box) -> bool:
        c = _centre(b)
        return min(centres, key=lambda p: (p[0] - c[0]) ** 2 + (p[1] - c[1]) ** 2) is mine
    return union(b for b in lines if nearest_is_mine(b))


#: Per sample ``t`` of a cubic piece, the weights of its four control points (``u = 1 - t``).
_WEIGHTS = [(u * u * u, 3 * u * u * t, 3 * u * t * t, t * t * t)
            for t, u in ((i / SAMPLES_PER_CURVE, 1 - i / SAMPLES_PER_CURVE) for i in range(1, SAMPLES_PER_CURVE + 1))]


def _cubic(p0: Point, p1: Point, p2: Point, p3: Point) -> list[Point]:
    """A cubic Bézier piece as points after ``p0``: its end alone when it is straight (both controls
    within ``FLAT`` points of the chord), else ``SAMPLES_PER_CURVE`` points along it."""
    if _off_chord(p1, p0, p3) <= FLAT and _off_chord(p2, p0, p3) <= FLAT:
        return [p3]
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = p0, p1, p2, p3
    return [(a * x0 + b * x1 + c * x2 + d * x3, a * y0 + b * y1 + c * y2 + d * y3) for a, b, c, d in _WEIGHTS]


def _off_chord(p: Point, a: Point, b: Point) -> float:
    """How far ``p`` lies from the segment ``a``-``b`` (from ``a`` when they coincide)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def spline_points(pos: str) -> list[Point]:
    """An edge ``pos`` sampled to a polyline, arrowheads included (splines joined in order)."""
    points: list[Point] = []
    for spline in pos.split(";"):
        start: Point | None = None
        end: Point | None = None
        controls: list[Point] = []
        for token in spline.split():
            if token.startswith(("e,", "s,")):
                x, y = _floats(token[2:])[:2]
                if token[0] == "e":
                    end = (x, y)
                else:
                    start = (x, y)
            else:
                x, y = _floats(token)[:2]
                controls.append((x, y))
        if not controls:
            continue
        line = [*([start] if start else []), controls[0]]
        for i in range(0, len(controls) - 3, 3):
            line += _cubic(*controls[i:i + 4])
        points += line + ([end] if end else [])
    return points


def cluster_of(obj: Mapping[str, Any]) -> str | None:
    """The DOT name archkit gives the cluster of a ``-Tjson`` subgraph object (``cluster_<boundary id>``), None
    when it is no cluster: a cluster written counted (:func:`archkit.render.dot.counted_cluster_name`) comes
    back named by its number (``%3``), with its ``id`` (``boundary-<id>``) and ``cluster`` attributes."""
    name = str(obj.get("name", ""))
    if name.startswith("cluster"):
        return name
    if obj.get("cluster") == "true":
        return "cluster_" + _plain_id(obj, "boundary-", name)
    return None


def _plain_id(obj: Mapping[str, Any], prefix: str, fallback: str) -> str:
    ident = str(obj.get("id", ""))
    return ident.removeprefix(prefix) if ident.startswith(prefix) else fallback


@dataclass
class _Parts:
    """One JSON edge, before label-node segments are chained."""

    id: str
    ends: tuple[str, str]
    nodes: tuple[str, str]
    path: list[Point]
    label: Box | None
    arrow: bool = False


def decoded(geometry: str | bytes) -> Mapping[str, Any]:
    """The decoded ``-Tjson``/``json0`` document ``geometry``, decoded once: a candidate's layout is read by its
    measure, its layout hints' check, its legend's places, its rows and the order of its ranks. Shared: read it,
    never change it."""
    return _decoded(geometry.encode("utf-8") if isinstance(geometry, str) else geometry)


@lru_cache(maxsize=16)
def _decoded(geometry: bytes) -> Mapping[str, Any]:
    document: Mapping[str, Any] = json.loads(geometry)
    return document


def parsed(geometry: str | bytes) -> Drawing:
    """The :class:`Drawing` of the ``-Tjson``/``json0`` document ``geometry``, read once (see :func:`decoded`)."""
    return _parsed(geometry.encode("utf-8") if isinstance(geometry, str) else geometry)


@lru_cache(maxsize=16)
def _parsed(geometry: bytes) -> Drawing:
    return parse(_decoded(geometry))


def parse(doc: Mapping[str, Any]) -> Drawing:
    """The :class:`Drawing` of one Graphviz ``-Tjson`` document (already decoded)."""
    count = int(doc.get("_subgraph_cnt", 0))
    objects: list[Mapping[str, Any]] = list(doc.get("objects", []))
    clusters = [o for o in objects[:count] if cluster_of(o) is not None and "bb" in o]
    by_cluster = {str(c["name"]): _plain_id(c, "boundary-", str(cluster_of(c)).removeprefix("cluster_"))
                  for c in clusters}
    by_cluster.update({str(cluster_of(c)): by_cluster[str(c["name"])] for c in clusters})  # ``lhead``'s names
    boundaries = tuple(sorted((Boundary(by_cluster[str(c["name"])], _box(c["bb"]), _label_box(c))
                               for c in clusters), key=lambda b: b.id))
    gvid: dict[int, str] = {}
    elements: list[Element] = []
    label_boxes: dict[str, Box] = {}
    centres: dict[str, Point] = {}
    for node in objects[count:]:
        name = str(node["name"])
        ident = name if name.startswith(LABEL_NODE) else "legend" if name == LEGEND else _plain_id(node, "el-", name)
        gvid[int(node["_gvid"])] = ident
        if "pos" not in node:  # not placed (no layout): nothing to measure
            continue
        box = _node_box(node)
        if name.startswith(LABEL_NODE):
            label_boxes[name] = box
            continue
        centres[ident] = _centre(box)
        elements.append(Element(ident, box, legend=name == LEGEND))
    drawn = [e for e in doc.get("edges", []) if e.get("style") != "invis"]  # layout hints' invisible edges
    parts = [_edge_parts(e, gvid, by_cluster) for e in drawn]
    steered = frozenset(_plain_id(e, "rel-", "") for e in drawn
                        if e.get("constraint") == "false" or e.get("comment") == STEERED) - {""}
    return Drawing(_box(doc.get("bb", "0,0,0,0")), str(doc.get("rankdir", "TB")).upper(),
                   tuple(sorted(elements, key=lambda e: e.id)), boundaries,
                   tuple(_chain(parts, label_boxes)), _label_box(doc), centres, steered)


def _box(text: object) -> Box:
    x0, y0, x1, y1 = _floats(str(text))[:4]
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _edge_parts(edge: Mapping[str, Any], gvid: Mapping[int, str], by_cluster: Mapping[str, str]) -> _Parts:
    tail, head = gvid[int(edge["tail"])], gvid[int(edge["head"])]
    ends = (by_cluster.get(str(edge.get("ltail", "")), tail), by_cluster.get(str(edge.get("lhead", "")), head))
    pos = str(edge.get("pos", ""))
    path = spline_points(pos)
    tip = "s," if edge.get("dir") == "back" else "e,"  # the arrowhead's end point, at the drawn head
    arrow = any(token.startswith(tip) for token in pos.replace(";", " ").split())
    if edge.get("dir") == "back":  # written head to tail so it ranks the head first: it points the other way
        tail, head, ends, path = head, tail, (ends[1], ends[0]), path[::-1]
    ident = _plain_id(edge, "rel-", f"{ends[0]}->{ends[1]}")
    return _Parts(ident, ends, (tail, head), path, _edge_label(edge), arrow)


def _chain(parts: list[_Parts], label_boxes: Mapping[str, Box]) -> list[Edge]:
    """Edges, with the two halves through a label node joined into one (``tail -> label -> head``).

    A half whose other half is missing stays an edge of its own, ending at the label node.
    """
    second_halves = {p.nodes[0]: p for p in parts if p.nodes[0] in label_boxes}
    edges, joined = [], set()
    for p in parts:
        if p.nodes[0] in label_boxes:
            continue
        label_node = p.nodes[1]
        if label_node not in label_boxes:
            edges.append(Edge(p.id, *p.ends, tuple(p.path), p.label, p.nodes, p.arrow))
            continue
        ident, box = label_node.removeprefix(LABEL_NODE), label_boxes[label_node]
        second = second_halves.get(label_node)
        if second is None:
            edges.append(Edge(ident, *p.ends, tuple(p.path), box, p.nodes, p.arrow))
            continue
        joined.add(label_node)
        edges.append(Edge(ident, p.ends[0], second.ends[1], tuple(p.path + second.path), box,
                          (p.nodes[0], second.nodes[1]), second.arrow))
    edges += [Edge(k.removeprefix(LABEL_NODE), *p.ends, tuple(p.path), label_boxes[k], p.nodes, p.arrow)
              for k, p in second_halves.items() if k not in joined]
    return sorted(edges, key=lambda e: (e.id, e.tail, e.head))
