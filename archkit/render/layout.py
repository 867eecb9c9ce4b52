"""Graph encodings that keep Graphviz fast as views grow, and the fallback order between them.

Measured on this project's machines (``benchmarks/README.md``, "Large views"):
``dot`` with clusters and edge ``label`` fails ("trouble in init_rank") from
about 100 nodes unless ``newrank`` is on, and then takes minutes at 500;
``xlabel`` edge labels keep clusters fast to a few hundred nodes but fail or
hang near 1000. So a view is drawn with the richest encoding its size allows:

``standard``
    clusters for boundaries, edge labels as ``label`` (placed by the layout), ``newrank``.
``xlabel``
    clusters kept, edge labels as ``xlabel`` (placed after layout), cheaper crossing reduction.
``flat``
    no clusters (each node names its boundary instead), ``xlabel`` edge labels,
    one pass of crossing reduction: linear enough for thousands of nodes.

When an encoding fails or times out, :mod:`archkit.render.graphviz` tries the
next one and tells the user.
"""

from __future__ import annotations

from dataclasses import dataclass

from archkit.views import ComputedView


@dataclass(frozen=True)
class Layout:
    """How a view is encoded for Graphviz."""

    name: str
    clusters: bool = True
    edge_label: str = "label"
    graph: tuple[tuple[str, str], ...] = ()


STANDARD = Layout("standard", graph=(("newrank", "true"),))
XLABEL = Layout("xlabel", edge_label="xlabel", graph=(("newrank", "true"), ("mclimit", "0.5")))
FLAT = Layout("flat", clusters=False, edge_label="xlabel",
              graph=(("mclimit", "0.1"), ("nslimit", "2"), ("nslimit1", "2"), ("searchsize", "10")))
ORDER = (STANDARD, XLABEL, FLAT)

#: Views up to this size (nodes + edges) get the standard encoding.
STANDARD_LIMIT = 150
#: Views up to this size keep their boundaries as clusters.
CLUSTER_LIMIT = 600


def size(view: ComputedView) -> int:
    return len(view.nodes) + len(view.edges)


def choose(view: ComputedView) -> Layout:
    """The richest encoding expected to lay out ``view`` in a few seconds."""
    n = size(view)
    if n <= STANDARD_LIMIT:
        return STANDARD
    if n <= CLUSTER_LIMIT and view.boundaries:
        return XLABEL
    return FLAT if view.boundaries or n > CLUSTER_LIMIT else XLABEL


def after(layout: Layout) -> Layout | None:
    """The next, cheaper encoding to try when ``layout`` fails."""
    at = ORDER.index(layout)
    return ORDER[at + 1] if at + 1 < len(ORDER) else None


def explain(view: ComputedView, layout: Layout, reason: str) -> str:
    """The message shown to the user when a view is not drawn with the standard encoding."""
    what = {
        "xlabel": "edge labels are placed after layout (xlabel)",
        "flat": "boundaries are written into node labels instead of drawn as boxes",
    }.get(layout.name, "the standard encoding")
    return f"view '{view.key}': {reason}; drawn with the '{layout.name}' layout: {what}"
