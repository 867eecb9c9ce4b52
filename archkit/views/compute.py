"""``compute_view``: a view specification plus its workspace -> the nodes, edges and boundaries to draw."""

from __future__ import annotations

from dataclasses import replace

from archkit.errors import ModelError, RenderError
from archkit.model import (
    ComponentView,
    ContainerView,
    CustomView,
    DeploymentView,
    DynamicView,
    FilteredView,
    ImageView,
    SystemContextView,
    SystemLandscapeView,
    View,
    Workspace,
)
from archkit.model.views import scope_problem
from archkit.views.catalog import Catalog
from archkit.views.computed import ComputedBoundary, ComputedHint, ComputedView, edge_sort_key
from archkit.views.deployment import compute_deployment
from archkit.views.dynamic import compute_dynamic
from archkit.views.lifting import uniquify
from archkit.views.static import compute_static


def compute_view(ws: Workspace, view: View, catalog: Catalog | None = None) -> ComputedView:
    """What ``view`` shows of ``ws``; pass a shared ``catalog`` when computing many views."""
    cat = catalog or Catalog(ws)
    problem = scope_problem(view, cat.index)
    if problem is not None:
        raise ModelError(f"view '{view.key}': {problem[1]} — {problem[2]}")
    title = view.title or default_title(cat, view)
    if isinstance(view, FilteredView):
        computed = _filtered(ws, cat, view, title)  # drawn as its base is: direction, separations, hints
    elif isinstance(view, ImageView):  # a picture, not a graph: nothing to lay out (render/image.py draws it)
        computed = ComputedView(key=view.key, type=view.type, title=title, description=view.description,
                                scope=view.element)
    else:
        if isinstance(view, DynamicView):
            computed = compute_dynamic(cat, view, title)
        elif isinstance(view, DeploymentView):
            computed = compute_deployment(cat, view, title)
        else:
            computed = compute_static(cat, view, title)
        hints = tuple(ComputedHint(h.kind, tuple(h.elements), h.ordered) for h in view.layout_hints)
        computed = replace(computed, rank_separation=view.rank_separation,
                           node_separation=view.node_separation, hints=hints)
    return replace(computed, edges=tuple(uniquify(computed.edges)))


def default_title(cat: Catalog, view: View) -> str:
    """``Shop — Containers``, ``Deployment — Live``, ... for views authored without a title."""
    def name(element_id: str | None) -> str:
        return cat.index.display_name(element_id) if element_id else ""

    if isinstance(view, SystemLandscapeView):
        return "System Landscape"
    if isinstance(view, CustomView):
        return "Custom"
    if isinstance(view, SystemContextView):
        return f"{name(view.software_system)} — System Context"
    if isinstance(view, ContainerView):
        return f"{name(view.software_system)} — Containers"
    if isinstance(view, ComponentView):
        return f"{name(view.container)} — Components"
    if isinstance(view, DynamicView):
        return f"{name(view.scope)} — Dynamic" if view.scope else "Dynamic"
    if isinstance(view, DeploymentView):
        about = f"{name(view.software_system)} — " if view.software_system else ""
        return f"{about}Deployment — {view.environment}"
    if isinstance(view, ImageView):
        return f"{name(view.element)} — Image" if view.element else "Image"
    return f"{view.base} (filtered)"


def _filtered(ws: Workspace, cat: Catalog, view: FilteredView, title: str) -> ComputedView:
    """The base view, keeping (``include``) or dropping (``exclude``) what carries the tags.

    In ``include`` mode an edge between kept nodes stays unless the tags name
    relationship tags too, in which case only edges carrying one of them stay.
    """
    base_spec = next((v for v in ws.effective_views() if v.key == view.base), None)
    if base_spec is None or isinstance(base_spec, FilteredView | ImageView):
        why = "is not a view of the workspace" if base_spec is None else f"is itself a {base_spec.type} view"
        raise RenderError(
            f"view '{view.key}': base view '{view.base}' {why} — filter a landscape, context, "
            "container, component, dynamic or deployment view"
        )
    base = compute_view(ws, base_spec, cat)
    tags = set(view.tags)

    def hit(item_tags: tuple[str, ...]) -> bool:
        return bool(tags.intersection(item_tags))

    def keep(item_tags: tuple[str, ...]) -> bool:
        return hit(item_tags) == (view.mode == "include")

    nodes = [n for n in base.nodes if keep(n.tags)]
    node_ids = {n.id for n in nodes}
    boundaries = _nonempty_boundaries(base, node_ids)
    visible = node_ids | {b.id for b in boundaries}
    edge_tags_named = view.mode == "include" and any(hit(e.tags) for e in base.edges)
    edges = [
        e for e in base.edges
        if e.source in visible and e.destination in visible
        and (keep(e.tags) if view.mode == "exclude" or edge_tags_named else True)
    ]
    description = view.description or filtered_description(view, base)
    notes = base.notes
    if view.layout_hints or view.rank_separation is not None or view.node_separation is not None:
        notes += (f"view '{view.key}': a filtered view is drawn with its base view's layout: its own hints and "
                  f"separations are not used — move them to view '{view.base}'",)
    return replace(
        base, key=view.key, type=view.type, title=title, description=description,
        nodes=tuple(nodes), edges=tuple(sorted(edges, key=edge_sort_key)), boundaries=tuple(boundaries),
        notes=notes,
    )


def filtered_description(view: FilteredView, base: ComputedView) -> str:
    """A filtered view's own default description, never its base view's (which may describe what the
    filter leaves out): ``Shop — Containers: only what is tagged Queue.``"""
    tags = " or ".join(view.tags) or "(no tag)"
    keeps = "only what is tagged" if view.mode == "include" else "without what is tagged"
    return f"{base.title}: {keeps} {tags}."


def _nonempty_boundaries(base: ComputedView, node_ids: set[str]) -> list[ComputedBoundary]:
    parents = {b.id: b.parent for b in base.boundaries}
    used: set[str] = set()
    for node in base.nodes:
        if node.id not in node_ids:
            continue
        current = node.parent
        while current is not None and current not in used:
            used.add(current)
            current = parents.get(current)
    return [b for b in base.boundaries if b.id in used]
