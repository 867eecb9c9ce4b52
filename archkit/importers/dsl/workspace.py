"""The Structurizr workspace JSON a DSL file describes, built the way Structurizr's own model builds it.

Ids are numbers given in order of creation, elements and relationships alike, as Structurizr gives
them; a relationship between people, systems, containers, components or custom elements adds the
implied relationships between their parents at once (Structurizr's default strategy: where no
relationship joins the pair yet, never between an element and its own parent); a new container or
software system instance copies the relationships of what it deploys to and from the instances
already in its environment and deployment group. The result is the ``dict`` Structurizr writes as
``workspace.json``, which :func:`archkit.importers.import_structurizr` then reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

STATIC = ("Person", "Software System", "Container", "Component", "Custom")
DEPLOYMENT = ("Deployment Node", "Infrastructure Node", "Software System Instance", "Container Instance")
_TOP = {"Person": "people", "Software System": "softwareSystems", "Custom": "customElements",
        "Deployment Node": "deploymentNodes"}
_CHILD = {"Container": "containers", "Component": "components", "Deployment Node": "children",
          "Infrastructure Node": "infrastructureNodes", "Software System Instance": "softwareSystemInstances",
          "Container Instance": "containerInstances"}
_IMPLICIT_TAGS = {"Custom": ["Element"], "Software System Instance": ["Software System Instance"],
                  "Container Instance": ["Container Instance"]}


class BuildError(Exception):
    """A rule of Structurizr's model broken (a duplicate name, a relationship that may not exist)."""


@dataclass
class Element:
    """One element: ``data`` is its JSON object (children and relationships live in it)."""

    id: str
    kind: str
    data: dict[str, Any]
    parent: Element | None = None
    environment: str = ""
    groups: list[str] = field(default_factory=list)
    children: list[Element] = field(default_factory=list)

    @property
    def name(self) -> str:
        return str(self.data.get("name", ""))

    def ancestors(self) -> list[Element]:
        out, node = [], self.parent
        while node is not None:
            out.append(node)
            node = node.parent
        return out

    def deployed(self) -> str:
        return str(self.data.get("containerId") or self.data.get("softwareSystemId") or "")

    def deployment_groups(self) -> set[str]:
        for node in [self, *self.ancestors()]:
            if node.groups:
                return set(node.groups)
        return {"Default"}


class Workspace:
    """The model under construction, and the workspace dict around it."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {"id": 0, "name": "Name", "description": "Description", "configuration": {},
                                     "documentation": {}, "model": {},
                                     "views": {"configuration": {"styles": {}, "terminology": {}}}}
        self.elements: dict[str, Element] = {}
        self.relationships: dict[str, dict[str, Any]] = {}
        self.touching: dict[str, list[dict[str, Any]]] = {}
        """Relationships by the id of either end, in order of creation (views and replication look here)."""
        self._pairs: dict[tuple[str, str], list[dict[str, Any]]] = {}
        self._names: dict[tuple[str, str, str], Element] = {}
        self._instances: dict[str, dict[str, list[Element]]] = {}
        self.implied = "any"
        """Structurizr's implied relationships strategy: ``any`` (the default: unless any relationship
        joins the pair), ``same`` (unless one with the same description does), ``none``."""
        self._next = 1

    @property
    def model(self) -> dict[str, Any]:
        result: dict[str, Any] = self.data["model"]
        return result

    def _id(self) -> str:
        ident = str(self._next)
        self._next += 1
        return ident

    # ---- elements ---------------------------------------------------------------------------

    def add_element(self, kind: str, name: str, parent: Element | None, *, environment: str = "",
                    **fields: Any) -> Element:
        """A new element of ``kind`` in ``parent`` (None: top level); names are unique among siblings."""
        if kind not in _IMPLICIT_TAGS and not name.strip():
            raise BuildError(f"a {kind.lower()} needs a name")
        self._check_unique(kind, name, parent, environment)
        data: dict[str, Any] = {"id": self._id()}
        if kind not in ("Software System Instance", "Container Instance"):
            data["name"] = name
        data.update({k: v for k, v in fields.items() if v not in (None, "")})
        data["tags"] = ",".join(_IMPLICIT_TAGS.get(kind, ["Element", kind]))
        if kind in ("Software System", "Container", "Component"):
            data["documentation"] = {}
        if kind in DEPLOYMENT:
            data["environment"] = environment
        element = Element(data["id"], kind, data, parent, environment)
        if parent is None:
            self.model.setdefault(_TOP[kind], []).append(data)
        else:
            parent.data.setdefault(_CHILD[kind], []).append(data)
            parent.children.append(element)
        self.elements[element.id] = element
        if kind not in ("Software System Instance", "Container Instance"):
            self._names[self._name_key(kind, name, parent, environment)] = element
        return element

    def _name_key(self, kind: str, name: str, parent: Element | None, environment: str) -> tuple[str, str, str]:
        """Names are unique per parent and kind; at the top level per environment, people and software
        systems sharing one namespace."""
        if parent is None and kind in ("Person", "Software System"):
            return ("", "Person/Software System", name)
        return (parent.id if parent is not None else f"env:{environment}", kind, name)

    def _check_unique(self, kind: str, name: str, parent: Element | None, environment: str) -> None:
        if kind in ("Software System Instance", "Container Instance"):
            return
        other = self._names.get(self._name_key(kind, name, parent, environment))
        if other is not None:
            where = f" in '{parent.name}'" if parent is not None else ""
            raise BuildError(f"a {other.kind.lower()} named '{name}' already exists{where}")

    def add_tags(self, target: dict[str, Any], tags: str) -> None:
        current = [t for t in str(target.get("tags") or "").split(",") if t]
        for tag in tags.split(","):
            tag = tag.strip()
            if tag and tag not in current:
                current.append(tag)
        target["tags"] = ",".join(current)

    def add_instance(self, kind: str, element: Element, node: Element, groups: list[str]) -> Element:
        """A software system or container instance of ``element`` in deployment ``node``."""
        key = "containerId" if kind == "Container Instance" else "softwareSystemId"
        number = 1 + sum(1 for c in node.children if c.kind == kind and c.deployed() == element.id)
        fields: dict[str, Any] = {key: element.id, "instanceId": number}
        if groups:
            fields["deploymentGroups"] = groups
        instance = self.add_element(kind, "", node, environment=node.environment, **fields)
        instance.groups = list(groups)
        self._replicate(instance)
        self._instances.setdefault(instance.environment, {}).setdefault(element.id, []).append(instance)
        return instance

    def _replicate(self, new: Element) -> None:
        """Copy the relationships between what ``new`` deploys and what the instances already in its
        environment deploy (only those the two share a deployment group with), in order of creation."""
        mine = new.deployment_groups()
        deployed = self._instances.setdefault(new.environment, {})
        related = {r["destinationId"] if r["sourceId"] == new.deployed() else r["sourceId"]
                   for r in self.touching.get(new.deployed(), [])}
        others = sorted((i for element in related for i in deployed.get(element, [])), key=lambda e: int(e.id))
        for other in others:
            if not other.deployment_groups() & mine:
                continue
            for source, destination in ((new, other), (other, new)):
                for rel in self._between(source.deployed(), destination.deployed()):
                    self._add_relationship(source, destination, rel.get("description", ""),
                                           rel.get("technology", ""), linked=rel["id"])

    # ---- relationships ----------------------------------------------------------------------

    def _between(self, source: str, destination: str) -> list[dict[str, Any]]:
        return self._pairs.get((source, destination), [])

    def add_relationship(self, source: Element, destination: Element, description: str = "",
                         technology: str = "", tags: str = "") -> dict[str, Any]:
        """An explicit relationship, and the implied ones it brings."""
        if source is destination:
            raise BuildError(f"a relationship from '{source.name}' to itself is not allowed")
        if _related_by_parentage(source, destination):
            raise BuildError(f"a relationship between '{source.name}' and '{destination.name}' is not allowed "
                             "(one is inside the other)")
        if any(r.get("description", "") == description for r in self._between(source.id, destination.id)):
            raise BuildError(f"a relationship with the description '{description}' already exists between "
                             f"'{source.name}' and '{destination.name}'")
        rel = self._add_relationship(source, destination, description, technology)
        rel["tags"] = "Relationship"
        if tags:
            self.add_tags(rel, tags)
        if self.implied != "none" and source.kind in STATIC and destination.kind in STATIC:
            self._imply(rel, source, destination)
        return rel

    def _add_relationship(self, source: Element, destination: Element, description: str, technology: str,
                          linked: str | None = None) -> dict[str, Any]:
        rel: dict[str, Any] = {"id": self._id(), "sourceId": source.id, "destinationId": destination.id}
        if description:
            rel["description"] = description
        if technology:
            rel["technology"] = technology
        if linked is not None:
            rel["linkedRelationshipId"] = linked
        source.data.setdefault("relationships", []).append(rel)
        self.relationships[rel["id"]] = rel
        self._pairs.setdefault((source.id, destination.id), []).append(rel)
        self.touching.setdefault(source.id, []).append(rel)
        self.touching.setdefault(destination.id, []).append(rel)
        return rel

    def remove_relationship(self, rel: dict[str, Any]) -> None:
        """Take ``rel`` out of the model (``a -/> b`` removes relationships replicated between instances)."""
        source, destination = self.elements[rel["sourceId"]], self.elements[rel["destinationId"]]
        source.data["relationships"] = [r for r in source.data.get("relationships", []) if r is not rel]
        if not source.data["relationships"]:
            del source.data["relationships"]
        del self.relationships[rel["id"]]
        self._pairs[(source.id, destination.id)].remove(rel)
        for end in {source.id, destination.id}:
            self.touching[end].remove(rel)

    def instances(self, element: Element, environment: str) -> list[Element]:
        """The instances of a software system or container in ``environment``, in order of creation."""
        return list(self._instances.get(environment, {}).get(element.id, []))

    def _imply(self, rel: dict[str, Any], source: Element, destination: Element) -> None:
        for s in [source, *source.ancestors()]:
            for d in [destination, *destination.ancestors()]:
                if (s is source and d is destination) or s is d or _related_by_parentage(s, d):
                    continue
                existing = self._between(s.id, d.id)
                if self.implied == "same":
                    existing = [r for r in existing if r.get("description", "") == rel.get("description", "")]
                if not existing:
                    self._add_relationship(s, d, rel.get("description", ""), rel.get("technology", ""),
                                           linked=rel["id"])


def _related_by_parentage(a: Element, b: Element) -> bool:
    return a in b.ancestors() or b in a.ancestors()
