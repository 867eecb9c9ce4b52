"""Implied relationships: lift each relationship to the elements a view shows, then merge.

A component's call to another system shows, in a container view, as an edge
from the component's container to that system. Several relationships that
lift onto the same pair of nodes become one edge: a relationship drawn
directly between the pair wins (the implied ones add nothing), otherwise one
merged edge carries every distinct description and technology.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace

from archkit.model import Relationship
from archkit.views.catalog import Catalog, relationship_id, unique
from archkit.views.computed import ComputedEdge

EdgeId = Callable[[Relationship | None, str, str, int], str]


def lift(
    catalog: Catalog, relationships: Iterable[Relationship], visible: set[str] | frozenset[str]
) -> list[ComputedEdge]:
    """Every relationship lifted onto the visible elements, merged per (source, destination)."""
    pairs: dict[tuple[str, str], list[Relationship]] = {}
    shown: dict[str, str | None] = {}  # element id -> what stands for it (ends recur: ~2 relationships each)

    def stand_in(element_id: str) -> str | None:
        if element_id not in shown:
            shown[element_id] = catalog.nearest(element_id, visible)
        return shown[element_id]

    for rel in relationships:
        source, destination = stand_in(rel.source), stand_in(rel.destination)
        if source is None or destination is None or source == destination:
            continue
        pairs.setdefault((source, destination), []).append(rel)
    edges: list[ComputedEdge] = []
    for (source, destination), rels in sorted(pairs.items()):
        edges.extend(merge(source, destination, rels))
    return edges


def _relationship_edge_id(rel: Relationship | None, source: str, destination: str, n: int) -> str:
    return relationship_id(rel) if rel is not None else f"{source}->{destination}"


def _pair_edge_id(rel: Relationship | None, source: str, destination: str, n: int) -> str:
    return f"{source}->{destination}" + (f"#{n}" if n > 1 else "")


def merge(
    source: str, destination: str, rels: Sequence[Relationship], *,
    ends: tuple[str, str] | None = None, per_pair_ids: bool = False,
) -> list[ComputedEdge]:
    """The edges drawn for ``rels`` between ``source`` and ``destination``.

    A relationship is *direct* when it joins ``ends`` (by default the pair
    itself; for instances, the container or system they deploy). With
    ``per_pair_ids`` edges are named after the pair (``a->b``, ``a->b#2``), as
    replicated deployment edges are; otherwise after their relationship.
    """
    name: EdgeId = _pair_edge_id if per_pair_ids else _relationship_edge_id
    ordered = sorted(rels, key=relationship_id)
    first, last = ends or (source, destination)
    direct = [r for r in ordered if r.source == first and r.destination == last]
    if direct:
        return [
            ComputedEdge(
                id=name(r, source, destination, n), source=source, destination=destination,
                description=r.description, technology=r.technology, tags=unique(r.all_tags),
                interaction=r.interaction, relationships=(relationship_id(r),), implied=False,
            )
            for n, r in enumerate(direct, start=1)
        ]
    return [
        ComputedEdge(
            id=name(None, source, destination, 1), source=source, destination=destination,
            description="; ".join(unique(r.description for r in ordered if r.description)),
            technology=", ".join(unique(r.technology for r in ordered if r.technology)),
            tags=unique(t for r in ordered for t in r.all_tags),
            interaction="async" if all(r.interaction == "async" for r in ordered) else "sync",
            relationships=tuple(relationship_id(r) for r in ordered),
            implied=True,
        )
    ]


def uniquify(edges: Iterable[ComputedEdge]) -> list[ComputedEdge]:
    """Edge ids made unique within a view (a user may name a relationship like another pair)."""
    seen: set[str] = set()
    out: list[ComputedEdge] = []
    for edge in edges:
        new_id, n = edge.id, 1
        while new_id in seen:
            n += 1
            new_id = f"{edge.id}#{n}"
        seen.add(new_id)
        out.append(edge if new_id == edge.id else replace(edge, id=new_id))
    return out
