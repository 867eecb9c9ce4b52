"""Plane geometry for the layout measure: points, segments and axis-aligned boxes, in points."""

from __future__ import annotations

import math

from archkit.render.drawing import Box, Point

Segment = tuple[Point, Point]


def area(box: Box) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def centre(box: Box) -> Point:
    return ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)


def inset(box: Box, by: float) -> Box | None:
    """``box`` shrunk by ``by`` on every side; None when nothing is left."""
    out = (box[0] + by, box[1] + by, box[2] - by, box[3] - by)
    return out if out[0] < out[2] and out[1] < out[3] else None


def meet(a: Box, b: Box) -> Box:
    """The intersection of two boxes (empty boxes have ``x0 > x1`` or ``y0 > y1``)."""
    return (max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3]))


def overlap(a: Box, b: Box) -> float:
    """How far two boxes reach into each other: the smaller side of their intersection (<= 0: apart)."""
    m = meet(a, b)
    return min(m[2] - m[0], m[3] - m[1])


def inside(a: Box, b: Box) -> bool:
    """Whether ``a`` lies within ``b``."""
    return a[0] >= b[0] and a[1] >= b[1] and a[2] <= b[2] and a[3] <= b[3]


def segment_box(s: Segment) -> Box:
    (x0, y0), (x1, y1) = s
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


def _cross(o: Point, a: Point, b: Point) -> float:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def intersection(s: Segment, t: Segment) -> Point | None:
    """Where two segments cross (touching counts; collinear overlaps do not)."""
    (p, p2), (q, q2) = s, t
    r = (p2[0] - p[0], p2[1] - p[1])
    u = (q2[0] - q[0], q2[1] - q[1])
    denominator = r[0] * u[1] - r[1] * u[0]
    if denominator == 0:
        return None
    qp = (q[0] - p[0], q[1] - p[1])
    along_s = (qp[0] * u[1] - qp[1] * u[0]) / denominator
    along_t = (qp[0] * r[1] - qp[1] * r[0]) / denominator
    if 0 <= along_s <= 1 and 0 <= along_t <= 1:
        return (p[0] + along_s * r[0], p[1] + along_s * r[1])
    return None


def angle(s: Segment, t: Segment) -> float:
    """The angle between two segments' lines, in degrees, 0 to 90."""
    a = math.atan2(s[1][1] - s[0][1], s[1][0] - s[0][0])
    b = math.atan2(t[1][1] - t[0][1], t[1][0] - t[0][0])
    d = abs(math.degrees(a - b)) % 180
    return min(d, 180 - d)


def segment_meets_box(s: Segment, box: Box) -> bool:
    """Whether any part of the segment lies in the box (Liang–Barsky clipping: :func:`clip`)."""
    return clip(s, box) is not None


def point_box_distance(p: Point, box: Box) -> float:
    """Distance from a point to a box (0 inside it)."""
    dx = max(box[0] - p[0], 0.0, p[0] - box[2])
    dy = max(box[1] - p[1], 0.0, p[1] - box[3])
    return math.hypot(dx, dy)


def point_border_distance(p: Point, box: Box) -> float:
    """Distance from a point to a box's outline."""
    outside = point_box_distance(p, box)
    if outside > 0:
        return outside
    return min(p[0] - box[0], box[2] - p[0], p[1] - box[1], box[3] - p[1])


def _point_segment_distance(p: Point, s: Segment) -> float:
    (x0, y0), (x1, y1) = s
    dx, dy = x1 - x0, y1 - y0
    length = dx * dx + dy * dy
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((p[0] - x0) * dx + (p[1] - y0) * dy) / length))
    return math.hypot(p[0] - (x0 + t * dx), p[1] - (y0 + t * dy))


def segment_box_distance(s: Segment, box: Box) -> float:
    """Distance from a segment to a box (0 when they meet)."""
    if segment_meets_box(s, box):
        return 0.0
    corners = ((box[0], box[1]), (box[0], box[3]), (box[2], box[1]), (box[2], box[3]))
    return min(min(point_box_distance(p, box) for p in s), min(_point_segment_distance(c, s) for c in corners))


def clip(s: Segment, box: Box) -> Segment | None:
    """The part of ``s`` inside ``box`` (Liang-Barsky), or None when they do not meet."""
    (x0, y0), (x1, y1) = s
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for step, room in ((-dx, x0 - box[0]), (dx, box[2] - x0), (-dy, y0 - box[1]), (dy, box[3] - y0)):
        if step == 0:
            if room < 0:
                return None
            continue
        t = room / step
        if step < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    return (x0 + low * dx, y0 + low * dy), (x0 + high * dx, y0 + high * dy)
