"""A model diff as text (terminal), Markdown (a pull-request comment) and JSON (machines).

Model text (ids, names, values, file names) is one line in each, with no raw control or bidi
character (:func:`archkit.errors.printable`; JSON escapes in JSON)."""

from __future__ import annotations

from typing import Any

from archkit.diff.compare import CATEGORIES, KINDS, Change, WorkspaceDiff
from archkit.errors import printable, printable_json

_HEADINGS = {"element": "Elements", "relationship": "Relationships", "view": "Views", "rule": "Rules",
             "arc42": "arc42 content"}
_SIGNS = {"added": "+", "removed": "-", "changed": "~"}
_MAX_VALUE = 80


def _value(value: Any) -> str:
    text = printable_json(value, sort_keys=True) if not isinstance(value, str) else printable(repr(value))
    return text if len(text) <= _MAX_VALUE else text[: _MAX_VALUE - 3] + "..."


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
            lines.extend(printable(f"      {f.name}: {_value(f.old)} -> {_value(f.new)}") for f in change.fields)
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
    head = f"- **{change.kind}** `{_md_code_text(change.key)}` — {_md_escape(change.label)}"
    return [head, *(f"  - {_md_escape(f.name)}: {_md_code(f.old)} → {_md_code(f.new)}" for f in change.fields)]


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
