"""Chains of lone elements folded onto rows: a search candidate for views that leave much of their area empty.

A relationship between two elements that ``dot`` puts each alone on its rank, one rank after the
other, costs the drawing a whole rank (the element's height, its label node's and two separations)
across its whole width, beside which nothing else is drawn: event_driven_sqs/containers ran the
messaging provider, the customer, the tracking page, the API and the database down one side, one per
rank; kappa_architecture/metrics-job is a pipeline of one step per rank. Drawn on one row, the pair is
read left to right (``Layout.fold``, written by :class:`archkit.render.level.Rows` as the rows of short
cycles are: the edge straight along the row with its label between the boxes), and the ranks below
move up by one. :func:`candidates` offers it for a searched view whose best layout fills less than
``layout.FILL_GOAL``; the search keeps it only when its merit is lower and it adds no crossing, label
defect or edge against the flow (``search._best_of(..., same_score=True)``). Measured in
``benchmarks/README.md`` (``h/fill4``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from archkit.render.drawing import decoded, parsed
from archkit.render.layout import FILL_GOAL, Layout
from archkit.views import ComputedView

if TYPE_CHECKING:
    from archkit.render.quality import Quality


def rows(rank: Mapping[str, int], edges: Sequence[tuple[str, str]],
         along: Mapping[str, float]) -> tuple[tuple[str, str], ...]:
    """Pairs of elements to draw side by side, the one first along the ranks in the layout (``along``:
    element -> position along its rank, left to right) first: each alone on its rank (``rank``: element
    -> rank along the flow), on neighbouring ranks, joined by an edge (``edges``: earlier end first);
    from the first rank down, a rank in at most one pair. (``dot`` keeps such a pair in the order the
    layout had them more often than in the order of the flow: measured on the examples.) Pure."""
    alone: dict[int, list[str]] = defaultdict(list)
    for element, at in rank.items():
        alone[at].append(element)
    levels = sorted(alone)
    joined = set(edges)
    pairs: list[tuple[str, str]] = []
    index = 0
    while index + 1 < len(levels):
        upper, lower = alone[levels[index]], alone[levels[index + 1]]
        if len(upper) == 1 and len(lower) == 1 and (upper[0], lower[0]) in joined:
            pair = upper[0], lower[0]
            pairs.append(pair if along.get(pair[0], 0.0) <= along.get(pair[1], 0.0) else (pair[1], pair[0]))
            index += 2
        else:
            index += 1
    return tuple(pairs)


def candidates(view: ComputedView, best: Layout | None, geometry: bytes, quality: Quality) -> list[Layout]:
    """One more encoding for a searched view whose best layout (``best``, ``geometry``) fills less than
    ``FILL_GOAL``: the same with its chains of lone elements folded (:func:`rows`). None for a view
    steered by its author's layout hints, or one whose best already puts elements on rows of their own
    (short cycles), a rank apart or in an order of our own."""
    if best is None or best.fold or best.level or best.staggered or best.pinned is not None or view.hints \
            or not geometry or quality.fill >= FILL_GOAL:
        return []
    from archkit.render import order  # imported here: as budget.staggered does, for drawing only

    drawing = order.layered(geometry, view.direction)
    if drawing is None:
        return []
    pairs = rows(*order.elements(drawing, view.direction), _along(geometry, view.direction))
    return [replace(best, fold=pairs)] if pairs else []


def _along(geometry: bytes, direction: str) -> dict[str, float]:
    """Each node's position along its rank in a ``dot`` layout's JSON, in ``dot``'s own left-to-right order
    (a left-right view's ranks are drawn top to bottom: y falls)."""
    across = direction in ("LR", "RL")
    out = {}
    for obj in decoded(geometry).get("objects", []):
        if "pos" in obj and "nodes" not in obj:
            x, y = (float(v) for v in str(obj["pos"]).split(",")[:2])
            out[str(obj["name"])] = -y if across else x
    return out


def flipped(layout: Layout, rows: Sequence[tuple[str, str]], geometry: bytes, direction: str) -> Layout | None:
    """``layout`` (a folded candidate) with each of its pairs that its layout (``geometry``) drew the wrong
    way round along their row (``rows``: ``DotResult.rows``, the order asked) asked the other way round:
    ``dot`` keeps one order or the other depending on the rest of the rank. None when none was."""
    from archkit.render.hints import misplaced

    wrong = misplaced(rows, parsed(geometry).centres, direction)
    turned = {pair for pair in layout.fold if any(u in pair or v in pair for u, v in wrong)}
    if not turned:
        return None
    return replace(layout, fold=tuple((b, a) if (a, b) in turned else (a, b) for a, b in layout.fold))
