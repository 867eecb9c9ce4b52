"""What a view computes to: nodes, edges and boundaries, frozen and sorted, ready to draw.

A :class:`ComputedView` knows nothing about Graphviz; it is the contract between
``archkit.views`` (which decides *what* a diagram shows) and ``archkit.render``
(which decides *how*). Everything in it is sorted by id so that the same model
always gives the same diagram.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

Interaction = Literal["sync", "async"]


@dataclass(frozen=True)
class ComputedNode:
    """An element drawn as a box (or person, cylinder, ...).

    ``kind`` is the C4 type shown in the label (``Container`` for a container
    instance too); ``tags`` are all tags, implicit ones first (``Element``,
    the kind, ``External`` for external people and systems), in the order
    styles apply. ``parent`` is the id of the enclosing boundary, if any.
    ``deployed`` is the id of the container or system an instance deploys.
    ``type_text`` is the type shown when it is not the kind: a custom element's metadata.
    """

    id: str
    name: str
    kind: str
    technology: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    parent: str | None = None
    external: bool = False
    icon: str | None = None
    instances: str = "1"
    deployed: str | None = None
    type_text: str = ""

    @property
    def type_line(self) -> str:
        """The type a diagram shows under the name (``Container``, a custom element's ``Hardware``)."""
        return self.type_text or self.kind


@dataclass(frozen=True)
class ComputedBoundary:
    """A dashed box around nodes: a software system, a container, a group or a deployment node."""

    id: str
    name: str
    kind: str
    technology: str = ""
    description: str = ""
    tags: tuple[str, ...] = ()
    parent: str | None = None
    external: bool = False
    icon: str | None = None
    instances: str = "1"


@dataclass(frozen=True)
class ComputedEdge:
    """A drawn relationship. ``relationships`` are the model relationships it stands for
    (several when implied relationships were merged); ``order`` is a dynamic step number."""

    id: str
    source: str
    destination: str
    description: str = ""
    technology: str = ""
    tags: tuple[str, ...] = ("Relationship",)
    interaction: Interaction = "sync"
    relationships: tuple[str, ...] = ()
    implied: bool = False
    order: str | None = None


@dataclass(frozen=True)
class ComputedHint:
    """An author's layout hint, as the view's ``layout_hints`` hold it (see ``archkit.LayoutHint``)."""

    kind: str
    elements: tuple[str, ...]
    ordered: bool = False

    def text(self) -> str:
        """``a right_of b``, ``same_rank(a, b, c)``: how the author wrote it."""
        if self.kind == "same_rank":
            return f"same_rank({', '.join(self.elements)}{', ordered' if self.ordered else ''})"
        return f"{self.elements[0]} {self.kind} {self.elements[1]}"


@dataclass(frozen=True)
class ComputedView:
    """One diagram's content. ``notes`` are messages for the user (ignored entries, ...).

    ``rank_separation``/``node_separation`` (Structurizr's unit, 300 per inch) and ``hints``
    steer the layout; None/empty leaves it to the renderer.
    """

    key: str
    type: str
    title: str
    description: str = ""
    direction: str = "TB"
    scope: str | None = None
    nodes: tuple[ComputedNode, ...] = ()
    edges: tuple[ComputedEdge, ...] = ()
    boundaries: tuple[ComputedBoundary, ...] = ()
    notes: tuple[str, ...] = field(default=())
    rank_separation: int | None = None
    node_separation: int | None = None
    hints: tuple[ComputedHint, ...] = ()

    def node(self, node_id: str) -> ComputedNode | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def boundary(self, boundary_id: str) -> ComputedBoundary | None:
        return next((b for b in self.boundaries if b.id == boundary_id), None)

    @property
    def node_ids(self) -> list[str]:
        return [n.id for n in self.nodes]


_STEP_PART = re.compile(r"\d+|[^\d.]+")


def step_key(number: str) -> tuple[tuple[int, int, str], ...]:
    """Natural sort key of a step number: ``2`` < ``2a`` < ``2a.1`` < ``2b`` < ``10``."""
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in _STEP_PART.findall(number)
    )


def edge_sort_key(edge: ComputedEdge) -> tuple[object, ...]:
    """Dynamic steps in step order, every other edge by id."""
    return (step_key(edge.order) if edge.order is not None else (), edge.id)
