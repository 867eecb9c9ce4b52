"""The Structurizr JSON of views, styles and documentation (see :mod:`archkit.export.structurizr_json`).

Each part is written natively first; then the importer's own reading of it is
compared with the archkit original, and only where the two differ is the
archkit value added under an ``archkit.json.*`` property. That keeps the JSON clean
for Structurizr and the round trip exact.
"""

from __future__ import annotations

from typing import Any

from archkit.export.image_views import json_image_view, servers
from archkit.importers.derived import DerivedRelationship
from archkit.importers.notes import Notes
from archkit.importers.properties import write_properties
from archkit.importers.structurizr_extras import arc42_from_documentation, import_styles
from archkit.importers.structurizr_index import natural
from archkit.importers.structurizr_views import infer_selection, shown_elements
from archkit.importers.vocabulary import BORDERS_OUT, DIRECTIONS_OUT, SEQUENCE_PROPERTY, SHAPES_OUT, STATUSES_OUT
from archkit.model import (
    Arc42,
    ComponentView,
    ContainerView,
    DeploymentView,
    DynamicStep,
    DynamicView,
    FilteredView,
    ImageView,
    Relationship,
    Styles,
    SystemContextView,
    View,
    Workspace,
)
from archkit.views import Catalog, compute_view

_COLLECTIONS = {
    "system_landscape": "systemLandscapeViews", "system_context": "systemContextViews",
    "container": "containerViews", "component": "componentViews", "dynamic": "dynamicViews",
    "deployment": "deploymentViews", "filtered": "filteredViews", "custom": "customViews",
}
_LAYOUT = {"implementation": "Graphviz", "rankSeparation": 300, "nodeSeparation": 300, "edgeSeparation": 0,
           "vertices": False}

Rel = Relationship | DerivedRelationship


def export_views(ws: Workspace, derived: list[DerivedRelationship]) -> dict[str, Any]:
    """``{"systemContextViews": [...], ...}`` for the workspace's own views, in order (none when it has
    none: archkit's default views are archkit's, not the workspace's)."""
    catalog = Catalog(ws)
    rels: list[Rel] = [*ws.model.relationships, *derived]
    roots = _roots(ws, derived)
    out: dict[str, Any] = {}
    known = servers(ws)
    for order, view in enumerate(ws.views, start=1):
        if isinstance(view, ImageView):
            out.setdefault("imageViews", []).append(json_image_view(view, order, known))
            continue
        data = _common(view, order)
        extras: dict[str, Any] = {}
        if isinstance(view, DynamicView):
            _dynamic(ws, catalog, view, rels, data, extras)
        elif isinstance(view, FilteredView):
            data.update(baseViewKey=view.base, mode=view.mode.capitalize(), tags=list(view.tags))
            if (view.include, view.exclude) != (["*"], []):
                extras.update(include=view.include, exclude=view.exclude)
        else:
            _listed(ws, catalog, view, rels, roots, data, extras)
        if view.animation and isinstance(view, DynamicView | FilteredView):  # Structurizr animates neither
            extras["animation"] = view.animation
        elif view.animation:
            data["animations"] = _animations(view, data, rels)
        extras.update(_layout_extras(view))
        props, _perspectives = write_properties(view_properties(view), extras)
        if props:
            data["properties"] = props
        out.setdefault(_COLLECTIONS[view.type], []).append(data)
    if known:  # the diagram servers of the image views: view configuration properties
        out["configuration"] = {"properties": known}
    return out


def _animations(view: View, data: dict[str, Any], rels: list[Rel]) -> list[dict[str, Any]]:
    """Structurizr's animation steps: the elements each adds, and the view's relationships it shows first
    (both ends shown by then), as Structurizr's DSL parser lists them."""
    ends = {r.id: (r.source, r.destination) for r in rels if r.id}
    listed = [str(item["id"]) for item in data.get("relationships") or []]
    seen: set[str] = set()
    shown: set[str] = set()
    out = []
    for n, step in enumerate(view.animation, start=1):
        seen.update(step)
        new = [r for r in listed if r not in shown and r in ends and ends[r][0] in seen and ends[r][1] in seen]
        shown.update(new)
        out.append({"order": n, "elements": list(step), **({"relationships": new} if new else {})})
    return out


def view_properties(view: View) -> dict[str, str]:
    """A view's Structurizr properties: ``plantuml.sequenceDiagram`` for a dynamic view drawn as a sequence
    diagram (Structurizr's own hint, read by its PlantUML exporters)."""
    return {SEQUENCE_PROPERTY: "true"} if isinstance(view, DynamicView) and view.style == "sequence" else {}


def _roots(ws: Workspace, derived: list[DerivedRelationship]) -> dict[str, str]:
    """Derived relationship id -> the stored relationship it comes from."""
    linked = {d.id: d.linked for d in derived}
    out: dict[str, str] = {}
    for d in derived:
        current = d.id
        while current in linked:
            current = linked[current]
        out[d.id] = current
    return out


def _common(view: View, order: int) -> dict[str, Any]:
    data: dict[str, Any] = {"key": view.key, "order": order}
    if view.title:
        data["title"] = view.title
    if view.description:
        data["description"] = view.description
    if isinstance(view, SystemContextView | ContainerView) or (
            isinstance(view, DeploymentView) and view.software_system):
        data["softwareSystemId"] = view.scope
    if isinstance(view, ComponentView):
        data["containerId"] = view.container
    if isinstance(view, DynamicView) and view.scope:
        data["elementId"] = view.scope
    if isinstance(view, DeploymentView):
        data["environment"] = view.environment
    if not isinstance(view, FilteredView):
        data["automaticLayout"] = {
            "rankDirection": DIRECTIONS_OUT[view.direction], **_LAYOUT,
            "rankSeparation": _LAYOUT["rankSeparation"] if view.rank_separation is None else view.rank_separation,
            "nodeSeparation": _LAYOUT["nodeSeparation"] if view.node_separation is None else view.node_separation,
        }
    return data


def _layout_extras(view: View) -> dict[str, Any]:
    """What ``automaticLayout`` cannot say: relative placements, a separation set to Structurizr's own
    default (read back as unset otherwise), a filtered view's layout (Structurizr's has none)."""
    out: dict[str, Any] = {}
    if view.layout_hints:
        out["layout_hints"] = [h.dump() for h in view.layout_hints]
    for field, key in (("rank_separation", "rankSeparation"), ("node_separation", "nodeSeparation")):
        value = getattr(view, field)
        if value is not None and (isinstance(view, FilteredView) or value == _LAYOUT[key]):
            out[field] = value
    if isinstance(view, FilteredView) and view.direction != "TB":
        out["direction"] = view.direction
    return out


def _archkit_form(view: View) -> dict[str, Any]:
    return {"type": view.type, **view.model_dump(mode="json", by_alias=True)}


def _listed(ws: Workspace, catalog: Catalog, view: View, rels: list[Rel], roots: dict[str, str],
            data: dict[str, Any], extras: dict[str, Any]) -> None:
    computed = compute_view(ws, view, catalog)
    shown = shown_elements(computed, isinstance(view, DeploymentView))
    hidden_ids = {r for r in view.exclude if "->" in r}
    hidden_tags = {t[4:] for t in view.exclude if t.startswith("tag:")}
    drawn = {r for e in computed.edges for r in e.relationships}
    listed = [r for r in rels if r.source in shown and r.destination in shown and r.id not in hidden_ids
              and not (isinstance(r, Relationship) and hidden_tags.intersection(r.all_tags))
              and (isinstance(r, DerivedRelationship) or r.id in drawn)]
    data["elements"] = [{"id": e} for e in sorted(shown, key=natural)]
    data["relationships"] = [{"id": r.id} for r in listed if r.id]
    listed_ids = {str(r.id) for r in listed} | {roots.get(str(r.id), str(r.id)) for r in listed}
    expected = infer_selection(ws, catalog, _archkit_form(view), sorted(shown), listed_ids, None)
    if expected != (view.include, view.exclude):
        extras.update(include=view.include, exclude=view.exclude)


def _dynamic(ws: Workspace, catalog: Catalog, view: DynamicView, rels: list[Rel], data: dict[str, Any],
             extras: dict[str, Any]) -> None:
    computed = compute_view(ws, view, catalog)
    items: list[dict[str, Any]] = []
    for number, step in view.numbered_steps():
        item = _step_item(step, rels)
        if item is not None:
            items.append({**item, "order": number})
    data["elements"] = [{"id": e} for e in sorted(computed.node_ids, key=natural)]
    data["relationships"] = items
    participants = {e for _n, s in view.numbered_steps() for e in (s.source, s.destination)}
    extra = sorted(set(computed.node_ids) - participants, key=natural)
    if (view.include, view.exclude) != ((["*", *extra] if extra else ["*"]), []):
        extras.update(include=view.include, exclude=view.exclude)
    if len(items) != len(view.numbered_steps()) or not _parallel_shape_kept(view) or any(
            s.response for _n, s in view.numbered_steps()):  # archkit's own response mark: kept as written
        extras["steps"] = [s.model_dump(mode="json") for s in view.steps]


def _step_item(step: DynamicStep, rels: list[Rel]) -> dict[str, Any] | None:
    """The view relationship of one step: the relationship joining its ends, forwards or as a response."""
    for response in (False, True):
        ends = (step.destination, step.source) if response else (step.source, step.destination)
        rel = next((r for r in rels if (r.source, r.destination) == ends and r.id), None)
        if rel is not None:
            item: dict[str, Any] = {"id": rel.id}
            if step.description:
                item["description"] = step.description
            if step.technology:
                item["technology"] = step.technology
            if response:
                item["response"] = True
            return item
    return None


def _parallel_shape_kept(view: DynamicView) -> bool:
    """Numbers ``2a``/``2a.1`` rebuild the same parallel branches (no empty branch or group)."""
    return all(isinstance(s, DynamicStep) or (s.parallel and all(s.parallel)) for s in view.steps)


def export_styles(styles: Styles) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """``(views.configuration, archkit copy or None)``."""
    elements = []
    for s in styles.elements:
        item: dict[str, Any] = {"tag": s.tag}
        if s.shape is not None:
            item["shape"] = SHAPES_OUT[s.shape]
        for key in ("background", "color", "stroke"):
            if getattr(s, key) is not None:
                item[key] = getattr(s, key)
        if s.border is not None:
            item["border"] = BORDERS_OUT[s.border]
        if s.font_size is not None:
            item["fontSize"] = s.font_size
        if s.opacity is not None:
            item["opacity"] = s.opacity
        elements.append(item)
    relationships = []
    for r in styles.relationships:
        rel: dict[str, Any] = {"tag": r.tag}
        if r.color is not None:
            rel["color"] = r.color
        if r.thickness is not None:
            rel["thickness"] = r.thickness
        if r.style is not None:
            rel.update(dashed=r.style != "solid", style=BORDERS_OUT[r.style])
        relationships.append(rel)
    config: dict[str, Any] = {"styles": {"elements": elements, "relationships": relationships}}
    if styles.themes:
        config["themes"] = list(styles.themes)
    if styles.branding:
        font = {k: v for k, v in (("name", styles.branding.get("font")), ("url", styles.branding.get("font_url")))
                if v}
        config["branding"] = {**({"logo": styles.branding["logo"]} if "logo" in styles.branding else {}),
                              **({"font": font} if font else {})}
    if styles.terminology:
        config["terminology"] = dict(styles.terminology)
    again = Styles.model_validate(import_styles(config, Notes("export")))
    return config, None if again == styles else styles.dump()


def export_documentation(arc42: Arc42) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """``(documentation, archkit copy or None)``: sections for the introduction and concepts, decisions."""
    sections = []
    if arc42.introduction:
        sections.append(f"# Introduction and Goals\n\n{arc42.introduction}")
    sections += [f"# {c.title}\n\n{c.body}" for c in arc42.concepts]
    doc: dict[str, Any] = {
        "sections": [{"content": text, "format": "Markdown", "order": n} for n, text in enumerate(sections, 1)],
        "decisions": [_decision(d) for d in arc42.decisions],
    }
    doc = {k: v for k, v in doc.items() if v}
    again = Arc42.model_validate(arc42_from_documentation(doc, Notes("export")))
    return doc, None if again == arc42 else arc42.dump()


def _decision(d: Any) -> dict[str, Any]:
    body = [f"# {d.title}", "## Status", STATUSES_OUT[d.status]]
    body += [f"## {title}\n\n{text}" for title, text in (
        ("Context", d.context), ("Decision", d.decision), ("Consequences", d.consequences)) if text]
    out: dict[str, Any] = {"id": d.id, "title": d.title, "status": STATUSES_OUT[d.status],
                           "content": "\n\n".join(body) + "\n", "format": "Markdown"}
    if d.date is not None:
        out["date"] = d.date.isoformat()
    if len(d.elements) == 1:
        out["elementId"] = d.elements[0]
    return out
