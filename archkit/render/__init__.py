"""Diagrams: computed views -> DOT (``dot.py``) -> SVG/PNG/PDF (``graphviz.py``, the only runner of `dot`).

The names below are imported when first used, so that a module of this package (``archkit check``
reads ``render.hints`` and ``render.layout``) does not bring the whole render pipeline with it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archkit import lazy

_EXPORTS = {
    "TECHNOLOGY_ICONS": "archkit.render.icons",
    "IconResolver": "archkit.render.icons",
    "RenderedViews": "archkit.render.pipeline",
    "render_dot": "archkit.render.pipeline",
    "render_views": "archkit.render.pipeline",
    "render_workspace": "archkit.render.pipeline",
}

__all__ = ["TECHNOLOGY_ICONS", "IconResolver", "RenderedViews", "render_dot", "render_views", "render_workspace"]


__getattr__ = lazy.exports(__name__, _EXPORTS, globals())


if TYPE_CHECKING:  # explicit `X as X`: mypy --strict sees these names as re-exported
    from archkit.render.icons import TECHNOLOGY_ICONS as TECHNOLOGY_ICONS, IconResolver as IconResolver
    from archkit.render.pipeline import (
        RenderedViews as RenderedViews,
        render_dot as render_dot,
        render_views as render_views,
        render_workspace as render_workspace,
    )
