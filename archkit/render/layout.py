"""Graph encodings that keep Graphviz fast as views grow, and the fallback order between them.

Measured on this project's machines (``benchmarks/README.md``, "Large views
(issue 3)"), for C4 nodes with icons and ~2 labelled edges per node: ``dot``
with clusters and edge ``label`` needs ``newrank`` to work at all past ~100
nodes and then takes 20 s at 150 nodes; ``xlabel`` edge labels with a capped
network simplex (``nslimit``) keep clusters to ~4 s at 300 nodes, but fail
("trouble in init_rank") or hang from ~500; without clusters, layered ``dot``
still takes 30 s at 1000, while ``sfdp`` lays 1000 nodes out in ~3 s.
So a view is drawn with the richest encoding its size allows:

``standard`` (up to 100 nodes)
    clusters for boundaries, edge labels as ``label`` (placed by the layout).
``ranked`` (many edges crossing boundaries, or when ``standard`` fails)
    the same with ``newrank``, which ranks clustered graphs that ``standard`` cannot.
    ``standard`` fails quickly ("trouble in init_rank", "in routesplines") once a view has
    clusters and a few dozen edges between them: at N=1000 in ``benchmarks/``, every one of
    its 16 failures had 37 or more such edges, and ``ranked`` drew all 169 standard-sized
    views, as fast in total. So such views start with ``ranked`` instead of paying for a
    failed attempt first.
``xlabel`` (up to 300 nodes)
    clusters kept, edge labels as ``xlabel`` (placed after layout), capped network simplex.
``force`` (beyond, or when the others fail)
    ``sfdp`` force-directed placement without clusters (each node names its boundaries
    instead: "in Shop › Payments team"), straight edges with ``xlabel`` labels.

When an encoding fails or times out, :mod:`archkit.render.pipeline` tries the
next one and tells the user.
"""

from __future__ import annotations

from dataclasses import dataclass

from archkit.views import ComputedView


@dataclass(frozen=True)
class Layout:
    """How a view is encoded for Graphviz (``graph`` may name another engine: ``layout=sfdp``)."""

    name: str
    clusters: bool = True
    edge_label: str = "label"
    graph: tuple[tuple[str, str], ...] = ()
    flow: bool = False
    label_wrap: int = 30
    legend_columns: int = 1
    stagger: bool = False


STANDARD = Layout("standard", edge_label="node", flow=True, graph=(("newrank", "true"),))
RANKED = Layout("ranked", edge_label="node", flow=True, graph=(("newrank", "true"),))
XLABEL = Layout("xlabel", edge_label="xlabel", graph=(("newrank", "true"), ("nslimit", "0.01")))
FORCE = Layout("force", clusters=False, edge_label="xlabel",
               graph=(("layout", "sfdp"), ("overlap", "false"), ("splines", "false"), ("sep", "+12")))
ORDER = (STANDARD, RANKED, XLABEL, FORCE)

#: Views with at most this many nodes get the standard encoding.
STANDARD_LIMIT = 100
#: Views with at most this many nodes keep their boundaries as clusters.
CLUSTER_LIMIT = 300
#: Views whose edges between different boundaries exceed this start with the ranked encoding.
CROSSING_LIMIT = 32
#: The limits were measured with about this many edges per node; a denser view counts as
#: ``edges / EDGES_PER_NODE`` nodes. Lifted edges make container and context views dense: at
#: 75 nodes and 416 edges the standard encoding takes over 40 s, the xlabel one 1 s
#: (``benchmarks/README.md``, "Profiling").
EDGES_PER_NODE = 2


def size(view: ComputedView) -> int:
    """The view's size for choosing an encoding: its nodes, or its edges / EDGES_PER_NODE if more."""
    return max(len(view.nodes), len(view.edges) // EDGES_PER_NODE)


def crossings(view: ComputedView) -> int:
    """Edges whose ends sit in different boundaries (or one in a boundary, one outside)."""
    parent = {n.id: n.parent for n in view.nodes}
    return sum(parent.get(e.source) != parent.get(e.destination) for e in view.edges)


def choose(view: ComputedView) -> Layout:
    """The richest encoding expected to lay out ``view`` in a few seconds."""
    n = size(view)
    if n <= STANDARD_LIMIT:
        return RANKED if view.boundaries and crossings(view) > CROSSING_LIMIT else STANDARD
    return XLABEL if n <= CLUSTER_LIMIT else FORCE


def reason(view: ComputedView, layout: Layout) -> str:
    """Why ``choose`` picked ``layout`` rather than the standard encoding, for the user."""
    if layout is RANKED:
        return f"{crossings(view)} relationships cross boundaries"
    return f"{len(view.nodes)} elements and {len(view.edges)} relationships make a large view"


def after(layout: Layout) -> Layout | None:
    """The next, cheaper encoding to try when ``layout`` fails."""
    at = ORDER.index(layout)
    return ORDER[at + 1] if at + 1 < len(ORDER) else None


def explain(view: ComputedView, layout: Layout, reason: str) -> str:
    """The message shown to the user when a view is not drawn with the standard encoding."""
    what = {
        "ranked": "ranks are computed for the whole graph at once (newrank)",
        "xlabel": "edge labels are placed after layout (xlabel)",
        "force": "force-directed (sfdp), boundaries written into node labels instead of drawn as boxes",
    }.get(layout.name, "the standard encoding")
    return f"view '{view.key}': {reason}; drawn with the '{layout.name}' layout: {what}"
