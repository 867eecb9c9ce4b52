"""Which elements and relationships a view holds: ``include``/``exclude`` expressions, Structurizr's rules.

A view keeps an ordered list of elements; adding one adds every relationship between it and the
elements already there, removing one removes its relationships. ``include *`` adds each view type's
default elements; an element a view type does not permit (a container on a system context view,
the scoped system on its container view) is an error when named, and skipped when an expression
(``*``, ``element.tag==X``, ``->a->``) brings it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archkit.importers.dsl.workspace import Element, Workspace

_STATIC_KINDS = {
    "systemLandscape": ("Person", "Software System", "Custom"),
    "systemContext": ("Person", "Software System", "Custom"),
    "container": ("Person", "Software System", "Container", "Custom"),
    "component": ("Person", "Software System", "Container", "Component", "Custom"),
    "custom": ("Custom",),
}
_INSTANCES = ("Software System Instance", "Container Instance")


class NotPermitted(Exception):
    """An element the view's type or scope does not allow."""


@dataclass
class ViewContents:
    kind: str
    ws: Workspace
    scope: Element | None = None
    environment: str = ""
    elements: list[Element] = field(default_factory=list)
    relationships: list[str] = field(default_factory=list)
    _ids: set[str] = field(default_factory=set)
    _rels: set[str] = field(default_factory=set)

    # ---- rules -------------------------------------------------------------------------------

    def check(self, e: Element) -> None:
        if self.kind == "deployment":
            self._check_deployment(e)
            return
        allowed = _STATIC_KINDS.get(self.kind)
        if self.kind == "dynamic":
            allowed = ("Person", "Software System", "Container", "Component", "Custom")
        if allowed is None or e.kind not in allowed:
            raise NotPermitted(f"a {e.kind.lower()} cannot be added to a {self.kind} view")
        if self.scope is not None and self.kind in ("container", "component") and e is self.scope:
            raise NotPermitted(f"the {e.kind.lower()} in scope cannot be added to its own {self.kind} view")
        if self.kind == "component" and self.scope is not None and e is self.scope.parent:
            raise NotPermitted("the software system of the container in scope cannot be added to its component view")

    def _check_deployment(self, e: Element) -> None:
        if e.kind == "Custom":
            return
        if e.kind not in ("Deployment Node", "Infrastructure Node", *_INSTANCES):
            raise NotPermitted(f"a {e.kind.lower()} cannot be added to a deployment view")
        if e.environment != self.environment:
            raise NotPermitted(f"only elements of the '{self.environment}' environment can be added")
        here = [x for x in self.elements if x.kind in _INSTANCES]
        if e.kind == "Software System Instance":
            if self.scope is not None and e.deployed() == self.scope.id:
                raise NotPermitted("the software system in scope cannot be added to its deployment view")
            systems = {self.ws.elements[x.deployed()].parent.id for x in here  # type: ignore[union-attr]
                       if x.kind == "Container Instance"}
            if e.deployed() in systems:
                raise NotPermitted("a container instance of it is already in the view")
        if e.kind == "Container Instance":
            system = self.ws.elements[e.deployed()].parent
            if system is not None and system.id in {x.deployed() for x in here if x.kind == _INSTANCES[0]}:
                raise NotPermitted("its software system instance is already in the view")

    # ---- adding and removing -----------------------------------------------------------------

    def add(self, e: Element, *, quiet: bool = False) -> bool:
        if e.id in self._ids:
            return True
        try:
            self.check(e)
        except NotPermitted:
            if quiet:
                return False
            raise
        self.elements.append(e)
        self._ids.add(e.id)
        for rel in self.ws.touching.get(e.id, []):
            if rel["sourceId"] in self._ids and rel["destinationId"] in self._ids and rel["id"] not in self._rels:
                self.relationships.append(rel["id"])
                self._rels.add(rel["id"])
        return True

    def remove(self, e: Element) -> None:
        if e.id in self._ids:
            self.elements.remove(e)
            self._ids.discard(e.id)
            self.relationships = [r for r in self.relationships
                                  if e.id not in (self.ws.relationships[r]["sourceId"],
                                                  self.ws.relationships[r]["destinationId"])]
            self._rels = set(self.relationships)

    def remove_relationship(self, rel_id: str) -> None:
        if rel_id in self._rels:
            self.relationships.remove(rel_id)
            self._rels.discard(rel_id)

    def add_relationship(self, rel: dict[str, Any]) -> None:
        if rel["sourceId"] in self._ids and rel["destinationId"] in self._ids and rel["id"] not in self._rels:
            self.relationships.append(rel["id"])
            self._rels.add(rel["id"])

    def neighbours(self, e: Element, kinds: tuple[str, ...]) -> None:
        for rel in list(self.ws.touching.get(e.id, [])):
            other = self.ws.elements[rel["destinationId"] if rel["sourceId"] == e.id else rel["sourceId"]]
            if other.kind in kinds:
                self.add(other, quiet=True)

    # ---- include * ---------------------------------------------------------------------------

    def add_defaults(self) -> None:
        every = list(self.ws.elements.values())
        if self.kind == "systemLandscape":
            for e in every:
                if e.kind in ("Person", "Software System"):
                    self.add(e)
        elif self.kind == "systemContext" and self.scope is not None:
            self.add(self.scope)
            self.neighbours(self.scope, ("Person", "Software System"))
        elif self.kind in ("container", "component") and self.scope is not None:
            child = "Container" if self.kind == "container" else "Component"
            kinds = ("Person", "Software System", "Container") + (("Component",) if self.kind == "component" else ())
            for c in [x for x in self.scope.children if x.kind == child]:
                self.add(c)
                self.neighbours(c, kinds)
        elif self.kind == "deployment":
            for e in every:
                if e.kind == "Deployment Node" and e.parent is None and e.environment == self.environment:
                    self.add_deployment_node(e)
        elif self.kind == "custom":
            for e in every:
                if e.kind == "Custom":
                    self.add(e)
        for e in list(self.elements):
            self.neighbours(e, ("Custom",))

    def add_deployment_node(self, node: Element) -> bool:
        """A node with what it holds (Structurizr adds a node only when something in it can be shown)."""
        shown = False
        order = ("Software System Instance", "Container Instance", "Infrastructure Node", "Deployment Node")
        for kind in order:
            for child in [c for c in node.children if c.kind == kind]:
                if kind == "Deployment Node":
                    shown = self.add_deployment_node(child) or shown
                elif kind == "Container Instance" and self.scope is not None \
                        and self.ws.elements[child.deployed()].parent is not self.scope:
                    continue
                else:
                    shown = self.add(child, quiet=True) or shown
        if shown:
            self.add(node, quiet=True)
            for parent in node.ancestors():
                self.add(parent, quiet=True)
        return shown

    def instances_of(self, e: Element) -> list[Element]:
        """On a deployment view, a software system or container stands for its instances in the view's
        environment (Structurizr's ``include``/``exclude`` of one); anything else for itself."""
        if self.kind != "deployment" or e.kind not in ("Software System", "Container"):
            return [e]
        kind = f"{e.kind} Instance"
        return [x for x in self.ws.elements.values()
                if x.kind == kind and x.environment == self.environment and x.deployed() == e.id]

    def add_named(self, e: Element) -> None:
        """``include <identifier>``: on a deployment view a node brings what it holds, an instance its nodes,
        a software system or container its instances in the environment (those the view may show)."""
        if self.kind == "deployment" and e.kind == "Deployment Node":
            self.add_deployment_node(e)
            return
        if self.kind == "deployment" and e.kind in ("Software System", "Container"):
            for instance in self.instances_of(e):
                if self.add(instance, quiet=True):
                    for parent in instance.ancestors():
                        self.add(parent, quiet=True)
            return
        self.add(e)
        if self.kind == "deployment":
            for parent in e.ancestors():
                self.add(parent, quiet=True)
