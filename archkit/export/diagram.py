"""What the per-view exporters share: the Diagram result, view selection, aliases and looks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from archkit.errors import RenderError
from archkit.model import ImageView, View, Workspace
from archkit.render.style import THEMES, Line, Look, Styler
from archkit.views import Catalog, ComputedBoundary, ComputedNode, ComputedView, compute_view

_UNSAFE = re.compile(r"[^A-Za-z0-9_]+")


@dataclass(frozen=True)
class Diagram:
    """One exported diagram: the view key, the text in the target format, its file extension."""

    key: str
    definition: str
    extension: str


def select_views(ws: Workspace, key: str | None, *, images: bool = False) -> list[View]:
    """The workspace's effective views, or the one with ``key`` (RenderError naming the keys otherwise).

    Image views are pictures, not diagrams to translate: left out unless ``images``; one named by
    ``key`` is an error that says so."""
    views = ws.effective_views()
    if key is None:
        return [v for v in views if images or not isinstance(v, ImageView)]
    for view in views:
        if view.key == key and isinstance(view, ImageView) and not images:
            raise RenderError(f"view '{key}': {image_note(view)}")
        if view.key == key:
            return [view]
    known = ", ".join(v.key for v in views) or "none"
    raise RenderError(f"view '{key}': no such view — the views are: {known}")


def image_note(view: ImageView) -> str:
    """Why an image view is not in a per-view export, and where it is kept."""
    what = f"{view.source_type} source" if view.source_type != "image" else "a picture"
    return (f"an image view ({what}) has no diagram in this format — it is kept in the Structurizr JSON and DSL "
            "exports, and drawn by `archkit render`")


def computed_views(ws: Workspace, key: str | None = None) -> Iterator[ComputedView]:
    """Each selected view, computed once with a shared catalog."""
    catalog = Catalog(ws)
    for view in select_views(ws, key):
        yield compute_view(ws, view, catalog)


class Aliases:
    """Stable identifiers for the target language: ``shop.api`` -> ``shop_api``; clashes get ``_2``."""

    def __init__(self, prefix: str = "e") -> None:
        self.prefix = prefix
        self._by_id: dict[str, str] = {}
        self._taken: set[str] = set()

    def __call__(self, element_id: str) -> str:
        if element_id not in self._by_id:
            base = _UNSAFE.sub("_", element_id).strip("_") or self.prefix
            if base[0].isdigit():
                base = f"{self.prefix}{base}"
            alias, n = base, 1
            while alias in self._taken:
                n += 1
                alias = f"{base}_{n}"
            self._taken.add(alias)
            self._by_id[element_id] = alias
        return self._by_id[element_id]


def styler(ws: Workspace) -> Styler:
    """The renderer's style resolver, so that exports use the same colours as archkit's own diagrams."""
    return Styler(ws.styles, THEMES.get(ws.styles.theme, THEMES["light"]))


def children(view: ComputedView, parent: str | None) -> tuple[list[ComputedBoundary], list[ComputedNode]]:
    """Boundaries and nodes directly inside ``parent`` (None: the top level), sorted by id."""
    return ([b for b in view.boundaries if b.parent == parent], [n for n in view.nodes if n.parent == parent])


def kind_label(node: ComputedNode | ComputedBoundary) -> str:
    """``[Container: Python]``-style metadata line."""
    tech = f": {node.technology}" if node.technology else ""
    return f"[{node.type_line if isinstance(node, ComputedNode) else node.kind}{tech}]"


def user_tags(tags: Iterable[str]) -> list[str]:
    """Tags other than archkit's implicit ones."""
    implicit = {"Element", "Person", "Software System", "Container", "Component", "Deployment Node",
                "Infrastructure Node", "Container Instance", "Software System Instance", "Relationship", "Group",
                "Custom Element"}
    return [t for t in tags if t not in implicit]


__all__ = ["Aliases", "Diagram", "Line", "Look", "children", "computed_views", "image_note", "kind_label",
           "select_views",
           "styler", "user_tags"]


def separations(view: ComputedView) -> str:
    """A view's separations as text (``rank_separation 400, node_separation 120``), for the exports
    that have no syntax for them and keep them as a comment; empty when none is set."""
    return ", ".join(f"{name} {value}" for name, value in (("rank_separation", view.rank_separation),
                                                           ("node_separation", view.node_separation))
                     if value is not None)
