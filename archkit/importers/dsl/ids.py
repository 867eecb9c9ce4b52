"""DSL identifiers as archkit ids: ``customer``, ``shop.api`` instead of Structurizr's ``"1"``, ``"7"``.

Structurizr numbers its elements; a DSL author names them. ``archkit import workspace.dsl`` and every
command reading a ``.dsl`` use the author's names: each element with an identifier (its
``structurizr.dsl.identifier`` property) that is a valid archkit id takes it as its id, and every
reference to it in the workspace JSON follows. Elements without one (anonymous in the DSL) keep
Structurizr's numbers, which no identifier can take (an all-digit identifier keeps its number too).
A relationship takes archkit's own form of id, ``source->destination``, when it is the only one
between its two elements (a view can then exclude it by that id); others keep their numbers.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from archkit.ids import is_valid_id
from archkit.importers.structurizr_index import natural

_IDENTIFIER = "structurizr.dsl.identifier"
_CHILDREN = ("containers", "components", "children", "infrastructureNodes", "softwareSystemInstances",
             "containerInstances")
_ELEMENT_REFERENCES = ("containerId", "softwareSystemId", "sourceId", "destinationId", "elementId")


def readable_ids(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (Structurizr workspace JSON) with elements renamed to their DSL identifiers, in place."""
    elements = list(_elements(data.get("model") or {}))
    renames: dict[str, str] = {}
    for element in elements:
        ident = str((element.get("properties") or {}).get(_IDENTIFIER) or "")
        if ident and not ident.isdigit() and is_valid_id(ident) and ident not in renames.values():
            renames[str(element["id"])] = ident
    for element in elements:
        new = renames.get(str(element["id"]))
        if new is not None:
            element["id"] = new
            del element["properties"][_IDENTIFIER]
            if not element["properties"]:
                del element["properties"]
        _follow(element, renames)
        for rel in element.get("relationships") or []:
            _follow(rel, renames)
    relationships = [r for e in elements for r in e.get("relationships") or []]
    pairs = [(str(r.get("sourceId")), str(r.get("destinationId"))) for r in relationships]
    taken = {str(e["id"]) for e in elements}
    counts = Counter(pairs)
    rel_renames = {str(r["id"]): f"{a}->{b}" for r, (a, b) in zip(relationships, pairs, strict=True)
                   if counts[(a, b)] == 1 and f"{a}->{b}" not in taken}
    order = [rel_renames.get(str(r["id"]), str(r["id"]))
             for r in sorted(relationships, key=lambda r: natural(str(r["id"])))]
    for rel in relationships:
        rel["id"] = rel_renames.get(str(rel["id"]), rel["id"])
        _follow(rel, rel_renames, ("linkedRelationshipId",))
    if rel_renames:  # the order Structurizr made them in (archkit keeps relationships in id order otherwise)
        data.setdefault("properties", {})["archkit.json.relationship_order"] = json.dumps(order)
    for collection, views in (data.get("views") or {}).items():
        if collection == "configuration":
            continue
        for view in views:
            for item in view.get("relationships") or []:
                _follow(item, rel_renames, ("id",))
            _follow(view, renames)
            for item in view.get("elements") or []:
                _follow(item, renames, ("id",))
            for step in view.get("animations") or []:
                step["elements"] = [renames.get(str(e), e) for e in step.get("elements") or []]
    return data


def _follow(item: dict[str, Any], renames: dict[str, str], keys: tuple[str, ...] = _ELEMENT_REFERENCES) -> None:
    for key in keys:
        if key in item and str(item[key]) in renames:
            item[key] = renames[str(item[key])]


def _elements(model: dict[str, Any]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    pending = [e for value in model.values() if isinstance(value, list) for e in value if isinstance(e, dict)]
    while pending:
        element = pending.pop(0)
        out.append(element)
        pending[:0] = [c for key in _CHILDREN for c in element.get(key) or [] if isinstance(c, dict)]
    return out
