"""A model diff as text (terminal), Markdown (a pull-request comment) and JSON (machines)."""

from __future__ import annotations

import json
from typing import Any

from archkit.diff.compare import CATEGORIES, KINDS, Change, WorkspaceDiff

_HEADINGS = {"element": "Elements", "relationship": "Relationships", "view": "Views", "arc42": "arc42 content"}
_SIGNS = {"added": "+", "removed": "-", "changed": "~"}
_MAX_VALUE = 80


def _value(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True) if not isinstance(value, str) else repr(value)
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 3] + "..."


def _counts(diff: WorkspaceDiff, category: str) -> str:
    counts = diff.summary()[category]
    return ", ".join(f"{counts[k]} {k}" for k in KINDS)


def to_text(diff: WorkspaceDiff) -> str:
    """Plain lines: ``+ element shop.cache Container 'Cache'``; changed fields indented below."""
    lines = [f"archkit diff {diff.old_label} -> {diff.new_label}"]
    if not diff:
        return lines[0] + "\nno changes\n"
    for category in CATEGORIES:
        changes = diff.of(category)
        if not changes:
            continue
        lines.append(f"{_HEADINGS[category]}: {_counts(diff, category)}")
        for change in changes:
            lines.append(f"  {_SIGNS[change.kind]} {change.key}  {change.label}")
            lines.extend(f"      {f.name}: {_value(f.old)} -> {_value(f.new)}" for f in change.fields)
    return "\n".join(lines) + "\n"


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;").replace(">", "&gt;").replace("\n", " ")


def _md_code(value: Any) -> str:
    text = _value(value).replace("`", "'")
    return f"`{text}`"


def _md_change(change: Change) -> list[str]:
    head = f"- **{change.kind}** `{change.key}` — {_md_escape(change.label)}"
    return [head, *(f"  - {f.name}: {_md_code(f.old)} → {_md_code(f.new)}" for f in change.fields)]


def to_markdown(diff: WorkspaceDiff, diagram: str | None = None) -> str:
    """A pull-request comment: a summary table, then one list per category.

    ``diagram`` is an optional image link (path or URL) to the diff diagram.
    """
    lines = [f"### Architecture model diff: `{diff.old_label}` → `{diff.new_label}`", ""]
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
    return json.dumps(diff.to_dict(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"
