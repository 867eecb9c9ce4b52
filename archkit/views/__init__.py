"""View computation: which nodes, edges and boundaries each view of a workspace shows."""

from archkit.views.catalog import Catalog
from archkit.views.compute import compute_view, default_title
from archkit.views.computed import ComputedBoundary, ComputedEdge, ComputedHint, ComputedNode, ComputedView

__all__ = [
    "Catalog",
    "ComputedBoundary",
    "ComputedEdge",
    "ComputedHint",
    "ComputedNode",
    "ComputedView",
    "compute_view",
    "default_title",
]
