"""Dense views (many lifted edges per node) are drawn with the encoding their edges call for."""

from __future__ import annotations

from archkit.render.layout import (
    EDGES_PER_NODE,
    FORCE,
    STANDARD,
    STANDARD_LIMIT,
    XLABEL,
    choose,
    size,
)
from archkit.views import ComputedBoundary, ComputedEdge, ComputedNode, ComputedView


def dense(nodes: int, edges: int) -> ComputedView:
    ns = tuple(ComputedNode(f"n{i}", "N", "Container") for i in range(nodes))
    es = tuple(ComputedEdge(f"e{i}", f"n{i % nodes}", f"n{(i + 1) % nodes}") for i in range(edges))
    return ComputedView("v", "container", "V", nodes=ns, edges=es)


def test_edges_count_towards_view_size_beyond_the_calibrated_density() -> None:
    assert size(dense(50, 50 * EDGES_PER_NODE)) == 50
    assert size(dense(75, 416)) == 416 // EDGES_PER_NODE


def test_dense_views_skip_encodings_that_would_time_out() -> None:
    # measured: 75 nodes / 416 edges takes > 40 s with the standard encoding, 1 s with xlabel
    assert choose(dense(75, 416)) is XLABEL
    # 139 nodes / 1207 edges: xlabel > 40 s, force (sfdp) 0.2 s
    assert choose(dense(139, 1207)) is FORCE
    assert choose(dense(STANDARD_LIMIT, STANDARD_LIMIT * EDGES_PER_NODE)) is STANDARD


def bounded(crossing: int, inside: int = 0) -> ComputedView:
    """Two boundaries of 10 nodes; ``crossing`` edges between them, ``inside`` within the first."""
    ns = tuple(ComputedNode(f"{side}{i}", "N", "Container", parent=side) for side in "ab" for i in range(10))
    es = tuple(ComputedEdge(f"x{i}", f"a{i % 10}", f"b{(i * 3) % 10}") for i in range(crossing))
    es += tuple(ComputedEdge(f"i{i}", f"a{i % 10}", f"a{(i + 1) % 10}") for i in range(inside))
    bs = (ComputedBoundary("a", "A", "Software System"), ComputedBoundary("b", "B", "Software System"))
    return ComputedView("v", "container", "V", nodes=ns, edges=es, boundaries=bs)


def test_many_edges_between_boundaries_keep_the_standard_encoding() -> None:
    # edge labels as nodes: nothing left for "trouble in init_rank" (issue 13); the standard
    # encoding already ranks with newrank
    assert choose(bounded(40, inside=30)) is STANDARD
    assert ("newrank", "true") in STANDARD.graph
