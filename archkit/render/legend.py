"""The legend: one entry per element and relationship appearance the view actually uses.

It is a single node whose label is a table, so it costs the layout nothing; Graphviz
places it beside the top rank, by the title. Each element entry is a swatch drawn
in the entry's colours, named after the kind and the tags that styled it
(``Container · Database``), with the shape and the style's description;
each relationship entry shows its line style in its colour.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from archkit.render.labels import cell, font, html, html_lines, table, wrap
from archkit.render.style import Line, Look, Theme, readable_text, with_opacity

_KIND_ORDER = ["Person", "Software System", "Container", "Component", "Deployment Node", "Infrastructure Node"]
_SHAPE_WORDS = {
    "person": "person", "cylinder": "cylinder", "queue": "queue", "pipe": "pipe", "folder": "folder",
    "hexagon": "hexagon", "component": "component", "web_browser": "web browser",
    "mobile_device": "mobile device", "ellipse": "ellipse", "circle": "circle", "diamond": "diamond",
}
#: The least width of an element entry's swatch, in points; a swatch is as wide as its name needs beyond it
#: (the entries of a column share the widest). 150 made every legend 50 pt wider per column than "Container"
#: needs, and the title band holding it taller or wider: mean fill of the example views 0.246 -> 0.248 at 100
#: (``benchmarks/README.md``, ``h/fill4``).
SWATCH_WIDTH = 100
#: Room between a legend's cells and inside each, in points (4 and 4 before: 0.248 -> 0.253 at 2 and 3).
_SPACING, _PADDING = "2", "3"
_LINE_GLYPHS = {"solid": "\u2500\u2500\u2500\u2500\u2500\u25ba", "dashed": "\u2013 \u2013 \u2013 \u25ba",
                "dotted": "\u00b7 \u00b7 \u00b7 \u00b7 \u25ba"}


@dataclass(frozen=True)
class ElementEntry:
    kind: str
    look: Look

    @property
    def label(self) -> str:
        extra = [t for t in self.look.applied if t not in ("Element", self.kind)]
        return " · ".join([self.kind, *extra])


@dataclass(frozen=True)
class LineEntry:
    line: Line

    @property
    def label(self) -> str:
        return " · ".join(t for t in self.line.applied if t != "Relationship") or "Relationship"


def _element_rank(entry: ElementEntry) -> tuple[int, str]:
    order = _KIND_ORDER.index(entry.kind) if entry.kind in _KIND_ORDER else len(_KIND_ORDER)
    return order, entry.label


def _entries(elements: Iterable[ElementEntry], lines: Iterable[LineEntry],
             theme: Theme) -> list[tuple[str, int]]:
    """Each legend entry (a swatch cell and a notes cell) with its number of lines of notes."""
    unique_elements = {e.label: e for e in elements}
    unique_lines = {e.label: e for e in lines}
    entries = []
    for entry in sorted(unique_elements.values(), key=_element_rank):
        look = entry.look
        swatch = cell(
            font(html(entry.label), 10, readable_text(look.color, look.background, look.opacity, theme.legend_fill)),
            BGCOLOR=with_opacity(look.background, look.opacity), COLOR=look.stroke, BORDER="1", WIDTH=str(SWATCH_WIDTH),
        )
        notes = [_SHAPE_WORDS[look.shape]] if look.shape in _SHAPE_WORDS else []
        wrapped = wrap(", ".join(notes + list(look.descriptions)), 48)
        entries.append((swatch + cell(font(html_lines(wrapped), 9, theme.muted), ALIGN="LEFT", BALIGN="LEFT"),
                        len(wrapped)))
    for line_entry in sorted(unique_lines.values(), key=lambda e: e.label):
        line = line_entry.line
        glyph = font(html(_LINE_GLYPHS.get(line.style, _LINE_GLYPHS["solid"])), 10, line.color, bold=True)
        wrapped = wrap(", ".join([line_entry.label, *line.descriptions]), 48)
        entries.append((cell(glyph) + cell(font(html_lines(wrapped), 9, theme.muted), ALIGN="LEFT", BALIGN="LEFT"),
                        len(wrapped)))
    return entries


def legend_label(elements: Iterable[ElementEntry], lines: Iterable[LineEntry], theme: Theme,
                 columns: int = 1, extra: Iterable[str] = ()) -> str | None:
    """The legend's HTML-like label, or None when there is nothing to explain; its entries (a
    swatch and its notes each, then the ``extra`` entries, two cells each) in ``columns`` columns,
    filled row by row."""
    return legend_table(legend_cells(elements, lines, theme) + list(extra), theme, columns)


def legend_cells(elements: Iterable[ElementEntry], lines: Iterable[LineEntry], theme: Theme) -> list[str]:
    """The legend's entries, two cells each, in their order: what :func:`legend_table` lays out in columns
    (a view's DOT offers its legend in several numbers of columns, from one list of entries)."""
    return [e for e, _n in _entries(elements, lines, theme)]


def legend_table(entries: list[str], theme: Theme, columns: int = 1) -> str | None:
    """:func:`legend_label` of the entries of :func:`legend_cells` (and any extra ones)."""
    if not entries:
        return None
    columns = max(1, min(columns, len(entries)))
    rows = [cell(font("Legend", 11, theme.text, bold=True), COLSPAN=str(2 * columns), ALIGN="LEFT")]
    for at in range(0, len(entries), columns):
        part = entries[at:at + columns]
        rows.append("".join(part) + "<TD></TD><TD></TD>" * (columns - len(part)))
    return table(rows, BGCOLOR=theme.legend_fill, COLOR=theme.boundary, BORDER="1", CELLSPACING=_SPACING,
                 CELLPADDING=_PADDING, STYLE="rounded")


def legend_height(elements: Iterable[ElementEntry], lines: Iterable[LineEntry], theme: Theme, extra: int) -> float:
    """The height in points of a one-column :func:`legend_label` with ``extra`` one-line extra entries:
    24 points for the title, a row of 21 for each entry, 11 more for each further line of its notes (with
    ``_SPACING`` and ``_PADDING``; measured, it errs on the large side: an arrow's row is 19)."""
    counts = [n for _e, n in _entries(elements, lines, theme)] + [1] * extra
    return 24.0 + 21.0 * len(counts) + 11.0 * sum(max(0, n - 1) for n in counts) + 4
