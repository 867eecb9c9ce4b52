"""The HTML-like labels of an element's box and a boundary's title, in C4 notation.

An element: its icon on top when one is known, the name in bold, ``[Type: technology]`` (with
``xN`` for several instances), the wrapped description, and — in layouts that do not draw
boundaries — the boundaries around it in italics. A boundary: its name and ``[Kind: technology]``,
left aligned, with its icon beside them. A view's title band: its title and description, with the legend
under or beside them. :mod:`archkit.render.dot` writes them into a view's DOT.
"""

from __future__ import annotations

from collections.abc import Mapping

from archkit.render.labels import cell, font, html, html_lines, table, wrap
from archkit.render.shapes import icon_cell
from archkit.render.style import Look, Theme
from archkit.views import ComputedBoundary, ComputedNode, ComputedView

#: Points of a deployment node's or a group's icon beside its title.
BOUNDARY_ICON_SIZE = 24
#: The most columns :func:`title_bands` offers the legend in (a legend has at most ~12 entries).
BAND_COLUMNS = 6
#: The width, in characters, a view's description wraps at under its title; beside a legend, it is offered
#: narrower too (a taller, narrower title beside the legend: :mod:`archkit.render.band` picks the smallest).
_DESCRIPTION_WRAP = 110
_BESIDE_WRAPS = (70, 45)


def _kind(kind: str, technology: str, instances: str) -> str:
    out = f"[{kind}: {technology}]" if technology else f"[{kind}]"
    return out + f" x{instances}" if instances not in ("", "1") else out


def node_label(node: ComputedNode, look: Look, icon: str | None, within: str | None) -> str:
    """An element's box; ``within`` names the boundaries around it (``Shop › API``) where the layout
    does not draw them (None where it does)."""
    rows = [] if icon is None else [icon_cell(icon)]
    rows.append(cell(font(html_lines(wrap(node.name, 26)), look.font_size, bold=True)))
    rows.append(cell(font(html_lines(wrap(_kind(node.type_line, node.technology, node.instances), 34)), 9)))
    if node.description:
        rows.append(cell(font(html_lines(wrap(node.description, 34)), 10)))
    if within is not None and node.parent is not None:
        rows.append(cell(font("<I>" + html(f"in {within}") + "</I>", 9)))
    return table(rows)


def boundary_label(b: ComputedBoundary, theme: Theme, icon: str | None) -> str:
    """A boundary's title: name and kind, with ``icon`` (a path in the icon set) beside them, as a box
    shows its icon above them."""
    rows = [cell(font(html_lines(wrap(b.name, 40)), 12, theme.text, bold=True), ALIGN="LEFT"),
            cell(font(html(_kind(b.kind, b.technology, b.instances)), 9, theme.muted), ALIGN="LEFT")]
    if icon is not None:
        rows[0] = cell(f'<IMG SRC="{icon}" SCALE="TRUE"/>', FIXEDSIZE="TRUE", WIDTH=str(BOUNDARY_ICON_SIZE + 6),
                       HEIGHT=str(BOUNDARY_ICON_SIZE), ROWSPAN="2") + rows[0]
    return table(rows, CELLPADDING="0")


def title_bands(view: ComputedView, theme: Theme, legend: str, tables: Mapping[int, str]) -> tuple[str, ...]:
    """The title band with ``legend`` (the one drawn) first, then with the legend in each number of
    columns up to :data:`BAND_COLUMNS` (``tables``), under the title and beside it."""
    bands = [title_band(view, theme, legend)]
    for columns in range(1, BAND_COLUMNS + 1):
        for beside in (False, True):
            for width in (_DESCRIPTION_WRAP, *(_BESIDE_WRAPS if beside else ())):
                band = title_band(view, theme, tables[columns], beside, width)
                if band not in bands:
                    bands.append(band)
    return tuple(bands)


def title_band(view: ComputedView, theme: Theme, legend: str | None = None, beside: bool = False,
               width: int = 0) -> str:
    """The graph's label: the view's title and description (wrapped at ``width`` characters, or
    ``_DESCRIPTION_WRAP``), and ``legend`` below them (``beside``: to their right, its top level with
    the title's) when given."""
    rows = [cell(font(html_lines(wrap(view.title, 90)), 16, theme.text, bold=True), ALIGN="LEFT")]
    if view.description:
        lines = wrap(view.description, width or _DESCRIPTION_WRAP)
        rows.append(cell(font(html_lines(lines), 11, theme.muted), ALIGN="LEFT", BALIGN="LEFT"))
    if legend is not None and beside:
        return table([cell(table(rows, CELLPADDING="1"), VALIGN="TOP", ALIGN="LEFT")
                      + cell(legend, VALIGN="TOP", ALIGN="LEFT")], CELLPADDING="0", CELLSPACING="12")
    if legend is not None:
        rows.append(cell(legend, ALIGN="LEFT"))
    return table(rows, CELLPADDING="1")
