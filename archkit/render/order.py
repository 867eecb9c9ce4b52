"""An order of our own along the ranks of a drawn view: fewer crossings than Graphviz found, pinned in DOT.

``dot`` orders the nodes of each rank by its own crossing reduction, which decides the order of
clusters while it sees each of them as one node, before it knows their insides: an external
system whose caller sits at one end of a boundary is left at whichever side of the boundary the
first walk of the edges met it, and sibling boundaries keep an order their members would not
choose (``benchmarks/README.md``, "Layout quality (issue 13)"). This module takes the ranks and
order of a layout ``dot`` made (its ``-Tjson``/``-Tjson0`` geometry), improves the order with
cluster-aware sifting — each item of a boundary (a node, a nested boundary as one block, a
point of a long edge) moved to the place of its boundary's sequence where the fewest edges cross
between neighbouring ranks, every boundary kept in one piece on every rank — and, when that
crosses fewer edges than ``dot``'s own order, returns a :class:`Pinned` order for
:mod:`archkit.render.dot` to write. What ``dot`` takes from DOT (Graphviz 2.43, measured):

- the declaration order: its crossing reduction starts from the order in which a first walk of
  the edges meets the nodes, so every boundary's contents are declared in the new order;
- an invisible point on the rank before, with an invisible edge to each top-level node that the
  new order puts before the boundaries of its rank, declared first: the walk starts there
  (:func:`archkit.render.pinned.pinned_sources`) — the only way found to put an external system on the near side of
  the boundary that holds its caller, as edges between a cluster's members and other nodes on
  a rank are dropped;
- invisible flat edges in a ``rank=same`` group (:func:`archkit.render.pinned.pinned_chains`): kept tail first at the
  top level, but inside a cluster some are kept head first and others tail first (as
  :mod:`archkit.render.hints` found), so only the top level is chained, and only in a second
  candidate (on the example views neither the chained nor the unchained one wins everywhere).

The layout search (:mod:`archkit.render.search`, :func:`archkit.render.budget.ordered`) measures
the results like any other candidate and keeps one only where it is better
(``benchmarks/README.md``, "An order of our own (`h/cross`)").
"""

from __future__ import annotations

from bisect import bisect_right, insort
from collections import Counter, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

from archkit.render.drawing import cluster_of, decoded
from archkit.render.pinned import ROOT, Pinned

#: What archkit adds to a view's DOT (label nodes, invisible starts, the legend) is named with this.
_OWN = "archkit:"
#: What lies on a relationship's path between its elements: its label node, the points of a long edge.
_THROUGH = ("archkit:label:", "archkit:pass:")
#: Passes of sifting over every boundary (each pass moves every item once); a third pass found
#: nothing more on the example views.
PASSES = 2


@dataclass
class Layered:
    """A layered drawing: the rank of each node (and of each point where a long edge passes a rank),
    the boundary each item belongs to (``ROOT`` at the top level), each boundary's items in order,
    and the segments between neighbouring ranks (upper end first)."""

    rank: dict[str, int]
    parent: dict[str, str]
    sequence: dict[str, list[str]]
    segments: list[tuple[str, str]]
    virtual: set[str] = field(default_factory=set)
    #: pairs ``(u, v)`` of one rank whose order sifting keeps (u first): the layout hints' order along a rank
    keep: frozenset[tuple[str, str]] = frozenset()
    _ranks: dict[str, frozenset[int]] = field(default_factory=dict)
    _gaps: dict[int, list[tuple[str, str]]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        gaps: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for upper, lower in self.segments:
            gaps[self.rank[upper]].append((upper, lower))
        self._gaps = dict(gaps)
        self._ranks = {}
        for cluster in self.sequence:
            self._ranks_of(cluster)

    def _ranks_of(self, item: str) -> frozenset[int]:
        if item not in self._ranks:
            if item in self.sequence:
                self._ranks[item] = frozenset().union(*(self._ranks_of(c) for c in self.sequence[item]))
            else:
                self._ranks[item] = frozenset({self.rank[item]})
        return self._ranks[item]

    def positions(self) -> dict[str, int]:
        """Each node's place on its rank, counted from the left, in the order of the sequences."""
        out: dict[str, int] = {}
        taken: dict[int, int] = defaultdict(int)

        def walk(cluster: str) -> None:
            for item in self.sequence[cluster]:
                if item in self.sequence:
                    walk(item)
                else:
                    out[item] = taken[self.rank[item]]
                    taken[self.rank[item]] += 1

        walk(ROOT)
        return out

    def crossings(self, gaps: set[int] | None = None) -> int:
        """Pairs of segments that cross between neighbouring ranks (in ``gaps`` only, when given:
        a gap is named by its upper rank); segments sharing an end do not count."""
        return self._cost(gaps)[0]

    def _cost(self, gaps: set[int] | None = None, at: dict[str, int] | None = None) -> tuple[int, int]:
        """The crossings of :meth:`crossings`, then how far the segments run across (in places on a
        rank): among orders that cross as often, the one with shorter edges leaves room to untangle.
        ``at``: the places of :meth:`positions`, when known."""
        at = self.positions() if at is None else at
        crossed = spread = 0
        for gap in self._gaps if gaps is None else gaps:
            lower: list[int] = []  # the lower ends of the segments whose upper ends come first
            for u, v in sorted([(at[u], at[v]) for u, v in self._gaps.get(gap, ())]):
                spread += abs(u - v)
                crossed += len(lower) - bisect_right(lower, v)  # crossed: upper end left of this one's, lower end right
                insort(lower, v)
        return crossed, spread

    def _leaves(self, item: str) -> list[str]:
        """The nodes of ``item`` (itself, or a boundary's, in the order of the sequences)."""
        if item not in self.sequence:
            return [item]
        return [leaf for child in self.sequence[item] for leaf in self._leaves(child)]

    def sift(self, passes: int = PASSES) -> int:
        """Moves every item of every boundary to its best place in the boundary's sequence, ``passes``
        times; returns the crossings after. Ties keep the item where it was (the result is
        deterministic and never worse than the start)."""
        for _ in range(passes):
            moved = False
            for cluster in list(self.sequence):
                for item in list(self.sequence[cluster]):
                    moved |= self._move(cluster, item)
            if not moved:
                break
        return self.crossings()

    def _move(self, cluster: str, item: str) -> bool:
        ranks = self._ranks_of(item)
        gaps = {r for r in ranks} | {r - 1 for r in ranks}
        seq = self.sequence[cluster]
        start = seq.index(item)
        others = [x for x in seq if x != item]
        if not any(self._ranks_of(x) & ranks for x in others):
            return False
        costs = [(self._reversed(at), *self._cost(gaps, at)) for at in self._places(cluster, item, others)]
        where = start if costs[start] == min(costs) else costs.index(min(costs))
        self.sequence[cluster] = [*others[:where], item, *others[where:]]
        return where != start

    def _reversed(self, at: dict[str, int]) -> int:
        """How many of the pairs to ``keep`` the places ``at`` put the wrong way round: a place that reverses
        more of them than the item's own never wins (ties keep the item where it was)."""
        return sum(1 for u, v in self.keep if u in at and v in at and at[u] > at[v])

    def _places(self, cluster: str, item: str, others: list[str]) -> Iterator[dict[str, int]]:
        """The places of :meth:`positions` with ``item`` put at each place of ``cluster``'s sequence
        among ``others`` in turn, first to last (one dict, updated between the steps). A boundary's
        nodes take consecutive places on each rank whatever their order, so only they move: each
        step swaps ``item`` with its right neighbour, whose nodes move left by ``item``'s on their rank."""
        at = self.positions()
        leaves = {x: self._leaves(x) for x in [item, *others]}
        taken: dict[int, int] = {}
        for x in leaves:
            for leaf in leaves[x]:
                taken[self.rank[leaf]] = min(taken.get(self.rank[leaf], at[leaf]), at[leaf])
        for x in leaves:  # item first
            for leaf in leaves[x]:
                at[leaf] = taken[self.rank[leaf]]
                taken[self.rank[leaf]] += 1
        mine = Counter(self.rank[leaf] for leaf in leaves[item])
        yield at
        for neighbour in others:
            theirs = Counter(self.rank[leaf] for leaf in leaves[neighbour])
            for leaf in leaves[item]:
                at[leaf] += theirs[self.rank[leaf]]
            for leaf in leaves[neighbour]:
                at[leaf] -= mine[self.rank[leaf]]
            yield at

    def pinned(self) -> Pinned:
        """The order to write: every boundary's contents without the points of long edges, the top-level
        nodes before the boundaries, and the top level's nodes chained rank by rank."""
        children = tuple((cluster, tuple(x for x in items if x not in self.virtual))
                         for cluster, items in sorted(self.sequence.items()))
        by_rank: dict[int, list[str]] = defaultdict(list)
        for x in dict(children)[ROOT]:
            if x not in self.sequence:
                by_rank[self.rank[x]].append(x)
        chains = tuple(tuple(row) for _, row in sorted(by_rank.items()) if len(row) > 1)
        return Pinned(children, self._leads(), chains)

    def _leads(self) -> tuple[tuple[str, ...], ...]:
        """Per rank, the top-level nodes that come before the first boundary on it (when one has
        anything on it after them)."""
        rows: dict[int, list[str]] = defaultdict(list)
        seen: set[int] = set()
        for item in self.sequence[ROOT]:
            if item in self.sequence:
                seen |= self._ranks_of(item)
            elif item not in self.virtual and self.rank[item] not in seen:
                rows[self.rank[item]].append(item)
        return tuple(tuple(row) for r, row in sorted(rows.items()) if r in seen)


def _axes(direction: str) -> tuple[int, int]:
    """Which coordinate of a ``pos`` is the rank and which the order, for a ``rankdir`` (in LR and RL
    the order runs along falling y: a flat edge's tail is drawn above its head)."""
    return (0, 1) if direction in ("LR", "RL") else (1, 0)


def _points(pos: str) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in
            (p.split(",")[-2:] for p in pos.replace(";", " ").split() if not p.startswith(("e,", "s,")))]


def _clusters(graph: Mapping[str, object]) -> tuple[dict[str, str], dict[int, str]]:
    """The clusters' parents (nearest enclosing cluster, ``ROOT`` at the top) and each node's innermost cluster."""
    objects = graph.get("objects", [])
    assert isinstance(objects, list)
    count = int(str(graph.get("_subgraph_cnt", 0)))
    subs = {o["_gvid"]: o for o in objects if o["_gvid"] < count}
    up: dict[int, int] = {child: o["_gvid"] for o in subs.values() for child in o.get("subgraphs", [])}

    def owner(gvid: int | None) -> str:
        while gvid is not None and cluster_of(subs[gvid]) is None:
            gvid = up.get(gvid)
        return ROOT if gvid is None else str(cluster_of(subs[gvid]))

    parents = {str(cluster_of(o)): owner(up.get(o["_gvid"])) for o in subs.values() if cluster_of(o) is not None}
    depth = {name: 0 for name in parents}
    for name in parents:
        at = parents[name]
        while at != ROOT:
            depth[name] += 1
            at = parents[at]
    home: dict[int, str] = {}
    for o in subs.values():
        name = str(cluster_of(o))
        if name in parents:
            for node in o.get("nodes", []):
                if node not in home or depth[name] > depth[home[node]]:
                    home[node] = name
    return parents, home


def _common(a: str, b: str, parents: dict[str, str]) -> str:
    """The innermost boundary around both ``a`` and ``b`` (boundary names, ``ROOT`` included)."""
    around = {a}
    while a != ROOT:
        a = parents[a]
        around.add(a)
    while b not in around:
        b = parents[b]
    return b


def layered(geometry: bytes, direction: str) -> Layered | None:
    """The layered drawing of a ``dot`` layout's JSON, or None when it is not one (no ranks)."""
    graph = decoded(geometry)
    rank_axis, order_axis = _axes(direction)
    parents, home = _clusters(graph)
    nodes = {o["_gvid"]: o for o in graph.get("objects", []) if "pos" in o and "nodes" not in o}
    if not nodes:
        return None
    levels = sorted({round(_points(o["pos"])[0][rank_axis], 1) for o in nodes.values()})
    level = {value: at for at, value in enumerate(levels)}
    rank = {str(o["name"]): level[round(_points(o["pos"])[0][rank_axis], 1)] for o in nodes.values()}
    where: dict[str, float] = {str(o["name"]): _points(o["pos"])[0][order_axis] for o in nodes.values()}
    parent = {str(o["name"]): home.get(gvid, ROOT) for gvid, o in nodes.items()}
    parent.update(parents)
    segments, virtual = [], set()
    for e in graph.get("edges", []):
        tail, head = str(nodes[e["tail"]]["name"]), str(nodes[e["head"]]["name"])
        if rank[tail] == rank[head]:
            continue
        upper, lower = (tail, head) if rank[tail] < rank[head] else (head, tail)
        chain = [upper]
        path = _points(str(e.get("pos", "")))
        for r in range(rank[upper] + 1, rank[lower]):
            point = f"archkit:pass:{e['_gvid']}:{r}"
            rank[point], parent[point] = r, _common(parent[upper], parent[lower], parents)
            where[point] = _cross(path, levels[r], rank_axis, order_axis, (where[upper] + where[lower]) / 2)
            virtual.add(point)
            chain.append(point)
        chain.append(lower)
        segments += list(pairwise(chain))
    if direction in ("LR", "RL"):  # dot's left-to-right order is drawn top to bottom there: y falls
        where = {item: -at for item, at in where.items()}
    return _sequenced(rank, parent, where, parents, segments, virtual)


def _cross(path: list[tuple[float, float]], at: float, rank_axis: int, order_axis: int, default: float) -> float:
    """Where the control polygon of an edge's spline passes the rank coordinate ``at``."""
    for p, q in pairwise(path):
        lo, hi = sorted((p[rank_axis], q[rank_axis]))
        if lo <= at <= hi and hi > lo:
            t = (at - p[rank_axis]) / (q[rank_axis] - p[rank_axis])
            return p[order_axis] + t * (q[order_axis] - p[order_axis])
    return default


def _sequenced(rank: dict[str, int], parent: dict[str, str], where: dict[str, float], parents: dict[str, str],
               segments: list[tuple[str, str]], virtual: set[str]) -> Layered:
    """Each boundary's items sorted by where ``dot`` put them (a boundary by its leftmost item)."""
    sequence: dict[str, list[str]] = {ROOT: [], **{c: [] for c in parents}}
    for item, owner in parent.items():
        sequence[owner].append(item)
    left: dict[str, float] = {}

    def lowest(item: str) -> float:
        if item not in left:
            left[item] = min((lowest(c) for c in sequence[item]), default=0.0) if item in sequence else where[item]
        return left[item]

    for items in sequence.values():
        items.sort(key=lambda x: (lowest(x), x))
    return Layered(rank, parent, sequence, segments, virtual)


def elements(drawing: Layered, direction: str) -> tuple[dict[str, int], list[tuple[str, str]]]:
    """The rank of each element of ``drawing`` (not a label node, a point of a long edge or anything
    else archkit adds), counted along the flow of ``direction`` (0 first: the top of a TB view), and
    the edges between elements, earlier end first, followed through label nodes and points (a
    relationship drawn reversed is one such edge too; invisible starts and the legend join nothing)."""
    sign = -1 if direction in ("TB", "RL") else 1  # the geometry's y grows upwards, its x rightwards
    rank = {n: sign * r for n, r in drawing.rank.items() if not n.startswith(_OWN) and n not in drawing.sequence}
    near: dict[str, list[str]] = defaultdict(list)
    for one, other in drawing.segments:
        near[one].append(other)
        near[other].append(one)
    edges = []
    for start in rank:
        todo, seen = [(x, start) for x in near[start]], {start}
        while todo:
            node, came = todo.pop()
            if node in seen:
                continue
            seen.add(node)
            if node in rank:
                if rank[start] < rank[node]:
                    edges.append((start, node))
            elif node.startswith(_THROUGH):
                todo += [(x, node) for x in near[node] if x != came]
    return rank, edges


def improve(geometry: bytes, direction: str, keep: frozenset[tuple[str, str]] = frozenset()) -> Pinned | None:
    """An order with fewer crossings between ranks than the layout in ``geometry`` (``dot``'s
    JSON of a view drawn in ``direction``), or None when sifting finds none; the pairs ``keep`` (the layout
    hints' order along a rank, u first) are never put the wrong way round by a move. Its ``chains`` hold the
    top level's order; ``replace(pinned, chains=())`` only suggests it."""
    drawing = layered(geometry, direction)
    if drawing is None:
        return None
    drawing.keep = keep
    before = drawing.crossings()
    if before == 0 or drawing.sift() >= before:
        return None
    return drawing.pinned()
