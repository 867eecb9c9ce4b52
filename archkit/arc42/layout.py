"""Where things go in the arc42 set: which system the docs are about, which section shows each view,
and on which page each element's anchor lives.

The docs describe one software system, the *documented system*: the one the workspace names
(``arc42.system``, or ``archkit docs --system ID``), else the only internal system, else (several
internal systems, none named) the first internal system in model order that has containers, or the
first internal system when none has any; ``check`` warns about that last case
(``arc42.system-not-named``). Sections 3, 5, 6 and 7 are about it: its context in 3.1, its
whitebox (containers) in 5.1, its containers' whiteboxes (components) in 5.2. An image view goes to
the whitebox of the container it is about (or of its component's container), else to 5.1. Views scoped to
another system (its context, containers, components, dynamic or deployment views) are about that
system and left out. The other internal systems are *neighbours*: a partner in section 3 where they
relate to it, and deployment nodes that run nothing but neighbours are left out of section 7.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from archkit.errors import ModelError, format_error
from archkit.ids import did_you_mean
from archkit.model import (
    Component,
    ComponentView,
    Container,
    ContainerInstance,
    ContainerView,
    CustomView,
    DeploymentNode,
    DeploymentView,
    DynamicView,
    FilteredView,
    ImageView,
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


@dataclass(frozen=True)
class SystemChoice:
    """The documented system, the internal systems it was chosen from (model order), and whether the
    workspace named it."""

    system: str | None
    candidates: list[str]
    named: bool

    @property
    def guessed(self) -> bool:
        """Several internal systems and none named: the choice is the default rule's, not the author's."""
        return not self.named and len(self.candidates) > 1


def choose_system(ws: Workspace, index: ModelIndex, origin: str = "", named_by: str = "arc42.system") -> SystemChoice:
    """The system the arc42 docs describe (see the module docstring); an ``arc42.system`` that names no
    software system is a :class:`ModelError` (``origin``, the model file, heads the message, and
    ``named_by`` says where the id was given)."""
    internal = [s for s in ws.model.software_systems if s.location == "internal"]
    candidates = [s.id for s in internal]
    named = ws.arc42.system
    if named:
        if not isinstance(index.get(named), SoftwareSystem):
            systems = [s.id for s in ws.model.software_systems]
            mean = did_you_mean(named, systems).removeprefix("; ")
            hint = (f"name one of the internal systems: {', '.join(candidates)}" if candidates
                    else "add the software system to the model")
            hint = f"{mean} ({hint})" if mean else hint
            raise ModelError(format_error(origin or None, named_by,
                                          f"'{named}' is not a software system of the model", hint))
        return SystemChoice(named, candidates, True)
    chosen = next((s for s in internal if s.containers), internal[0] if internal else None)
    return SystemChoice(chosen.id if chosen else None, candidates, False)


@dataclass
class Layout:
    """The plan every section builder follows."""

    system: str | None  # the documented system
    neighbours: frozenset[str] = frozenset()  # the other internal systems
    partners: list[str] = field(default_factory=list)
    whiteboxes: list[str] = field(default_factory=list)  # containers opened in 5.2, model order
    slots: dict[str, list[View]] = field(default_factory=dict)  # "3.1", "5.1", "wb:<id>", "6", "env:<name>"
    element_page: dict[str, int] = field(default_factory=dict)  # element id -> section number of its anchor
    hidden: frozenset[str] = frozenset()  # deployment nodes and instances that run only neighbours

    @property
    def documented(self) -> list[str]:
        return [self.system] if self.system else []

    def views_in(self, slot: str) -> list[View]:
        return self.slots.get(slot, [])


def top_level(index: ModelIndex, element_id: str) -> str | None:
    """The person or software system an element belongs to (itself when top level); None for deployment."""
    top = index.get(index.root(element_id))
    return top.id if isinstance(top, Person | SoftwareSystem) else None


def plan_layout(ws: Workspace, index: ModelIndex) -> Layout:
    """Decide the documented system, the partners, the whiteboxes, the view slots and the anchors."""
    choice = choose_system(ws, index)
    neighbours = frozenset(c for c in choice.candidates if c != choice.system)
    layout = Layout(system=choice.system, neighbours=neighbours)
    layout.partners = _partners(ws, index, set(layout.documented))
    layout.hidden = frozenset(_hidden(ws, index, neighbours))
    _place_views(layout, ws.effective_views(), index)
    _plan_whiteboxes(layout, index)
    _plan_anchors(layout, ws, index)
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


def deployed_system(index: ModelIndex, instance: ContainerInstance | SoftwareSystemInstance) -> str | None:
    """The software system an instance runs (a container instance's system)."""
    target = instance.container if isinstance(instance, ContainerInstance) else instance.software_system
    return top_level(index, target)


def _hidden(ws: Workspace, index: ModelIndex, neighbours: frozenset[str]) -> set[str]:
    """Deployment nodes whose subtree runs instances of neighbours only, with all they hold, and the
    neighbours' instances elsewhere."""
    hidden: set[str] = set()

    def visit(node: DeploymentNode) -> tuple[bool, bool]:  # (runs something, runs only neighbours)
        runs, only = False, True
        instances: list[ContainerInstance | SoftwareSystemInstance] = [*node.container_instances,
                                                                       *node.software_system_instances]
        for inst in instances:
            foreign = deployed_system(index, inst) in neighbours
            runs, only = True, only and foreign
            if foreign:
                hidden.add(inst.id)
        for child in node.children:
            child_runs, child_only = visit(child)
            runs, only = runs or child_runs, only and (child_only or not child_runs)
        if runs and only:
            hidden.update([node.id, *index.descendants(node.id)])
        return runs, only

    if neighbours:
        for node in ws.model.deployment_nodes:
            visit(node)
    return hidden


def about_documented(layout: Layout, index: ModelIndex, view: View) -> bool:
    """Whether a view is about the documented system: it has no scope, or its scope is the system or one
    of its parts (or no element at all: such a view still appears, in 5.1). Views of other systems,
    neighbours or external, are theirs. With no documented system every view appears."""
    if layout.system is None or view.scope is None or index.get(view.scope) is None:
        return True
    return top_level(index, view.scope) == layout.system


def _slot(layout: Layout, view: View, by_key: dict[str, View], index: ModelIndex, depth: int = 0) -> str | None:
    if isinstance(view, FilteredView):
        base = by_key.get(view.base)
        return _slot(layout, base, by_key, index, depth + 1) if base is not None and depth < 5 else "5.1"
    if not about_documented(layout, index, view):
        return None
    if isinstance(view, SystemLandscapeView | SystemContextView | CustomView):  # custom: the things around
        return "3.1"
    if isinstance(view, ContainerView):
        return "5.1" if view.software_system == layout.system else f"wb:{view.software_system}"
    if isinstance(view, ComponentView):
        return f"wb:{view.container}"
    if isinstance(view, DynamicView):
        return "6"
    if isinstance(view, ImageView):  # a container's (or its component's) picture: in its whitebox; else 5.1
        element = index.get(view.element) if view.element else None
        container = index.parent.get(element.id) if isinstance(element, Component) else getattr(element, "id", None)
        return f"wb:{container}" if isinstance(index.get(container or ""), Container) else "5.1"
    assert isinstance(view, DeploymentView)
    return f"env:{view.environment}"


def _place_views(layout: Layout, views: list[View], index: ModelIndex) -> None:
    by_key = {v.key: v for v in views}
    for view in views:
        slot = _slot(layout, view, by_key, index)
        if slot is not None:
            layout.slots.setdefault(slot, []).append(view)


def _plan_whiteboxes(layout: Layout, index: ModelIndex) -> None:
    """5.2 opens the documented system's containers that have components or a component view, in model
    order; a view whose scope is no such container (unknown, or an external system's) shows in 5.1."""
    system = index.get(layout.system) if layout.system else None
    containers = system.containers if isinstance(system, SoftwareSystem) else []
    opened = {slot[3:] for slot in layout.slots if slot.startswith("wb:")}
    layout.whiteboxes = [c.id for c in containers if c.components or c.id in opened]
    for scope in sorted(opened - set(layout.whiteboxes)):
        layout.slots.setdefault("5.1", []).extend(layout.slots.pop(f"wb:{scope}"))


def _plan_anchors(layout: Layout, ws: Workspace, index: ModelIndex) -> None:
    page = layout.element_page
    system = index.get(layout.system) if layout.system else None
    if isinstance(system, SoftwareSystem):
        page.setdefault(system.id, 5)
        for container in system.containers:
            page.setdefault(container.id, 5)
            for component in container.components:
                page.setdefault(component.id, 5)
    for partner in layout.partners:
        page.setdefault(partner, 3)
    for element, _parent in ws.model.walk():
        if (isinstance(element, DeploymentNode | InfrastructureNode | ContainerInstance | SoftwareSystemInstance)
                and element.id not in layout.hidden):
            page.setdefault(element.id, 7)
