"""The rows a view's short cycles are drawn on (``Layout.level``), written in DOT.

:func:`archkit.render.flow.levelled` says which elements share a row and in what order; here each row
becomes one rank (``rank=same``) holding its elements and the label nodes of the edges between
neighbours, so those edges run straight along the row with their labels between the boxes; an edge
between elements of a row that are not neighbours keeps its label node free, one rank down, and dips
under the row. Every edge along a row is written left to right (``dir=back`` when it points left):
``dot`` puts a flat edge's tail on the left, so the written direction keeps the row's order.
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Sequence

from archkit.render.labels import quoted


class Rows:
    """Rows of elements (each left to right) and the label nodes held on them."""

    def __init__(self, rows: Sequence[Sequence[str]] = ()) -> None:
        self.rows = [tuple(row) for row in rows]
        self.at = {n: (r, i) for r, row in enumerate(self.rows) for i, n in enumerate(row)}
        self.labels: list[list[str]] = [[] for _ in self.rows]

    def along(self, tail: str, head: str) -> bool | None:
        """None when ``tail`` and ``head`` are not on one row; else whether they are neighbours there."""
        if tail == head or tail not in self.at or head not in self.at or self.at[tail][0] != self.at[head][0]:
            return None
        return abs(self.at[tail][1] - self.at[head][1]) == 1

    def leftward(self, tail: str, head: str) -> bool:
        """Whether an edge along a row points left (it is then written head first, ``dir=back``)."""
        return self.at[tail][1] > self.at[head][1]

    def hold(self, element: str, label_node: str) -> None:
        """Put ``label_node`` on the row of ``element``."""
        self.labels[self.at[element][0]].append(label_node)

    def order(self) -> list[tuple[str, str]]:
        """Pairs ``(u, v)`` each row asks ``dot`` to draw ``u`` first (left of ``v``): its neighbours, and
        in a row of two, the label nodes it holds between them."""
        out = []
        for row, labels in zip(self.rows, self.labels, strict=True):
            out += list(itertools.pairwise(row))
            if len(row) == 2:
                out += [pair for label in labels for pair in ((row[0], label), (label, row[1]))]
        return out

    def lines(self, joined: Collection[frozenset[str]]) -> list[str]:
        """Each row on one rank with the label nodes it holds, and invisible edges that keep neighbours
        that no edge joins (``joined``: pairs of DOT nodes) in their order."""
        out = []
        for row, labels in zip(self.rows, self.labels, strict=True):
            out += [f"{quoted(a)} -> {quoted(b)} [style=invis];" for a, b in itertools.pairwise(row)
                    if frozenset((a, b)) not in joined]
            out.append("{rank=same; " + " ".join(f"{quoted(n)};" for n in (*row, *labels)) + "}")
        return out
