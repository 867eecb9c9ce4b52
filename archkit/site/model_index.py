"""What the published site knows about a workspace: per element its place, relationships, views and
arc42 items; per view what it shows. Pure data, computed once per workspace, in a stable order.

- Relationships in and out: the written ones, then those Structurizr derives and archkit draws
  without storing them (``archkit.importers.derived``): *implied* (a component's call to another
  system implies its container's and its system's) and *replicated* (a container's relationship
  copied between its instances in a deployment environment), each marked with its kind and the
  written relationship it comes from.
- Views: every view the renderer draws (``Workspace.effective_views``, computed by
  ``archkit.views.compute_view`` exactly as the renderer computes it), with the role the element has
  there: a ``node`` (a box) or a ``boundary`` (the dashed box around its children).
- arc42: the items that name the element, by id reference or by name mention
  (``archkit.site.arc42_items`` states the rule).

Order: elements and views as the model writes them (depth first, views as authored); children as
written; relationships by other end's name, then id; lookups go through :meth:`SiteIndex.element`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Literal

from archkit.importers.derived import derived_relationships
from archkit.model import ContainerInstance, Element, SoftwareSystemInstance, Workspace
from archkit.site.arc42_items import Arc42Item, Arc42Ref, arc42_items, element_refs
from archkit.views import Catalog, ComputedView, compute_view

RelationshipKind = Literal["written", "implied", "replicated"]
Role = Literal["node", "boundary"]


@dataclass(frozen=True)
class RelationshipEntry:
    """A relationship seen from one of its ends: ``other`` is the id of the element at the other end.
    ``kind`` says whether it was written or derived; a derived one names the written relationship it
    comes from in ``derived_from``."""

    id: str
    other: str
    description: str
    technology: str
    interaction: str
    kind: RelationshipKind = "written"
    tags: tuple[str, ...] = ()
    url: str | None = None
    derived_from: str | None = None

    @property
    def implied(self) -> bool:
        """True when nobody wrote it: implied by, or replicated from, a written relationship."""
        return self.kind != "written"


@dataclass(frozen=True)
class ViewRef:
    """A view an element appears on, and how: as a box (``node``) or as a boundary around others."""

    key: str
    title: str
    type: str
    role: Role


@dataclass(frozen=True)
class ElementEntry:
    """One element as its page shows it. ``kind`` is the C4 kind (``Container``); ``type_label`` what a
    diagram shows as its type (a custom element's metadata). ``deploys`` is the container or system an
    instance deploys; ``environment`` a deployment element's environment; ``instances`` the instances
    that deploy this container or system, in model order."""

    id: str
    kind: str
    type_label: str
    name: str
    description: str
    technology: str
    tags: tuple[str, ...]
    properties: tuple[tuple[str, str], ...]
    url: str | None
    parent: str | None
    children: tuple[str, ...]
    outgoing: tuple[RelationshipEntry, ...]
    incoming: tuple[RelationshipEntry, ...]
    views: tuple[ViewRef, ...]
    arc42: tuple[Arc42Ref, ...]
    external: bool = False
    deploys: str | None = None
    environment: str | None = None
    instances: tuple[str, ...] = ()


@dataclass(frozen=True)
class ViewEntry:
    """One view: its key, title, type and description, the elements it draws as boxes (``elements``)
    and as boundaries (``boundaries``), in the computed view's order, and the written relationships its
    edges stand for."""

    key: str
    title: str
    type: str
    description: str
    scope: str | None
    elements: tuple[str, ...]
    boundaries: tuple[str, ...]
    relationships: tuple[str, ...]


@dataclass(frozen=True)
class RelationshipInfo:
    """A written relationship as the whole model has it (the search index lists these)."""

    id: str
    source: str
    destination: str
    description: str
    technology: str
    tags: tuple[str, ...]


@dataclass(frozen=True)
class SiteIndex:
    """Everything the site pages and the search index read about one workspace."""

    name: str
    description: str
    elements: tuple[ElementEntry, ...]
    views: tuple[ViewEntry, ...]
    relationships: tuple[RelationshipInfo, ...]
    arc42: tuple[Arc42Item, ...]
    _by_id: Mapping[str, ElementEntry] = field(init=False, repr=False, compare=False)
    _views_by_key: Mapping[str, ViewEntry] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {e.id: e for e in self.elements})
        object.__setattr__(self, "_views_by_key", {v.key: v for v in self.views})

    def element(self, element_id: str) -> ElementEntry:
        """The element with this id; KeyError names it when there is none."""
        found = self._by_id.get(element_id)
        if found is None:
            raise KeyError(f"no element '{element_id}' in workspace '{self.name}'")
        return found

    def has_element(self, element_id: str) -> bool:
        return element_id in self._by_id

    def view(self, key: str) -> ViewEntry:
        found = self._views_by_key.get(key)
        if found is None:
            raise KeyError(f"no view '{key}' in workspace '{self.name}'")
        return found

    def name_of(self, element_id: str) -> str:
        """The element's name (an instance's: what it deploys), or the id when it is unknown."""
        found = self._by_id.get(element_id)
        return found.name if found is not None else element_id


def build_index(ws: Workspace, computed: Mapping[str, ComputedView] | None = None) -> SiteIndex:
    """The site's index of ``ws``. Pass ``computed`` (view key -> computed view) when the caller has
    computed the views already (a render); otherwise every effective view is computed here, as the
    renderer computes it. A view that cannot be computed raises as it does when rendering (a model
    ``check`` refuses)."""
    catalog = Catalog(ws)
    specs = ws.effective_views()
    views = [computed[v.key] if computed is not None and v.key in computed else compute_view(ws, v, catalog)
             for v in specs]
    appearances = _appearances(views)
    outgoing, incoming = _relationships(ws)
    items = arc42_items(ws)
    refs = element_refs(ws, items)
    idx = catalog.index
    entries = [_entry(element, parent, catalog, appearances.get(element.id, []), outgoing.get(element.id, []),
                      incoming.get(element.id, []), refs.get(element.id, []))
               for element, parent in ws.model.walk()]  # ids are unique: the model refuses a repeated one
    instances: dict[str, list[str]] = {}
    for entry in entries:
        if entry.deploys is not None:
            instances.setdefault(entry.deploys, []).append(entry.id)
    entries = [replace(e, instances=tuple(instances[e.id])) if e.id in instances else e for e in entries]
    view_entries = tuple(_view_entry(v, idx.elements) for v in views)
    return SiteIndex(
        name=ws.name, description=ws.description, elements=tuple(entries), views=view_entries,
        relationships=tuple(RelationshipInfo(r.id or r.label, r.source, r.destination, r.description,
                                             r.technology, tuple(r.tags))
                            for r in sorted(ws.model.relationships, key=lambda r: r.id or r.label)),
        arc42=tuple(items),
    )


def _appearances(views: list[ComputedView]) -> dict[str, list[ViewRef]]:
    found: dict[str, list[ViewRef]] = {}
    for view in views:
        for node in view.nodes:
            found.setdefault(node.id, []).append(ViewRef(view.key, view.title, view.type, "node"))
        for boundary in view.boundaries:
            found.setdefault(boundary.id, []).append(ViewRef(view.key, view.title, view.type, "boundary"))
    return found


def _relationships(ws: Workspace) -> tuple[dict[str, list[RelationshipEntry]], dict[str, list[RelationshipEntry]]]:
    """Element id -> relationships out of it, and into it: written ones and derived ones."""
    out: dict[str, list[RelationshipEntry]] = {}
    into: dict[str, list[RelationshipEntry]] = {}
    for rel in ws.model.relationships:
        written = RelationshipEntry(id=rel.id or rel.label, other=rel.destination, description=rel.description,
                                    technology=rel.technology, interaction=rel.interaction, tags=tuple(rel.tags),
                                    url=rel.url)
        out.setdefault(rel.source, []).append(written)
        into.setdefault(rel.destination, []).append(replace(written, other=rel.source))
    for derived in derived_relationships(ws.model):
        entry = RelationshipEntry(id=derived.id, other=derived.destination, description=derived.description,
                                  technology=derived.technology, interaction=derived.interaction,
                                  kind=derived.kind, derived_from=derived.linked)
        out.setdefault(derived.source, []).append(entry)
        into.setdefault(derived.destination, []).append(replace(entry, other=derived.source))
    return out, into


def _entry(element: Element, parent: Element | None, catalog: Catalog, views: list[ViewRef],
           outgoing: list[RelationshipEntry], incoming: list[RelationshipEntry], refs: list[Arc42Ref]) -> ElementEntry:
    idx = catalog.index
    target = catalog.deployed(element) or element

    def by_other(rels: list[RelationshipEntry]) -> tuple[RelationshipEntry, ...]:
        order = {"written": 0, "implied": 1, "replicated": 2}
        return tuple(sorted(rels, key=lambda r: (order[r.kind], idx.display_name(r.other), r.other, r.id)))

    deploys = target.id if target is not element else None
    return ElementEntry(
        id=element.id, kind=element.kind, type_label=target.type_label, name=idx.display_name(element.id),
        description=element.description or (target.description if deploys else ""),
        technology=target.technology_text, tags=tuple(element.tags),
        properties=tuple(sorted(element.properties.items())), url=element.url,
        parent=parent.id if parent is not None else None,
        children=tuple(idx.children.get(element.id, [])),
        outgoing=by_other(outgoing), incoming=by_other(incoming), views=tuple(views), arc42=tuple(refs),
        external=getattr(target, "location", "internal") == "external", deploys=deploys,
        environment=catalog.environment.get(element.id),
    )


def _view_entry(view: ComputedView, elements: Mapping[str, Element]) -> ViewEntry:
    relationships = dict.fromkeys(r for edge in view.edges for r in edge.relationships)
    return ViewEntry(
        key=view.key, title=view.title, type=view.type, description=view.description, scope=view.scope,
        elements=tuple(n.id for n in view.nodes),
        boundaries=tuple(b.id for b in view.boundaries if b.id in elements),
        relationships=tuple(relationships),
    )


def is_instance(entry: ElementEntry) -> bool:
    """An instance deploys a container or system (its page links to what it deploys)."""
    return entry.kind in (ContainerInstance.kind, SoftwareSystemInstance.kind)
