"""Graph encodings that keep Graphviz fast as views grow, the fallback order between them, and the
candidate encodings of a small view with the measure that picks among them.

Measured on this project's machines (``benchmarks/README.md``, "Large views
(issue 3)"), for C4 nodes with icons and ~2 labelled edges per node: ``dot``
with clusters and edge ``label`` needs ``newrank`` to work at all past ~100
nodes and then takes 20 s at 150 nodes; ``xlabel`` edge labels with a capped
network simplex (``nslimit``) keep clusters to ~4 s at 300 nodes, but fail
("trouble in init_rank") or hang from ~500; without clusters, layered ``dot``
still takes 30 s at 1000, while ``sfdp`` lays 1000 nodes out in ~3 s.
So a view is drawn with the richest encoding its size allows:

``standard`` (up to 100 nodes)
    clusters for boundaries; every edge label a small node on its edge's path, declared in the
    innermost boundary both ends share (in a candidate: around its source), so it can neither
    straddle a border nor float away from its edge (Graphviz's own ``label`` does both, and its
    ranking of labelled edges in clusters is what fails with "trouble in init_rank"); ranks
    follow the flow of the relationships (:mod:`archkit.render.flow`) over the whole graph at
    once (``newrank``), with tight rank and node separations (the label nodes keep edges apart).
    Issue 13, ``benchmarks/README.md``.
``ranked`` (when ``standard`` fails)
    Graphviz's own edge ``label`` with ``newrank``, which ranks clustered graphs that plain
    ``dot`` cannot.
``xlabel`` (up to 300 nodes)
    clusters kept, edge labels as ``xlabel`` (placed after layout), capped network simplex.
``force`` (beyond, or when the others fail)
    ``sfdp`` force-directed placement without clusters (each node names its boundaries
    instead: "in Shop › Payments team"), straight edges with ``xlabel`` labels.

When an encoding fails or times out, :mod:`archkit.render.pipeline` tries the
next one and tells the user. A view small enough (``CANDIDATE_NODES``, ``CANDIDATE_EDGES``)
is laid out in every encoding of :func:`candidates` first and drawn in the one whose layout
:func:`merit` finds best (ties: the earlier one), so the same model gives the same drawing.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from archkit.views import ComputedView

if TYPE_CHECKING:  # annotations only: `archkit check` chooses layouts without the measure's modules
    from archkit.render.pinned import Pinned
    from archkit.render.quality import Quality


@dataclass(frozen=True)
class Layout:
    """How a view is encoded for Graphviz (``graph`` may name another engine: ``layout=sfdp``).

    ``edge_label`` is ``label`` or ``xlabel`` (Graphviz places the text) or ``node`` (a label
    node on the edge's path); ``flow`` draws the edges against the flow reversed;
    ``sinks_below`` puts the external elements that only receive relationships from inside boundaries on
    a rank under every boundary (:mod:`archkit.render.below`), and keeps the label of an edge drawn against
    the flow in its drawn tail's boundary; ``label_wrap``
    is the width edge labels wrap at; ``legend_at_bottom`` puts the legend on the last rank;
    ``cluster_margin`` is the room, in points, between a boundary's border and what it holds;
    ``reverse`` declares the elements and boundaries in reverse view order (Graphviz's crossing
    reduction starts from the declaration order, and another start ends elsewhere);
    ``legend_columns`` (when not 0) puts the legend under the title, its entries in that many
    columns, instead of a node of its own on the first rank; ``label_home`` is the boundary a
    label node is declared in: ``shared``, the innermost one both ends share, or ``tail``, the
    innermost one around the relationship's source (an edge from deep inside a boundary to an
    element outside it then leaves it after its label, not before: it no longer runs past the
    boundary's other elements on the label's rank); ``pinned`` (when given) is an order of our own
    along the ranks (:mod:`archkit.render.order`) the boundaries' contents are declared in and chained by;
    ``staggered`` holds pairs ``(upper, lower)`` of elements drawn a rank apart by an invisible edge
    (:func:`archkit.render.flow.staggered`: two callers of the same stores).
    ``level`` draws the elements of each short cycle on one rank, left to right, with the labels of the
    edges between neighbours along it (:func:`archkit.render.flow.levelled`), so that none of the
    cycle's edges runs against the flow.
    ``fold`` holds pairs of elements drawn side by side on one row, left to right, each pair joined by an
    edge along the row (:mod:`archkit.render.fold`: chains of elements each alone on its rank).
    ``ports`` makes the halves of label-node paths leave and reach elements on the flow's side
    (:mod:`archkit.render.ports`), so that none runs along its rank through the neighbours.
    ``hubs`` (when not 0): an element that at least this many labelled relationships point to is a hub;
    the half of each of their label-node paths into the hub spans at least two ranks (``minlen=2``), so
    the labels stay by their sources instead of standing in one row beside the hub, joined by the edges
    run along that row (``label_rails``, :mod:`archkit.render.quality`).
    ``hub_room`` (when given): ``(away, at)``, the ``minlen`` of the half of each label-node path to or from
    a hub of the view (:func:`archkit.render.flow.hubs`) away from the hub, and of the half at it: the paths
    of a dense view's hub spread over more ranks instead of crowding its sides.
    ``flat_room``: the ends of an edge the layout hints lay flat are kept apart by the room its ``xlabel`` needs
    at the tightest compact node separation, in a left-right view too (:meth:`archkit.render.edges.EdgeWriter.
    _flat_minlen`): a candidate for a view whose best draws a label over an arrowhead or an element
    (:func:`archkit.render.budget.flat_roomed`).
    """

    name: str
    clusters: bool = True
    edge_label: str = "label"
    graph: tuple[tuple[str, str], ...] = ()
    flow: bool = False
    sinks_below: bool = False
    label_wrap: int = 30
    legend_at_bottom: bool = False
    cluster_margin: int = 14
    reverse: bool = False
    label_home: str = "shared"
    legend_columns: int = 0
    pinned: Pinned | None = None
    staggered: tuple[tuple[str, str], ...] = ()
    ports: bool = False
    level: bool = False
    reads_up: bool = False
    hubs: int = 0
    hub_room: tuple[int, int] | tuple[()] = ()
    fold: tuple[tuple[str, str], ...] = ()
    flat_room: bool = False


#: Rank and node separation of the label-node encodings, in inches: label nodes sit between the
#: ranks they join, so the ranks need little room of their own. With boundaries 10 pt from what
#: they hold (not 14) and nodes 0.3 in apart (not 0.35), the 40 example views fill 0.183 -> 0.191
#: of their drawings (8 pt: 0.195, but a queue's pointed end then touches its boundary).
_TIGHT = (("ranksep", "0.3"), ("nodesep", "0.3"))
#: The separations the chosen layout is drawn with, when that adds no defect (:func:`search._finish`):
#: 18 pt between a box and the label under it, room for the 8 pt arrowhead and a stretch of line.
#: Candidates are laid out and compared with ``_TIGHT``: with these in every candidate, the search
#: traded a crossing and two edges against the flow for fill (``benchmarks/README.md``, "h/backward").
COMPACT = (("ranksep", "0.25"), ("nodesep", "0.25"))
#: Tried before ``COMPACT`` (:func:`search._evened`): 13 pt between a box and the label under it, still
#: room for the 8 pt arrowhead and a stem. Kept on 31 of the 34 example views (the others add a crossing
#: and fall back to ``COMPACT``): mean fill 0.236 -> 0.242 at 0.2 (``h/fill4``); 0.2 -> 0.18 (session 32, with
#: :meth:`archkit.render.dot.DotWriter._margin`): 0.2479 -> 0.2508, every example view laid out as before, a
#: little tighter (``benchmarks/README.md``). In the candidates (``_TIGHT``) such separations traded defects
#: for fill (``h/backward``).
TIGHTEST = (("ranksep", "0.18"), ("nodesep", "0.2"))
#: The separations the chosen layout is drawn with, tightest first; the first that adds no defect is kept.
COMPACTS = (TIGHTEST, COMPACT)
#: The legend under the title in three columns: as a node on the first rank it made that rank as
#: tall as itself (and often the widest); mean fill of the 40 example views 0.193 -> 0.206.
STANDARD = Layout("standard", edge_label="node", flow=True, graph=(("newrank", "true"), *_TIGHT), cluster_margin=10,
                  legend_columns=3)
RANKED = Layout("ranked", graph=(("newrank", "true"),))
XLABEL = Layout("xlabel", edge_label="xlabel", graph=(("newrank", "true"), ("nslimit", "0.01")))
FORCE = Layout("force", clusters=False, edge_label="xlabel",
               graph=(("layout", "sfdp"), ("overlap", "false"), ("splines", "false"), ("sep", "+12")))
ORDER = (STANDARD, RANKED, XLABEL, FORCE)
#: The other candidates for a small view, in the order they are tried after ``STANDARD``: narrower
#: labels and the legend beside the bottom rank (chosen for 21 of the 40 example views). Plain
#: ``dot`` ranking of the boundaries one by one was a third: it won 3 views, by little, and cost a
#: layout more per view (``benchmarks/README.md``, "Layout quality (issue 13)").
ALTERNATIVES = (replace(STANDARD, label_wrap=20, legend_at_bottom=True, legend_columns=0),)
#: Laid out too when the best of the candidates above still crosses edges: label nodes inside the
#: source's own boundary (``label_home="tail"``), and the elements declared in reverse order
#: (another start for Graphviz's crossing reduction). Crossings on the 40 example views 78 -> 69
#: with ``ordering=out`` in place of the first, -> 68 with it; on the untuned models of
#: ``benchmarks/untuned/`` 148 -> 140 (``benchmarks/README.md``, "After: labels on the source's side").
UNTANGLE = (replace(STANDARD, label_home="tail"), replace(STANDARD, reverse=True))
#: Views with at most this many nodes and edges are laid out in every candidate encoding.
CANDIDATE_NODES = 40
CANDIDATE_EDGES = 60
#: How :func:`merit` weighs what the weighted score leaves out: an edge against the flow, and
#: each 1% of fill below ``FILL_GOAL`` (area the reader scrolls over for nothing). An edge against the flow
#: weighs as one crossing: at 2 (before ``h/layout6``) the search turned down the reads' candidate of three
#: untuned views for the reads it draws pointing up (log_pipeline/containers 16 -> 12 crossings for 3 of them,
#: ride_streaming/surge score 10 -> 6, payments_hub/instant-payment 3 -> 1); the example views draw the same
#: bytes either way (``benchmarks/README.md``, ``h/layout6``).
BACKWARD_WEIGHT = 1.0
FILL_GOAL = 0.25
#: 40 before ``h/fill4``: once smaller legends raised every candidate's fill, ride_streaming/surge (untuned)
#: traded 8 crossings for 3 edges against the flow and 6% of fill (score 6 -> 14); at 30 it does not, and the
#: example views choose the same layouts (``benchmarks/README.md``, ``h/fill4``).
FILL_WEIGHT = 30.0

#: Views with at most this many nodes get the standard encoding.
STANDARD_LIMIT = 100
#: Views with at most this many nodes keep their boundaries as clusters.
CLUSTER_LIMIT = 300
#: The limits were measured with about this many edges per node; a denser view counts as
#: ``edges / EDGES_PER_NODE`` nodes. Lifted edges make container and context views dense: at
#: 75 nodes and 416 edges the standard encoding takes over 40 s, the xlabel one 1 s
#: (``benchmarks/README.md``, "Profiling").
EDGES_PER_NODE = 2


def size(view: ComputedView) -> int:
    """The view's size for choosing an encoding: its nodes, or its edges / EDGES_PER_NODE if more."""
    return max(len(view.nodes), len(view.edges) // EDGES_PER_NODE)


def choose(view: ComputedView) -> Layout:
    """The richest encoding expected to lay out ``view`` in a few seconds."""
    n = size(view)
    if n <= STANDARD_LIMIT:
        return STANDARD
    return XLABEL if n <= CLUSTER_LIMIT else FORCE


def reason(view: ComputedView, layout: Layout) -> str:
    """Why ``choose`` picked ``layout`` rather than the standard encoding, for the user."""
    return f"{len(view.nodes)} elements and {len(view.edges)} relationships make a large view"


def after(layout: Layout) -> Layout | None:
    """The next, cheaper encoding to try when ``layout`` fails."""
    at = [option.name for option in ORDER].index(layout.name)
    return ORDER[at + 1] if at + 1 < len(ORDER) else None


def explain(view: ComputedView, layout: Layout, reason: str) -> str:
    """The message shown to the user when a view is not drawn with the standard encoding."""
    what = {
        "ranked": "ranks are computed for the whole graph at once (newrank)",
        "xlabel": "edge labels are placed after layout (xlabel)",
        "force": "force-directed (sfdp), boundaries written into node labels instead of drawn as boxes",
    }.get(layout.name, "the standard encoding")
    return f"view '{view.key}': {reason}; drawn with the '{layout.name}' layout: {what}"


def candidates(view: ComputedView, layout: Layout) -> list[Layout]:
    """The encodings to lay ``view`` out in before drawing it, best first by default: the
    standard one and its alternatives for a small view, else ``layout`` alone."""
    small = len(view.nodes) <= CANDIDATE_NODES and len(view.edges) <= CANDIDATE_EDGES
    return [STANDARD, *ALTERNATIVES] if layout == STANDARD and small else [layout]


def untangle(view: ComputedView, layout: Layout, crossings: int) -> list[Layout]:
    """The further candidates for ``view`` when the best layout so far has ``crossings``."""
    return list(UNTANGLE) if crossings and len(candidates(view, layout)) > 1 else []


def merit(quality: Quality) -> float:
    """How bad a layout is (lower is better): issue 13's weighted score (crossings, edges through
    elements, overlapping, crossed and detached labels), edges against the flow, and wasted area."""
    return (quality.score + BACKWARD_WEIGHT * quality.backward_edges
            + FILL_WEIGHT * max(0.0, FILL_GOAL - quality.fill))
