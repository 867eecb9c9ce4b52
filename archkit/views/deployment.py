"""Deployment views: one environment's nodes as nested boundaries, with instances inside.

``*`` selects every container instance (of the scoped software system, when the
view has one), every software system instance and infrastructure node, and
every bare deployment node; the nodes around them become boundaries.
Relationships between containers are replicated between their instances, so
that ``api -> db`` shows as an edge from each API instance to each database
instance that shares a deployment group with it (or each, when neither is in a
group: ``DeploymentNode.deployment_groups``, Structurizr's rule); relationships
drawn between deployment elements themselves (a primary database node
replicating to its secondary) are drawn as they are. Custom elements, in no
environment, appear when included by id or tag (not by ``*``), as in Structurizr.
"""

from __future__ import annotations

from archkit.model import ContainerInstance, DeploymentNode, DeploymentView, Relationship
from archkit.views.catalog import Catalog, relationship_id, unique
from archkit.views.computed import ComputedEdge, ComputedNode, ComputedView
from archkit.views.lifting import merge
from archkit.views.placement import place
from archkit.views.selection import (
    Entries,
    apply_exclude,
    kept_relationships,
    missing_entries,
    relationship_ends,
    unknown_note,
)


def _default(catalog: Catalog, members: set[str], scope: str | None) -> set[str]:
    chosen = set()
    for element_id in members:
        element = catalog.index.elements[element_id]
        if isinstance(element, ContainerInstance):
            if scope is None or catalog.within(element.container, scope):
                chosen.add(element_id)
        elif not isinstance(element, DeploymentNode) or not catalog.index.children.get(element_id):
            chosen.add(element_id)
    return chosen


def _select(catalog: Catalog, view: DeploymentView, include: Entries) -> tuple[set[str], list[str]]:
    members = {e for e, env in catalog.environment.items() if env == view.environment}
    chosen = _default(catalog, members, view.software_system) if include.star else set()
    # custom elements belong to no environment: a deployment view shows them when named (as Structurizr does)
    members |= {e.id for e in catalog.ws.model.custom_elements}
    notes = missing_entries(catalog, view.key, include)
    for element_id in sorted(include.ids):
        if element_id in members:
            chosen.add(element_id)
        elif catalog.element(element_id) is not None:
            notes.append(unknown_note(view.key, element_id, f"is not deployed in '{view.environment}'"))
    chosen.update(e for e in members for t in include.tags if catalog.has_tag(e, t))
    for source, destination in relationship_ends(catalog, include.relationships):
        chosen.update(e for e in (source, destination) if e in members)
    return chosen, notes


def _direct(rels: list[Relationship], visible: set[str]) -> list[ComputedEdge]:
    return [
        ComputedEdge(
            id=relationship_id(r), source=r.source, destination=r.destination, description=r.description,
            technology=r.technology, tags=unique(r.all_tags), interaction=r.interaction,
            relationships=(relationship_id(r),),
        )
        for r in rels if r.source in visible and r.destination in visible and r.source != r.destination
    ]


def _replicated(catalog: Catalog, rels: list[Relationship], nodes: list[ComputedNode]) -> list[ComputedEdge]:
    """Each relationship between deployed elements (or their children) copied between instances."""
    instances: dict[str, list[str]] = {}
    for node in nodes:
        if node.deployed is not None:
            instances.setdefault(node.deployed, []).append(node.id)
    pairs: dict[tuple[str, str], list[Relationship]] = {}
    for rel in rels:
        for source in (s for s in catalog.chain(rel.source) if s in instances):
            for destination in (d for d in catalog.chain(rel.destination) if d in instances):
                if source != destination:
                    pairs.setdefault((source, destination), []).append(rel)
    edges: list[ComputedEdge] = []
    for (source, destination), group in sorted(pairs.items()):
        for a in instances[source]:
            for b in (b for b in instances[destination] if catalog.index.same_deployment_group(a, b)):
                edges.extend(merge(a, b, group, ends=(source, destination), per_pair_ids=True))
    return edges


def compute_deployment(catalog: Catalog, view: DeploymentView, title: str) -> ComputedView:
    include, exclude = Entries.parse(view.include), Entries.parse(view.exclude)
    chosen, notes = _select(catalog, view, include)
    nodes, boundaries = place(catalog, apply_exclude(catalog, chosen, exclude))
    rels = kept_relationships(catalog, exclude)
    visible = {n.id for n in nodes} | {b.id for b in boundaries}
    edges = [e for e in [*_direct(rels, visible), *_replicated(catalog, rels, nodes)]
             if e.id not in exclude.relationships]
    return ComputedView(
        key=view.key, type=view.type, title=title, description=view.description,
        direction=view.direction, scope=view.scope, nodes=tuple(nodes),
        edges=tuple(sorted(edges, key=lambda e: e.id)), boundaries=tuple(boundaries), notes=tuple(notes),
    )
