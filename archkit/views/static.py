"""Static structure views: system landscape, system context, container and component.

Each view type has a *level*: the kind of element it draws as a box. Any
element of the model is represented on the view by its ancestor at that level
(a component by its container in a container view, by its system in a context
view), which is how relationships are lifted and how ``*`` finds the
neighbours one hop away. Custom elements (top level, like people) appear on
every static view: by id, by tag, or as a neighbour one hop away; the
landscape's own ``*`` is its people and systems, as in Structurizr.
"""

from __future__ import annotations

from archkit.model import (
    ComponentView,
    ContainerView,
    CustomElement,
    CustomView,
    Person,
    SoftwareSystem,
    SystemContextView,
    SystemLandscapeView,
)
from archkit.views.catalog import Catalog
from archkit.views.computed import ComputedView
from archkit.views.lifting import lift
from archkit.views.placement import place
from archkit.views.selection import (
    Entries,
    apply_exclude,
    kept_relationships,
    missing_entries,
    relationship_ends,
    unknown_note,
)

StaticView = SystemLandscapeView | SystemContextView | ContainerView | ComponentView | CustomView


class Level:
    """Which element stands for any element on one static view."""

    def __init__(self, catalog: Catalog, view: StaticView) -> None:
        self.catalog = catalog
        self.scope = view.scope
        self.system: str | None = None
        if isinstance(view, ContainerView):
            self.system = view.software_system
        elif isinstance(view, ComponentView):
            self.system = catalog.index.parent.get(view.container)
        self.view = view

    def represent(self, element_id: str) -> str | None:
        """The element drawn for ``element_id`` on this view, or None when it cannot appear."""
        cat = self.catalog
        if cat.element(element_id) is None:
            return None
        if isinstance(self.view, CustomView):  # Structurizr's custom views hold custom elements only
            return element_id if isinstance(cat.element(element_id), CustomElement) else None
        chain = cat.chain(element_id)
        inner = [s for s in (self.scope if isinstance(self.view, ComponentView) else None, self.system) if s]
        for boundary in inner:
            if boundary in chain:
                at = chain.index(boundary)
                return chain[at - 1] if at > 0 else None
        top = cat.element(chain[-1])
        return top.id if isinstance(top, Person | SoftwareSystem | CustomElement) else None

    def inner(self) -> set[str]:
        """What the view is about: its scope's children, the scope itself, or everything."""
        cat = self.catalog
        if isinstance(self.view, SystemLandscapeView):
            return {e.id for e in (*cat.ws.model.people, *cat.ws.model.software_systems)}
        if isinstance(self.view, CustomView):
            return {e.id for e in cat.ws.model.custom_elements}
        if isinstance(self.view, SystemContextView):
            return {self.view.software_system} if cat.element(self.view.software_system) else set()
        scope = self.scope or ""
        return {c for c in cat.index.children.get(scope, []) if self.represent(c) == c}


def default_content(level: Level, exclude: Entries) -> set[str]:
    """``*``: the inner elements plus every element one relationship away from them."""
    inner = level.inner()
    content = set(inner)
    for rel in kept_relationships(level.catalog, exclude, near=inner):
        ends = level.represent(rel.source), level.represent(rel.destination)
        for this, other in (ends, ends[::-1]):
            if this in inner and other is not None and other not in inner:
                content.add(other)
    return content


def select(level: Level, include: Entries, exclude: Entries, key: str) -> tuple[set[str], list[str]]:
    """Element ids the include entries select, and notes about entries that were ignored."""
    cat = level.catalog
    chosen: set[str] = default_content(level, exclude) if include.star else set()
    notes = missing_entries(cat, key, include)
    for element_id in sorted(include.ids):
        shown = level.represent(element_id)
        if shown is not None:
            chosen.add(shown)
        elif cat.element(element_id) is not None:
            notes.append(unknown_note(key, element_id, "cannot appear on this view type"))
    for tag in include.tags:
        chosen.update(e for e in cat.index.elements if level.represent(e) == e and cat.has_tag(e, tag))
    for source, destination in relationship_ends(cat, include.relationships):
        chosen.update(e for e in (level.represent(source), level.represent(destination)) if e)
    return chosen, notes


def compute_static(catalog: Catalog, view: StaticView, title: str) -> ComputedView:
    level = Level(catalog, view)
    include, exclude = Entries.parse(view.include), Entries.parse(view.exclude)
    chosen, notes = select(level, include, exclude, view.key)
    scope = (view.container,) if isinstance(view, ComponentView) else ()
    nodes, boundaries = place(catalog, apply_exclude(catalog, chosen, exclude), in_groups=scope)
    visible = {n.id for n in nodes}
    edges = [e for e in lift(catalog, kept_relationships(catalog, exclude, near=visible, both_ends=True), visible)
             if e.id not in exclude.relationships]
    return ComputedView(
        key=view.key, type=view.type, title=title, description=view.description,
        direction=view.direction, scope=view.scope, nodes=tuple(nodes), edges=tuple(edges),
        boundaries=tuple(boundaries), notes=tuple(notes),
    )
