"""A model diff as text (terminal), Markdown (a pull-request comment) and JSON (machines).

Model text (ids, names, values, file names) is one line in each, with no raw control or bidi
character (:func:`archkit.errors.printable`; JSON escapes in JSON)."""

from __future__ import annotations

from difflib import SequenceMatcher
from typing import Any

from archkit.diff.compare import CATEGORIES, KINDS, Change, FieldChange, WorkspaceDiff
from archkit.errors import printable, printable_json

_HEADINGS = {"element": "Elements", "relationship": "Relationships", "view": "Views", "rule": "Rules",
             "arc42": "arc42 content"}
_SIGNS = {"added": "+", "removed": "-", "changed": "~"}
_MAX_VALUE = 80


def _value(value: Any) -> str:
    text = printable_json(value, sort_keys=True) if not isinstance(value, str) else printable(repr(value))
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 3] + "..."


def _field(change: FieldChange) -> tuple[str, list[str]] | None:
    """None when both values fit (``old -> new``), else what differs in them, so that two long values that
    begin alike (a dynamic view's steps, a long description) never print as the same truncated text: the
    items a list lost (``-``) and gained (``+``) with their positions, the keys of a mapping that changed,
    or the part of a text that changed."""
    if len(_value(change.old)) < _MAX_VALUE and len(_value(change.new)) < _MAX_VALUE:
        return None
    if isinstance(change.old, list) and isinstance(change.new, list):
        return f"{_items(len(change.old))} -> {_items(len(change.new))}", _list_changes(change.old, change.new)
    if isinstance(change.old, dict) and isinstance(change.new, dict):
        keys = sorted(change.old.keys() | change.new.keys())
        return "changed keys", [f"{key}: {_value(change.old.get(key))} -> {_value(change.new.get(key))}"
                                for key in keys if change.old.get(key) != change.new.get(key)]
    if isinstance(change.old, str) and isinstance(change.new, str):
        return f"{_window(change.old, change.new)} -> {_window(change.new, change.old)}", []
    return None


def _items(count: int) -> str:
    return f"{count} item{'' if count == 1 else 's'}"


def _list_changes(old: list[Any], new: list[Any]) -> list[str]:
    """``- [11] a -> b 'Gets the key'`` for each item removed, ``+ [n] ...`` for each added (1-based)."""
    before, after = ([printable_json(item, sort_keys=True) for item in items] for items in (old, new))
    out: list[str] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
        if tag != "equal":
            out += [f"- [{i + 1}] {_item(old[i])}" for i in range(i1, i2)]
            out += [f"+ [{j + 1}] {_item(new[j])}" for j in range(j1, j2)]
    return out


def _item(item: Any) -> str:
    """A dynamic step as ``source -> destination 'description' [technology]``, anything else as a value."""
    if isinstance(item, dict) and isinstance(item.get("source"), str) and isinstance(item.get("destination"), str):
        text = printable(f"{item['source']} -> {item['destination']}")
        text += f" {_value(item['description'])}" if item.get("description") else ""
        text += printable(f" [{item['technology']}]") if item.get("technology") else ""
        return text + (" (response)" if item.get("response") else "")
    if isinstance(item, dict) and isinstance(item.get("parallel"), list):
        branches = item["parallel"]
        return f"parallel, {len(branches)} branch{'' if len(branches) == 1 else 'es'}: " + " | ".join(
            "; ".join(_item(step) for step in branch) if isinstance(branch, list) else _value(branch)
            for branch in branches)
    return _value(item)


def _window(text: str, other: str, context: int = 24) -> str:
    """The part of ``text`` that differs from ``other``, with ``context`` characters around it."""
    start = next((i for i, (a, b) in enumerate(zip(text, other, strict=False)) if a != b), min(len(text), len(other)))
    end = 0
    while end < min(len(text), len(other)) - start and text[len(text) - 1 - end] == other[len(other) - 1 - end]:
        end += 1
    lo, hi = max(0, start - context), min(len(text), len(text) - end + context)
    return printable(("..." if lo else "") + repr(text[lo:hi]) + ("..." if hi < len(text) else ""))


def _counts(diff: WorkspaceDiff, category: str) -> str:
    counts = diff.summary()[category]
    return ", ".join(f"{counts[k]} {k}" for k in KINDS)


def to_text(diff: WorkspaceDiff) -> str:
    """Plain lines: ``+ element shop.cache Container 'Cache'``; changed fields indented below."""
    lines = [printable(f"archkit diff {diff.old_label} -> {diff.new_label}")]
    if not diff:
        return lines[0] + "\nno changes\n"
    for category in CATEGORIES:
        changes = diff.of(category)
        if not changes:
            continue
        lines.append(f"{_HEADINGS[category]}: {_counts(diff, category)}")
        for change in changes:
            lines.append(printable(f"  {_SIGNS[change.kind]} {change.key}  {change.label}"))
            for f in change.fields:
                head, details = _field(f) or (f"{_value(f.old)} -> {_value(f.new)}", [])
                lines.append(printable(f"      {f.name}: {head}"))
                lines.extend(f"        {detail}" for detail in details)
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    """Model text in the Markdown report, escaped by the one rule of the arc42 pages (``md_phrase``)."""
    from archkit.arc42.escape import md_phrase

    return md_phrase(text)


def _md_code_text(text: str) -> str:
    return printable(text).replace("`", "'")


def _md_code(value: Any) -> str:
    return f"`{_md_code_text(_value(value))}`"


def _md_change(change: Change) -> list[str]:
    lines = [f"- **{change.kind}** `{_md_code_text(change.key)}` — {_md_escape(change.label)}"]
    for f in change.fields:
        shown = _field(f)
        if shown is None:
            lines.append(f"  - {_md_escape(f.name)}: {_md_code(f.old)} → {_md_code(f.new)}")
            continue
        head, details = shown
        lines.append(f"  - {_md_escape(f.name)}: `{_md_code_text(head)}`")
        lines.extend(f"    - `{_md_code_text(detail)}`" for detail in details)
    return lines


def to_markdown(diff: WorkspaceDiff, diagram: str | None = None) -> str:
    """A pull-request comment: a summary table, then one list per category.

    ``diagram`` is an optional image link (path or URL) to the diff diagram.
    """
    lines = [f"### Architecture model diff: `{_md_code_text(diff.old_label)}` → `{_md_code_text(diff.new_label)}`", ""]
    if not diff:
        return "\n".join([*lines, "No changes to elements, relationships, views or arc42 content.", ""])
    lines += ["| | added | removed | changed |", "|---|---:|---:|---:|"]
    for category in CATEGORIES:
        counts = diff.summary()[category]
        lines.append(f"| {_HEADINGS[category]} | {counts['added']} | {counts['removed']} | {counts['changed']} |")
    if diagram:
        lines += ["", f"![diff diagram: added green, removed red, changed amber]({diagram})"]
    for category in CATEGORIES:
        changes = diff.of(category)
        if changes:
            lines += ["", f"#### {_HEADINGS[category]}", ""]
            for change in changes:
                lines.extend(_md_change(change))
    return "\n".join(lines) + "\n"


def to_json(diff: WorkspaceDiff) -> str:
    return printable_json(diff.to_dict(), indent=2, sort_keys=True) + "\n"
