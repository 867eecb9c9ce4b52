"""The model as view computation sees it: elements, ancestry, and how each is drawn.

:class:`Catalog` wraps a workspace's :class:`~archkit.model.ModelIndex` with the
few questions every view type asks: what is this element's top-level ancestor,
which of its ancestors is on the view, which tags does it carry, and what node
or boundary represents it.
"""

from __future__ import annotations

from collections.abc import Iterable

from archkit.model import (
    ContainerInstance,
    CustomElement,
    DeploymentNode,
    Element,
    InfrastructureNode,
    Relationship,
    SoftwareSystemInstance,
    Workspace,
)
from archkit.views.computed import ComputedBoundary, ComputedNode

DEPLOYMENT_TYPES = (DeploymentNode, InfrastructureNode, ContainerInstance, SoftwareSystemInstance)


def unique(items: Iterable[str]) -> tuple[str, ...]:
    """Items in first-seen order, without repeats."""
    return tuple(dict.fromkeys(items))


def relationship_id(rel: Relationship) -> str:
    return rel.id or rel.label


class Catalog:
    """Lookups over one workspace, shared by every view computed from it."""

    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.index = ws.model.index()
        self.relationships = sorted(ws.model.relationships, key=relationship_id)
        self.by_relationship_id = {relationship_id(r): r for r in self.relationships}
        self._chains: dict[str, tuple[str, ...]] = {}
        # element id -> relationships whose source (destination) is it or nested in it: a view
        # only needs the relationships near what it shows, not all of them (views x relationships)
        self._from: dict[str, dict[str, Relationship]] = {}
        self._to: dict[str, dict[str, Relationship]] = {}
        for rel in self.relationships:
            for index, end in ((self._from, rel.source), (self._to, rel.destination)):
                for element_id in self.chain(end):
                    index.setdefault(element_id, {})[relationship_id(rel)] = rel
        self.environment: dict[str, str] = {}
        for element in self.index.elements.values():
            if isinstance(element, DeploymentNode):
                for member in (element.id, *self.index.children.get(element.id, [])):
                    self.environment.setdefault(member, element.environment)

    # ---- ancestry -----------------------------------------------------------

    def element(self, element_id: str) -> Element | None:
        return self.index.get(element_id)

    def chain(self, element_id: str) -> tuple[str, ...]:
        """The element, its parent, grandparent, ... (nearest first)."""
        found = self._chains.get(element_id)
        if found is None:
            found = self._chains[element_id] = (element_id, *self.index.ancestors(element_id))
        return found

    def top(self, element_id: str) -> str:
        return self.chain(element_id)[-1]

    def within(self, element_id: str, ancestor_id: str) -> bool:
        """True when ``element_id`` is ``ancestor_id`` or nested inside it."""
        return ancestor_id in self.chain(element_id)

    def nearest(self, element_id: str, visible: set[str] | frozenset[str]) -> str | None:
        """The element itself or its nearest ancestor that is on the view."""
        for candidate in self.chain(element_id):
            if candidate in visible:
                return candidate
        return None

    def relationships_near(self, element_ids: Iterable[str], *, both_ends: bool = False) -> list[Relationship]:
        """Relationships with an end (``both_ends``: each end) at, or nested in, one of
        ``element_ids``, sorted by id."""
        sources: dict[str, Relationship] = {}
        destinations: dict[str, Relationship] = {}
        for element_id in element_ids:
            sources.update(self._from.get(element_id, {}))
            destinations.update(self._to.get(element_id, {}))
        keys = sources.keys() & destinations.keys() if both_ends else sources.keys() | destinations.keys()
        found = {**destinations, **sources}
        return [found[k] for k in sorted(keys)]

    def subtree(self, element_id: str) -> set[str]:
        return {element_id, *self.index.descendants(element_id)}

    def deployed(self, element: Element) -> Element | None:
        """The container or system an instance deploys (None for anything else)."""
        if isinstance(element, ContainerInstance):
            return self.index.get(element.container)
        if isinstance(element, SoftwareSystemInstance):
            return self.index.get(element.software_system)
        return None

    # ---- tags ---------------------------------------------------------------

    def tags(self, element: Element) -> tuple[str, ...]:
        """Implicit tags first (``Element``, kind, ``External``), then the user's, in style order."""
        target = self.deployed(element)
        if target is not None:
            marker = "Container Instance" if isinstance(element, ContainerInstance) else "Software System Instance"
            return unique([*self.tags(target), marker, *element.tags])
        external = ["External"] if getattr(element, "location", "internal") == "external" else []
        kind = [] if isinstance(element, CustomElement) else [element.kind]  # Structurizr's implicit tags
        return unique(["Element", *kind, *external, *element.tags])

    def has_tag(self, element_id: str, tag: str) -> bool:
        element = self.element(element_id)
        return element is not None and tag in self.tags(element)

    # ---- drawing ------------------------------------------------------------

    def node(self, element_id: str, parent: str | None) -> ComputedNode:
        element = self.index.elements[element_id]
        target = self.deployed(element) or element
        return ComputedNode(
            id=element.id,
            name=self.index.display_name(element.id),
            kind=target.kind,
            type_text=target.type_label if target.type_label != target.kind else "",
            technology=target.technology_text,
            description=element.description or (target.description if target is not element else ""),
            tags=self.tags(element),
            parent=parent,
            external=getattr(target, "location", "internal") == "external",
            icon=element.icon or (target.icon if target is not element else None),
            instances=getattr(element, "instances", "1"),
            deployed=target.id if target is not element else None,
        )

    def boundary(self, element_id: str, parent: str | None) -> ComputedBoundary:
        element = self.index.elements[element_id]
        return ComputedBoundary(
            id=element.id,
            name=element.name,
            kind=element.kind,
            technology=element.technology_text,
            description=element.description,
            tags=self.tags(element),
            parent=parent,
            external=getattr(element, "location", "internal") == "external",
            icon=element.icon,
            instances=getattr(element, "instances", "1"),
        )

    def group_boundary(self, group_id: str, parent: str | None, outer: str | None = None) -> ComputedBoundary:
        """The boundary of a group inside the structural ``parent``; drawn inside ``outer`` (the boundary of
        the group it is nested in) when it has one, else inside ``parent``."""
        group = self.index.groups[group_id]
        return ComputedBoundary(
            id=group_key(group_id, parent),
            name=group.name,
            kind="Group",
            description=group.description,
            tags=unique(["Group", *group.tags]),
            parent=outer if outer is not None else parent,
            icon=group.icon,
        )


def group_key(group_id: str, parent: str | None) -> str:
    """A group's boundary id; a group spread over several parents gets one boundary per parent."""
    return f"group:{group_id}" + (f"@{parent}" if parent else "")
