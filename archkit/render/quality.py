"""How readable a drawn view is: crossings, edges through elements, label defects, flow, fill.

Pure: computed from the geometry Graphviz produced (:mod:`archkit.render.drawing`, read from
the ``-Tjson`` output of the same ``dot`` run that drew the SVG), no subprocess. Per view
(issue 13's definitions):

``crossings``
    pairs of edges whose paths (splines sampled to polylines) intersect; an intersection within
    ``NEAR_NODE`` points of a node both edges touch does not count, nor one at under
    ``BUNDLE_ANGLE`` degrees between two edges that share an end (they read as a bundle).
``edge_through_element``
    (edge, element) pairs where the edge's path enters the element's box (inset by ``INSET``)
    and the element is not one of its ends; the legend counts as an element.
``label_overlaps``
    pairs of text boxes of different objects (edge labels, elements, boundary titles, the view
    title) that intersect, an edge label over its own end element included (``label-end``; over
    its own end boundary's title excepted); and arrowheads hidden (the last ``ARROW`` points of
    an edge's path): under an edge label's text (``arrow-label``), or the tip under an element
    other than its head (``arrow-element``; elements are drawn over edges).
``labels_crossed``
    edge labels whose text box is crossed by another edge's path or by a boundary's border.
``detached_labels``
    edge labels more than ``DETACHED`` points from their own edge's path.
``label_rails``
    edge labels that another edge's path runs along without crossing them: within ``RAIL`` points
    of the text box, at under ``RAIL_ANGLE`` degrees from its lines, over at least ``RAIL_RUN`` of
    its width. Labels on one rank joined by edges drawn along that rank read as one edge with
    several names (``benchmarks/README.md``, ``h/rails``). Not in the weighted score (issue 13's
    definition, which the peers' figures are compared by); the layout search weighs it
    (:func:`archkit.render.layout.merit`).
``titles_crossed``
    (boundary, edge) pairs where the edge's path crosses the boundary's title text. Not in the
    weighted score: a figure for readers (``benchmarks/README.md``, ``h/reader``).
``backward_edges``
    edges whose head lies against the view's direction from their tail (for TB: above it), but
    those the view's layout hints put so (drawn ``constraint=false``, see ``render/hints.py``).
``fill``, ``width``, ``height``
    element area over the drawing's area (title and legend are not elements), and its size.

Every defect keeps what and where (edge ``a->b``, element and boundary ids, a point), so
messages can name them.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from archkit.render import geometry as geo
from archkit.render.drawing import Box, Drawing, Edge, Point, parsed
from archkit.render.geometry import Segment
from archkit.render.segments import Index

NEAR_NODE = 6.0
BUNDLE_ANGLE = 15.0
INSET = 2.0
DETACHED = 24.0
#: How far (points) boxes must reach into each other, or an edge into a label, to count.
TOLERANCE = 1.0
#: An edge runs along a label within this many points of its text box, at under ``RAIL_ANGLE``
#: degrees from the text's lines, over at least ``RAIL_RUN`` of the label's width.
RAIL = 8.0
RAIL_ANGLE = 20.0
RAIL_RUN = 0.5
#: An edge's arrowhead: the last this many points of its path (``arrowsize=0.8``: 8 points).
ARROW = 8.0
#: The weighted score: crossings + 3·through + 3·overlaps + 2·crossed + 2·detached.
WEIGHTS = {"crossings": 1, "edge_through_element": 3, "label_overlaps": 3, "labels_crossed": 2, "detached_labels": 2}
MEASURES = ("crossings", "edge_through_element", "label_overlaps", "labels_crossed", "detached_labels",
            "backward_edges", "label_rails", "titles_crossed")


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
    label_rails: int = 0
    titles_crossed: int = 0
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
    return measure(parsed(text))


def measure(drawing: Drawing) -> Quality:
    index = Index(drawing.edges)
    crossings = list(_crossings(drawing, index))
    through = list(_through(drawing, index))
    overlaps = list(_overlaps(drawing)) + list(_arrows(drawing))
    crossed = list(_labels_crossed(drawing, index))
    detached = list(_detached(drawing))
    backward = list(_backward(drawing))
    rails = list(_rails(drawing, index))
    titles = list(_titles_crossed(drawing, index))
    area = drawing.width * drawing.height
    filled = sum(geo.area(e.box) for e in drawing.elements if not e.legend)
    return Quality(
        crossings=len(crossings), edge_through_element=len(through), label_overlaps=len(overlaps),
        labels_crossed=len({d.subject for d in crossed}), detached_labels=len(detached),
        backward_edges=len(backward), fill=filled / area if area > 0 else 0.0,
        width=drawing.width, height=drawing.height, label_rails=len({d.subject for d in rails}),
        titles_crossed=len(titles),
        defects=tuple(sorted(crossings + through + overlaps + crossed + detached + backward + rails + titles,
                             key=_order)))


# ---- the measures --------------------------------------------------------------------------


def _crossings(drawing: Drawing, index: Index) -> Iterator[Defect]:
    """Per pair of edges that cross, its first crossing in the order of the cells, then of the
    segments' numbers (:mod:`archkit.render.segments`), but those that read as a shared end."""
    edges = drawing.edges
    boxes = {e.id: e.box for e in drawing.elements}
    borders = {b.id: b.box for b in drawing.boundaries}
    first: dict[tuple[int, int], tuple[tuple[int, int], int, int, Point]] = {}
    ends: dict[tuple[int, int], set[str]] = {}
    for cell, i, j, point, m, n in index.crossings():
        pair = (m, n) if m < n else (n, m)
        known = first.get(pair)
        if known is not None and known[:3] < (cell, i, j):
            continue
        shared = ends.get(pair)
        if shared is None:
            shared = ends[pair] = _shared(edges[m], edges[n])
        if not shared or not _excused(shared, index.segment(i), index.segment(j), point, boxes, borders):
            first[pair] = (cell, i, j, point)
    for (m, n), (*_, point) in first.items():
        a, b = sorted((edges[m].name, edges[n].name))
        yield Defect("crossings", a, b, at=point)


def _shared(a: Edge, b: Edge) -> set[str]:
    """The ends (elements, boundaries, DOT nodes) two edges share."""
    return ({a.tail, a.head} & {b.tail, b.head}) | (set(a.nodes) & set(b.nodes))


def _excused(shared: set[str], s: Segment, t: Segment, point: Point, boxes: dict[str, Box],
             borders: dict[str, Box]) -> bool:
    """Whether segments ``s`` and ``t`` of two edges that share the ends ``shared``, crossing at
    ``point``, read as a shared end (a bundle, or near that end) rather than a crossing."""
    if geo.angle(s, t) < BUNDLE_ANGLE:
        return True
    for end in shared:
        if end in boxes and geo.point_box_distance(point, boxes[end]) <= NEAR_NODE:
            return True
        if end in borders and geo.point_border_distance(point, borders[end]) <= NEAR_NODE:
            return True
    return False


def _through(drawing: Drawing, index: Index) -> Iterator[Defect]:
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
            if (a.kind, a.owner) == (b.kind, b.owner):
                continue  # one object
            own = a.owner in b.ends or b.owner in a.ends
            if own and "element" not in (a.kind, b.kind):
                continue  # an edge label over its own end boundary's title: inside its own end
            if geo.overlap(a.box, b.box) > TOLERANCE:
                first, second = sorted((a, b), key=lambda t: (_RANK[t.kind], t.owner))
                kind = "label-end" if own else f"{first.kind}-{second.kind}"
                yield Defect("label_overlaps", first.owner, second.owner, kind,
                             at=geo.centre(geo.meet(a.box, b.box)))


def _arrows(drawing: Drawing) -> Iterator[Defect]:
    """Arrowheads hidden: the last ``ARROW`` points of an edge's path (its arrowhead) under an edge
    label's text (``arrow-label``), or its tip under an element other than its head (``arrow-element``:
    elements are drawn over edges)."""
    labels = [(e.name, e.label) for e in drawing.edges if e.label is not None]
    for edge in drawing.edges:
        if not edge.arrow or len(edge.path) < 2:
            continue
        arrow = _arrowhead(edge.path)
        tip = arrow[1]
        for owner, box in labels:
            inner = geo.inset(box, TOLERANCE)
            if inner is not None and geo.segment_meets_box(arrow, inner):
                yield Defect("label_overlaps", edge.name, owner, "arrow-label", at=tip)
        for element in drawing.elements:
            inner = geo.inset(element.box, INSET)
            if element.id not in (edge.head, edge.nodes[1]) and inner is not None \
                    and geo.point_box_distance(tip, inner) == 0:
                yield Defect("label_overlaps", edge.name, element.id, "arrow-element", at=tip)


def _arrowhead(path: tuple[Point, ...]) -> Segment:
    """The last ``ARROW`` points of ``path``, as one segment from there to its tip."""
    tip, left = path[-1], ARROW
    for a, b in itertools.pairwise(reversed(path)):
        step = math.dist(a, b)
        if step >= left:
            t = left / step
            return ((a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t), tip)
        left -= step
    return (path[0], tip)


def _titles_crossed(drawing: Drawing, index: Index) -> Iterator[Defect]:
    """Per boundary title, the edges whose path crosses its text."""
    for b in drawing.boundaries:
        box = geo.inset(b.title, TOLERANCE) if b.title is not None else None
        if box is None:
            continue
        for name in sorted({drawing.edges[m].name for seg, m in index.near(box) if geo.segment_meets_box(seg, box)}):
            yield Defect("titles_crossed", b.id, name, at=geo.centre(box))


def _labels_crossed(drawing: Drawing, index: Index) -> Iterator[Defect]:
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


def _rails(drawing: Drawing, index: Index) -> Iterator[Defect]:
    """Per edge label, the other edges that run along it (``label_rails``), those crossing it left out
    (they are ``labels_crossed``)."""
    slope = math.tan(math.radians(RAIL_ANGLE))
    for n, edge in enumerate(drawing.edges):
        if edge.label is None:
            continue
        box = edge.label
        inner = geo.inset(box, TOLERANCE) or box
        band = (box[0], box[1] - RAIL, box[2], box[3] + RAIL)
        run: dict[int, float] = defaultdict(float)
        crossing: set[int] = set()
        for seg, m in index.near(band):
            if m == n or m in crossing:
                continue
            if geo.segment_meets_box(seg, inner):
                crossing.add(m)
                continue
            part = geo.clip(seg, band)
            if part is not None:
                dx, dy = abs(part[1][0] - part[0][0]), abs(part[1][1] - part[0][1])
                if dy <= slope * dx:
                    run[m] += dx
        need = RAIL_RUN * (box[2] - box[0])
        for other in sorted({drawing.edges[m].name for m, length in run.items()
                             if length >= need and m not in crossing}):
            yield Defect("label_rails", edge.name, other, at=geo.centre(box))


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
