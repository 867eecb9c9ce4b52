"""Properties of every computed view of random valid workspaces (tests/strategies.py)."""

from __future__ import annotations

from hypothesis import given

from archkit import Workspace
from archkit.views import compute_view
from tests.strategies import workspaces


@given(workspaces())
def test_every_edge_endpoint_is_a_node_or_boundary_of_its_view(ws: Workspace) -> None:
    for spec in ws.effective_views():
        view = compute_view(ws, spec)
        drawn = {n.id for n in view.nodes} | {b.id for b in view.boundaries}
        for edge in view.edges:
            assert edge.source in drawn and edge.destination in drawn, (spec.key, edge)
            # only deployment nodes (and dynamic steps to a nesting element) end on a boundary
            if spec.type not in ("deployment", "dynamic", "filtered"):
                assert view.node(edge.source) and view.node(edge.destination), (spec.key, edge)


@given(workspaces())
def test_ids_are_unique_and_every_parent_is_a_boundary(ws: Workspace) -> None:
    for spec in ws.effective_views():
        view = compute_view(ws, spec)
        ids = [n.id for n in view.nodes] + [b.id for b in view.boundaries]
        assert len(ids) == len(set(ids))
        assert len({e.id for e in view.edges}) == len(view.edges)
        boundaries = {b.id for b in view.boundaries}
        assert all(x.parent is None or x.parent in boundaries for x in (*view.nodes, *view.boundaries))


@given(workspaces())
def test_no_edge_is_drawn_twice_outside_dynamic_views(ws: Workspace) -> None:
    for spec in ws.effective_views():
        if spec.type == "dynamic":
            continue
        view = compute_view(ws, spec)
        implied = [(e.source, e.destination) for e in view.edges if e.implied]
        assert len(implied) == len(set(implied))
        direct_pairs = {(e.source, e.destination) for e in view.edges if not e.implied}
        assert not direct_pairs & set(implied)
