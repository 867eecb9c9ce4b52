"""How much layout search a view gets: which candidate encodings are laid out before it is drawn.

:mod:`archkit.render.layout` says WHICH encodings a small view may be drawn in (``candidates``,
``untangle``) and how a layout is judged (``merit``); this module says HOW MUCH of that search a
view gets, so that the cost of a render stays in proportion to the model. Every decision is
made from the view and the measured layouts alone — never from a clock — so the same model
gives the same drawings on every machine and at any load.

``best`` (the default)
    a view whose :func:`work` is at most ``SEARCH_WORK`` is laid out in each candidate encoding
    and drawn in the best; the alternatives are skipped when the first layout has nothing to
    improve (merit 0), and the untangling candidates are tried only when the best so far crosses
    edges; when the best so far has edge labels in a row along other edges (``label_rails``) and the view
    has a hub, it is laid out again with the labels into each hub kept by their sources (:func:`railed`,
    kept only when that adds no crossing or label defect); when the best so far draws edges against the
    flow, it is laid out again with the elements
    of each short cycle on one row (:func:`levelled`, :func:`archkit.render.flow.levelled`), kept only
    when that adds no crossing or label defect; when the best still crosses edges and the view has a
    topic, queue or store that one element writes and another reads, the first encoding is laid out
    once more with it between them (:func:`reads_up`; past ``SEARCH_WORK`` with the best's labels into hubs
    by their sources when it has them; kept only without more edges through elements);
    when the best of those still crosses edges and has two elements on one rank that share
    stores below them, it is laid out again with them a rank apart (:func:`staggered`,
    :func:`archkit.render.flow.staggered`: the pairs sharing three or more, else those sharing two or
    more); when the best still
    crosses edges and an order of our own along its ranks crosses fewer (:func:`ordered`,
    :mod:`archkit.render.order`), that order is laid
    out too, once suggested and once held. A view with layout hints gets these candidates too (the elements
    the hints name are left to them: :func:`hinted`), and the search keeps none that keeps fewer of its hints
    than the best so far, their order along a rank or their ranks (:func:`archkit.render.hints.off_rank`);
    its relationships follow the flow as any view's do, the hints deciding where the two disagree
    (:mod:`archkit.render.hints`), and past ``SEARCH_WORK`` it gets the reads' candidate too, but never the
    levelled one (rows of its own beside the hints' ranks and rows). Each searched view costs at most
    ``1 + len(ALTERNATIVES) + len(UNTANGLE) + 6`` layouts (two more when the reads' candidate draws an
    edge through an element: its port retries; the stagger, order and fold candidates once more when the
    best still draws one and :func:`archkit.render.search._clearest` ends on a candidate with fewer), so a
    render costs at most that many times one layout per view, plus the
    winner's drawing with the boxes of each rank one size (:mod:`archkit.render.rows`; with PNG or
    PDF asked for too, that is the run that draws them anyway; one more when that drawing, with the
    compact separations of ``layout.COMPACT``, adds a defect and is drawn again without them). A
    view of a real model's size past ``SEARCH_WORK`` (:func:`dense`: up to ``DENSE_WORK`` relationships, at most
    ``DENSE_RATIO`` per element) is searched more cheaply: when its first layout crosses edges,
    only the first untangling candidate (labels on the source's side) is laid out as well, and,
    when the view has external sinks (:mod:`archkit.render.below`), that candidate once more with
    them on a rank below every boundary; then an order of our own as for a searched view. Past
    ``DENSE_WORK``, up to ``WIDE_WORK`` relationships (:func:`wide`), the same, with the reads' candidate
    only with the external sinks below. A view past ``SEARCH_WORK`` that has a hub
    (:func:`archkit.render.flow.hubs`) and still crosses edges gets two layouts more, with the paths of its
    hubs over more ranks (:func:`roomy`); after the reads' candidates, one that still crosses edges gets two more,
    its best with its label nodes in the other boundary and with its elements in the other order
    (:func:`restarted`: untuned models 1268 -> 1225 weighted score, ``benchmarks/README.md``, ``h/layout6``).
``fast``
    every view is laid out once, in the first encoding its size allows (for CI, where speed
    matters more than the last crossing).

The mode is the workspace property ``archkit.layout`` (``best`` or ``fast``), which the
``--layout`` option of ``archkit render`` overrides. Measured in ``benchmarks/README.md``
("The layout search's budget").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from archkit.errors import RenderError
from archkit.render import flow
from archkit.render.layout import STANDARD, UNTANGLE, Layout, candidates, merit, untangle
from archkit.views import ComputedView

if TYPE_CHECKING:  # annotations only: `archkit check` reads the mode's names without the measure's modules
    from archkit.render.quality import Quality

MODES = ("best", "fast")
DEFAULT_MODE = "best"
#: The workspace property that sets the mode, e.g. ``properties={"archkit.layout": "fast"}``.
LAYOUT_PROPERTY = "archkit.layout"
#: How to fix an unknown mode (the ``--layout`` error and ``archkit check``'s finding say it).
MODES_HINT = "use 'best' (search the candidate layouts of small views) or 'fast' (one layout per view)"
#: The largest :func:`work` of a view that is searched. Every example view is within it (at most
#: 17 elements and 21 relationships: work 21); in the synthetic N=1000 model, 68 of the 109 views
#: of the candidate sizes are, and the denser ones (up to 60 relationships) are drawn in their
#: first layout (``benchmarks/README.md``).
SEARCH_WORK = 24
#: Past ``SEARCH_WORK``, a view of at most this much work and this many relationships per element
#: still gets the first untangling candidate (one layout more, only when the first crosses edges;
#: two with external sinks below, :func:`more`).
#: Real models are sparse (the untuned booking platform's container view: 33 elements, 52
#: relationships; the log pipeline's: 23 and 27) and that candidate wins both (124 -> 112 and
#: 38 -> 28 crossings); the synthetic N=1000 model's views of 25-60 relationships are random and
#: dense (up to 5 per element), and only 6 of its 38 are within the ratio (``benchmarks/README.md``,
#: "Dense views of a real model's size").
DENSE_WORK = 60
DENSE_RATIO = 2
#: Past ``DENSE_WORK``, a view of at most this many relationships (and ``DENSE_RATIO`` per element, in the
#: standard encoding) is searched as a :func:`dense` one, its reads' candidate with the external sinks below
#: only (:func:`reads_up`). The untangling candidate lost the three such views of the untuned models it was
#: first tried on (``benchmarks/README.md``, ``h/dense2``), and was left out; it wins the two added since
#: (video_streaming's production 132 -> 84, payments' production 112 -> 101; session 29) and costs a layout on
#: the others. One layout of such a view costs ~0.1 s of ``dot`` (84 relationships, 50 elements: the
#: hospital's containers); the synthetic N=1000 model has one view in this range, N=100 and N=300 none.
WIDE_WORK = 120
#: The stagger candidate (:func:`staggered`): the pairs sharing at least the first of these many
#: elements below them, else the next. Three or more win on the examples (52 -> 46 crossings). Two or
#: more cost a layout on three views and lose ride_streaming/containers (score 164 against 124,
#: ``h/searchcost``), but they are what keeps hospital_platform/production free of edges through
#: elements (158 crossings and none through, against 123 and 7 through with ``(3,)``): issue 13 asks
#: for none on models nobody tuned, so both stay (``benchmarks/README.md``, "Callers of the same stores
#: a rank apart", ``h/searchcost`` and the lead's note after it).
STAGGER_SHARED: tuple[int, ...] = (3, 2)
#: The hub candidate (:func:`railed`): an element that this many labelled relationships point to is a
#: hub (three: fewer label rails and a lower score than four or five on the untuned models' dense views,
#: ``benchmarks/README.md``, ``h/rails``).
HUB_EDGES = 3
#: The hub-room candidates (:func:`roomy`), ``Layout.hub_room``: the ``minlen`` of the half of each path to or
#: from a hub away from it and at it, tried in turn. Measured on the untuned models' dense views with a hub
#: (``benchmarks/README.md``, "Dense views with a hub"): neither wins on every view.
HUB_ROOM: tuple[tuple[int, int], ...] = ((2, 3), (1, 2))


def work(view: ComputedView) -> int:
    """What one more layout of ``view`` costs, in relationships: each is a label node and two DOT
    edges in the standard encoding, and the measure compares every pair of edge paths."""
    return len(view.edges)


def dense(view: ComputedView) -> bool:
    """Whether ``view`` is past ``SEARCH_WORK`` but small and sparse enough for the cheap search (up to
    ``WIDE_WORK`` relationships, at most ``DENSE_RATIO`` per element)."""
    return SEARCH_WORK < work(view) <= min(WIDE_WORK, DENSE_RATIO * len(view.nodes))


def wide(view: ComputedView) -> bool:
    """Whether ``view`` is a :func:`dense` one past ``DENSE_WORK``: searched without the untangling candidates."""
    return dense(view) and work(view) > DENSE_WORK


def searched(view: ComputedView, layout: Layout, search: str) -> bool:
    """Whether ``view`` may be laid out in more than ``layout`` (so its first layout is measured): a small
    view with more than one candidate encoding, or a :func:`dense` one in the standard encoding."""
    if search != "best":
        return False
    return len(candidates(view, layout)) > 1 if work(view) <= SEARCH_WORK else layout == STANDARD and dense(view)


def mode(properties: Mapping[str, str], override: str | None = None) -> str:
    """The search mode: ``override`` (the ``--layout`` option) if given, else the workspace property
    ``archkit.layout``, else ``best``. Raises :class:`RenderError` naming a value that is neither."""
    value = override if override is not None else properties.get(LAYOUT_PROPERTY, DEFAULT_MODE)
    chosen = value.strip().lower()
    if chosen not in MODES:
        where = "--layout" if override is not None else f"property '{LAYOUT_PROPERTY}'"
        raise RenderError(f"{where}: unknown layout mode '{value}' — {MODES_HINT}")
    return chosen


def first(view: ComputedView, layout: Layout, search: str) -> list[Layout]:
    """The encodings ``view`` is laid out in before it is drawn (``layout`` first): all the
    candidates of :func:`layout.candidates` when the view is searched, else ``layout`` alone."""
    if search != "best" or work(view) > SEARCH_WORK:
        return [layout]
    return candidates(view, layout)


def improvable(quality: Quality) -> bool:
    """Whether a layout leaves something to improve: a merit of 0 cannot be beaten (merit is never
    negative, and ties go to the earlier layout), so no other candidate is laid out."""
    return merit(quality) > 0


def hinted(view: ComputedView) -> frozenset[str]:
    """The elements ``view``'s layout hints name: the candidates that rank or order elements leave them to
    the hints (:func:`staggered`, :func:`ordered`; :func:`archkit.render.fold.candidates` leaves a hinted view
    unfolded: folding chains onto rows undoes an author's rank separation)."""
    return frozenset(e for hint in view.hints for e in hint.elements)


def more(view: ComputedView, layout: Layout, search: str, best: Quality) -> list[Layout]:
    """The further encodings to lay ``view`` out in when the best of :func:`first` measured
    ``best``: the untangling candidates of :func:`layout.untangle` (which asks for crossings); for a
    :func:`dense` view (a :func:`wide` one too) only the first of them, and it with the external sinks below
    every boundary
    when the view has some (:func:`below.applies`: on the untuned models of ``benchmarks/untuned/``
    it wins three of the five dense views, e.g. the booking platform's containers 112 -> 65
    crossings; no dense view of the synthetic N=1000 model has an external sink, so it costs
    nothing there)."""
    if not searched(view, layout, search):
        return []
    if not dense(view):
        return untangle(view, layout, best.crossings)
    if not best.crossings:
        return []
    from archkit.render import below  # imported here: for drawing only, as `archkit check` reads the modes

    return [UNTANGLE[0], *([replace(UNTANGLE[0], sinks_below=True)] if below.applies(view) else [])]


def railed(view: ComputedView, best: Layout | None, quality: Quality) -> list[Layout]:
    """One more encoding for a searched view whose best layout (``best``) has edge labels standing in a
    row along other edges (``label_rails``): the same with the labels of the relationships into each hub
    kept by their sources (``Layout.hubs``; a view with layout hints too: it moves label nodes, not
    elements, and the search keeps no candidate that keeps fewer hints). None for one already so drawn; the
    caller lays it out only when its DOT differs (a view with no hub has none), and keeps it only when its
    weighted score is no higher either."""
    if best is None or best.hubs or not quality.label_rails:
        return []
    return [replace(best, hubs=HUB_EDGES)]


def roomy(view: ComputedView, best: Layout | None, quality: Quality) -> list[Layout]:
    """More encodings for a searched view past ``SEARCH_WORK`` whose best layout (``best``) still crosses edges:
    the same with the paths to and from its hubs spread over more ranks (``Layout.hub_room``, each of
    ``HUB_ROOM``; :func:`archkit.render.flow.hubs`: an event bus or a gateway most relationships touch). A view
    with layout hints gets them too: they stretch label-node paths only, and the search keeps no candidate that
    keeps fewer of the hints (``search._kept``). None for a smaller view or one already so drawn; the caller
    lays each out only when its DOT differs (a view with no hub has none)."""
    if best is None or best.hub_room or work(view) <= SEARCH_WORK or not quality.crossings:
        return []
    return [replace(best, hub_room=room) for room in HUB_ROOM]


def flat_roomed(view: ComputedView, best: Layout | None, quality: Quality) -> list[Layout]:
    """One more encoding for a view with layout hints whose best layout (``best``) draws a label over an element
    or an arrowhead: the same with more room between the ends of each edge the hints lay flat
    (``Layout.flat_room``: in a left-right view such an edge runs down a rank, and ``dot`` puts its ``xlabel``
    beside the arrowhead when the gap is only as tall as the label). None when nothing overlaps: the room
    changes the layout, and hexagonal/hexagon, whose labels fit, drew a crossing more with it."""
    if best is None or best.flat_room or not view.hints or not quality.label_overlaps:
        return []
    return [replace(best, flat_room=True)]


def restarted(view: ComputedView, best: Layout | None, quality: Quality) -> list[Layout]:
    """More encodings for a view past ``SEARCH_WORK`` whose best layout (``best``) still crosses edges: the same
    with its label nodes in the other boundary (``Layout.label_home``), then with its elements declared in the
    other order (``Layout.reverse``): other starts for ``dot``'s crossing reduction, which the search's earlier
    candidates change together or not at all (:func:`archkit.render.ports.retries`). None for a smaller view."""
    if best is None or work(view) <= SEARCH_WORK or not quality.crossings:
        return []
    return [replace(best, label_home="shared" if best.label_home == "tail" else "tail"),
            replace(best, reverse=not best.reverse)]


def levelled(view: ComputedView, best: Layout | None, quality: Quality) -> list[Layout]:
    """One more encoding for a searched view whose best layout (``best``) draws edges against the flow:
    the same with the elements of each short cycle on one row (``Layout.level``,
    :func:`archkit.render.flow.levelled`). None for a view steered by its author's layout hints: a cycle's row
    is written with invisible flat edges and ``rank=same`` beside the hints' own (:mod:`archkit.render.hints`),
    where a labelled flat edge closing a cycle with them crashes Graphviz 2.43."""
    if best is None or best.level or not quality.backward_edges or view.hints:
        return []
    return [replace(best, level=True)]


def reads_up(view: ComputedView, layout: Layout, best: Layout | None, quality: Quality) -> list[Layout]:
    """One more encoding for a searched view whose best layout (``best``) still crosses edges: its first
    one (``layout``) with every holder that one element writes and another reads (a topic, a queue, a
    store) ranked above its readers, between them and its writers (``Layout.reads_up``,
    :func:`flow.reads`): the read is drawn pointing up, along the data. Past ``SEARCH_WORK`` it keeps the best's
    labels into hubs by their sources (``Layout.hubs``, :func:`railed`): video_streaming's production, where the
    railed layout was the best, went from 79 to 47 crossings. A view with layout hints past ``SEARCH_WORK`` gets
    it too: a read whose turn the hints' ranks contradict is written as the model has it
    (:func:`archkit.render.hints.encode` takes the edges as drawn), and video_streaming's containers, whose one
    hint agrees with the flow, went from 47 to 40 crossings (``benchmarks/README.md``, ``h/layout6``); a smaller
    one does not: writing a hinted view's DOT lays it out to check the hints' order
    (:func:`archkit.render.draw_view.settled_like`), so asking whether the candidate turns a read costs a layout
    (hexagonal/hexagon: one ``dot`` run more, nothing turned). None for one already so drawn; the
    caller lays it out only
    when its DOT turns a read (:func:`archkit.render.search.draw`). A :func:`dense` view with external
    sinks gets it with them below every boundary too, as :func:`more` gives them; a :func:`wide` one with external
    sinks only so (its port retries cost two layouts more each). Measured on the untuned models:
    ``benchmarks/README.md``, "Readers below what they read (`h/untuned2`)"."""
    if best is None or best.reads_up or best.pinned is not None or best.staggered or not quality.crossings \
            or (view.hints and work(view) <= SEARCH_WORK):
        return []
    from archkit.render import below  # imported here: for drawing only, as `archkit check` reads the modes

    # past SEARCH_WORK the best so far may keep its hubs' labels by their sources (:func:`railed`): so does this
    turned = replace(layout, reads_up=True, hubs=best.hubs if work(view) > SEARCH_WORK else layout.hubs)
    if not dense(view) or not below.applies(view):
        return [turned]
    sunk = replace(turned, sinks_below=True)
    return [sunk] if wide(view) else [turned, sunk]


def staggered(view: ComputedView, best: Layout | None, geometry: bytes, quality: Quality) -> list[Layout]:
    """More encodings for a searched view whose best layout (``best``, ``geometry``) still crosses
    edges: the same with every pair of elements that share stores below them on one rank drawn a rank
    apart (:func:`flow.staggered`), the pairs sharing the most of ``STAGGER_SHARED`` there are; on a view
    with layout hints, only pairs of elements no hint names (:func:`hinted`: the hints' ranks come first).
    None for one already staggered or ordered."""
    if best is None or best.pinned is not None or best.staggered or best.level or not quality.crossings \
            or not geometry:
        return []
    from archkit.render import order  # imported here: the sifting is for drawing, not for `archkit check`

    drawing = order.layered(geometry, view.direction)
    if drawing is None:
        return []
    rank, edges = order.elements(drawing, view.direction)
    named = hinted(view)
    for shared in STAGGER_SHARED:
        pairs = tuple(p for p in flow.staggered(rank, edges, view.node_ids, shared) if not named.intersection(p))
        if pairs:
            return [replace(best, staggered=pairs)]
    return []


def ordered(view: ComputedView, best: Layout | None, geometry: bytes, quality: Quality) -> list[Layout]:
    """One more encoding for a searched view whose best layout (``best``, ``geometry``) still crosses
    edges: the same with an order of our own (:func:`order.improve`), when sifting its ranks finds
    fewer crossings than ``dot`` did — suggested (declared in that order), then held along the top
    level's ranks (chained), each measured: neither wins everywhere. On a view with layout hints the
    sifting keeps the hints' order along a rank (:func:`order.improve`), and the chains leave out the
    elements the hints name (:func:`hinted`: the hints' own flat edges order them, and a chain against one
    would make a cycle of them); a suggested order that ``dot`` follows against a hint is not kept (the
    search keeps no candidate that keeps fewer hints). None for a view that already has an order."""
    if best is None or best.pinned is not None or best.level or not quality.crossings or not geometry:
        return []
    from archkit.render import hints, order  # imported here: the sifting is for drawing, not for `archkit check`

    keep = frozenset((u, v) for u, v, _hint in hints.plan(view, best)[0].order) if view.hints else frozenset()
    pinned = order.improve(geometry, view.direction, keep)
    if pinned is None:
        return []
    named = hinted(view)
    chains = tuple(c for c in (tuple(x for x in chain if x not in named) for chain in pinned.chains) if len(c) > 1)
    held = [replace(best, pinned=replace(pinned, chains=chains))] if chains else []
    return [replace(best, pinned=replace(pinned, chains=())), *held]
