"""The DOT lines of a view's relationships: an edge's ends (a boundary end attaches to one of its
members and clips to its cluster), its label (a small node on the edge's path, ``tail -> label -> head``,
or an ``xlabel`` on an edge the author's hints lay flat), and the direction it is written in.

:class:`EdgeWriter` is the part of :class:`archkit.render.dot.DotWriter` that writes edges; the
document, the boundaries, the nodes and the ranks are in :mod:`archkit.render.dot`.
"""

from __future__ import annotations

import math
from collections import Counter

from archkit.render import ports
from archkit.render.drawing import STEERED
from archkit.render.hints import HintEncoding
from archkit.render.labels import font, html, html_lines, quoted, wrap
from archkit.render.layout import COMPACTS, Layout
from archkit.render.legend import LineEntry
from archkit.render.level import Rows
from archkit.render.paths import edge_line, label_node, spans
from archkit.render.style import Styler, Theme
from archkit.views import ComputedBoundary, ComputedEdge, ComputedView

#: The graph's ``nodesep`` (inches) unless the layout sets one (:meth:`DotWriter._defaults`).
NODESEP = "0.6"
#: An edge label's text in points, Helvetica 10 (the description) and 8 (the technology): a character's
#: mean width and a line's height; and the room kept on each side of a flat edge's label.
CHAR, SMALL_CHAR, LINE, SMALL_LINE = 5.6, 4.5, 12.0, 10.0
FLAT_PAD = 8.0
#: Graphviz's own floor for ``nodesep`` (inches): a view may set ``node_separation=0``, and ``dot`` then keeps
#: its nodes this far apart.
MIN_NODESEP = 0.02


class EdgeWriter:
    """Writes a view's relationships; the state is set by :class:`archkit.render.dot.DotWriter`."""

    view: ComputedView
    styler: Styler
    theme: Theme
    layout: Layout
    hints: HintEncoding
    level: Rows
    reversed: frozenset[str]
    hubs: frozenset[str]
    rooms: frozenset[str]  # a dense view's hubs, when the layout asks for their room (flow.hubs)
    boundaries: dict[str, ComputedBoundary]
    members: dict[str, list[str]]
    parents: dict[str, str | None]
    legend_lines: list[LineEntry]
    #: per boundary (None: the top level), the label nodes declared inside it
    label_nodes: dict[str | None, list[tuple[str, str]]]

    def _ancestors(self, boundary_id: str | None) -> list[str]:
        out = []
        while boundary_id is not None and boundary_id in self.boundaries:
            out.append(boundary_id)
            boundary_id = self.boundaries[boundary_id].parent
        return out

    def _end(self, element_id: str, other: str) -> tuple[str, str | None]:
        """The DOT node an edge end attaches to, and the cluster it clips to (for boundary ends)."""
        if element_id not in self.boundaries:
            return element_id, None
        members = self.members.get(element_id, [])
        choice = next((m for m in members if m != other), members[0] if members else element_id)
        clip = self.layout.clusters and other not in members
        return choice, ("cluster_" + element_id) if clip else None

    def _edge_label(self, edge: ComputedEdge) -> str:
        text = html_lines(wrap(edge.description, self.layout.label_wrap))
        if edge.order is not None:
            text = f"<B>{html(edge.order)}.</B> {text}" if text else f"<B>{html(edge.order)}.</B>"
        parts = [text] if text else []
        if edge.technology:
            parts.append(font(html_lines(wrap(f"[{edge.technology}]", self.layout.label_wrap)), 8))
        return "<BR/>".join(parts)

    def _ends(self, edge: ComputedEdge) -> tuple[str, str]:
        """The DOT nodes an edge is drawn between."""
        return self._end(edge.source, edge.destination)[0], self._end(edge.destination, edge.source)[0]

    def _home(self, node: str, clip: str | None) -> list[str]:
        """The boundaries around an edge end, innermost first (outside a clipped boundary)."""
        if clip is not None:
            return self._ancestors(self.boundaries[clip.removeprefix("cluster_")].parent)
        return self._ancestors(self.parents.get(node))

    def _edge(self, edge: ComputedEdge) -> list[str]:
        """The DOT lines of one relationship: one edge, or two through a label node."""
        tail, ltail = self._end(edge.source, edge.destination)
        head, lhead = self._end(edge.destination, edge.source)
        line = self.styler.line(edge.tags)
        self.legend_lines.append(LineEntry(line))
        attrs = {"id": quoted(f"rel-{edge.id}"), "color": quoted(line.color), "style": quoted(line.style),
                 "penwidth": str(line.thickness), "tooltip": quoted(edge.description or edge.id)}
        label = self._edge_label(edge)
        # written head first: against the flow (render/flow.py), or, on a view with layout hints, the other way
        # round from that where it runs against their ranks or their order along a rank (render/hints.py takes
        # the edges as the flow draws them)
        back = (edge.id in self.reversed) != (edge.id in self.hints.back)
        along = self.level.along(tail, head)
        if along is not None:  # on a row of its own cycle (render/level.py): written left to right
            back = self.level.leftward(tail, head)
            if along and label and self.layout.edge_label == "node":
                self.level.hold(tail, f"archkit:label:{edge.id}")
        flat, loose = edge.id in self.hints.flat, edge.id in self.hints.unconstrained
        if edge.id in self.hints.back:
            attrs["comment"] = quoted(STEERED)  # the measure does not count it as an edge against the flow
        if label and self.layout.edge_label == "node" and not flat and not loose:
            # with the sinks below (render/below.py), a callback drawn against the flow keeps its label on
            # the side it is drawn from, as the call beside it does: it leaves its boundary downwards too
            drawn = (head, lhead), (tail, ltail)
            inner = self._label_home(*drawn) if back and self.layout.sinks_below else \
                self._label_home((tail, ltail), (head, lhead))
            return self._through_label(edge, label, attrs, (tail, ltail), (head, lhead), inner, back)
        if label:  # an edge the author's hints lay flat (label placed after layout) or overrule (render/hints.py)
            kind = "label" if self.layout.edge_label == "node" else self.layout.edge_label
            attrs["xlabel" if flat else kind] = f"<{label}>"
            if flat:  # its ends as far apart along the rank as its label needs: an xlabel takes no room
                attrs["minlen"] = str(self._flat_minlen(edge))
        if loose:
            attrs["constraint"] = "false"
        return [edge_line((tail, ltail), (head, lhead), attrs, back)]

    def _flat_minlen(self, edge: ComputedEdge) -> int:
        """The ``minlen`` of a flat edge whose label is an ``xlabel``: ``dot`` keeps a flat edge's ends
        ``minlen × nodesep`` apart, so the gap holds the label's extent along the rank (its width in a
        TB or BT view, its height in LR or RL) with ``FLAT_PAD`` points on each side. In a TB or BT view the
        label lies along the edge, and its width must fit between the ends in the drawing as finished too:
        with the view's own separations that is drawn with the tightest of ``layout.COMPACTS`` when that adds no
        defect (``search._evened``), so the gap is counted in that one's ``nodesep`` (iot_ingestion's
        rules-components drew 'Keeps window aggregates' over Window State, ``benchmarks/README.md``)."""
        lines = wrap(edge.description, self.layout.label_wrap) if edge.description else []
        small = wrap(f"[{edge.technology}]", self.layout.label_wrap) if edge.technology else []
        if self.view.direction in ("LR", "RL"):
            extent = LINE * len(lines) + SMALL_LINE * len(small)
        else:
            extent = max([CHAR * len(t) for t in lines] + [SMALL_CHAR * len(t) for t in small] + [0.0])
        graph = {**dict(self.layout.graph), **self.hints.graph}  # as DotWriter._defaults writes them
        inches = float(graph.get("nodesep", NODESEP).strip('"'))
        if (self.view.direction not in ("LR", "RL") or self.layout.flat_room) and self.view.node_separation is None \
                and self.view.rank_separation is None:  # drawn compact (search._own_spacing)
            inches = min([inches, *(float(v) for spacing in COMPACTS for k, v in spacing if k == "nodesep")])
        nodesep = max(inches, MIN_NODESEP) * 72
        return max(1, math.ceil((extent + 2 * FLAT_PAD) / nodesep))

    def _hubs(self) -> frozenset[str]:
        """The DOT nodes at least ``layout.hubs`` labelled relationships point to (none when 0)."""
        if not self.layout.hubs or self.layout.edge_label != "node":
            return frozenset()
        into = Counter(self._ends(e)[1] for e in self.view.edges if self._edge_label(e))
        return frozenset(n for n, k in into.items() if k >= self.layout.hubs)

    def _label_home(self, tail: tuple[str, str | None], head: tuple[str, str | None]) -> str | None:
        """The boundary an edge's label node is declared in (None: the top level), by ``layout.label_home``:
        the innermost one both ends share, or (``tail``) the innermost one around the tail."""
        around_tail = self._home(*tail)
        if self.layout.label_home == "tail" and around_tail:
            return around_tail[0]
        shared = self._home(*head)
        return next((b for b in around_tail if b in shared), None)

    def _drawn_ends(self) -> list[tuple[str, str]]:
        """Every edge's DOT nodes as drawn: tail first, or head first when it runs against the flow."""
        ends = [self._ends(e) for e in self.view.edges]
        return [(h, t) if e.id in self.reversed else (t, h) for e, (t, h) in zip(self.view.edges, ends, strict=True)]

    def _through_label(self, edge: ComputedEdge, label: str, attrs: dict[str, str], tail: tuple[str, str | None],
                       head: tuple[str, str | None], inside: str | None, back: bool) -> list[str]:
        """``tail -> label -> head``: the label as a small node on the edge's path, declared inside
        the boundary ``inside`` (:meth:`_label_home`; so it cannot straddle a border); the first half keeps
        the relationship's id, only the second has an arrowhead."""
        name = f"archkit:label:{edge.id}"
        self.label_nodes.setdefault(inside, []).append(
            (name, label_node(name, f"label-{edge.id}", label, attrs["tooltip"], self.theme)))
        first = {**attrs, "arrowhead": "none"} if not back else {**attrs, "arrowtail": "none"}
        second = {**attrs, "id": quoted(f"rel-{edge.id}:head")}
        flat = self.level.along(tail[0], head[0]) is not None  # both ends on one row (render/level.py)
        if not flat:  # (a row of its cycle keeps its ranks)
            more, most = spans(tail[0], head[0], self.hubs, self.rooms, self.layout.hub_room)
            first.update(more)
            second.update(most)
        # each element end on the flow's side (render/ports.py), written swapped when back; never on a row: Graphviz
        # 2.43 routes a flat edge with a port through a graph of its own whose attributes it copies by position,
        # so the edge's id came back as its arrowhead ("Warning: Arrow type ... unknown") and the route varied
        # from run to run
        if self.layout.ports and not flat:
            way, free_tail, free_head = self.view.direction, tail[1] is None, head[1] is None
            first.update(ports.attrs(way, free_tail and not back, free_tail and back))
            second.update(ports.attrs(way, free_head and back, free_head and not back))
        return [edge_line(tail, (name, None), first, back), edge_line((name, None), head, second, back)]

