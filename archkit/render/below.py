"""External sinks drawn below the boundaries: where the edges of every boundary can reach them.

In a container view of a real model, an external system that several groups call (a payment
provider both regions use, a mail service the notifier and the back office send through) is put
by ``dot`` on the rank after its first caller, and so beside the boundary that holds the callers:
the edges of the boundaries on the far side then run across every boundary in between, crossing
its edges (the untuned booking platform: 54 of its 112 crossings were the far region's edges to
the shared external systems). Placed on a rank below every boundary instead, the external systems
are reached by each boundary's edges from its own side, under the others.

``dot`` is told so with one invisible point at the top level and invisible edges from every
element inside a boundary that has no relationship to another such element (the boundaries'
last elements) to it, and from it to each external sink: the point lands on a rank below every
boundary, the external sinks on the next. Those edges weigh nothing (``weight=0``: they do not
pull elements sideways), and are not drawn, so not measured (:mod:`archkit.render.drawing`).

An external sink is an element outside every boundary, not a person, with no relationship out
of it in the drawing (as drawn: edges against the flow count the way they are drawn,
:mod:`archkit.render.flow`) and at least one into it from inside a boundary. A view without
one, or without boundaries, is unchanged (:func:`applies`), so the candidate encoding that asks
for it (``Layout.sinks_below``, :mod:`archkit.render.budget`) is laid out only where it can differ.

Pure: ids in, ids and DOT lines out, in the order the caller gives (the same view gives the same
bytes).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from archkit.render.flow import against_flow
from archkit.render.labels import quoted
from archkit.views import ComputedView

#: The invisible point the boundaries' last elements lead to, and the external sinks follow.
ANCHOR = "archkit:below"


@dataclass(frozen=True)
class Below:
    """What to write: the external sinks to put below the boundaries, and the elements inside
    boundaries that lead to the point above them (``lasts``)."""

    sinks: tuple[str, ...]
    lasts: tuple[str, ...]


def split(view: ComputedView, ends: Sequence[tuple[str, str]]) -> Below:
    """The external sinks of ``view`` and the boundaries' last elements, given the ``(tail, head)``
    of every edge as drawn (empty when there is nothing to put below)."""
    found = _sinks(view, ends)
    if not found:
        return Below((), ())
    inside = {n.id for n in view.nodes if n.parent is not None}
    onward = {t for t, h in ends if t in inside and h in inside and t != h}
    lasts = tuple(n.id for n in view.nodes if n.id in inside and n.id not in onward)
    return Below(found, lasts) if lasts else Below((), ())


def applies(view: ComputedView) -> bool:
    """Whether ``view`` has external sinks to put below its boundaries (never for a view steered by
    its author's layout hints, whose ranks are theirs). The edges are taken as drawn, those against
    the flow reversed (:func:`flow.against_flow`, as :mod:`archkit.render.dot` does: an external
    system that calls back, e.g. a payment provider's webhook, is a sink once that edge is drawn
    reversed); an edge to a boundary is taken as the model has it."""
    if view.hints:
        return False
    edges = [(e.id, e.source, e.destination) for e in view.edges]
    people = [n.id for n in view.nodes if n.kind == "Person"]
    external = [n.id for n in view.nodes if n.external]
    back = against_flow(view.node_ids, edges, people, external)[0]
    return bool(_sinks(view, [(h, t) if i in back else (t, h) for i, t, h in edges]))


def _sinks(view: ComputedView, ends: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    inside = {n.id for n in view.nodes if n.parent is not None}
    tails = {t for t, _ in ends}
    fed = {h for t, h in ends if t in inside}
    return tuple(n.id for n in view.nodes
                 if n.parent is None and n.kind != "Person" and n.id in fed and n.id not in tails)


def lines(below: Below) -> list[str]:
    """The DOT lines (top level) that put ``below``'s sinks on a rank under every boundary."""
    if not below.sinks:
        return []
    anchor = quoted(ANCHOR)
    return [f'{anchor} [style=invis shape=point width=0 height=0 label=""];',
            *(f"{quoted(last)} -> {anchor} [style=invis weight=0];" for last in below.lasts),
            *(f"{anchor} -> {quoted(sink)} [style=invis weight=0];" for sink in below.sinks)]
