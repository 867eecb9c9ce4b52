"""Rules over the workspace properties archkit itself reads: ``check`` refuses what ``build`` refuses."""

from __future__ import annotations

from archkit.check.context import Context
from archkit.ids import did_you_mean


def check_properties(ctx: Context) -> None:
    """``workspace.unknown-format``: a name in ``archkit.formats`` that is no diagram format;
    ``workspace.unknown-layout``: an ``archkit.layout`` that is neither ``best`` nor ``fast``;
    ``workspace.site-value``: an ``archkit.site`` that is neither ``true`` nor ``false``."""
    from archkit.render.budget import LAYOUT_PROPERTY, MODES, MODES_HINT
    from archkit.render.formats import DIAGRAM_FORMATS, FORMATS_HINT, FORMATS_PROPERTY, unknown_formats
    from archkit.site.pipeline import SITE_PROPERTY

    properties = ctx.ws.properties
    for name in unknown_formats(properties):
        ctx.report("workspace.unknown-format", "error", f"workspace property '{FORMATS_PROPERTY}'",
                   f"unknown diagram format '{name}'", _hint(name, DIAGRAM_FORMATS, FORMATS_HINT))
    layout = properties.get(LAYOUT_PROPERTY)
    if layout is not None and layout.strip().lower() not in MODES:
        ctx.report("workspace.unknown-layout", "error", f"workspace property '{LAYOUT_PROPERTY}'",
                   f"unknown layout mode '{layout}'", _hint(layout.strip().lower(), MODES, MODES_HINT))
    site = properties.get(SITE_PROPERTY)
    if site is not None and site.strip().lower() not in ("", "true", "false"):
        ctx.report("workspace.site-value", "error", f"workspace property '{SITE_PROPERTY}'",
                   f"'{site}' is neither true nor false", "write 'true' to publish the site with the build "
                   "(out/<model>/site/), 'false' or nothing not to")


def _hint(wrong: str, allowed: tuple[str, ...], fix: str) -> str:
    mean = did_you_mean(wrong, list(allowed)).removeprefix("; ")
    return f"{mean}; {fix}" if mean else fix
