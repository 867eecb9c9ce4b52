"""Where selected elements go: which are nodes, which become boundaries around them.

An element that is selected *and* holds another selected element (a software
system and one of its containers, a deployment node and its instances) is drawn
as a boundary; every ancestor of a node is a boundary too. A node that belongs
to a group sits in that group's boundary, inside the boundaries of the groups
that group is nested in, inside its structural parent. So does the container a
component view is about, drawn as the boundary around its components: a reader
would otherwise take it for outside the group its neighbours are drawn in.
"""

from __future__ import annotations

from collections.abc import Iterable

from archkit.views.catalog import Catalog
from archkit.views.computed import ComputedBoundary, ComputedNode


def place(catalog: Catalog, selected: Iterable[str],
          in_groups: Iterable[str] = ()) -> tuple[list[ComputedNode], list[ComputedBoundary]]:
    """Nodes and boundaries (both sorted by id) for the selected element ids; the boundaries named in
    ``in_groups`` (a component view's container) are drawn inside their groups' boundaries, as nodes are."""
    chosen = set(selected)
    boundary_ids = {a for e in chosen for a in catalog.chain(e)[1:]}
    node_ids = sorted(chosen - boundary_ids)
    groups: dict[str, ComputedBoundary] = {}

    def grouped(element_id: str) -> str | None:
        """The boundary ``element_id`` is drawn in: its innermost group's, else its structural parent."""
        parent = catalog.index.parent.get(element_id)
        outer = parent
        for group in reversed(_groups_of(catalog, element_id)):  # outermost first
            boundary = catalog.group_boundary(group, parent, outer)
            groups[boundary.id] = boundary
            outer = boundary.id
        return outer

    nodes = [catalog.node(node_id, grouped(node_id)) for node_id in node_ids]
    wrapped = set(in_groups)
    boundaries = [catalog.boundary(b, grouped(b) if b in wrapped else catalog.index.parent.get(b))
                  for b in sorted(boundary_ids)]
    boundaries.extend(groups.values())
    return nodes, sorted(boundaries, key=lambda b: b.id)


def _groups_of(catalog: Catalog, element_id: str) -> list[str]:
    """The element's group and the groups around it, innermost first (unknown ids end the chain)."""
    element = catalog.element(element_id)
    return catalog.index.group_chain(element.group if element is not None else None)
