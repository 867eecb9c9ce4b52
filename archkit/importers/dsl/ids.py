"""DSL identifiers as archkit ids: ``customer``, ``shop.api`` instead of Structurizr's ``"1"``, ``"7"``.

Structurizr numbers its elements; a DSL author names them. ``archkit import workspace.dsl`` and every
command reading a ``.dsl`` use the author's names: each element with an identifier (its
``structurizr.dsl.identifier`` property) that is a valid archkit id takes it as its id, and every
reference to it in the workspace JSON follows. Elements without one (anonymous in the DSL) keep
Structurizr's numbers, which no identifier can take (an all-digit identifier keeps its number too).
A relationship takes archkit's own form of id, ``source->destination``, when it is the only one
between its two elements (a view can then exclude it by that id); others keep their numbers.

archkit's own DSL export says what these rules would not give back (:mod:`archkit.export.dsl_ids`): the
workspace property ``archkit.json.ids`` maps an identifier to the id of its element or relationship, and
``archkit.json.identifiers`` to the ``structurizr.dsl.identifier`` it had; so ``export --to dsl`` and an
import give the same workspace.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from typing import Any

from archkit.ids import is_valid_id, slugify
from archkit.importers.structurizr_index import natural

_IDENTIFIER = "structurizr.dsl.identifier"
_IDS = "archkit.json.ids"
_IDENTIFIERS = "archkit.json.identifiers"
_CHILDREN = ("containers", "components", "children", "infrastructureNodes", "softwareSystemInstances",
             "containerInstances")
_ELEMENT_REFERENCES = ("containerId", "softwareSystemId", "sourceId", "destinationId", "elementId")


def readable_ids(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` (Structurizr workspace JSON) with elements renamed to their DSL identifiers, in place."""
    elements = list(_elements(data.get("model") or {}))
    props = data.get("properties") or {}
    own, kept = _mapping(props.pop(_IDS, None)), _mapping(props.pop(_IDENTIFIERS, None))
    relationships = [r for e in elements for r in e.get("relationships") or []]
    keep = [(item, kept[ident]) for item in [*elements, *relationships]
            if (ident := str((item.get("properties") or {}).get(_IDENTIFIER))) in kept]
    renames = _renamed(elements, own)
    named = _named_anonymous(elements)
    for element in elements:
        ident = str((element.get("properties") or {}).get(_IDENTIFIER) or "")
        if str(element["id"]) in renames:
            continue
        ident = named.get(str(element["id"]), ident)
        if ident and not ident.isdigit() and is_valid_id(ident) and ident not in renames.values():
            renames[str(element["id"])] = ident
            del element["properties"][_IDENTIFIER]
    _clear(elements, renames)
    for element in elements:
        element["id"] = renames.get(str(element["id"]), element["id"])
        _follow(element, renames)
        for rel in element.get("relationships") or []:
            _follow(rel, renames)
    pairs = [(str(r.get("sourceId")), str(r.get("destinationId"))) for r in relationships]
    rel_renames = _renamed(relationships, own)
    taken = {str(e["id"]) for e in elements} | set(rel_renames.values())
    # the one relationship written between two elements, beside those Structurizr replicated there (archkit's
    # import skips these, and its DSL export counts only the written ones)
    counts = Counter(pair for r, pair in zip(relationships, pairs, strict=True) if "linkedRelationshipId" not in r)
    static = {str(e["id"]) for e in elements if "environment" not in e}  # an implied one there is kept as written
    counts.update(pair for r, pair in zip(relationships, pairs, strict=True)
                  if "linkedRelationshipId" in r and counts[pair] and pair[0] in static)
    rel_renames.update({str(r["id"]): f"{a}->{b}" for r, (a, b) in zip(relationships, pairs, strict=True)
                        if "linkedRelationshipId" not in r and counts[(a, b)] == 1 and f"{a}->{b}" not in taken
                        and str(r["id"]) not in rel_renames})
    _clear(relationships, rel_renames, {str(e["id"]) for e in elements})
    for item, ident in keep:
        item.setdefault("properties", {})[_IDENTIFIER] = ident
    for item in [*elements, *relationships]:
        if "properties" in item and not item["properties"]:
            del item["properties"]
    order = [rel_renames.get(str(r["id"]), str(r["id"]))
             for r in sorted(relationships, key=lambda r: natural(str(r["id"])))]
    for rel in relationships:
        rel["id"] = rel_renames.get(str(rel["id"]), rel["id"])
        _follow(rel, rel_renames, ("linkedRelationshipId",))
    if rel_renames:  # the order Structurizr made them in (archkit keeps relationships in id order otherwise),
        # unless the file states the model's own (archkit's DSL export, which writes them in another order)
        data.setdefault("properties", {}).setdefault("archkit.json.relationship_order", json.dumps(order))
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


def _named_anonymous(elements: list[dict[str, Any]]) -> dict[str, str]:
    """Element id -> a readable id for a hierarchical identifier under anonymous parents (``~1.~2.webInstance``,
    an instance in a deployment node without an identifier): the identifier without those segments, or, where
    two would be the same (the same name in two environments), with the environment's name in front."""
    plain: list[str] = []
    wanted: dict[str, tuple[str, str]] = {}
    for element in elements:
        ident = str((element.get("properties") or {}).get(_IDENTIFIER) or "")
        if "~" not in ident:
            plain.append(ident.lower())
            continue
        short = ".".join(part for part in ident.split(".") if not part.startswith("~"))
        if short:
            wanted[str(element["id"])] = (short, str(element.get("environment") or ""))
    counts = Counter([*plain, *(short.lower() for short, _env in wanted.values())])
    out: dict[str, str] = {}
    for element_id, (short, environment) in wanted.items():
        if counts[short.lower()] > 1 and environment:
            short = f"{slugify(environment)}.{short}"
        if counts[short.lower()] <= 1 and short.lower() not in {v.lower() for v in out.values()}:
            out[element_id] = short
    return out


def _mapping(value: Any) -> dict[str, str]:
    """The identifier -> text map a workspace property of archkit's DSL export holds (nothing when it is not one)."""
    try:
        found = json.loads(value) if isinstance(value, str) else None
    except json.JSONDecodeError:
        return {}
    return {str(k): v for k, v in found.items() if isinstance(v, str)} if isinstance(found, dict) else {}


def _renamed(items: list[dict[str, Any]], own: dict[str, str]) -> dict[str, str]:
    """Structurizr id -> the id ``archkit.json.ids`` gives an item's identifier (the identifier property dropped)."""
    out: dict[str, str] = {}
    for item in items:
        props = item.get("properties") or {}
        new = own.get(str(props.get(_IDENTIFIER)))
        if new is not None and is_valid_id(new) and new not in out.values():
            out[str(item["id"])] = new
            del props[_IDENTIFIER]
    return out


def _clear(items: list[dict[str, Any]], renames: dict[str, str], others: Iterable[str] = ()) -> None:
    """Give a new number to an item that keeps an id another item is renamed to or holds (a relationship
    Structurizr derived, say, whose number ``archkit.json.ids`` gives a written one), so ids stay unique."""
    wanted = set(renames.values()) | set(others)
    numbers = [int(str(i["id"])) for i in items if str(i["id"]).isdigit()]
    free = max([*numbers, *(int(w) for w in wanted if w.isdigit())], default=0) + 1
    for item in items:
        if str(item["id"]) not in renames and str(item["id"]) in wanted:
            renames[str(item["id"])] = str(free)
            free += 1


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
