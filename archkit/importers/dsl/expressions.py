"""``include``/``exclude`` expressions of a view: what each one selects from the model.

Supported: ``*``, an element or relationship identifier, ``*->*``, ``a->b``, ``a->``, ``->a``,
``->a->``, ``element==a,b``, ``element.tag==X,Y`` / ``!=``, ``element.type==Container``,
``element.parent==x``, ``element.properties[name]==value``, ``relationship==*``,
``relationship==a->b``, ``relationship.tag==X`` / ``!=``, ``relationship.source==a``,
``relationship.destination==a``, ``relationship.properties[name]==value``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from archkit.importers.dsl.context import Scope, State
from archkit.importers.dsl.workspace import Element

_TYPES = {"person": "Person", "softwaresystem": "Software System", "container": "Container",
          "component": "Component", "deploymentnode": "Deployment Node", "infrastructurenode": "Infrastructure Node",
          "softwaresysteminstance": "Software System Instance", "containerinstance": "Container Instance",
          "element": "Custom", "custom": "Custom"}
_PROPERTY = re.compile(r"^(element|relationship)\.properties\[(.+)\](==|!=)(.*)$", re.IGNORECASE)


@dataclass
class Selection:
    """What an expression names: elements (``named``: by identifier, so an error if not permitted) and
    relationships."""

    elements: list[Element] = field(default_factory=list)
    relationships: list[dict[str, Any]] = field(default_factory=list)
    named: bool = False
    everything: bool = False


def _tags(target: dict[str, Any]) -> set[str]:
    return {t.strip().lower() for t in str(target.get("tags") or "").split(",") if t.strip()}


def select(state: State, expr: str, scope: Scope) -> Selection:
    """The elements and relationships ``expr`` selects (``a && b``: both; ``a || b``: either)."""
    for joiner, both in (("||", False), ("&&", True)):
        if joiner in expr:
            parts = [select(state, part.strip(), scope) for part in expr.split(joiner)]
            return _combine(state, parts, both)
    ws = state.ws
    every = list(ws.elements.values())
    rels = list(ws.relationships.values())
    low = expr.lower()
    if expr == "*":
        return Selection(everything=True)
    if "->" in expr and not low.startswith("relationship"):
        return _arrow(state, expr, scope)
    prop = _PROPERTY.match(expr)
    if prop:
        targets: list[Any] = [e.data for e in every] if prop.group(1).lower() == "element" else rels
        wanted = [t for t in targets
                  if ((t.get("properties") or {}).get(prop.group(2)) == prop.group(4)) == (prop.group(3) == "==")]
        if prop.group(1).lower() == "element":
            return Selection(elements=[ws.elements[t["id"]] for t in wanted])
        return Selection(relationships=wanted)
    for op in ("==", "!="):
        if op in expr:
            key, value = expr.split(op, 1)
            return _property(state, key.lower(), op, value, scope)
    rel = state.rel_ids.get(low)
    if rel is not None:  # a relationship, and those Structurizr derived from it (implied, replicated)
        return Selection(relationships=[rel, *(r for r in rels if r.get("linkedRelationshipId") == rel["id"])])
    group = state.groups.get(low)
    if group is not None:
        return Selection(elements=list(group))
    return Selection(elements=[state.element(expr, scope)], named=True)


def _combine(state: State, parts: list[Selection], both: bool) -> Selection:
    every = list(state.ws.elements.values())
    rels = list(state.ws.relationships.values())
    element_sets = [set(map(id, every if p.everything else p.elements)) for p in parts]
    rel_sets = [set(map(id, rels if p.everything else p.relationships)) for p in parts]
    pick_e = set.intersection(*element_sets) if both else set.union(*element_sets)
    pick_r = set.intersection(*rel_sets) if both else set.union(*rel_sets)
    return Selection(elements=[e for e in every if id(e) in pick_e],
                     relationships=[r for r in rels if id(r) in pick_r])


def _property(state: State, key: str, op: str, value: str, scope: Scope) -> Selection:
    ws = state.ws
    every = list(ws.elements.values())
    rels = list(ws.relationships.values())
    values = [v.strip() for v in value.split(",") if v.strip()]
    negate = op == "!="
    if key == "element":
        chosen = [state.element(v, scope) for v in values]
        return Selection(elements=[e for e in every if (e in chosen) != negate])
    if key == "element.tag":
        return Selection(elements=[e for e in every if any(v.lower() in _tags(e.data) for v in values) != negate])
    if key in ("element.technology", "relationship.technology"):
        targets: list[Any] = [e.data for e in every] if key.startswith("element") else rels
        chosen_data = [t for t in targets if (str(t.get("technology", "")) in values) != negate]
        if key.startswith("element"):
            return Selection(elements=[ws.elements[t["id"]] for t in chosen_data])
        return Selection(relationships=chosen_data)
    if key == "element.type":
        kinds = {_TYPES.get(v.lower().replace(" ", ""), v) for v in values}
        return Selection(elements=[e for e in every if (e.kind in kinds) != negate])
    if key == "element.parent":
        parents = [state.element(v, scope) for v in values]
        return Selection(elements=[e for e in every if (e.parent in parents) != negate])
    if key == "relationship" and value == "*":
        return Selection(relationships=rels)
    if key == "relationship":
        return Selection(relationships=_arrow(state, value, scope).relationships)
    if key == "relationship.tag":
        return Selection(relationships=[r for r in rels if any(v.lower() in _tags(r) for v in values) != negate])
    if key in ("relationship.source", "relationship.destination"):
        end = "sourceId" if key.endswith("source") else "destinationId"
        ids = {state.element(v, scope).id for v in values}
        return Selection(relationships=[r for r in rels if (r[end] in ids) != negate])
    state.fail(f"unknown expression '{key}{op}{value}'",
               "use element.tag, element.type, element.parent, relationship.tag, relationship.source, ...")


def _arrow(state: State, expr: str, scope: Scope) -> Selection:
    ws = state.ws
    rels = list(ws.relationships.values())
    if expr.startswith("->") and expr.endswith("->") and len(expr) > 4:
        e = state.element(expr[2:-2], scope)
        near = [r for r in rels if e.id in (r["sourceId"], r["destinationId"])]
        others = {r["sourceId"] if r["destinationId"] == e.id else r["destinationId"] for r in near}
        return Selection(elements=[e, *[ws.elements[i] for i in sorted(others, key=int)]], relationships=near)
    source_text, _, destination_text = (part.strip() for part in expr.partition("->"))  # "a -> b" as "a->b"
    sources = _ends(state, source_text, scope)
    destinations = _ends(state, destination_text, scope)
    chosen = [r for r in rels if (sources is None or r["sourceId"] in sources)
              and (destinations is None or r["destinationId"] in destinations)]
    if source_text and destination_text:
        return Selection(relationships=chosen)
    ends = {r["sourceId"] for r in chosen} | {r["destinationId"] for r in chosen}
    return Selection(elements=[ws.elements[i] for i in sorted(ends, key=int)], relationships=chosen)


def _ends(state: State, text: str, scope: Scope) -> set[str] | None:
    if text in ("", "*"):
        return None
    return {state.element(text, scope).id}
