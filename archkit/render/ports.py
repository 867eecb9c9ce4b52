"""Edges that leave an element along the flow: compass ports on the element ends of label-node paths.

Why ``dot`` draws edges through elements (issue 13, ``benchmarks/README.md``, ``h/through``): an
element with several labelled relationships to the next rank (an adapter writing to a queue, an
event hub and an archive) has a label node for each on that rank (:mod:`archkit.render.dot`), and a
label node is as wide as its text. When many of them share a rank — the adapters of a deployment
node in a large view — they cannot all stand under their sources, so ``dot`` puts some of them
hundreds of points to the side. The half ``element -> label`` then joins two adjacent ranks that
are a few points apart (``ranksep`` 0.3 in) but far apart sideways: its spline leaves the element
through its side and runs almost flat along the bottom of the element's rank, through the lower
corners (or the middle) of the element's neighbours. Wider rank separation does not help (measured:
0.6 in, 13 -> 12 edges through elements on ``payments_hub/production``); a heavier first half does
not either (the label's place is decided by how full its rank is, not by the pull of the edge).

An edge whose element end is given its compass port on the flow's side (``tailport=s`` where the
element is the DOT tail of a top-to-bottom view, ``headport=n`` where it is the DOT head; the
other sides for the other directions) must leave or reach the element there: below the rank, in
the room between ranks, where no element stands. Label nodes get no port (they are on the path),
nor does an end clipped at a boundary (``ltail``/``lhead``: the edge ends at the boundary's border,
not at the element).

Ports cost crossings elsewhere: on every view (the 34 example views: 52 -> 63 crossings, 2 labels
crossed; ``benchmarks/README.md``), edges that share a port fan out from one point and cross near
it. So they are not the standard encoding but a retry (:func:`retries`,
:mod:`archkit.render.search`): only a layout with an edge through an element is laid out again
with ports, and then, if one is still left, with ports, the labels on the source's side and the
other declaration order; each is kept only when :func:`layout.merit` finds it better. A view
without an edge through an element costs nothing more and is drawn as before. When one is still left,
the search ends on the candidate it laid out with the fewest, if that draws fewer
(:func:`archkit.render.search._clearest`).

Pure: the attributes of one DOT edge line, from the view's direction and which ends are elements.
"""

from __future__ import annotations

from dataclasses import replace

from archkit.render.layout import Layout

#: Per ``rankdir``: the compass point an edge leaves an element by, and the one it reaches an element by.
_SIDES = {"TB": ("s", "n"), "BT": ("n", "s"), "LR": ("e", "w"), "RL": ("w", "e")}


def attrs(direction: str, tail: bool, head: bool) -> dict[str, str]:
    """The port attributes of one DOT edge line in a view drawn in ``direction``: ``tailport`` when
    its DOT tail is an element (``tail``), ``headport`` when its DOT head is (``head``)."""
    out, into = _SIDES.get(direction, _SIDES["TB"])
    return {**({"tailport": out} if tail else {}), **({"headport": into} if head else {})}


def retries(layout: Layout | None) -> list[Layout]:
    """The encodings to lay a view out in again, in turn, while its best layout so far (in ``layout``)
    has an edge through an element: with ports, then also with its labels on the source's side and
    its elements declared in the other order. None for an encoding without label nodes or with ports."""
    if layout is None or layout.edge_label != "node" or layout.ports:
        return []
    ported = replace(layout, ports=True)
    return [ported, replace(ported, label_home="tail", reverse=not layout.reverse)]
