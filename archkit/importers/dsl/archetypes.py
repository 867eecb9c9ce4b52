"""``archetypes { name = base { ... } }`` in a DSL model (Structurizr DSL 2024+): named element types.

An archetype is a kind of element (``container``, ``component``, ``softwareSystem``, ``person``, ...,
or another archetype) with defaults: description, technology, tags, properties, perspectives. An
element declared with the archetype's name is an element of its base kind with those defaults, its own
values added (tags) or winning (description, technology). Relationship archetypes (``name = -> {}``)
are refused with the line and the fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from archkit.importers.dsl.context import State
from archkit.importers.dsl.source import Node

ELEMENT_KEYWORDS = ("person", "softwaresystem", "container", "component", "element", "deploymentnode",
                    "infrastructurenode")


@dataclass
class Archetype:
    """The base keyword (lower-case, an element keyword) and the defaults an element of it starts with."""

    base: str
    defaults: dict[str, Any] = field(default_factory=dict)


def archetypes_block(state: State, node: Node, body: Any) -> None:
    """Define each ``name = base { ... }`` of ``node`` in ``state.archetypes``; ``body(state, node, words,
    target)`` reads one defaults statement (the model's element-body reader), False when it is none."""
    if node.children is None:
        state.unexpected(node, "'archetypes {'")
    for child in node.children:
        words = state.words(child.statement)
        if child.children is not None:
            words = words[:-1]
        if len(words) != 3 or words[1] != "=":
            state.unexpected(child, "'<name> = <element type or archetype> [{ ... }]'")
        name, base = words[0], state.keyword(words[2:])
        if base == "->" or base.startswith("-"):
            state.fail(f"relationship archetype '{name}' is not supported",
                       "write the relationship's technology and tags on each relationship instead", child.statement)
        parent = state.archetypes.get(base)
        if parent is None and base not in ELEMENT_KEYWORDS:
            state.fail(f"archetype '{name}' is based on '{words[2]}', which is neither an element type nor an "
                       "archetype defined above it", f"use one of: {', '.join(ELEMENT_KEYWORDS)}", child.statement)
        archetype = Archetype(parent.base if parent else base, _copied(parent.defaults) if parent else {})
        for inner in child.children or []:
            inner_words = state.words(inner.statement)
            if inner.children is not None:
                inner_words = inner_words[:-1]
            if not body(state, inner, inner_words, archetype.defaults):
                state.unexpected(inner, "description, technology, tag(s), properties or perspectives")
        state.archetypes[name.lower()] = archetype


def _copied(defaults: dict[str, Any]) -> dict[str, Any]:
    return {k: dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v
            for k, v in defaults.items()}


def apply(state: State, archetype: Archetype, data: dict[str, Any]) -> None:
    """The archetype's defaults on a new element's ``data`` (before the element's own tags and body)."""
    for key, value in archetype.defaults.items():
        if key == "tags":
            state.ws.add_tags(data, value)
        elif key == "properties":
            data["properties"] = {**value, **data.get("properties", {})}
        elif key == "perspectives":
            data["perspectives"] = list(value) + list(data.get("perspectives", []))
        elif not data.get(key):
            data[key] = value
