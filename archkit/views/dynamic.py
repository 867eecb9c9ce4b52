"""Dynamic views: the elements a scenario touches and its numbered steps (``1``, ``2a``, ``2b``).

Each step becomes its own edge, even when two steps join the same pair of
elements. A step without a description or technology takes them from the
relationship it follows: the direct one, one between nested elements, or the
reverse relationship (a response).
"""

from __future__ import annotations

from archkit.model import DynamicStep, DynamicView, Relationship
from archkit.views.catalog import Catalog, relationship_id, unique
from archkit.views.computed import ComputedEdge, ComputedView, edge_sort_key
from archkit.views.hints import unused_by_sequence
from archkit.views.placement import place
from archkit.views.selection import Entries, apply_exclude, missing_entries


def step_relationship(catalog: Catalog, step: DynamicStep) -> Relationship | None:
    """The relationship a step follows: direct, then nested, then reversed."""
    rels = catalog.relationships
    for rel in rels:
        if rel.source == step.source and rel.destination == step.destination:
            return rel
    inside_source, inside_destination = catalog.subtree(step.source), catalog.subtree(step.destination)
    for rel in rels:
        if rel.source in inside_source and rel.destination in inside_destination:
            return rel
    for rel in rels:
        if rel.source in inside_destination and rel.destination in inside_source:
            return rel
    return None


def _step_edge(catalog: Catalog, number: str, step: DynamicStep) -> ComputedEdge:
    rel = step_relationship(catalog, step)
    return ComputedEdge(
        id=number,
        source=step.source,
        destination=step.destination,
        description=step.description or (rel.description if rel else ""),
        technology=step.technology or (rel.technology if rel else ""),
        tags=unique(rel.all_tags) if rel else ("Relationship",),
        interaction=rel.interaction if rel else "sync",
        relationships=(relationship_id(rel),) if rel else (),
        implied=False,
        order=number,
    )


def compute_dynamic(catalog: Catalog, view: DynamicView, title: str) -> ComputedView:
    include, exclude = Entries.parse(view.include), Entries.parse(view.exclude)
    steps = [(n, s) for n, s in view.numbered_steps()
             if catalog.element(s.source) is not None and catalog.element(s.destination) is not None]
    chosen = {e for _, s in steps for e in (s.source, s.destination)}
    chosen.update(e for e in include.ids if catalog.element(e) is not None)
    nodes, boundaries = place(catalog, apply_exclude(catalog, chosen, exclude))
    visible = {n.id for n in nodes} | {b.id for b in boundaries}
    edges = [
        edge for edge in (_step_edge(catalog, number, step) for number, step in steps)
        if edge.source in visible and edge.destination in visible
        and not exclude.tags.intersection(edge.tags) and not exclude.relationships.intersection(edge.relationships)
    ]
    notes = [n for n in missing_entries(catalog, view.key, include) if "relationship" not in n]
    if unused := unused_by_sequence(view):
        notes.append(unused)
    return ComputedView(
        key=view.key, type=view.type, title=title, description=view.description,
        direction=view.direction, scope=view.scope, nodes=tuple(nodes),
        edges=tuple(sorted(edges, key=edge_sort_key)), boundaries=tuple(boundaries), notes=tuple(notes),
    )
