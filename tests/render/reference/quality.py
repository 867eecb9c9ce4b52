"""The layout measure as it was before it was made faster (issue 18): the reference that
``tests/render/test_quality_same.py`` holds ``archkit.render.quality`` to, figure for figure and
defect for defect. A frozen copy: do not change it.
"""

from __future__ import annotations

import itertools
import json
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from tests.render.reference import geometry as geo
from tests.render.reference.drawing import Box, Drawing, Edge, Point, parse
from tests.render.reference.geometry import Segment

NEAR_NODE = 6.0
BUNDLE_ANGLE = 15.0
INSET = 2.0
DETACHED = 24.0
#: How far (points) boxes must reach into each other, or an edge into a label, to count.
TOLERANCE = 1.0
#: The weighted score: crossings + 3·through + 3·overlaps + 2·crossed + 2·detached.
WEIGHTS = {"crossings": 1, "edge_through_element": 3, "label_overlaps": 3, "labels_crossed": 2, "detached_labels": 2}
MEASURES = ("crossings", "edge_through_element", "label_overlaps", "labels_crossed", "detached_labels",
            "backward_edges")


@dataclass(frozen=True)
class Defect:
    """One defect: the measure, what it concerns (``subject``, ``other``), how, and where."""

    measure: str
    subject: str
    other: str = ""
    kind: str = ""
    at: Point = (0.0, 0.0)


def _order(d: Defect) -> tuple[str, str, str, str, Point]:
    return (d.measure, d.subject, d.other, d.kind, d.at)


@dataclass(frozen=True)
class Quality:
    """The figures of one drawn view and the defects behind them."""

    crossings: int
    edge_through_element: int
    label_overlaps: int
    labels_crossed: int
    detached_labels: int
    backward_edges: int
    fill: float
    width: float
    height: float
    defects: tuple[Defect, ...] = field(default=(), compare=False)

    @property
    def score(self) -> int:
        return sum(w * getattr(self, m) for m, w in WEIGHTS.items())

    def figures(self) -> dict[str, float | int]:
        """The figures as plain numbers (fill to 3 decimals, sizes to 0.1 pt), score included."""
        out: dict[str, float | int] = {m: getattr(self, m) for m in MEASURES}
        out.update(fill=round(self.fill, 3), width=round(self.width, 1), height=round(self.height, 1),
                   score=self.score)
        return out

    def to_dict(self) -> dict[str, object]:
        return {**self.figures(), "defects": [
            {"measure": d.measure, "subject": d.subject, "other": d.other, "kind": d.kind,
             "at": [round(d.at[0], 1), round(d.at[1], 1)]} for d in self.defects]}


def measure_json(text: str | bytes) -> Quality:
    """The quality of a view from Graphviz's ``-Tjson`` output."""
    return measure(parse(json.loads(text)))


def measure(drawing: Drawing) -> Quality:
    index = _Index(drawing.edges)
    crossings = list(_crossings(drawing, index))
    through = list(_through(drawing, index))
    overlaps = list(_overlaps(drawing))
    crossed = list(_labels_crossed(drawing, index))
    detached = list(_detached(drawing))
    backward = list(_backward(drawing))
    area = drawing.width * drawing.height
    filled = sum(geo.area(e.box) for e in drawing.elements if not e.legend)
    return Quality(
        crossings=len(crossings), edge_through_element=len(through), label_overlaps=len(overlaps),
        labels_crossed=len({d.subject for d in crossed}), detached_labels=len(detached),
        backward_edges=len(backward), fill=filled / area if area > 0 else 0.0,
        width=drawing.width, height=drawing.height,
        defects=tuple(sorted(crossings + through + overlaps + crossed + detached + backward, key=_order)))


# ---- the segments of every edge, in a grid -------------------------------------------------


class _Index:
    """Every edge's path as segments, bucketed in square cells for finding what meets what."""

    CELL = 48.0

    def __init__(self, edges: Iterable[Edge]) -> None:
        self.segments: list[tuple[Segment, int]] = []
        self.cells: dict[tuple[int, int], list[int]] = defaultdict(list)
        c, floor, cells, segments = self.CELL, math.floor, self.cells, self.segments
        for n, edge in enumerate(edges):
            for a, b in itertools.pairwise(edge.path):
                if a == b:
                    continue
                number = len(segments)
                segments.append(((a, b), n))
                i0, i1 = floor(min(a[0], b[0]) / c), floor(max(a[0], b[0]) / c)
                j0, j1 = floor(min(a[1], b[1]) / c), floor(max(a[1], b[1]) / c)
                if i0 == i1 and j0 == j1:  # most sampled pieces of a curve lie in one cell
                    cells[i0, j0].append(number)
                    continue
                for i in range(i0, i1 + 1):
                    for j in range(j0, j1 + 1):
                        cells[i, j].append(number)

    def _cells(self, box: Box) -> Iterator[tuple[int, int]]:
        c = self.CELL
        for i in range(math.floor(box[0] / c), math.floor(box[2] / c) + 1):
            for j in range(math.floor(box[1] / c), math.floor(box[3] / c) + 1):
                yield i, j

    def near(self, box: Box) -> list[tuple[Segment, int]]:
        """The segments in the cells ``box`` covers (a superset of those meeting it), in order."""
        found = {n for cell in self._cells(box) for n in self.cells.get(cell, ())}
        return [self.segments[n] for n in sorted(found)]

    def pairs(self) -> Iterator[tuple[int, int]]:
        """Every pair of segments of different edges that share a cell, once, in order."""
        seen: set[tuple[int, int]] = set()
        segments = self.segments
        for cell in sorted(self.cells):
            members = self.cells[cell]
            for x, i in enumerate(members):
                edge = segments[i][1]
                for j in members[x + 1:]:
                    if segments[j][1] != edge and (i, j) not in seen:
                        seen.add((i, j))
                        yield i, j


# ---- the measures --------------------------------------------------------------------------


def _crossings(drawing: Drawing, index: _Index) -> Iterator[Defect]:
    edges, segments = drawing.edges, index.segments
    boxes = {e.id: e.box for e in drawing.elements}
    borders = {b.id: b.box for b in drawing.boundaries}
    counted: set[tuple[int, int]] = set()
    for i, j in index.pairs():
        (s, m), (t, n) = segments[i], segments[j]
        pair = (m, n) if m < n else (n, m)
        if pair in counted:
            continue
        point = geo.intersection(s, t)
        if point is None or _excused(edges[m], edges[n], point, geo.angle(s, t), boxes, borders):
            continue
        counted.add(pair)
        a, b = sorted((edges[m].name, edges[n].name))
        yield Defect("crossings", a, b, at=point)


def _excused(a: Edge, b: Edge, point: Point, angle: float, boxes: dict[str, Box], borders: dict[str, Box]) -> bool:
    """Whether an intersection of ``a`` and ``b`` reads as a shared end rather than a crossing."""
    shared = ({a.tail, a.head} & {b.tail, b.head}) | (set(a.nodes) & set(b.nodes))
    if not shared:
        return False
    if angle < BUNDLE_ANGLE:
        return True
    for end in shared:
        if end in boxes and geo.point_box_distance(point, boxes[end]) <= NEAR_NODE:
            return True
        if end in borders and geo.point_border_distance(point, borders[end]) <= NEAR_NODE:
            return True
    return False


def _through(drawing: Drawing, index: _Index) -> Iterator[Defect]:
    for element in drawing.elements:
        inner = geo.inset(element.box, INSET)
        if inner is None:
            continue
        hit: dict[int, Point] = {}
        for seg, n in index.near(inner):
            edge = drawing.edges[n]
            if n in hit or element.id in (edge.tail, edge.head, *edge.nodes):
                continue
            if geo.segment_meets_box(seg, inner):
                hit[n] = seg[0]
        for n, at in hit.items():
            yield Defect("edge_through_element", drawing.edges[n].name, element.id, at=at)


@dataclass(frozen=True)
class _Text:
    kind: str  # label | element | boundary | title
    owner: str
    box: Box
    ends: tuple[str, ...] = ()


def _texts(drawing: Drawing) -> list[_Text]:
    texts = [_Text("label", e.name, e.label, (e.tail, e.head, *e.nodes)) for e in drawing.edges if e.label]
    texts += [_Text("element", e.id, e.box) for e in drawing.elements]
    texts += [_Text("boundary", b.id, b.title) for b in drawing.boundaries if b.title]
    if drawing.title is not None:
        texts.append(_Text("title", "title", drawing.title))
    return sorted(texts, key=lambda t: (t.box[0], t.kind, t.owner))


#: The order in which an overlap names its two objects: an edge label first.
_RANK = {"label": 0, "boundary": 1, "title": 2, "element": 3}


def _overlaps(drawing: Drawing) -> Iterator[Defect]:
    texts = _texts(drawing)
    for x, a in enumerate(texts):  # sweep along x: texts are sorted by their left side
        for b in texts[x + 1:]:
            if b.box[0] >= a.box[2] - TOLERANCE:
                break
            if (a.kind, a.owner) == (b.kind, b.owner) or a.owner in b.ends or b.owner in a.ends:
                continue  # one object, or an edge label at its own end
            if geo.overlap(a.box, b.box) > TOLERANCE:
                first, second = sorted((a, b), key=lambda t: (_RANK[t.kind], t.owner))
                yield Defect("label_overlaps", first.owner, second.owner, f"{first.kind}-{second.kind}",
                             at=geo.centre(geo.meet(a.box, b.box)))


def _labels_crossed(drawing: Drawing, index: _Index) -> Iterator[Defect]:
    for n, edge in enumerate(drawing.edges):
        if edge.label is None:
            continue
        box = geo.inset(edge.label, TOLERANCE) or edge.label
        by_edge = sorted({drawing.edges[m].name for seg, m in index.near(box)
                          if m != n and geo.segment_meets_box(seg, box)})
        for other in by_edge:
            yield Defect("labels_crossed", edge.name, other, "edge", at=geo.centre(edge.label))
        for b in drawing.boundaries:
            if geo.overlap(box, b.box) > 0 and not geo.inside(box, b.box):
                yield Defect("labels_crossed", edge.name, b.id, "boundary", at=geo.centre(edge.label))


def _detached(drawing: Drawing) -> Iterator[Defect]:
    for edge in drawing.edges:
        if edge.label is None or len(edge.path) < 2:
            continue
        label = edge.label
        segments = list(itertools.pairwise(edge.path))
        if any(_near(s, label) and geo.segment_box_distance(s, label) <= DETACHED for s in segments):
            continue  # attached (the common case): no need for the nearest distance
        distance = min(geo.segment_box_distance(s, label) for s in segments)
        if distance > DETACHED:
            yield Defect("detached_labels", edge.name, f"{distance:.0f} pt away", at=geo.centre(label))


def _near(s: Segment, box: Box) -> bool:
    """Whether the bounding boxes of ``s`` and ``box`` are within ``DETACHED`` of each other on both
    axes: a cheap test that every segment within ``DETACHED`` of ``box`` passes."""
    (x0, y0), (x1, y1) = s
    return (min(x0, x1) - box[2] <= DETACHED and box[0] - max(x0, x1) <= DETACHED
            and min(y0, y1) - box[3] <= DETACHED and box[1] - max(y0, y1) <= DETACHED)


#: Per rank direction: the axis (0 = x, 1 = y) and the sign of forward movement along it.
_FLOW = {"TB": (1, -1.0), "BT": (1, 1.0), "LR": (0, 1.0), "RL": (0, -1.0)}


def _backward(drawing: Drawing) -> Iterator[Defect]:
    axis, sign = _FLOW.get(drawing.rankdir, _FLOW["TB"])
    for edge in drawing.edges:
        tail, head = (drawing.centres.get(node) for node in edge.nodes)
        if tail is None or head is None or edge.nodes[0] == edge.nodes[1] or edge.id in drawing.steered:
            continue  # an edge the author's layout hints turned against the flow is not the layout's defect
        if (head[axis] - tail[axis]) * sign < -TOLERANCE:
            yield Defect("backward_edges", edge.name, at=head)
