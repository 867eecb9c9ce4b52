"""Every edge path of a drawing as numbered segments, found by where they lie: the layout measure's index.

The measure (:mod:`archkit.render.quality`) asks two things: which segments of different edges
cross, and which segments meet a box. Testing every pair is quadratic, so segments are kept in
*chunks* of ``CHUNK`` consecutive segments of one path (a sampled Bézier piece lies in a small
box), chunks in a grid of ``GRID``-point cells, and a pair is tested only when the boxes of its
chunks and of the segments themselves come within ``MARGIN`` points of each other.

What the measure reports does not depend on this index: its defects were first defined over a grid
of ``CELL``-point cells (two segments were tested when they shared a cell, a segment against a box
when it shared one of the box's cells, and the first crossing of two edges in the order of the
cells, then of the segments' numbers, was the one named), and :meth:`Index.crossings` and
:meth:`Index.near` keep exactly that: a pair they skip has boxes more than ``MARGIN`` points
apart, so it neither crosses nor meets, and a pair they find that shares no ``CELL`` is dropped,
and every crossing carries its first shared cell. ``tests/render/test_quality_same.py`` holds the
measure to a frozen copy of the one before this index, figure for figure.
"""

from __future__ import annotations

import itertools
import math
from collections import defaultdict
from collections.abc import Iterable, Iterator

from archkit.render.drawing import Box, Edge, Point
from archkit.render.geometry import Segment

#: The cells that define which pairs the measure looks at (see the module's text).
CELL = 48.0
#: Consecutive segments of a path per chunk, and the side of the grid's cells, in points.
CHUNK = 6
GRID = 96.0
#: How near (points) two boxes must come for their segments to be tested.
MARGIN = 1.0

#: A segment: its ends, its box (x0, y0, x1, y1), its number and the number of its edge.
Piece = tuple[Point, Point, float, float, float, float, int, int]
#: A chunk: its box, then its segments.
Chunk = tuple[float, float, float, float, list[Piece]]
#: A crossing: the first cell the two segments share, their numbers, the point, and their edges.
Crossing = tuple[tuple[int, int], int, int, Point, int, int]


def _near(a0: float, a1: float, a2: float, a3: float, b0: float, b1: float, b2: float, b3: float) -> bool:
    return a0 - MARGIN <= b2 and b0 - MARGIN <= a2 and a1 - MARGIN <= b3 and b1 - MARGIN <= a3


def _chunk(pieces: list[Piece]) -> Chunk:
    x0, y0, x1, y1 = pieces[0][2:6]
    for p in pieces[1:]:
        x0, y0 = (p[2] if p[2] < x0 else x0), (p[3] if p[3] < y0 else y0)
        x1, y1 = (p[4] if p[4] > x1 else x1), (p[5] if p[5] > y1 else y1)
    return (x0, y0, x1, y1, pieces)


def shared_cell(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> tuple[int, int] | None:
    """The first ``CELL`` (in the order of cells) that boxes ``a`` and ``b`` both cover, or None."""
    c, floor = CELL, math.floor
    i0, i1 = max(floor(a[0] / c), floor(b[0] / c)), min(floor(a[2] / c), floor(b[2] / c))
    if i0 > i1:
        return None
    j0, j1 = max(floor(a[1] / c), floor(b[1] / c)), min(floor(a[3] / c), floor(b[3] / c))
    return (i0, j0) if j0 <= j1 else None


class Index:
    """The segments of every edge's path (of non-zero length, numbered in order), by place."""

    def __init__(self, edges: Iterable[Edge]) -> None:
        self.chunks: list[Chunk] = []
        self.segments: list[Segment] = []
        number = 0
        for n, edge in enumerate(edges):
            pieces: list[Piece] = []
            for a, b in itertools.pairwise(edge.path):
                if a == b:
                    continue
                (ax, ay), (bx, by) = a, b
                x0, x1 = (ax, bx) if ax <= bx else (bx, ax)
                y0, y1 = (ay, by) if ay <= by else (by, ay)
                pieces.append((a, b, x0, y0, x1, y1, number, n))
                self.segments.append((a, b))
                number += 1
            self.chunks += [_chunk(pieces[k:k + CHUNK]) for k in range(0, len(pieces), CHUNK)]
        self.grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        g, m, floor, grid = GRID, MARGIN, math.floor, self.grid
        for k, (x0, y0, x1, y1, _) in enumerate(self.chunks):
            i0, i1 = floor((x0 - m) / g), floor((x1 + m) / g)
            j0, j1 = floor((y0 - m) / g), floor((y1 + m) / g)
            if i0 == i1 and j0 == j1:  # most chunks lie in one cell
                grid[i0, j0].append(k)
                continue
            for i in range(i0, i1 + 1):
                for j in range(j0, j1 + 1):
                    grid[i, j].append(k)

    def segment(self, number: int) -> Segment:
        return self.segments[number]

    def _chunks_near(self, box: Box) -> list[Chunk]:
        g, floor = GRID, math.floor
        found: set[int] = set()
        for i in range(floor(box[0] / g), floor(box[2] / g) + 1):
            for j in range(floor(box[1] / g), floor(box[3] / g) + 1):
                found.update(self.grid.get((i, j), ()))
        chunks = self.chunks
        return [chunks[k] for k in sorted(found) if _near(*chunks[k][:4], *box)]

    def near(self, box: Box) -> Iterator[tuple[Segment, int]]:
        """Every segment within ``MARGIN`` of ``box`` that shares a ``CELL`` with it, with its edge's
        number, in the order of their numbers (a superset of those meeting ``box``)."""
        for chunk in self._chunks_near(box):
            for p in chunk[4]:
                if _near(p[2], p[3], p[4], p[5], *box) and shared_cell(p[2:6], box) is not None:
                    yield (p[0], p[1]), p[7]

    def _chunk_pairs(self) -> Iterator[tuple[Chunk, Chunk]]:
        """Every pair of chunks of different edges within ``MARGIN`` of each other, once, in no order
        (a sweep along x: chunks sorted by their left side)."""
        chunks = sorted(self.chunks, key=lambda c: c[0])
        m = MARGIN
        for x, a in enumerate(chunks):
            right, low, high, edge = a[2] + m, a[1] - m, a[3] + m, a[4][0][7]
            for y in range(x + 1, len(chunks)):
                b = chunks[y]
                if b[0] > right:
                    break
                if b[1] <= high and low <= b[3] and b[4][0][7] != edge:
                    yield a, b

    def crossings(self) -> Iterator[Crossing]:
        """Every pair of segments of different edges that cross (:func:`geometry.intersection`) and
        share a ``CELL``, the lower-numbered one first, in no order."""
        m = MARGIN
        for a, b in self._chunk_pairs():
            ax0, ay0, ax1, ay1 = a[0] - m, a[1] - m, a[2] + m, a[3] + m
            bx0, by0, bx1, by1 = b[0] - m, b[1] - m, b[2] + m, b[3] + m
            near_a = [q for q in b[4] if ax0 <= q[4] and q[2] <= ax1 and ay0 <= q[5] and q[3] <= ay1]
            for p in a[4]:
                px0, py0, px1, py1 = p[2], p[3], p[4], p[5]
                if not (bx0 <= px1 and px0 <= bx1 and by0 <= py1 and py0 <= by1):
                    continue
                for q in near_a:
                    if not (px0 - MARGIN <= q[4] and q[2] - MARGIN <= px1 and py0 - MARGIN <= q[5]
                            and q[3] - MARGIN <= py1):
                        continue
                    s, t = (p, q) if p[6] < q[6] else (q, p)
                    point = _intersection(s[0], s[1], t[0], t[1])
                    if point is None:
                        continue
                    cell = shared_cell(s[2:6], t[2:6])
                    if cell is not None:
                        yield cell, s[6], t[6], point, s[7], t[7]


def _intersection(p: Point, p2: Point, q: Point, q2: Point) -> Point | None:
    """:func:`archkit.render.geometry.intersection`, the same arithmetic in the same order, unpacked."""
    r0, r1 = p2[0] - p[0], p2[1] - p[1]
    u0, u1 = q2[0] - q[0], q2[1] - q[1]
    denominator = r0 * u1 - r1 * u0
    if denominator == 0:
        return None
    qp0, qp1 = q[0] - p[0], q[1] - p[1]
    along_s = (qp0 * u1 - qp1 * u0) / denominator
    along_t = (qp0 * r1 - qp1 * r0) / denominator
    if 0 <= along_s <= 1 and 0 <= along_t <= 1:
        return (p[0] + along_s * r0, p[1] + along_s * r1)
    return None
