"""Diagrams: computed views -> DOT (``dot.py``) -> SVG/PNG/PDF (``graphviz.py``, the only runner of `dot`)."""

from archkit.render.icons import TECHNOLOGY_ICONS, IconResolver
from archkit.render.pipeline import RenderedViews, render_dot, render_views, render_workspace

__all__ = ["TECHNOLOGY_ICONS", "IconResolver", "RenderedViews", "render_dot", "render_views", "render_workspace"]
