"""Workspace views -> Graphviz DOT, exactly as archkit's renderer draws them (:func:`archkit.render.render_dot`)."""

from __future__ import annotations

from archkit.export.diagram import Diagram, select_views
from archkit.model import Workspace
from archkit.render import render_dot


def to_dot(ws: Workspace, view: str | None = None) -> list[Diagram]:
    """One DOT graph per view (or only ``view``); icons are referenced as the renderer references them."""
    return [Diagram(v.key, render_dot(ws, v), "dot") for v in select_views(ws, view, images=True)]
