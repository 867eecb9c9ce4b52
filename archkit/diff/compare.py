"""Compare two workspaces: added, removed and changed elements, relationships, views, rules, arc42 items.

Everything is keyed by the ids the author owns (element ids, relationship ids, view keys,
arc42 item ids, rule names), so a rename of a name is a change and a change of id is a remove plus an add.
A relationship without an id of its own is named after its ends (``a->b``, ``a->b#2``, in
model order), so those are matched by content instead: between the same two elements, an
unchanged relationship is found wherever it moved, and the rest are paired in order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from archkit.model import Workspace

Category = Literal["element", "relationship", "view", "rule", "arc42"]
ChangeKind = Literal["added", "removed", "changed"]
CATEGORIES: tuple[Category, ...] = ("element", "relationship", "view", "rule", "arc42")
KINDS: tuple[ChangeKind, ...] = ("added", "removed", "changed")

_CHILD_FIELDS = frozenset({
    "containers", "components", "children", "infrastructure_nodes",
    "software_system_instances", "container_instances",
})
_ARC42_KEYS = ("id", "term", "role")


@dataclass(frozen=True)
class Entry:
    """One comparable thing of a workspace: its kind, a readable label, its parent, its fields."""

    kind: str
    label: str
    parent: str | None
    fields: dict[str, Any]


@dataclass(frozen=True)
class FieldChange:
    name: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Change:
    """One difference: ``category`` + ``key`` say what, ``kind`` says how."""

    category: Category
    kind: ChangeKind
    key: str
    entry_kind: str
    label: str
    fields: tuple[FieldChange, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "category": self.category, "change": self.kind, "key": self.key,
            "kind": self.entry_kind, "label": self.label,
        }
        if self.fields:
            data["fields"] = [{"name": f.name, "old": f.old, "new": f.new} for f in self.fields]
        return data


@dataclass(frozen=True)
class Snapshot:
    """A workspace flattened into comparable entries, per category."""

    entries: dict[Category, dict[str, Entry]]
    relationship_ends: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class WorkspaceDiff:
    """The differences between an old and a new workspace, sorted by category, kind and key."""

    old_label: str
    new_label: str
    changes: tuple[Change, ...]
    old: Snapshot
    new: Snapshot

    def __bool__(self) -> bool:
        return bool(self.changes)

    def of(self, category: Category, kind: ChangeKind | None = None) -> list[Change]:
        return [c for c in self.changes if c.category == category and kind in (None, c.kind)]

    def summary(self) -> dict[str, dict[str, int]]:
        return {cat: {k: len(self.of(cat, k)) for k in KINDS} for cat in CATEGORIES}

    def to_dict(self) -> dict[str, Any]:
        return {
            "old": self.old_label,
            "new": self.new_label,
            "summary": self.summary(),
            "changes": [c.to_dict() for c in self.changes],
        }


def snapshot(ws: Workspace) -> Snapshot:
    """Flatten ``ws`` into entries keyed by id, per category."""
    elements: dict[str, Entry] = {}
    for element, parent in ws.model.walk():
        exclude = set(_CHILD_FIELDS & set(type(element).model_fields))
        data = element.model_dump(mode="json", exclude=exclude)
        label = f"{element.kind} '{element.name or element.id}'"
        elements[element.id] = Entry(element.kind, label, parent.id if parent else None, data)
    for group in ws.model.groups:
        elements[f"group:{group.id}"] = Entry("Group", f"Group '{group.name}'", None, group.model_dump(mode="json"))
    relationships: dict[str, Entry] = {}
    ends: dict[str, tuple[str, str]] = {}
    for rel in ws.model.relationships:
        key = rel.id or rel.label
        text = f" '{rel.description}'" if rel.description else ""
        relationships[key] = Entry("Relationship", f"{rel.label}{text}", None, rel.model_dump(mode="json"))
        ends[key] = (rel.source, rel.destination)
    views: dict[str, Entry] = {}
    for view in ws.effective_views():
        key = view.key or ""
        label = f"{view.type} view '{view.title or key}'"
        views[key] = Entry(f"{view.type} view", label, None, view.model_dump(mode="json"))
    rules = {rule.name: Entry(f"{rule.type} rule", f"rule '{rule.name}'", None, rule.model_dump(mode="json"))
             for rule in ws.rules}
    entries: dict[Category, dict[str, Entry]] = {
        "element": elements, "relationship": relationships, "view": views, "rule": rules, "arc42": _arc42(ws),
    }
    return Snapshot(entries, ends)


def _arc42(ws: Workspace) -> dict[str, Entry]:
    out: dict[str, Entry] = {}
    content = ws.arc42.model_dump(mode="json")
    for section, value in content.items():
        if isinstance(value, str):
            if value:
                out[section] = Entry(section, section.replace("_", " "), None, {"text": value})
            continue
        for item in value:
            ident = next((str(item[k]) for k in _ARC42_KEYS if item.get(k)), "")
            title = item.get("title") or item.get("term") or item.get("role") or ident
            out[f"{section}/{ident}"] = Entry(section, f"{section.replace('_', ' ')} {ident}: {title}", None, item)
    return out


def diff_workspaces(old: Workspace, new: Workspace, old_label: str = "old", new_label: str = "new") -> WorkspaceDiff:
    """Everything added, removed or changed from ``old`` to ``new``."""
    a, b = snapshot(old), snapshot(new)
    changes: list[Change] = []
    for category in CATEGORIES:
        before, after = a.entries[category], b.entries[category]
        pairs = _pairs(category, a, b)
        paired_old = set(pairs.values())
        for key in sorted(after.keys() - pairs.keys()):
            changes.append(Change(category, "added", key, after[key].kind, after[key].label))
        for key in sorted(before.keys() - paired_old):
            changes.append(Change(category, "removed", key, before[key].kind, before[key].label))
        for key in sorted(pairs):
            fields = _field_changes(before[pairs[key]], after[key])
            if pairs[key] != key:  # matched by content: the derived id is not a change of the model
                fields = tuple(f for f in fields if f.name != "id")
            if fields:
                changes.append(Change(category, "changed", key, after[key].kind, after[key].label, fields))
    return WorkspaceDiff(old_label, new_label, tuple(changes), a, b)


def _pairs(category: Category, a: Snapshot, b: Snapshot) -> dict[str, str]:
    """New key -> old key of everything in both workspaces."""
    before, after = a.entries[category], b.entries[category]
    if category != "relationship":
        return {key: key for key in before.keys() & after.keys()}
    old_by_ends, new_by_ends = _derived_by_ends(a), _derived_by_ends(b)
    pairs = _matched_by_content(before, after, old_by_ends, new_by_ends)
    derived_old = {k for keys in old_by_ends.values() for k in keys}
    derived_new = {k for keys in new_by_ends.values() for k in keys}
    pairs.update((key, key) for key in (after.keys() - derived_new) & (before.keys() - derived_old))
    return pairs


_DERIVED = re.compile(r"(?:#[0-9]+)?$")


def _derived_by_ends(snap: Snapshot) -> dict[tuple[str, str], list[str]]:
    """Relationships whose id is the one archkit gives a relationship without one (``a->b``,
    ``a->b#n``), per pair of ends, in model order."""
    out: dict[tuple[str, str], list[str]] = {}
    for key, (source, destination) in snap.relationship_ends.items():
        base = f"{source}->{destination}"
        if key.startswith(base) and _DERIVED.fullmatch(key[len(base):]):
            out.setdefault((source, destination), []).append(key)
    return out


def _matched_by_content(before: dict[str, Entry], after: dict[str, Entry],
                        old_by_ends: dict[tuple[str, str], list[str]],
                        new_by_ends: dict[tuple[str, str], list[str]]) -> dict[str, str]:
    """New key -> old key for relationships with derived ids, per pair of ends: first those equal
    in every field but the id (wherever they moved), then the rest in order."""
    def content(entry: Entry) -> dict[str, Any]:
        return {k: v for k, v in entry.fields.items() if k != "id"}

    pairs: dict[str, str] = {}
    for ends, new_keys in new_by_ends.items():
        old_keys = list(old_by_ends.get(ends, []))
        rest = []
        for key in new_keys:
            same = next((k for k in old_keys if content(before[k]) == content(after[key])), None)
            if same is None:
                rest.append(key)
            else:
                pairs[key] = same
                old_keys.remove(same)
        pairs.update(zip(rest, old_keys, strict=False))  # the extras on either side: added, removed
    return pairs


def _field_changes(old: Entry, new: Entry) -> tuple[FieldChange, ...]:
    names = sorted(old.fields.keys() | new.fields.keys())
    out = [FieldChange(n, old.fields.get(n), new.fields.get(n))
           for n in names if old.fields.get(n) != new.fields.get(n)]
    if old.parent != new.parent:
        out.append(FieldChange("parent", old.parent, new.parent))
    return tuple(out)
