"""Where things go in the arc42 set: which systems the docs are about, which section shows each view,
and on which page each element's anchor lives.

The documented systems are the internal software systems whose containers the
model describes (all internal systems when none has containers). With one
documented system S, the building block view is S's whitebox (5.1, containers)
and its containers' whiteboxes (5.2, components); with several, 5.1 shows the
systems as black boxes, 5.2 their containers and 5.3 the components.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archkit.model import (
    ComponentView,
    Container,
    ContainerInstance,
    ContainerView,
    DeploymentNode,
    DeploymentView,
    DynamicView,
    FilteredView,
    InfrastructureNode,
    Person,
    SoftwareSystem,
    SoftwareSystemInstance,
    SystemContextView,
    SystemLandscapeView,
    Workspace,
)
from archkit.model.model import ModelIndex
from archkit.model.views import View


@dataclass
class Layout:
    """The plan every section builder follows."""

    documented: list[str]
    single: bool
    partners: list[str] = field(default_factory=list)
    whiteboxes: dict[int, list[str]] = field(default_factory=dict)  # level -> element ids (2 and 3)
    slots: dict[str, list[View]] = field(default_factory=dict)  # "3.1", "5.1", "wb:<id>", "6", "env:<name>"
    element_page: dict[str, int] = field(default_factory=dict)  # element id -> section number of its anchor

    def views_in(self, slot: str) -> list[View]:
        return self.slots.get(slot, [])


def top_level(index: ModelIndex, element_id: str) -> str | None:
    """The person or software system an element belongs to (itself when top level); None for deployment."""
    chain = [element_id, *index.ancestors(element_id)]
    top = index.get(chain[-1])
    return top.id if isinstance(top, Person | SoftwareSystem) else None


def plan_layout(ws: Workspace, index: ModelIndex) -> Layout:
    """Decide the documented systems, the partners, the whiteboxes, the view slots and the anchors."""
    internal = sorted((s for s in ws.model.software_systems if s.location == "internal"), key=lambda s: s.id)
    documented = [s for s in internal if s.containers] or internal
    layout = Layout(documented=[s.id for s in documented], single=len(documented) == 1)
    layout.partners = _partners(ws, index, set(layout.documented))
    _place_views(layout, ws.effective_views())
    _plan_whiteboxes(layout, documented, index)
    _plan_anchors(layout, ws, documented)
    return layout


def _partners(ws: Workspace, index: ModelIndex, documented: set[str]) -> list[str]:
    found: set[str] = set()
    for rel in ws.model.relationships:
        a, b = top_level(index, rel.source), top_level(index, rel.destination)
        if a is None or b is None:
            continue
        if a in documented and b not in documented:
            found.add(b)
        elif b in documented and a not in documented:
            found.add(a)
    return sorted(found, key=lambda i: (not isinstance(index.get(i), Person), index.display_name(i).casefold(), i))


def _slot(layout: Layout, view: View, by_key: dict[str, View], depth: int = 0) -> str:
    if isinstance(view, FilteredView):
        base = by_key.get(view.base)
        return _slot(layout, base, by_key, depth + 1) if base is not None and depth < 5 else "5.1"
    if isinstance(view, SystemLandscapeView):
        return "3.1" if layout.single or not layout.documented else "5.1"
    if isinstance(view, SystemContextView):
        return "3.1"
    if isinstance(view, ContainerView):
        return "5.1" if layout.single else f"wb:{view.software_system}"
    if isinstance(view, ComponentView):
        return f"wb:{view.container}"
    if isinstance(view, DynamicView):
        return "6"
    assert isinstance(view, DeploymentView)
    return f"env:{view.environment}"


def _place_views(layout: Layout, views: list[View]) -> None:
    by_key = {v.key: v for v in views}
    for view in views:
        layout.slots.setdefault(_slot(layout, view, by_key), []).append(view)


def _plan_whiteboxes(layout: Layout, documented: list[SoftwareSystem], index: ModelIndex) -> None:
    view_scopes = {slot[3:] for slot in layout.slots if slot.startswith("wb:")}
    systems = [s.id for s in documented] if not layout.single else []
    containers = [c.id for s in documented for c in s.containers if c.components]
    level_of_systems, level_of_containers = 2, (2 if layout.single else 3)
    for scope in sorted(view_scopes):
        element = index.get(scope)
        if isinstance(element, SoftwareSystem) and scope not in systems:
            systems.append(scope)
        elif isinstance(element, Container) and scope not in containers:
            containers.append(scope)
    if not layout.single:
        layout.whiteboxes[level_of_systems] = sorted(systems)
    layout.whiteboxes[level_of_containers] = sorted(containers)
    known = set(systems) | set(containers)
    for scope in sorted(view_scopes - known):  # a view whose scope is unknown still appears
        layout.slots.setdefault("5.1", []).extend(layout.slots.pop(f"wb:{scope}"))


def _plan_anchors(layout: Layout, ws: Workspace, documented: list[SoftwareSystem]) -> None:
    page = layout.element_page
    for system in documented:
        page.setdefault(system.id, 5)
        for container in system.containers:
            page.setdefault(container.id, 5)
            for component in container.components:
                page.setdefault(component.id, 5)
    for partner in layout.partners:
        page.setdefault(partner, 3)
    for element, _parent in ws.model.walk():
        if isinstance(element, DeploymentNode | InfrastructureNode | ContainerInstance | SoftwareSystemInstance):
            page.setdefault(element.id, 7)
