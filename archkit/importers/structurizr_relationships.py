"""Structurizr relationships -> archkit relationships; derivable ones are recognised and skipped.

A relationship with a ``linkedRelationshipId`` was made by Structurizr, not
written by anyone (see :mod:`archkit.importers.derived`). It is *not stored*
in archkit exactly when archkit derives it again:

- implied: it joins an ancestor-or-self of the source and of the destination
  of the relationship it links to (followed to one nobody derived), between
  people, systems, containers and components;
- replicated: it joins an instance of an ancestor-or-self of that
  relationship's source to an instance of one of its destination, in the same
  environment and deployment group;

and it says nothing of its own: the same description and technology as the
relationship it comes from, no tags, properties or url. Any other linked
relationship is kept as an ordinary one, with a warning that the link is gone.
"""

from __future__ import annotations

from typing import Any

from archkit.importers.notes import Notes
from archkit.importers.properties import read_properties
from archkit.importers.structurizr_index import INSTANCES, RawIndex, RawRelationship, natural
from archkit.importers.vocabulary import IMPLICIT_RELATIONSHIP_TAGS, split_tags

_STATIC = ("Person", "Software System", "Container", "Component", "Custom Element")
_OWN_FIELDS = ("url", "properties", "perspectives")


def split_relationships(index: RawIndex, notes: Notes) -> tuple[list[RawRelationship], list[str]]:
    """``(stored, derived)``: relationships to keep in natural id order, and ids of derivable ones."""
    stored: list[RawRelationship] = []
    derived: list[str] = []
    written = {(r.source, r.destination) for r in index.relationships.values()
               if r.data.get("linkedRelationshipId") is None}
    for rel in sorted(index.relationships.values(), key=lambda r: natural(r.id)):
        link = rel.data.get("linkedRelationshipId")
        if link is None:
            stored.append(rel)
        elif (rel.source, rel.destination) in written and index.elements[rel.source].kind in _STATIC:
            stored.append(rel)  # implied before a relationship was written between the pair: archkit would not
            notes.warn(f"relationship '{rel.id}'", f"implied by Structurizr from '{link}' before a relationship "
                       "was written between the same two elements; archkit implies none where one is written",
                       "kept as a relationship of its own")
        elif _derivable(index, rel):
            derived.append(rel.id)
        else:
            stored.append(rel)
            notes.warn(f"relationship '{rel.id}'", f"derived by Structurizr from '{link}' but not derivable "
                       "by archkit (own description, tags or properties, or an unknown link)",
                       "kept as a relationship of its own")
    return stored, derived


def root_of(index: RawIndex, rel: RawRelationship) -> RawRelationship | None:
    """The relationship nobody derived at the end of ``rel``'s links (None for a broken link)."""
    current = rel
    for _ in range(len(index.relationships)):
        link = current.data.get("linkedRelationshipId")
        if link is None:
            return current
        nxt = index.relationships.get(link)
        if nxt is None:
            return None
        current = nxt
    return None


def _derivable(index: RawIndex, rel: RawRelationship) -> bool:
    root = root_of(index, rel)
    if root is None or root is rel:
        return False
    data = rel.data
    own_tags = [t for t in split_tags(data.get("tags")) if t not in (*IMPLICIT_RELATIONSHIP_TAGS, "Synchronous")]
    if own_tags or any(data.get(f) for f in _OWN_FIELDS):
        return False
    if (data.get("description") or "", data.get("technology") or "") != (
            root.data.get("description") or "", root.data.get("technology") or ""):
        return False
    source, destination = index.elements[rel.source], index.elements[rel.destination]
    sources, destinations = index.chain(root.source), index.chain(root.destination)
    if source.kind in INSTANCES and destination.kind in INSTANCES:
        return source.environment == destination.environment \
            and index.same_deployment_group(rel.source, rel.destination) \
            and _deploys(source.data) in sources and _deploys(destination.data) in destinations
    return source.kind in _STATIC and destination.kind in _STATIC \
        and rel.source in sources and rel.destination in destinations


def _deploys(data: dict[str, Any]) -> str:
    return str(data.get("containerId") or data.get("softwareSystemId"))


def relationship_data(rel: RawRelationship, notes: Notes, *, replicated: bool = False) -> dict[str, Any]:
    """archkit's plain data for one stored relationship (``replicated``: the workspace holds a copy of it, so
    that an ``archkit.json.not_replicated`` property does not hold everywhere and is not kept)."""
    data = rel.data
    where = f"relationship '{rel.id}'"
    tags = split_tags(data.get("tags"))
    style = data.get("interactionStyle")
    asynchronous = style == "Asynchronous" or (style is None and "Asynchronous" in tags)
    props, extras = read_properties(data, where, notes)
    not_replicated = extras.pop("not_replicated", False) is True and not replicated
    for field in sorted(extras):
        notes.warn(where, f"property 'archkit.json.{field}' names no relationship field", "ignored")
    out: dict[str, Any] = {
        "id": rel.id,
        "source": rel.source,
        "destination": rel.destination,
        "description": data.get("description") or "",
        "technology": data.get("technology") or "",
        "tags": [t for t in tags if t not in IMPLICIT_RELATIONSHIP_TAGS],
        "interaction": "async" if asynchronous else "sync",
        "properties": props,
    }
    if data.get("url"):
        out["url"] = data["url"]
    if not_replicated:
        out["not_replicated"] = True
    return out
