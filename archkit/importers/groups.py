"""Structurizr group names <-> archkit groups, nested ones included.

Structurizr gives an element the *name* of its group. Nested groups are names
joined by the model property ``structurizr.groupSeparator`` (``"Organisation/
Department A"`` with ``/``); without that property a name is one flat group.
archkit groups have ids and nest through ``Group.group``. The importer makes
one group per path (id: the slug of its own name, made unique) and the exporter
writes each element's path back with a separator no group name contains.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from archkit.ids import slugify
from archkit.model import Group

SEPARATOR_PROPERTY = "structurizr.groupSeparator"
DEFAULT_SEPARATOR = "/"
_SEPARATORS = (DEFAULT_SEPARATOR, "|", "::", " > ", "\\")


class Groups:
    """Group paths -> archkit group data (``items``), made as names are met or taken as declared."""

    def __init__(self, declared: Any, separator: str | None = None) -> None:
        self.items: list[dict[str, Any]] = [dict(g) for g in declared] if isinstance(declared, list) else []
        self.separator = separator or None
        self._by_path: dict[tuple[str, ...], str] = {}
        by_id = {str(g.get("id")): g for g in self.items}
        for g in self.items:
            self._by_path.setdefault(_path(g, by_id), str(g.get("id")))

    def id_for(self, name: str) -> str:
        """The id of the group a Structurizr group name stands for (its outer groups made too)."""
        parts = [p for p in name.split(self.separator) if p.strip()] if self.separator else [name]
        parts = parts or [name]
        outer: str | None = None
        for n in range(1, len(parts) + 1):
            path = tuple(parts[:n])
            if path not in self._by_path:
                item: dict[str, Any] = {"id": self._unique(slugify(parts[n - 1])), "name": parts[n - 1]}
                if outer is not None:
                    item["group"] = outer
                self.items.append(item)
                self._by_path[path] = item["id"]
            outer = self._by_path[path]
        assert outer is not None
        return outer

    def _unique(self, base: str) -> str:
        taken = {str(g.get("id")) for g in self.items}
        ident, n = base, 1
        while ident in taken:
            n += 1
            ident = f"{base}-{n}"
        return ident


def _path(group: dict[str, Any], by_id: dict[str, dict[str, Any]]) -> tuple[str, ...]:
    names: list[str] = []
    current: dict[str, Any] | None = group
    while current is not None and len(names) <= len(by_id):
        names.append(str(current.get("name")))
        outer = current.get("group")
        current = by_id.get(str(outer)) if outer is not None else None
    return tuple(reversed(names))


def is_nested(groups: Sequence[Group]) -> bool:
    ids = {g.id for g in groups}
    return any(g.group in ids for g in groups)


def separator_for(groups: Sequence[Group], wanted: str | None) -> str | None:
    """The separator to write: none without nested groups; else ``wanted`` (the workspace's own) or the
    first of ``/``, ``|``, ... that no group name contains."""
    if not is_nested(groups):
        return None
    for candidate in (wanted, *_SEPARATORS):
        if candidate and not any(candidate in g.name for g in groups):
            return candidate
    return None


def group_path(groups: dict[str, Group], group_id: str, separator: str | None) -> str:
    """The Structurizr name of a group: its outer groups' names and its own, joined by ``separator``."""
    names: list[str] = []
    current: str | None = group_id
    while current is not None and current in groups and len(names) <= len(groups):
        names.append(groups[current].name)
        current = groups[current].group if separator else None
    return (separator or "").join(reversed(names))


def declared_groups(groups: Sequence[Group], used: Iterable[str | None], separator: str | None) -> list[dict[str, Any]]:
    """The groups to declare in an export (the workspace property ``archkit.json.groups``) so that an import
    gives them back as they are: none when the importer's own ids, made from the group names in the order the
    elements (``used``: each element's group, in model order) name them, are already the model's."""
    by_id = {g.id: g for g in groups}
    natural = Groups(None, separator)
    for group_id in used:
        if group_id in by_id:
            natural.id_for(group_path(by_id, group_id, separator))
    declared = [g.dump() for g in groups]
    return [] if natural.items == declared else declared
