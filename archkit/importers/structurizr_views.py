"""Structurizr views -> archkit views: scopes, element lists, dynamic steps, layout direction and separations.

Structurizr stores each view *expanded*: the ids of the elements and
relationships it shows. archkit stores what to include. The importer writes
``include: ["*"]`` when archkit's default content of the view is exactly the
listed elements (so the view follows the model as it grows), and the sorted
list of ids otherwise. A relationship the Structurizr view leaves out between
two elements it shows is excluded by id when archkit can name it (``a->b``
ids); otherwise a warning says it will be drawn.

Dynamic views become steps in their ``order``: ``1``, ``2``, ... are steps;
``2a``, ``2b`` (or ``2a.1``, ``2a.2``) are parallel branches, as archkit numbers
them; a ``response`` runs the relationship backwards. Views are kept in their
``order``. An image view keeps its picture as a reference (``structurizr_images.py``); animation steps
are kept (their elements; the relationships each step shows follow from them). Positions and paper
sizes have no archkit equivalent and are reported.
"""

from __future__ import annotations

import itertools
import re
from typing import Any

from pydantic import TypeAdapter

from archkit.importers.notes import Notes
from archkit.importers.properties import read_properties
from archkit.importers.structurizr_images import image_view
from archkit.importers.structurizr_index import RawIndex, natural
from archkit.importers.structurizr_relationships import root_of
from archkit.importers.vocabulary import DIRECTIONS_IN, SEQUENCE_PROPERTY, VIEW_COLLECTIONS
from archkit.model import DeploymentView, View, Workspace
from archkit.model.views import MAX_SEPARATION, _branch_letter
from archkit.views import Catalog, ComputedView, compute_view
from archkit.views.selection import Entries, excluded

_VIEW = TypeAdapter(View)
_STEP = re.compile(r"^(\d+)(?:([a-z]+)(?:\.(\d+))?)?$")
_SCOPE_FIELDS = {
    "system_context": ("softwareSystemId", "software_system"),
    "container": ("softwareSystemId", "software_system"),
    "component": ("containerId", "container"),
    "dynamic": ("elementId", "scope"),
    "deployment": ("softwareSystemId", "software_system"),
}
_MAPPED = {"key", "order", "title", "description", "properties", "softwareSystemId", "containerId", "elementId",
           "environment", "baseViewKey", "mode", "tags", "elements", "relationships", "automaticLayout", "animations",
           "name", "generatedKey"}  # a view's name is Structurizr's own (its type and scope); a generated key is kept
_LAYOUT_DEFAULTS = {"implementation": "Graphviz", "rankSeparation": 300, "nodeSeparation": 300,
                    "edgeSeparation": 0, "vertices": False}
#: Structurizr's view options for the boundaries of elements outside the scope -> the kinds they are about
_BOUNDARIES = {"externalSoftwareSystemBoundariesVisible": ("Software System",),
               "externalContainerBoundariesVisible": ("Container",),
               "externalBoundariesVisible": ("Software System", "Container")}
_UNKEPT = {
    "paperSize": "paper sizes are not kept — archkit sizes each diagram to fit",
    "dimensions": "paper sizes are not kept — archkit sizes each diagram to fit",
}


def import_views(views: dict[str, Any], ws: Workspace, index: RawIndex, notes: Notes) -> list[dict[str, Any]]:
    """archkit view data for every Structurizr view, in the views' ``order``."""
    catalog = Catalog(ws)
    found: list[tuple[float, int, dict[str, Any]]] = []
    for collection, vtype in VIEW_COLLECTIONS.items():
        for raw in views.get(collection) or []:
            order = raw.get("order")
            rank = float(order) if isinstance(order, int | float) else float("inf")
            found.append((rank, len(found), _view(vtype, raw, ws, catalog, index, notes)))
    servers = ((views.get("configuration") or {}).get("properties")) or {}
    for raw in views.get("imageViews") or []:
        order = raw.get("order")
        rank = float(order) if isinstance(order, int | float) else float("inf")
        image = image_view(raw, servers, notes)
        if image is not None:
            found.append((rank, len(found), image))
    return [view for _rank, _n, view in sorted(found, key=lambda t: (t[0], t[1]))]


def _view(vtype: str, raw: dict[str, Any], ws: Workspace, catalog: Catalog, index: RawIndex,
          notes: Notes) -> dict[str, Any]:
    key = str(raw["key"])
    where = f"view '{key}'"
    out: dict[str, Any] = {"type": vtype, "key": key, "title": raw.get("title") or "",
                           "description": raw.get("description") or ""}
    if vtype in _SCOPE_FIELDS and raw.get(_SCOPE_FIELDS[vtype][0]) is not None:
        out[_SCOPE_FIELDS[vtype][1]] = raw[_SCOPE_FIELDS[vtype][0]]
    if vtype == "deployment":
        out["environment"] = raw["environment"]
    if vtype == "filtered":
        out.update(base=raw.get("baseViewKey"), mode=str(raw.get("mode") or "Include").lower(),
                   tags=list(raw.get("tags") or []))
    _layout(raw, out, key, notes)
    steps = sorted(raw.get("animations") or [], key=lambda a: a.get("order") or 0)
    if any(step.get("elements") for step in steps):  # kept for the exports; archkit draws the whole view
        out["animation"] = [sorted((str(e) for e in step.get("elements") or []), key=natural) for step in steps]
    props, extras = read_properties(raw, where, notes)
    if vtype == "dynamic" and SEQUENCE_PROPERTY in props:
        _sequence_hint(props.pop(SEQUENCE_PROPERTY), out, where, notes)
    for field, text in _UNKEPT.items():
        if raw.get(field):
            notes.gather(text, key)
    for field in sorted(set(raw) - _MAPPED - set(_UNKEPT)):
        if field in _BOUNDARIES:
            if raw[field] is False and _hidden_boundary(_BOUNDARIES[field], raw, index):
                notes.gather(f"view option '{field}' is not kept — archkit draws the boundaries of the "
                             "elements it shows", key)
        elif _meaningful(field, raw[field], index):
            notes.gather(f"view option '{field}' is not kept — archkit has no such option", key)
    if vtype == "dynamic":
        out["steps"] = _steps(raw, index, key, notes)
        extra = sorted({e["id"] for e in raw.get("elements") or []} - _participants(out["steps"]), key=natural)
        if extra:
            out["include"] = ["*", *extra]
    elif vtype != "filtered":
        elements = [str(e["id"]) for e in raw.get("elements") or []]
        listed = {str(r["id"]) for r in raw.get("relationships") or []}
        listed |= {root.id for root in (root_of(index, index.relationships[r]) for r in listed) if root}
        out["include"], out["exclude"] = infer_selection(ws, catalog, out, elements, listed, notes)
    for field in ("include", "exclude", "layout_hints", "rank_separation", "node_separation", "direction",
                  *(("steps", "style") if vtype == "dynamic" else ())):
        if field in extras:
            out[field] = extras.pop(field)
    for field in sorted(extras):
        notes.warn(where, f"property 'archkit.json.{field}' names no view field", "ignored")
    return out


def _sequence_hint(value: str, out: dict[str, Any], where: str, notes: Notes) -> None:
    """Structurizr's ``plantuml.sequenceDiagram`` view property as the view's style."""
    if value.strip().lower() in ("true", "false"):
        out["style"] = "sequence" if value.strip().lower() == "true" else "collaboration"
    else:
        notes.warn(where, f"property '{SEQUENCE_PROPERTY}' is '{value}', not true or false", "drawn as a collaboration")


def _meaningful(field: str, value: Any, index: RawIndex) -> bool:
    if field == "enterpriseBoundaryVisible":
        return bool(value) and any(e.data.get("location") == "Internal" for e in index.elements.values())
    return value not in (None, "", [], {})


def _hidden_boundary(kinds: tuple[str, ...], raw: dict[str, Any], index: RawIndex) -> bool:
    """True when the view shows an element inside a software system or container (of ``kinds``) that is
    neither the view's scope nor around it: archkit draws that boundary, Structurizr hides it when the
    view's ``external...BoundariesVisible`` option is false (its default)."""
    around: set[str] = set()
    scope = raw.get("softwareSystemId") or raw.get("containerId") or raw.get("elementId")
    while isinstance(scope, str) and scope in index.elements and scope not in around:
        around.add(scope)
        scope = index.elements[scope].parent
    for entry in raw.get("elements") or []:
        element = index.elements.get(str(entry.get("id"))) if isinstance(entry, dict) else None
        parent = index.elements.get(element.parent) if element is not None and element.parent else None
        if parent is not None and parent.id not in around and parent.kind in kinds:
            return True
    return False


def _layout(raw: dict[str, Any], out: dict[str, Any], key: str, notes: Notes) -> None:
    layout = raw.get("automaticLayout")
    if layout is None:
        if any(e.get("x") or e.get("y") for e in raw.get("elements") or []):  # Structurizr writes 0, 0 for none
            notes.gather("manual element positions are not kept — archkit lays views out automatically", key)
        return
    out["direction"] = DIRECTIONS_IN.get(str(layout.get("rankDirection")), "TB")
    for field, name in (("rank_separation", "rankSeparation"), ("node_separation", "nodeSeparation")):
        value = layout.get(name, _LAYOUT_DEFAULTS[name])
        if value != _LAYOUT_DEFAULTS[name] and isinstance(value, int | float) and 0 <= value <= MAX_SEPARATION:
            out[field] = round(value)
        elif value != _LAYOUT_DEFAULTS[name]:
            notes.gather(f"automatic layout {name} {value!r} is not kept — archkit takes 0 to {MAX_SEPARATION}", key)
    others = [(k, v) for k, v in _LAYOUT_DEFAULTS.items() if k not in ("rankSeparation", "nodeSeparation")]
    dsl_defaults = {"implementation": "Graphviz", "edgeSeparation": 50, "vertices": True}  # the DSL's autoLayout
    if any(layout.get(k, v) != v for k, v in others) and any(layout.get(k, dsl_defaults[k]) != dsl_defaults[k]
                                                             for k, _v in others):
        notes.gather("automatic layout settings other than direction and separations are not kept — archkit "
                     "picks its own", key)
    if any(r.get("vertices") or r.get("routing") or r.get("position") is not None
           for r in raw.get("relationships") or []):
        notes.gather("relationship routing and vertices are not kept — archkit routes edges itself", key)


def shown_elements(view: ComputedView, deployment: bool) -> set[str]:
    """The element ids Structurizr lists for a computed view (deployment views list their nodes too)."""
    shown = set(view.node_ids)
    if deployment:
        shown.update(b.id for b in view.boundaries if b.kind != "Group")
    return shown


def infer_selection(ws: Workspace, catalog: Catalog, data: dict[str, Any], elements: list[str],
                    listed: set[str] | None, notes: Notes | None) -> tuple[list[str], list[str]]:
    """``(include, exclude)`` of a static or deployment view that shows ``elements``.

    ``listed`` are the relationship ids the Structurizr view shows (None: all of them).
    """
    star = _VIEW.validate_python({**data, "include": ["*"], "exclude": []})
    deployment = isinstance(star, DeploymentView)
    if shown_elements(compute_view(ws, star, catalog), deployment) == set(elements):
        include, chosen = ["*"], star
    else:
        include = sorted(dict.fromkeys(elements), key=natural)
        chosen = _VIEW.validate_python({**data, "include": include, "exclude": []})
    exclude: list[str] = []
    if listed is None:
        return include, exclude
    computed = compute_view(ws, chosen, catalog)
    unnamed: list[str] = []
    for edge in computed.edges:
        hidden = [r for r in edge.relationships if r not in listed]
        if edge.implied or not hidden:
            continue
        exclude += [r for r in hidden if "->" in r]
        unnamed += [r for r in hidden if "->" not in r]
    tags, left = _hiding_tags(catalog, computed, unnamed, listed)
    exclude += [f"tag:{t}" for t in tags]
    for rel in left:
        if notes is not None:
            notes.gather(f"relationship '{rel}' is hidden in Structurizr — archkit shows it (exclude names a "
                         "relationship by an id with '->', or by a tag only it carries in the view)", str(data["key"]))
    return include, exclude


def _hiding_tags(catalog: Catalog, view: ComputedView, hidden: list[str],
                 listed: set[str]) -> tuple[list[str], list[str]]:
    """Tags that exclude the ``hidden`` relationships a view cannot name by an ``a->b`` id (one of two between
    the same elements: Structurizr's ``exclude relationship.tag==X``), and those no tag can: a tag qualifies when
    no relationship the view shows and no element it shows (or an element it is nested in) carries it."""
    shown_tags = {t for edge in view.edges for r in edge.relationships if r in listed
                  for t in catalog.by_relationship_id[r].tags}
    shown = [*view.node_ids, *(b.id for b in view.boundaries)]
    tags: list[str] = []
    left: list[str] = []
    for rel_id in hidden:
        own = catalog.by_relationship_id[rel_id].tags
        if any(t in tags for t in own):
            continue
        safe = [t for t in own if t not in shown_tags
                and not any(excluded(catalog, e, Entries(tags=frozenset({t}))) for e in shown)]
        (tags.append(safe[0]) if safe else left.append(rel_id))
    return tags, left


def _steps(raw: dict[str, Any], index: RawIndex, key: str, notes: Notes) -> list[Any]:
    items = sorted(_lettered(raw.get("relationships") or []), key=lambda r: natural(str(r.get("order") or "")))
    steps: list[Any] = []
    open_parallel: tuple[str, dict[str, list[dict[str, Any]]]] | None = None
    seen: set[str] = set()
    for item in items:
        rel = index.relationships[item["id"]]
        source, destination = (rel.destination, rel.source) if item.get("response") else (rel.source, rel.destination)
        _props, extras = read_properties(item, f"view '{key}': step {item.get('order', '')}", notes)
        description = item.get("description") or extras.get("description")  # the DSL export's, see export/dsl.py
        step = {"source": source, "destination": destination, "description": description or "",
                "technology": item.get("technology") or ""}
        order = str(item.get("order") or "")
        match = _STEP.match(order)
        if match is None or (match.group(2) is None and order in seen):
            notes.gather("step numbers archkit does not use (custom or repeated) are renumbered 1, 2, 3 ...",
                         f"view '{key}'")
        seen.add(order)
        if match is None or match.group(2) is None:
            steps.append(step)
            open_parallel = None
            continue
        number, branch = match.group(1), match.group(2)
        if open_parallel is None or open_parallel[0] != number:
            open_parallel = (number, {})
            steps.append({"parallel": open_parallel[1]})
        open_parallel[1].setdefault(branch, []).append(step)
    return [{"parallel": list(s["parallel"].values())} if "parallel" in s else s for s in steps]


def _lettered(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Structurizr's parallel sequences as archkit numbers them. Structurizr numbers each branch of a
    parallel block (the DSL's ``{ {a; b} {c} }``) from the block's number, in the order written: 5, 6, 5.
    A number met again, with only larger ones since, starts another branch of the block begun there; the
    last branch is at most as long as the longest before it. The steps become 5a.1, 5a.2, 5b (archkit's
    ``2a``/``2a.1`` numbers; orders that are not all whole numbers are left as they are)."""
    orders = [str(i.get("order") or "") for i in items]
    if not all(o.isdigit() for o in orders) or len(set(orders)) == len(orders):
        return items
    values = [int(o) for o in orders]
    out = [dict(i) for i in items]
    at = 0
    while at < len(values):
        starts, scan = [at], at + 1
        while scan < len(values) and values[scan] >= values[at]:
            if values[scan] == values[at]:
                starts.append(scan)
            scan += 1
        if len(starts) == 1:
            at += 1
            continue
        longest = max(b - a for a, b in itertools.pairwise(starts))
        end = starts[-1] + 1
        while end < len(values) and end - starts[-1] < longest and values[end] == values[end - 1] + 1:
            end += 1
        for n, (first, last) in enumerate(zip(starts, [*starts[1:], end], strict=True)):
            for i in range(first, last):
                out[i]["order"] = f"{values[at]}{_branch_letter(n)}" + (f".{i - first + 1}" if last - first > 1 else "")
        at = end
    return out


def _participants(steps: list[Any]) -> set[str]:
    out: set[str] = set()
    for s in steps:
        for st in (x for branch in s["parallel"] for x in branch) if "parallel" in s else [s]:
            out.update((st["source"], st["destination"]))
    return out
