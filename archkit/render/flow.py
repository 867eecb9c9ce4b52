"""The direction a view's relationships flow in, so that ranks follow it.

Graphviz ranks a directed graph by its edges and breaks cycles by reversing whichever edge
its depth-first search happens to close a cycle with, in declaration order: on the example
models that put people below the systems they use (a system that notifies its user closes a
cycle through them) and sent one edge of every cycle against the flow. Here the order is
chosen instead: people first, then a greedy order that keeps the fewest edges pointing back
(Eades, Lin and Smyth's heuristic for the feedback arc set: sources to the front, sinks to the
back, otherwise the node with the most edges out over edges in), external elements last among
equals. The edges that still point back are drawn reversed (``dir=back``), so they do not
constrain the ranks of the rest.

Ranks also decide crossings that no order along them can remove: two elements on one rank that
use the same three stores below them cross at least three times. :func:`staggered` names such
pairs, for a search candidate that draws one of them a rank lower (:mod:`archkit.render.budget`).

A relationship names who acts, not where the data goes: a job that consumes a topic points at it,
so ``dot`` ranks every topic below its readers as well as its writers. :func:`reads` names the
reads of a holder (a store, queue or topic) that another element writes, for a search candidate that
takes them head first (:func:`drawn_back`): the holder between its writer and its reader.

In a dynamic view the order of the steps is the flow (:func:`stepped`): its elements are taken in the
order the steps reach them, the first step's source leads, and a step back to the element that called
(an answer) is taken head first, so the calls read along the view's direction and only the answers point
back.

A dense view often has a hub: an event bus, a gateway, a store that a large share of its relationships
touch. :func:`hubs` names them, for a search candidate that gives the paths to and from them more ranks
(``Layout.hub_room``), so their labels and bends spread out instead of crowding the hub's sides.

Pure: ids in, ids out; ties are broken by the order the caller gives, so the answer is the same
on every run.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence


def flow_order(nodes: Sequence[str], edges: Sequence[tuple[str, str]],
               first: Collection[str] = (), last: Collection[str] = ()) -> list[str]:
    """``nodes`` in flow order: ``first`` (people) lead, the rest by the greedy heuristic,
    ``last`` (external elements) preferred at the back among otherwise equal choices."""
    position = {n: i for i, n in enumerate(nodes)}
    out: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    into: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for tail, head in edges:
        if tail != head and tail in position and head in position:
            out[tail][head] += 1
            into[head][tail] += 1
    left = dict.fromkeys(nodes)
    front: list[str] = []
    back: list[str] = []

    def take(node: str) -> None:
        del left[node]
        for head in out[node]:
            into[head].pop(node, None)
        for tail in into[node]:
            out[tail].pop(node, None)

    def weight(links: dict[str, int]) -> int:
        return sum(links.values())

    while left:
        sinks = [n for n in left if not out[n]]
        sources = [n for n in left if not into[n]]
        if sinks or sources:
            for n in sorted(sinks, key=lambda n: (n not in last, -position[n])):
                if n not in sources or n not in first:  # a lone person stays at the front
                    back.append(n)
                    take(n)
            for n in sources:
                if n in left:
                    front.append(n)
                    take(n)
            continue
        pick = min(left, key=lambda n: (n not in first, n in last, weight(into[n]) - weight(out[n]), position[n]))
        front.append(pick)
        take(pick)
    return front + back[::-1]


def against_flow(nodes: Sequence[str], edges: Sequence[tuple[str, str, str]],
                 first: Collection[str] = (), last: Collection[str] = ()) -> tuple[frozenset[str], list[str]]:
    """The ids of ``edges`` (``(id, tail, head)``) that point back in :func:`flow_order`, and that order.

    People lead unless that sends more edges back than an order that does not favour them
    (a person paged by two alerting systems reads better below them than above).
    """
    pairs = [(t, h) for _, t, h in edges]
    options = []
    for lead in (first, ()):
        order = flow_order(nodes, pairs, lead, last)
        rank = {n: i for i, n in enumerate(order)}
        back = frozenset(e for e, t, h in edges if t in rank and h in rank and rank[h] < rank[t])
        options.append((back, order))
    return min(options, key=lambda option: len(option[0]))


#: The first words of a relationship whose source takes data out of its destination (a consumer of a
#: topic, a job reading a store), and the words that say it writes too (then it is not only a read).
READING = frozenset({"reads", "consumes", "ingests", "subscribes", "polls", "long-polls", "pulls", "fetches",
                     "receives", "takes", "loads", "dequeues", "listens", "replays", "tails"})
WRITING = frozenset({"writes", "appends", "produces", "publishes", "sends", "stores", "updates", "puts",
                     "pushes", "enqueues", "emits", "archives", "offloads", "moves", "inserts", "saves",
                     "deletes"})
#: The shapes of elements that hold data for others to read: stores, queues, topics, files.
HOLDERS = frozenset({"cylinder", "queue", "pipe", "folder"})


def is_read(description: str) -> bool:
    """Whether a relationship described so is a read: its source takes data out of its destination
    (``Consumes trip events from``, ``Reads features from``, ``Counts free drivers from``)."""
    words = re.findall(r"[a-z][a-z-]*", description.lower())
    if not words or WRITING.intersection(words):
        return False
    return words[0] in READING or words[-1] == "from"


def reads(edges: Sequence[tuple[str, str, str, str]], holders: Collection[str]) -> frozenset[str]:
    """The ids of ``edges`` (``(id, tail, head, description)``) that read a holder another element
    writes to: data flows from the writer through the holder to the reader, so the holder is best
    drawn between them, above its reader — the edge is taken head first for the ranks."""
    read = {e for e, t, h, d in edges if h in holders and t != h and is_read(d)}
    writers: dict[str, set[str]] = defaultdict(set)
    for e, t, h, _ in edges:
        if e not in read and h in holders and t != h:
            writers[h].add(t)
    return frozenset(e for e, t, h, _ in edges if e in read and writers[h] - {t} and t not in writers[h])


def drawn_back(nodes: Sequence[str], edges: Sequence[tuple[str, str, str]], first: Collection[str] = (),
               last: Collection[str] = (), read: Collection[str] = ()) -> frozenset[str]:
    """The ids of ``edges`` (``(id, tail, head)``) to draw head first (``dir=back``): those of
    :func:`against_flow`, with the ``read`` ones (:func:`reads`) taken head first for the flow — a read
    is drawn head first unless that runs against the flow."""
    taken = [(e, h, t) if e in read else (e, t, h) for e, t, h in edges]
    back = against_flow(nodes, taken, first, last)[0]
    return frozenset(e for e, _, _ in edges if (e in read) != (e in back))


def stepped(nodes: Sequence[str], steps: Sequence[tuple[str, str, str]]) -> tuple[list[str], list[str], frozenset[str]]:
    """For a dynamic view, whose order of steps is its flow: ``nodes`` in the order the ``steps`` (``(id,
    tail, head)``, in step order) reach them (the others after, as given), the first step's source (to lead
    the flow), and the ids of the answers — a step from ``b`` to ``a`` after one from ``a`` to ``b`` that no
    answer came back to yet (``Returns user data to`` after ``select * from users``). An answer is taken
    head first, as :func:`drawn_back`'s ``read`` ones are: it follows its request's direction for the ranks
    and is drawn pointing back at the caller, so the calls read along the view's direction."""
    reached = dict.fromkeys(n for _, tail, head in steps for n in (tail, head))
    present = set(nodes)
    order = [n for n in reached if n in present] + [n for n in nodes if n not in reached]
    waiting: dict[tuple[str, str], int] = defaultdict(int)  # requests not answered yet, by (caller, callee)
    answers = set()
    for e, tail, head in steps:
        if tail != head and waiting[(head, tail)]:
            waiting[(head, tail)] -= 1
            answers.add(e)
        elif tail != head:
            waiting[(tail, head)] += 1
    lead = [steps[0][1]] if steps and steps[0][1] in present else []
    return order, lead, frozenset(answers)


def deepest(nodes: Sequence[str], edges: Sequence[tuple[str, str, int]]) -> str | None:
    """A node on the last rank of the acyclic graph ``edges`` (``(tail, head, length)``), by
    longest path: where a legend beside the drawing's bottom rank fits. None when a cycle is left."""
    into: dict[str, list[tuple[str, int]]] = defaultdict(list)
    outdegree = dict.fromkeys(nodes, 0)
    for tail, head, length in edges:
        if tail in outdegree and head in outdegree and tail != head:
            into[head].append((tail, length))
            outdegree[tail] += 1
    rank: dict[str, int] = {}
    pending = [n for n in nodes if not into[n]]
    waiting = {n: len(into[n]) for n in nodes}
    heads: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for head, links in into.items():
        for tail, length in links:
            heads[tail].append((head, length))
    while pending:
        node = pending.pop()
        rank[node] = max((rank[t] + length for t, length in into[node]), default=0)
        for head, _ in heads[node]:
            waiting[head] -= 1
            if waiting[head] == 0:
                pending.append(head)
    if len(rank) < len(nodes):
        return None
    return max(nodes, key=lambda n: (rank[n], -nodes.index(n)))


#: Two elements on one rank that both point down to ``n`` of the same elements cross ``n·(n−1)/2``
#: times in any order along the rank (``K(2,n)`` on two layers: 1 for 2 shared, 3 for 3, 6 for 4);
#: with one a rank above the other, the upper one's edges pass round the lower one on both sides,
#: ``⌊(n−1)²/4⌋`` (0, 1, 2). Below this many shared, a pair is staggered only when asked for
#: (``shared``): one crossing saved costs a rank, which the layout search weighs
#: (``benchmarks/README.md``, "Callers of the same stores a rank apart; the floor of backward edges").
SHARED_BELOW = 3


def staggered(rank: Mapping[str, int], edges: Sequence[tuple[str, str]],
              order: Sequence[str] = (), shared: int = SHARED_BELOW) -> list[tuple[str, str]]:
    """Pairs ``(upper, lower)`` of elements that ``rank`` puts on one rank and that share at least
    ``shared`` neighbours on lower ranks (``edges`` join elements, either way round): drawn one
    a rank below the other, their edges to the shared ones cross far less (``SHARED_BELOW``).

    The upper one is the one with more neighbours above it (moving it down would stretch more
    edges: a service with callers stays level with them, a worker nobody calls moves down towards
    the stores it shares), then the one with more below (its edges fan round the other's), then the
    earlier in ``order`` (else by id). Elements joined by an edge of their own are left alone.
    Pure: the answer depends only on the arguments."""
    above: dict[str, set[str]] = defaultdict(set)
    below: dict[str, set[str]] = defaultdict(set)
    joined: set[frozenset[str]] = set()
    for a, b in edges:
        if a == b or a not in rank or b not in rank:
            continue
        if rank[a] == rank[b]:
            joined.add(frozenset((a, b)))
            continue
        upper, lower = (a, b) if rank[a] < rank[b] else (b, a)
        below[upper].add(lower)
        above[lower].add(upper)
    position = {n: i for i, n in enumerate(order)}

    def weight(node: str) -> tuple[int, int, int, str]:
        return (-len(above[node]), -len(below[node]), position.get(node, len(position)), node)

    callers = sorted(below, key=weight)
    pairs = []
    for at, first in enumerate(callers):
        for second in callers[at + 1:]:
            if rank[first] == rank[second] and frozenset((first, second)) not in joined \
                    and len(below[first] & below[second]) >= shared:
                pairs.append((first, second))
    return pairs


#: The most elements :func:`levelled` draws on one row: a row of boxes and the labels between them
#: grows wide fast (each label as wide as its text), and every order of the row is tried.
LEVEL_MOST = 5


def levelled(nodes: Sequence[str], edges: Sequence[tuple[str, str, str]], back: Collection[str],
             parent: Mapping[str, str | None]) -> tuple[tuple[str, ...], ...]:
    """Rows of elements, left to right, that close short cycles: for each edge of ``back`` (ids of
    ``edges``, ``(id, tail, head)``, drawn against the flow) whose head reaches its tail in one or two
    steps along the other edges, the elements of those cycles, merged where they share an element.

    An edge is against the flow when its head is drawn before its tail; round a cycle the steps along
    the flow sum to zero, so a cycle with no edge against it has all its elements on one rank. Drawn on
    a row, two elements side by side are joined by a straight edge with its label between them, and an
    edge that skips elements dips under the row (its label at the dip): the order kept is the one whose
    dips cross each other least, then are shortest, then keeps ``nodes``' order. A row of more than
    ``LEVEL_MOST`` elements, or of elements in different boundaries (``parent``), is left out.
    Pure: the answer depends only on the arguments."""
    ahead: dict[str, set[str]] = defaultdict(set)
    for e, tail, head in edges:
        if e not in back and tail != head:
            ahead[tail].add(head)
    groups: list[set[str]] = []
    for e, tail, head in edges:
        if e not in back or tail == head:
            continue
        between = {m for m in ahead[head] if tail in ahead[m]}
        if not between and tail not in ahead[head]:
            continue  # the cycle it closes is longer: its row would be too wide to read
        group = {head, tail, *between}
        for other in [g for g in groups if g & group]:
            group |= other
            groups.remove(other)
        groups.append(group)
    position = {n: i for i, n in enumerate(nodes)}
    rows = []
    for group in groups:
        if len(group) <= LEVEL_MOST and len({parent.get(n) for n in group}) == 1:
            inside = [(t, h) for _, t, h in edges if t in group and h in group and t != h]
            rows.append(_row(sorted(group, key=lambda n: position.get(n, len(position))), inside))
    return tuple(sorted(rows, key=lambda row: min(position.get(n, len(position)) for n in row)))


def _row(group: Sequence[str], edges: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The order of ``group`` along a row whose edges (``edges``) that skip elements cross least, then
    are shortest; the first such order of :func:`itertools.permutations` (``group``'s order first)."""

    def cost(order: tuple[str, ...]) -> tuple[int, int]:
        at = {n: i for i, n in enumerate(order)}
        dips = [tuple(sorted((at[t], at[h]))) for t, h in edges if abs(at[t] - at[h]) > 1]
        crossed = sum(1 for (a, b), (c, d) in itertools.combinations(dips, 2) if a < c < b < d or c < a < d < b)
        return crossed, sum(b - a for a, b in dips)

    return min(itertools.permutations(group), key=cost)


#: An element is a hub of a view (:func:`hubs`) when at least this many of its relationships touch it ...
HUB_DEGREE = 8
#: ... and at least one in this many of them.
HUB_SHARE = 6


def hubs(edges: Sequence[tuple[str, str]]) -> frozenset[str]:
    """The ends that at least ``HUB_DEGREE`` and one in ``HUB_SHARE`` of ``edges`` touch, in or out (an edge
    from an element to itself counts once)."""
    touched: dict[str, int] = defaultdict(int)
    for tail, head in edges:
        for end in {tail, head}:
            touched[end] += 1
    least = max(HUB_DEGREE, -(-len(edges) // HUB_SHARE))
    return frozenset(end for end, count in touched.items() if count >= least)
