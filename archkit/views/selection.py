"""A view's ``include`` and ``exclude`` entries, parsed, and what they select.

Entries are element ids, ``tag:NAME``, relationship ids (``a->b``) or ``*``
(the view type's default content). ``exclude`` removes elements (and
everything nested in them), relationships, and with ``tag:`` both.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from archkit.model import Relationship
from archkit.views.catalog import Catalog, relationship_id


@dataclass(frozen=True)
class Entries:
    """Parsed include or exclude entries."""

    star: bool = False
    ids: frozenset[str] = field(default_factory=frozenset)
    tags: frozenset[str] = field(default_factory=frozenset)
    relationships: frozenset[str] = field(default_factory=frozenset)

    @classmethod
    def parse(cls, entries: Iterable[str]) -> Entries:
        items = [e.strip() for e in entries if e.strip()]
        return cls(
            star="*" in items,
            ids=frozenset(e for e in items if e != "*" and not e.startswith("tag:") and "->" not in e),
            tags=frozenset(e[4:] for e in items if e.startswith("tag:")),
            relationships=frozenset(e for e in items if "->" in e),
        )


def kept_relationships(
    catalog: Catalog, exclude: Entries, near: Iterable[str] | None = None, *, both_ends: bool = False
) -> list[Relationship]:
    """The model's relationships minus those excluded by id or tag; with ``near``, only those
    with an end (``both_ends``: each end) at or nested in one of those elements — the others
    cannot touch the view."""
    candidates = (catalog.relationships if near is None
                  else catalog.relationships_near(near, both_ends=both_ends))
    if not exclude.relationships and not exclude.tags:
        return list(candidates)
    return [
        r for r in candidates
        if relationship_id(r) not in exclude.relationships and not exclude.tags.intersection(r.all_tags)
    ]


def excluded(catalog: Catalog, element_id: str, exclude: Entries) -> bool:
    """True when the element, or anything it is nested in, is excluded by id or tag."""
    return any(
        e in exclude.ids or any(catalog.has_tag(e, t) for t in exclude.tags) for e in catalog.chain(element_id)
    )


def apply_exclude(catalog: Catalog, selected: Iterable[str], exclude: Entries) -> set[str]:
    return {e for e in selected if not excluded(catalog, e, exclude)}


def relationship_ends(catalog: Catalog, ids: Iterable[str]) -> list[tuple[str, str]]:
    """Source and destination of each known relationship id."""
    out = []
    for rid in sorted(ids):
        rel = catalog.by_relationship_id.get(rid)
        if rel is not None:
            out.append((rel.source, rel.destination))
    return out


def unknown_note(view_key: str, entry: str, why: str) -> str:
    return f"view '{view_key}': include '{entry}' {why} — ignored"


def missing_entries(catalog: Catalog, view_key: str, include: Entries) -> list[str]:
    """Notes for include entries that name nothing in the model."""
    notes = [unknown_note(view_key, e, "is not an element of the model") for e in sorted(include.ids)
             if catalog.element(e) is None]
    notes += [unknown_note(view_key, r, "is not a relationship of the model")
              for r in sorted(include.relationships) if r not in catalog.by_relationship_id]
    return notes
