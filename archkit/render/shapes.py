"""How an element's box looks in DOT: its Graphviz shape and style, and the icon cell above its name.

Shared by the diagrams of every view (:mod:`archkit.render.dot`) and the sequence diagrams'
participants (:mod:`archkit.render.sequence`), so an element looks the same in both.
"""

from __future__ import annotations

from archkit.render.icons import PERSON_GLYPH
from archkit.render.labels import cell, table
from archkit.render.style import Look

#: The side of a technology icon above an element's name, in points.
ICON_SIZE = 36
_SHAPES: dict[str, tuple[str, str]] = {
    "box": ("box", ""), "rounded_box": ("box", "rounded"), "person": ("box", "rounded"),
    "cylinder": ("cylinder", ""), "queue": ("cds", ""), "pipe": ("cds", ""), "folder": ("folder", ""),
    "hexagon": ("hexagon", ""), "component": ("component", ""), "web_browser": ("tab", ""),
    "mobile_device": ("box", "rounded"), "ellipse": ("ellipse", ""), "circle": ("circle", ""),
    "diamond": ("diamond", ""),
}
_BORDERS = {"dashed": "dashed", "dotted": "dotted"}


def node_shape(look: Look) -> tuple[str, str]:
    """The Graphviz ``shape`` and ``style`` of an element drawn with ``look`` (filled, its border)."""
    shape, style = _SHAPES.get(look.shape, ("box", "rounded"))
    styles = ["filled", *([style] if style else []), *([_BORDERS[look.border]] if look.border in _BORDERS else [])]
    return shape, ",".join(styles)


def icon_cell(icon: str) -> str:
    """The table cell of an element's icon, above its name: a technology icon on a white rounded tile
    (it stays visible on any fill), the person glyph as it is."""
    image = cell(f'<IMG SRC="{icon}" SCALE="TRUE"/>', FIXEDSIZE="TRUE", WIDTH=str(ICON_SIZE), HEIGHT=str(ICON_SIZE))
    frame = str(ICON_SIZE + 8)
    return image if icon == PERSON_GLYPH else cell(
        table([image], BGCOLOR="#ffffff", STYLE="rounded", CELLPADDING="3"), FIXEDSIZE="TRUE", WIDTH=frame,
        HEIGHT=frame)
