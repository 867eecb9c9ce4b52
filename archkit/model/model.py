"""The C4 model: every element and relationship of a workspace, and the index over them."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping

from pydantic import Field, PrivateAttr, model_validator

from archkit.errors import ModelError
from archkit.ids import child_id, instance_id, is_valid_id, slugify
from archkit.model.base import ArchModel, new_list, tag_list
from archkit.model.deployment import ContainerInstance, DeploymentNode, SoftwareSystemInstance
from archkit.model.elements import Container, CustomElement, Element, Group, Location, Person, SoftwareSystem
from archkit.model.relationships import Relationship


def _children(element: Element) -> list[Element]:
    if isinstance(element, SoftwareSystem):
        return list(element.containers)
    if isinstance(element, Container):
        return list(element.components)
    if isinstance(element, DeploymentNode):
        return [
            *element.children,
            *element.infrastructure_nodes,
            *element.software_system_instances,
            *element.container_instances,
        ]
    return []


def _check_group_nesting(groups: list[Group]) -> None:
    """A group may not be nested in itself, directly or through others (an unknown outer group is a
    ``check`` finding, not a load error)."""
    outer = {g.id: g.group for g in groups}
    for group in groups:
        seen, current = [group.id], outer.get(group.id)
        while current is not None and current in outer:
            if current in seen:
                cycle = " -> ".join([*seen, current])
                raise ValueError(f"{group.id}: group '{group.name}' is nested in itself ({cycle}) — remove one "
                                 "group= from the cycle")
            seen.append(current)
            current = outer[current]


class Model(ArchModel):
    """People, software systems (with containers and components), custom elements, deployment nodes,
    relationships and groups."""

    people: list[Person] = Field(default_factory=new_list)
    software_systems: list[SoftwareSystem] = Field(default_factory=new_list)
    deployment_nodes: list[DeploymentNode] = Field(default_factory=new_list)
    custom_elements: list[CustomElement] = Field(
        default_factory=new_list, description="Elements outside the C4 kinds (Structurizr's `element`).")
    relationships: list[Relationship] = Field(default_factory=new_list)
    groups: list[Group] = Field(default_factory=new_list)

    _ids: set[str] = PrivateAttr(default_factory=set)
    _rel_ids: set[str] = PrivateAttr(default_factory=set)

    # ---- structure -------------------------------------------------------

    @model_validator(mode="after")
    def _complete(self) -> Model:
        """Derive missing ids, check them, and wire the authoring back-references."""
        # the sets are handed down: a private attribute is read through pydantic's __getattr__ (slow at 15 000
        # elements and relationships)
        ids: set[str] = set()
        self._ids = ids
        for top in (*self.people, *self.software_systems, *self.custom_elements, *self.deployment_nodes):
            self._settle(top, None, None, ids)
        for group in self.groups:
            group.id = group.id or slugify(group.name)
        _check_group_nesting(self.groups)
        rel_ids: set[str] = set()
        self._rel_ids = rel_ids
        for rel in self.relationships:
            self._settle_relationship(rel, rel_ids)
        return self

    def _settle(self, element: Element, parent: Element | None, environment: str | None, ids: set[str]) -> None:
        """Derive ``element``'s id when it has none, check it, add it to ``ids`` (the model's), and so on for
        its children."""
        if not element.id:
            base = parent.id if parent else None
            if isinstance(element, ContainerInstance | SoftwareSystemInstance):
                target = element.container if isinstance(element, ContainerInstance) else element.software_system
                element.id = instance_id(base or "", target, ids, element.instance_id)
            else:
                element.id = child_id(base, element.name)
        self._check_id(element, ids)
        ids.add(element.id)
        element._model = self
        if isinstance(element, DeploymentNode):
            if environment is not None and element.environment not in ("Default", environment):
                raise ValueError(
                    f"{element.id}: deployment node is in environment '{element.environment}' "
                    f"but its parent is in '{environment}' — nested nodes share their parent's environment"
                )
            element.environment = environment or element.environment
            environment = element.environment
        for child in _children(element):
            self._settle(child, element, environment, ids)

    def _check_id(self, element: Element, ids: set[str] | None = None) -> None:
        if not is_valid_id(element.id):
            raise ValueError(
                f"{element.id!r}: invalid id for {element.kind} '{element.name}' — use letters, "
                "digits, '_', '-' and '.' (dots separate nesting levels)"
            )
        if element.id in (self._ids if ids is None else ids):
            raise ValueError(
                f"{element.id}: duplicate id ({element.kind} '{element.name}'): another element has it "
                "already — give one of the two another name or an explicit, unique id"
            )

    def _settle_relationship(self, rel: Relationship, ids: set[str] | None = None) -> None:
        """Derive ``rel``'s id when it has none, check it, and add it to ``ids`` (default: the model's)."""
        if ids is None:
            ids = self._rel_ids
        if not rel.id:
            base = f"{rel.source}->{rel.destination}"
            ident, n = base, 1
            while ident in ids:
                n += 1
                ident = f"{base}#{n}"
            rel.id = ident
        elif rel.id in ids:
            raise ValueError(f"{rel.id}: duplicate relationship id — relationship ids must be unique")
        ids.add(rel.id)

    def register(self, element: Element) -> None:
        """Called by the factories: check the new element's id, then adopt it.

        Two elements may share a name when their ids differ (``check`` warns:
        ``element.duplicate-name``), in Python as in YAML; a second element with the same id,
        explicit or derived from the same name, is an error.
        """
        try:
            self._check_id(element)
        except ValueError as exc:
            raise ModelError(str(exc)) from None
        self._ids.add(element.id)
        element._model = self

    def add_relationship(self, rel: Relationship) -> Relationship:
        """Append a relationship, deriving its id when none is given."""
        try:
            self._settle_relationship(rel)
        except ValueError as exc:
            raise ModelError(str(exc)) from None
        self.relationships.append(rel)
        return rel

    # ---- authoring -------------------------------------------------------

    def person(
        self,
        name: str,
        description: str = "",
        *,
        id: str | None = None,
        location: Location = "internal",
        tags: str | Iterable[str] = (),
        properties: Mapping[str, str] | None = None,
        url: str | None = None,
        icon: str | None = None,
        group: Group | str | None = None,
    ) -> Person:
        """Create a person (a user role or actor)."""
        p = Person(
            id=id or slugify(name), name=name, description=description, location=location,
            tags=tag_list(tags), properties=dict(properties or {}), url=url, icon=icon, group=group,
        )
        self.register(p)
        self.people.append(p)
        return p

    def software_system(
        self,
        name: str,
        description: str = "",
        *,
        id: str | None = None,
        location: Location = "internal",
        tags: str | Iterable[str] = (),
        properties: Mapping[str, str] | None = None,
        url: str | None = None,
        icon: str | None = None,
        group: Group | str | None = None,
    ) -> SoftwareSystem:
        """Create a software system; ``location="external"`` for systems you do not own."""
        s = SoftwareSystem(
            id=id or slugify(name), name=name, description=description, location=location,
            tags=tag_list(tags), properties=dict(properties or {}), url=url, icon=icon, group=group,
        )
        self.register(s)
        self.software_systems.append(s)
        return s

    def element(
        self,
        name: str,
        metadata: str = "",
        description: str = "",
        *,
        id: str | None = None,
        tags: str | Iterable[str] = (),
        properties: Mapping[str, str] | None = None,
        url: str | None = None,
        icon: str | None = None,
        group: Group | str | None = None,
    ) -> CustomElement:
        """Create a custom element (Structurizr's ``element``): ``metadata`` is shown as its type."""
        e = CustomElement(
            id=id or slugify(name), name=name, metadata=metadata, description=description,
            tags=tag_list(tags), properties=dict(properties or {}), url=url, icon=icon, group=group,
        )
        self.register(e)
        self.custom_elements.append(e)
        return e

    def deployment_node(
        self,
        name: str,
        description: str = "",
        technology: str = "",
        *,
        environment: str = "Default",
        id: str | None = None,
        instances: int | str = 1,
        tags: str | Iterable[str] = (),
        properties: Mapping[str, str] | None = None,
        url: str | None = None,
        icon: str | None = None,
        deployment_groups: Iterable[str] = (),
    ) -> DeploymentNode:
        """Create a top-level deployment node in ``environment``; everything deployed on it is in
        ``deployment_groups`` (instances replicate relationships only within a shared group)."""
        n = DeploymentNode(
            id=id or child_id(slugify(environment), name), name=name, description=description,
            technology=technology, environment=environment, instances=str(instances),
            tags=tag_list(tags), properties=dict(properties or {}), url=url, icon=icon,
            deployment_groups=list(deployment_groups),
        )
        self.register(n)
        self.deployment_nodes.append(n)
        return n

    def group(
        self, name: str, description: str = "", *, id: str | None = None, group: Group | str | None = None,
        icon: str | None = None,
    ) -> Group:
        """Create a group; pass its id as ``group=`` when creating elements, or when creating a group
        nested in it (``model.group("Service A", group=capability)``). ``icon`` is shown in its boundary."""
        outer = group.id if isinstance(group, Group) else group
        g = Group(id=id or slugify(name), name=name, description=description, group=outer, icon=icon)
        if any(x.id == g.id for x in self.groups):
            raise ModelError(f"{g.id}: duplicate group id — choose another name or id")
        if outer is not None and all(x.id != outer for x in self.groups):
            raise ModelError(f"{g.id}: group '{name}' is nested in '{outer}', which is no group — create that "
                             "group first, or leave group= out")
        self.groups.append(g)
        return g

    # ---- reading ---------------------------------------------------------

    def walk(self) -> Iterator[tuple[Element, Element | None]]:
        """Every element with its parent, depth first, in model order."""
        stack: list[tuple[Element, Element | None]] = [
            (e, None)
            for e in reversed([*self.people, *self.software_systems, *self.custom_elements, *self.deployment_nodes])
        ]
        while stack:
            element, parent = stack.pop()
            yield element, parent
            stack.extend((c, element) for c in reversed(_children(element)))

    def walk_deployment(self) -> Iterator[tuple[DeploymentNode, DeploymentNode | None]]:
        """Every deployment node with its parent node, in :meth:`walk`'s order (without the rest of the model)."""
        stack: list[tuple[DeploymentNode, DeploymentNode | None]] = [(n, None) for n in reversed(self.deployment_nodes)]
        while stack:
            node, parent = stack.pop()
            yield node, parent
            stack.extend((c, node) for c in reversed(node.children))

    def index(self) -> ModelIndex:
        """A lookup table over the current model (rebuild it after changes)."""
        return ModelIndex(self)


class ModelIndex:
    """Elements by id, parents, children, and relationships by id."""

    def __init__(self, model: Model) -> None:
        self.elements: dict[str, Element] = {}
        self.parent: dict[str, str | None] = {}
        self.children: dict[str, list[str]] = {}
        for element, parent in model.walk():
            self.elements.setdefault(element.id, element)
            self.parent[element.id] = parent.id if parent else None
            self.children.setdefault(element.id, [])
            if parent is not None:
                self.children.setdefault(parent.id, []).append(element.id)
        self.relationships: dict[str, Relationship] = {r.id or r.label: r for r in model.relationships}
        self.groups: dict[str, Group] = {g.id: g for g in model.groups}
        self._deployment_groups: dict[str, frozenset[str]] = {}
        self._roots: dict[str, str] = {}

    def get(self, element_id: str) -> Element | None:
        return self.elements.get(element_id)

    def ancestors(self, element_id: str) -> list[str]:
        """Parent, grandparent, ... of an element (nearest first)."""
        out: list[str] = []
        current = self.parent.get(element_id)
        while current is not None:
            out.append(current)
            current = self.parent.get(current)
        return out

    def root(self, element_id: str) -> str:
        """The outermost ancestor of an element (itself when it has no parent); remembered, as the
        arc42 docs ask it for both ends of every relationship."""
        found = self._roots.get(element_id)
        if found is None:
            chain = [element_id, *self.ancestors(element_id)]
            found = chain[-1]
            self._roots.update(dict.fromkeys(chain, found))
        return found

    def descendants(self, element_id: str) -> list[str]:
        out: list[str] = []
        stack = list(self.children.get(element_id, []))
        while stack:
            cur = stack.pop()
            out.append(cur)
            stack.extend(self.children.get(cur, []))
        return out

    def display_name(self, element_id: str) -> str:
        """The element's name; instances take the name of what they deploy."""
        el = self.elements.get(element_id)
        if el is None:
            return element_id
        if el.name:
            return el.name
        target = getattr(el, "container", None) or getattr(el, "software_system", None)
        if isinstance(target, str) and target in self.elements:
            return self.elements[target].name
        return element_id

    def group_chain(self, group_id: str | None) -> list[str]:
        """A group and the groups it is nested in, innermost first; stops at an unknown id or a cycle."""
        chain: list[str] = []
        while group_id is not None and group_id in self.groups and group_id not in chain:
            chain.append(group_id)
            group_id = self.groups[group_id].group
        return chain

    def deployment_groups(self, element_id: str) -> frozenset[str]:
        """The deployment groups of an instance: its own and those of every node around it."""
        known = self._deployment_groups.get(element_id)
        if known is None:
            groups: set[str] = set()
            for ident in (element_id, *self.ancestors(element_id)):
                groups.update(getattr(self.elements.get(ident), "deployment_groups", ()))
            known = self._deployment_groups[element_id] = frozenset(groups)
        return known

    def same_deployment_group(self, a: str, b: str) -> bool:
        """Whether relationships replicate between instances ``a`` and ``b``: neither is in a group,
        or they share one (Structurizr's rule)."""
        ga, gb = self.deployment_groups(a), self.deployment_groups(b)
        return (not ga and not gb) or bool(ga & gb)

    def of_type(self, cls: type[Element]) -> list[Element]:
        return [e for e in self.elements.values() if isinstance(e, cls)]

    def environments(self) -> list[str]:
        return sorted({e.environment for e in self.elements.values() if isinstance(e, DeploymentNode)})

