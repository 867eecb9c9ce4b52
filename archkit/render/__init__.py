"""Diagrams: computed views -> DOT (``dot.py``) -> SVG/PNG/PDF (``graphviz.py``, the only runner of `dot`)."""

from archkit.render.icons import TECHNOLOGY_ICONS, IconResolver
from archkit.render.pipeline import render_dot, render_workspace

__all__ = ["TECHNOLOGY_ICONS", "IconResolver", "render_dot", "render_workspace"]
