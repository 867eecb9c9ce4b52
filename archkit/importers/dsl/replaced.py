"""``source -/> destination [description] [{ ... }]`` in a deployment environment: a relationship not replicated.

Structurizr replicates every relationship between two containers (or software systems) onto their instances
in each deployment environment. Inside a ``deploymentEnvironment``, ``a -/> b`` removes those replicated
between the instances of ``a`` and of ``b`` there (only those with ``description``, when given; an error when
there is none), and its block says what the traffic goes through instead: ``a -> waf``, ``waf -> b``, where a
software system or container stands for its instances in the environment and a relationship without a
description or technology takes the removed one's (as Structurizr's parser does).

archkit derives replicated relationships itself. A relationship none of whose copies is left (after the last
``-/>``; see :func:`_not_replicated`) becomes ``Relationship.not_replicated``: archkit copies it nowhere. One
removed in some environments only stays replicated in archkit, and the import keeps the removal as the
deployment views' Structurizr contents, which :func:`archkit.importers.structurizr_views.infer_selection` turns
into exclusions.
"""

from __future__ import annotations

from typing import Any

from archkit.importers.dsl.context import Scope, State
from archkit.importers.dsl.source import Node
from archkit.importers.dsl.workspace import BuildError, Element

ARROW = "-/>"
_ENDS = ("Software System", "Container", "Software System Instance", "Container Instance")


def no_relationship(state: State, node: Node, words: list[str], scope: Scope, environment: str) -> None:
    """Remove the replicated relationships ``words`` names, then add the block's relationships instead."""
    if not environment:
        state.fail(f"'{ARROW}' is only allowed inside a deploymentEnvironment",
                   "move it into the environment whose replicated relationship it removes")
    if words.index(ARROW) != 1 or len(words) not in (3, 4):
        state.fail(f"expected '<identifier> {ARROW} <identifier> [description]'", "name the two elements")
    sources = _instances(state, words[0], scope, environment)
    destinations = _instances(state, words[2], scope, environment)
    description = words[3] if len(words) == 4 else None
    removed = [rel for s in sources for d in destinations for rel in list(state.ws.relationships.values())
               if rel["sourceId"] == s.id and rel["destinationId"] == d.id and "linkedRelationshipId" in rel
               and (description is None or rel.get("description", "") == description)]
    if not removed:
        with_text = f" with the description '{description}'" if description is not None else ""
        state.fail(f"no relationship{with_text} is replicated between '{words[0]}' and '{words[2]}' in "
                   f"'{environment}'", f"check the two identifiers, or remove the '{ARROW}'")
    original = state.ws.relationships.get(str(removed[0]["linkedRelationshipId"]), removed[0])
    for rel in removed:
        state.ws.remove_relationship(rel)
    for link in {str(rel["linkedRelationshipId"]) for rel in removed}:
        _not_replicated(state, link)
    for child in node.children or []:
        _via(state, child, scope, environment, original)


def _not_replicated(state: State, link: str) -> None:
    """Mark the relationship ``link`` not replicated (``archkit.json.not_replicated``) once no copy of it is left:
    archkit then derives none. Copies made later (another environment) keep it replicated on import, and the
    deployment views exclude the removed ones, as before."""
    original = state.ws.relationships.get(link)
    if original is not None and not any(r.get("linkedRelationshipId") == link
                                        for r in state.ws.relationships.values()):
        original.setdefault("properties", {})["archkit.json.not_replicated"] = "true"


def _via(state: State, node: Node, scope: Scope, environment: str, original: dict[str, Any]) -> None:
    words = state.words(node.statement)
    if node.children is not None or "->" not in words or words.index("->") != 1 or not 3 <= len(words) <= 6:
        state.unexpected(node, "a relationship '<identifier> -> <identifier> [description] [technology] [tags]'")
    description = words[3] if len(words) > 3 else str(original.get("description", ""))
    technology = words[4] if len(words) > 4 else str(original.get("technology", ""))
    tags = words[5] if len(words) > 5 else ""
    for source in _ends(state, words[0], scope, environment):
        for destination in _ends(state, words[2], scope, environment):
            try:
                state.ws.add_relationship(source, destination, description, technology, tags)
            except BuildError as exc:
                state.built(exc)


def _ends(state: State, word: str, scope: Scope, environment: str) -> list[Element]:
    """A software system or container: its instances in ``environment``; anything else: itself."""
    element = state.element(word, scope)
    if element.kind in _ENDS[:2]:
        return _instances(state, word, scope, environment)
    return [element]


def _instances(state: State, word: str, scope: Scope, environment: str) -> list[Element]:
    element = state.element(word, scope)
    if element.kind not in _ENDS:
        kind = element.kind.lower()
        state.fail(f"'{word}' is {'an' if kind[0] in 'aeiou' else 'a'} {kind}: '{ARROW}' joins a software system, "
                   "a container or an instance of one", "name one of those")
    if element.kind in _ENDS[2:]:
        return [element]
    found = state.ws.instances(element, environment)
    if not found:
        state.fail(f"'{word}' has no instance in '{environment}'", "deploy it there first")
    return found
