"""Which diagram formats a model asks for: the workspace property ``archkit.formats``.

``archkit build`` writes these formats for every view, ``archkit render`` draws them when no
``--format`` is given and ``archkit docs`` draws missing diagrams in them, so the three agree on
what belongs in ``out/<model>/diagrams/``. The property is comma-separated (``"svg, png, pdf"``);
unset, it is ``svg, png``. SVG is always among them: the arc42 pages show the SVG of each view.
"""

from __future__ import annotations

from collections.abc import Mapping

from archkit.errors import ModelError

FORMATS_PROPERTY = "archkit.formats"
"""Workspace property naming the diagram formats a build writes, comma-separated (e.g. ``"svg, png, pdf"``)."""
DIAGRAM_FORMATS = ("svg", "png", "pdf", "dot")
"""Every diagram format archkit writes: the three Graphviz draws and the DOT text itself."""
DEFAULT_FORMATS = ("svg", "png")


def diagram_formats(properties: Mapping[str, str], source: str = "") -> list[str]:
    """The formats named by ``properties["archkit.formats"]`` (svg first, then as written, once each);
    ``svg, png`` when unset. An unknown name raises :class:`ModelError` naming ``source`` and the property."""
    names = _names(properties)
    if not names:
        return list(DEFAULT_FORMATS)
    for name in unknown_formats(properties):
        where = f"{source}: " if source else ""
        raise ModelError(f"{where}workspace property '{FORMATS_PROPERTY}': unknown diagram format '{name}' — "
                         f"{FORMATS_HINT}")
    return list(dict.fromkeys(["svg", *names]))


FORMATS_HINT = f"use a comma-separated list of {', '.join(DIAGRAM_FORMATS)} (e.g. \"svg, png, pdf\")"


def unknown_formats(properties: Mapping[str, str]) -> list[str]:
    """The names in ``properties["archkit.formats"]`` that are no diagram format (``archkit check``
    reports them; :func:`diagram_formats` refuses them)."""
    return [name for name in dict.fromkeys(_names(properties)) if name not in DIAGRAM_FORMATS]


def _names(properties: Mapping[str, str]) -> list[str]:
    value = properties.get(FORMATS_PROPERTY) or ""
    return [part.strip().lower() for part in value.split(",") if part.strip()]
