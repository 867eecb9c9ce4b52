"""A Structurizr workspace's elements and relationships by id, and the references between them.

Building the index checks what the schema cannot: every element and
relationship has a unique id, siblings of one kind have distinct names, relationships join existing elements, instances
deploy a container or system that exists, and every view names existing
elements, relationships and scopes under a unique key. Any failure is an
:class:`~archkit.errors.ImportFormatError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from archkit.importers.notes import Notes
from archkit.importers.vocabulary import VIEW_COLLECTIONS

#: JSON collection key -> Structurizr element kind.
CHILDREN: dict[str, str] = {
    "containers": "Container",
    "components": "Component",
    "children": "Deployment Node",
    "infrastructureNodes": "Infrastructure Node",
    "softwareSystemInstances": "Software System Instance",
    "containerInstances": "Container Instance",
}
TOP: dict[str, str] = {"people": "Person", "softwareSystems": "Software System", "customElements": "Custom Element",
                       "deploymentNodes": "Deployment Node"}
INSTANCES = ("Software System Instance", "Container Instance")
_SCOPES: dict[str, tuple[str, tuple[str, ...]]] = {
    "systemContextViews": ("softwareSystemId", ("Software System",)),
    "containerViews": ("softwareSystemId", ("Software System",)),
    "componentViews": ("containerId", ("Container",)),
    "dynamicViews": ("elementId", ("Software System", "Container")),
    "deploymentViews": ("softwareSystemId", ("Software System",)),
    "imageViews": ("elementId", ()),
}
_NUMBER = re.compile(r"(\d+)")


def natural(value: str) -> tuple[tuple[int, int | str], ...]:
    """Sort key that puts ``"2"`` before ``"10"`` (Structurizr ids are counters)."""
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in _NUMBER.split(value) if p)


def deployment_groups(data: dict[str, Any]) -> list[str]:
    """An instance's or node's ``deploymentGroups``; Structurizr's old ``Default`` group means none."""
    groups = data.get("deploymentGroups") or []
    return [str(g) for g in groups if str(g) != "Default"] if isinstance(groups, list) else []


@dataclass
class RawElement:
    id: str
    kind: str
    data: dict[str, Any]
    parent: str | None
    environment: str | None
    path: str


@dataclass
class RawRelationship:
    id: str
    data: dict[str, Any]
    path: str

    @property
    def source(self) -> str:
        return str(self.data["sourceId"])

    @property
    def destination(self) -> str:
        return str(self.data["destinationId"])


class RawIndex:
    """Elements (in document order) and relationships of a Structurizr model, checked."""

    def __init__(self, data: dict[str, Any], notes: Notes) -> None:
        self.notes = notes
        styles = ((data.get("views") or {}).get("configuration") or {}).get("styles") or {}
        #: the tags the workspace's element styles name (an ``External`` tag with a style of its own stays a tag)
        self.styled_tags = {str(s.get("tag")) for s in styles.get("elements") or [] if isinstance(s, dict)}
        self.elements: dict[str, RawElement] = {}
        self._names: dict[tuple[str, str, str], str] = {}
        self.relationships: dict[str, RawRelationship] = {}
        model = data.get("model") or {}
        for key, kind in TOP.items():
            for i, item in enumerate(model.get(key) or []):
                self._add(item, kind, None, None, f"model.{key}[{i}]")
        for rel in self.relationships.values():
            for end, label in ((rel.source, "sourceId"), (rel.destination, "destinationId")):
                if end not in self.elements:
                    raise notes.fail(f"relationship '{rel.id}'", f"{label} '{end}' is not an element of the model",
                                     "fix the id or remove the relationship")
        self._check_instances()

    def _add(self, item: dict[str, Any], kind: str, parent: str | None, env: str | None, path: str) -> None:
        ident = item.get("id")
        if not isinstance(ident, str) or not ident.strip():
            raise self.notes.fail(path, f"{kind.lower()} has no id", "give every element a unique id")
        if ident in self.elements:
            raise self.notes.fail(f"element '{ident}'", f"duplicate element id ({path} and "
                                  f"{self.elements[ident].path})", "give every element a unique id")
        if kind not in INSTANCES and not str(item.get("name") or "").strip():
            raise self.notes.fail(f"element '{ident}'", f"{kind.lower()} has no name", "give it a name")
        if kind == "Deployment Node":
            own = str(item.get("environment") or env or "Default")
            if env is not None and own != env:
                raise self.notes.fail(f"element '{ident}'", f"deployment node is in environment '{own}' "
                                      f"but its parent is in '{env}'", "nested nodes share their parent's environment")
            env = own
        self._unique_name(ident, kind, item, parent, env)
        self.elements[ident] = RawElement(ident, kind, item, parent, env, path)
        for j, rel in enumerate(item.get("relationships") or []):
            self._add_relationship(rel, f"{path}.relationships[{j}]")
        for key, child_kind in CHILDREN.items():
            for i, child in enumerate(item.get(key) or []):
                self._add(child, child_kind, ident, env, f"{path}.{key}[{i}]")

    def _unique_name(self, ident: str, kind: str, item: dict[str, Any], parent: str | None, env: str | None) -> None:
        """Siblings of one kind have distinct names, as Structurizr (and archkit's builders) require."""
        if kind in INSTANCES:
            return
        name = str(item.get("name"))
        scope = parent if parent is not None else (f"environment '{env}'" if kind == "Deployment Node" else "model")
        first = self._names.setdefault((scope, kind, name), ident)
        if first != ident:
            where = f"'{self.elements[parent].data.get('name')}'" if parent is not None else \
                "the model" if scope == "model" else scope
            raise self.notes.fail(f"element '{ident}'", f"a {kind.lower()} named '{name}' already exists in {where} "
                                  f"(element '{first}'); Structurizr refuses this too", "rename one of them")

    def _add_relationship(self, rel: dict[str, Any], path: str) -> None:
        ident = rel.get("id")
        if not isinstance(ident, str) or not ident.strip():
            raise self.notes.fail(path, "relationship has no id", "give every relationship a unique id")
        if ident in self.relationships:
            raise self.notes.fail(f"relationship '{ident}'", "duplicate relationship id",
                                  "give every relationship a unique id")
        for key in ("sourceId", "destinationId"):
            if not isinstance(rel.get(key), str):
                raise self.notes.fail(f"relationship '{ident}'", f"has no {key}", f"add the {key} of an element")
        self.relationships[ident] = RawRelationship(ident, rel, path)

    def _check_instances(self) -> None:
        for el in self.elements.values():
            for key, kind in (("containerId", "Container"), ("softwareSystemId", "Software System")):
                if el.kind not in INSTANCES or (key == "containerId") != (el.kind == "Container Instance"):
                    continue
                target = el.data.get(key)
                if not isinstance(target, str) or self.kind(target) != kind:
                    raise self.notes.fail(f"element '{el.id}'", f"{el.kind.lower()} deploys '{target}', "
                                          f"which is not a {kind.lower()}", f"set {key} to a {kind.lower()} id")

    def kind(self, element_id: str) -> str | None:
        el = self.elements.get(element_id)
        return el.kind if el else None

    def chain(self, element_id: str) -> list[str]:
        """The element and its ancestors, nearest first."""
        out = []
        current: str | None = element_id
        while current is not None:
            out.append(current)
            current = self.elements[current].parent
        return out

    def same_deployment_group(self, a: str, b: str) -> bool:
        """Whether Structurizr replicates relationships between instances ``a`` and ``b``."""
        ga = {g for e in self.chain(a) for g in deployment_groups(self.elements[e].data)}
        gb = {g for e in self.chain(b) for g in deployment_groups(self.elements[e].data)}
        return (not ga and not gb) or bool(ga & gb)

    def check_views(self, views: dict[str, Any]) -> None:
        """Every view has a unique key and names existing scopes, elements and relationships."""
        seen: dict[str, tuple[str, dict[str, Any]]] = {}
        for collection in [*VIEW_COLLECTIONS, "imageViews"]:
            for i, view in enumerate(views.get(collection) or []):
                path = f"views.{collection}[{i}]"
                key = view.get("key")
                if not isinstance(key, str) or not key.strip():
                    raise self.notes.fail(path, "view has no key", "give every view a unique key")
                if key in seen:
                    raise self.notes.fail(f"view '{key}'", f"duplicate view key ({seen[key][0]} and {path})",
                                          "give every view a unique key")
                seen[key] = (path, view)
                self._check_view(collection, view, key)
        for key, (path, view) in seen.items():
            base = view.get("baseViewKey")
            if "filteredViews" in path and (base not in seen or "filteredViews" in seen[base][0]):
                raise self.notes.fail(f"view '{key}'", f"base view '{base}' is not a view to filter",
                                      "name a landscape, context, container, component, dynamic or deployment view")

    def _check_view(self, collection: str, view: dict[str, Any], key: str) -> None:
        where = f"view '{key}'"
        scope_key, kinds = _SCOPES.get(collection, ("", ()))
        scope = view.get(scope_key) if scope_key else None
        required = collection in ("systemContextViews", "containerViews", "componentViews")
        if scope is None and required:
            raise self.notes.fail(where, f"has no {scope_key}", f"add the {scope_key} the view is about")
        if scope is not None and (scope not in self.elements or (kinds and self.kind(scope) not in kinds)):
            wanted = " or ".join(k.lower() for k in kinds) or "element"
            raise self.notes.fail(where, f"{scope_key} '{scope}' is not a {wanted} of the model",
                                  "fix the id")
        if collection == "deploymentViews" and not isinstance(view.get("environment"), str):
            raise self.notes.fail(where, "deployment view has no environment", "add the environment it shows")
        for item in view.get("elements") or []:
            if item.get("id") not in self.elements:
                raise self.notes.fail(where, f"element '{item.get('id')}' is not an element of the model",
                                      "fix the id or remove it from the view")
        for item in view.get("relationships") or []:
            if item.get("id") not in self.relationships:
                raise self.notes.fail(where, f"relationship '{item.get('id')}' is not a relationship of the "
                                      "model", "fix the id or remove it from the view")

