"""DSL identifiers of a workspace's elements and relationships, and what a DSL import needs to give its ids back.

An element's identifier is its ``structurizr.dsl.identifier`` (from an imported workspace) when that is
usable, else made from its id (``shop.api`` -> ``shop_api``, ``7`` -> ``e_7``). An element keyword is a
fine identifier (``softwareSystem = softwareSystem "..."``, as in Structurizr's getting-started example:
Structurizr reads ``x = ...`` and ``x -> y`` before any keyword); the words in :data:`KEYWORDS` could open
a line of a view or of an element's body where the identifier does, and are left alone.

A DSL import (:mod:`archkit.importers.dsl.ids`) takes an element's identifier as its id and names a
relationship ``source->destination`` when it is the only one between its two elements. Where that would
not give the id back (a dotted or numeric id, two relationships between the same elements, a relationship
id of another form), the workspace property ``archkit.json.ids`` maps the identifier to the id, and such a
relationship is written with an identifier; ``archkit.json.identifiers`` keeps the
``structurizr.dsl.identifier`` an element or relationship had where the import would not give it back.
One property each, at the top of the file, so that the DSL's body stays as a person would write it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field

from archkit.model import Workspace

DSL_IDENTIFIER = "structurizr.dsl.identifier"
IDS_PROPERTY = "archkit.json.ids"
IDENTIFIERS_PROPERTY = "archkit.json.identifiers"
ORDER_PROPERTY = "archkit.json.relationship_order"
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
UNSAFE = re.compile(r"[^A-Za-z0-9_]+")
KEYWORDS = {"workspace", "model", "views", "styles", "include", "exclude", "this", "autolayout", "default", "title",
            "description", "properties", "perspectives", "url", "tags", "technology", "instances", "animation"}


@dataclass
class Identifiers:
    """The identifiers to write: of every element, of the relationships that need one, and the workspace
    properties that give the ids back."""

    elements: dict[str, str] = field(default_factory=dict)
    relationships: dict[str, str] = field(default_factory=dict)
    taken: set[str] = field(default_factory=set)
    properties: dict[str, str] = field(default_factory=dict)

    def fresh(self, hint: str, wanted: str = "") -> str:
        """``wanted`` when it is a usable identifier not yet taken, else one made from ``hint``."""
        if not IDENTIFIER.match(wanted) or wanted.lower() in self.taken or wanted.lower() in KEYWORDS:
            wanted = UNSAFE.sub("_", hint).strip("_") or "e"
            wanted = f"e_{wanted}" if wanted[0].isdigit() else wanted
        ident, n = wanted, 1
        while ident.lower() in self.taken or ident.lower() in KEYWORDS:
            n += 1
            ident = f"{wanted}_{n}"
        self.taken.add(ident.lower())
        return ident


def identifiers(ws: Workspace) -> Identifiers:
    """Every element's identifier, and those of the relationships a DSL import would not name by their id."""
    out = Identifiers()
    ids: dict[str, str] = {}
    kept: dict[str, str] = {}
    for element, _parent in ws.model.walk():
        own = element.properties.get(DSL_IDENTIFIER)
        ident = out.elements[element.id] = out.fresh(element.id, own or "")
        if ident != element.id:
            ids[ident] = element.id
        if own is not None:  # the import takes the identifier as the id and drops the property
            kept[ident] = own
    pairs = Counter((r.source, r.destination) for r in ws.model.relationships)
    for rel in ws.model.relationships:
        own, rel_id = rel.properties.get(DSL_IDENTIFIER), rel.id or f"{rel.source}->{rel.destination}"
        named = rel_id == f"{rel.source}->{rel.destination}" and pairs[(rel.source, rel.destination)] == 1
        if own is None and named:  # a DSL import names the one relationship between two elements so itself
            continue
        ident = out.relationships[rel_id] = out.fresh(rel_id, own or "")
        if not named:  # the import names it after this identifier, and drops the property
            ids[ident] = rel_id
        if own is not None and (not named or ident != own):
            kept[ident] = own
    for key, found in ((IDS_PROPERTY, ids), (IDENTIFIERS_PROPERTY, kept)):
        if found:
            out.properties[key] = json.dumps(dict(sorted(found.items())), ensure_ascii=False)
    return out

