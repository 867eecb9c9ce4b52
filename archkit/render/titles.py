"""Where each boundary's title goes: the corner of its border that the fewest edges run through.

:mod:`archkit.render.dot` writes a deployment node's title at the top left of its border, any other
boundary's at the bottom left. In a top-down view the edges into a deployment node's elements enter
it from above, through its title: a reader sees an arrow run through "Amazon RDS [Deployment Node:
PostgreSQL 16]" (``titles_crossed``, ``benchmarks/README.md``). Once a view is laid out,
:func:`placed` moves each crossed title to the corner (``labelloc`` t/b × ``labeljust`` l/r) of its
border that the fewest edge paths of that layout run through, read from its geometry: the title keeps
its size, so its box in another corner is its box mirrored within the border. A title no edge crosses
stays where it is, and of several corners equally clear the one nearest its own.

Along its end of the border (``labeljust``) Graphviz lays the view out exactly as before: only the title
is drawn elsewhere, so what :func:`choose` counts there is what the drawing will show. To the other end
(``labelloc``) the title's room moves with it, and the ranks inside the border shift by its height: the
edges are routed again, mostly as before, sometimes not (``across``).

Pure text: the layout's search (:func:`archkit.render.search._evened`) applies it to the winner's DOT in the
drawing it makes anyway, which measures the result and keeps it only when it adds no defect.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from archkit.render import geometry as geo
from archkit.render.drawing import Box, Drawing, parsed
from archkit.render.labels import quoted
from archkit.render.quality import TOLERANCE
from archkit.render.segments import Index

#: A title's place: (``labelloc``, ``labeljust``).
Place = tuple[str, str]
#: A boundary's attribute line as :mod:`archkit.render.dot` writes it (its quoted DOT id), and its title's place
#: (after the label: the last match on the line).
_BOUNDARY = re.compile(r'\s*graph \[id=("boundary-(?:[^"\\]|\\.)*")')
_ATTRS = re.compile(r" labeljust=(?P<just>[lr]) labelloc=(?P<loc>[tb]) ")


def places(title: Box, border: Box) -> dict[Place, Box]:
    """The box ``title`` would have in each corner of ``border``: the same size, as far from the
    border's side and end as it is now (the nearer of the two)."""
    width, height = title[2] - title[0], title[3] - title[1]
    across = min(title[0] - border[0], border[2] - title[2])
    along = min(border[3] - title[3], title[1] - border[1])
    out: dict[Place, Box] = {}
    for loc in "tb":
        top = border[3] - along if loc == "t" else border[1] + along + height
        for just in "lr":
            left = border[0] + across if just == "l" else border[2] - across - width
            out[(loc, just)] = (left, top - height, left + width, top)
    return out


def crossings(drawing: Drawing, index: Index, box: Box) -> int:
    """How many edges of ``drawing`` run through ``box`` (inset as the measure does: ``titles_crossed``)."""
    inner = geo.inset(box, TOLERANCE)
    if inner is None:
        return 0
    return len({drawing.edges[m].name for seg, m in index.near(inner) if geo.segment_meets_box(seg, inner)})


def _order(own: Place) -> list[Place]:
    """The four places, nearest ``own`` first: itself, the other corner of its end, then the other end."""
    loc, just = own
    other_loc, other_just = ("b" if loc == "t" else "t"), ("r" if just == "l" else "l")
    return [own, (loc, other_just), (other_loc, just), (other_loc, other_just)]


def choose(drawing: Drawing, written: Mapping[str, Place], across: bool = True) -> dict[str, Place]:
    """Per boundary whose title an edge crosses, the place (of :func:`places`) the fewest edges cross,
    when that is fewer than where it is (``written``: the place its DOT gives it); others are left out.
    Without ``across``, a title stays at its end of the border (``labelloc``) and moves along it only:
    Graphviz then lays the view out exactly as before, the title alone drawn elsewhere."""
    index = Index(drawing.edges)
    out: dict[str, Place] = {}
    for b in drawing.boundaries:
        own = written.get(b.id)
        if b.title is None or own is None:
            continue
        boxes = places(b.title, b.box)
        counts = {place: crossings(drawing, index, boxes[place]) for place in _order(own)[:4 if across else 2]}
        best = min(counts, key=lambda place: counts[place])  # the first of the fewest: nearest its own
        if counts[best] < counts[own]:
            out[b.id] = best
    return out


def placed(text: str, geometry: str | bytes, across: bool = True) -> str:
    """``text`` (the DOT that ``geometry`` is the layout of) with each boundary's title where the fewest
    of that layout's edges cross it (:func:`choose`, ``across`` passed on); the same text when no title moves."""
    lines = text.split("\n")
    at: dict[str, tuple[int, Place]] = {}
    for n, line in enumerate(lines):
        boundary = _BOUNDARY.match(line)
        found = list(_ATTRS.finditer(line)) if boundary else []
        if boundary and found:
            at[boundary[1]] = (n, (found[-1]["loc"], found[-1]["just"]))
    if not at:
        return text
    drawing = parsed(geometry)
    written = {b.id: at[key][1] for b in drawing.boundaries if (key := quoted(f"boundary-{b.id}")) in at}
    for ident, (loc, just) in choose(drawing, written, across).items():
        n = at[quoted(f"boundary-{ident}")][0]
        last = list(_ATTRS.finditer(lines[n]))[-1]
        lines[n] = lines[n][:last.start()] + f" labeljust={just} labelloc={loc} " + lines[n][last.end():]
    return "\n".join(lines)
