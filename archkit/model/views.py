"""View specifications: which elements a diagram shows. Computing them is archkit.views' job.

Include and exclude entries are element ids, ``tag:NAME`` for every element
(or relationship, in ``exclude``) carrying that tag, relationship ids
(``a->b``), or ``*`` for the view's default content.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Annotated, Literal, Self

from pydantic import Field, PrivateAttr, model_validator

from archkit.errors import ModelError
from archkit.ids import did_you_mean, slugify
from archkit.images import Picture, source_problem
from archkit.model.base import ArchModel, Ids, Tags, new_list
from archkit.model.elements import Component, Container, Element, SoftwareSystem

if TYPE_CHECKING:
    from archkit.model.model import ModelIndex

Direction = Literal["TB", "LR", "BT", "RL"]
DynamicStyle = Literal["collaboration", "sequence"]
HintKind = Literal["right_of", "left_of", "below", "above", "same_rank"]
#: The largest rank or node separation accepted (ten inches; Structurizr's default is 300).
MAX_SEPARATION = 3000
Separation = Annotated[int | None, Field(ge=0, le=MAX_SEPARATION, description=(
    "In Structurizr's unit: pixels of a diagram drawn at 300 dpi, so 300 is one inch (72 pt); "
    "unset: archkit's own spacing (rank 240, node 180)."))]


class LayoutHint(ArchModel):
    """Where elements go relative to each other on one view's diagram.

    ``right_of``, ``left_of``, ``below`` and ``above`` place ``elements[0]`` so from
    ``elements[1]``. ``same_rank`` puts all ``elements`` on one rank of the layout: a row when
    the view runs top-down (TB/BT), a column when it runs sideways (LR/RL); ``ordered`` keeps
    them in the given order along it (left to right in a row, top to bottom in a column).
    A placement across the view's direction also puts the two on one rank (``right_of`` in a
    TB view: the same row, further right).
    """

    kind: HintKind
    elements: list[str] = Field(description="Element ids: the one placed first, then the one it is placed "
                                            "from; for same_rank two or more.")
    ordered: bool = False

    @model_validator(mode="after")
    def _well_formed(self) -> LayoutHint:
        if self.kind == "same_rank" and len(self.elements) < 2:
            raise ValueError("a 'same_rank' hint needs at least two element ids")
        if self.kind != "same_rank" and len(self.elements) != 2:
            raise ValueError(f"{_a(self.kind)} '{self.kind}' hint places one element from another: give exactly "
                             f"two ids, not {len(self.elements)}")
        if len(set(self.elements)) != len(self.elements):
            raise ValueError(f"{_a(self.kind)} '{self.kind}' hint names '{_first_repeat(self.elements)}' twice — "
                             "name each element once")
        if self.ordered and self.kind != "same_rank":
            raise ValueError("'ordered' applies to 'same_rank' hints only")
        return self


def _a(word: str) -> str:
    """The article before ``word`` in a message: ``an 'above' hint``, ``a 'below' hint``."""
    return "an" if word[:1].lower() in "aeiou" else "a"


def _first_repeat(items: list[str]) -> str:
    for n, item in enumerate(items):
        if item in items[:n]:
            return item
    return ""


class ViewBase(ArchModel):
    key: str = ""
    title: str = ""
    description: str = ""
    include: Ids = Field(default_factory=lambda: ["*"])
    exclude: Ids = Field(default_factory=new_list)
    direction: Direction = "TB"
    rank_separation: Separation = None
    node_separation: Separation = None
    layout_hints: list[LayoutHint] = Field(default_factory=new_list)
    animation: list[list[str]] = Field(default_factory=new_list, description=(
        "Structurizr's animation steps: the element ids each step adds to the view. Kept for the "
        "Structurizr exports; archkit's diagrams show the whole view."))

    def animate(self, *elements: Element | str) -> Self:
        """Add an animation step that shows ``elements`` (Structurizr's ``animation``); returns the view."""
        self.animation.append([_ref(e) for e in elements])
        return self

    def including(self, *items: Element | str) -> ViewBase:
        """Add elements (or ids, ``tag:X``, ``*``) to the view; returns the view for chaining."""
        self.include.extend(_ref(i) for i in items if _ref(i) not in self.include)
        return self

    def excluding(self, *items: Element | str) -> ViewBase:
        """Remove elements (or ids, ``tag:X``, relationship ids) from the view."""
        self.exclude.extend(_ref(i) for i in items if _ref(i) not in self.exclude)
        return self

    def right_of(self, element: Element | str, other: Element | str) -> Self:
        """Place ``element`` to the right of ``other``; returns the view for chaining."""
        return self._hint("right_of", element, other)

    def left_of(self, element: Element | str, other: Element | str) -> Self:
        """Place ``element`` to the left of ``other``."""
        return self._hint("left_of", element, other)

    def below(self, element: Element | str, other: Element | str) -> Self:
        """Place ``element`` below ``other``."""
        return self._hint("below", element, other)

    def above(self, element: Element | str, other: Element | str) -> Self:
        """Place ``element`` above ``other``."""
        return self._hint("above", element, other)

    def same_rank(self, *elements: Element | str, ordered: bool = False) -> Self:
        """Put ``elements`` on one rank (a row in a TB view, a column in an LR one), in this
        order along it when ``ordered``."""
        return self._hint("same_rank", *elements, ordered=ordered)

    def _hint(self, kind: HintKind, *elements: Element | str, ordered: bool = False) -> Self:
        try:
            hint = LayoutHint(kind=kind, elements=[_ref(e) for e in elements], ordered=ordered)
        except ValueError as exc:
            problem = exc.errors()[0]["msg"] if hasattr(exc, "errors") else str(exc)
            raise ModelError(f"view '{self.key}': {problem.removeprefix('Value error, ')}") from None
        self.layout_hints.append(hint)
        return self

    @property
    def scope(self) -> str | None:
        """The id this view is about, if any."""
        return None


def _ref(item: Element | str) -> str:
    return item if isinstance(item, str) else item.id


class SystemLandscapeView(ViewBase):
    type: Literal["system_landscape"] = "system_landscape"


class CustomView(ViewBase):
    """Custom elements only (Structurizr's ``custom`` view): ``*`` is every custom element."""

    type: Literal["custom"] = "custom"


class SystemContextView(ViewBase):
    type: Literal["system_context"] = "system_context"
    software_system: str

    @property
    def scope(self) -> str | None:
        return self.software_system


class ContainerView(ViewBase):
    type: Literal["container"] = "container"
    software_system: str

    @property
    def scope(self) -> str | None:
        return self.software_system


class ComponentView(ViewBase):
    type: Literal["component"] = "component"
    container: str

    @property
    def scope(self) -> str | None:
        return self.container


class DynamicStep(ArchModel):
    """One interaction in a dynamic view; a relationship ``source -> destination`` must exist."""

    source: str
    destination: str
    description: str = ""
    technology: str = ""
    response: bool = Field(default=False, description=(
        "A reply to an earlier step: drawn as a dashed return arrow in the sequence style."))


class ParallelSteps(ArchModel):
    """Branches that happen at the same time; numbered ``2a``, ``2b`` (``2a.1``, ``2a.2`` inside a branch)."""

    parallel: list[list[DynamicStep]]


class DynamicView(ViewBase):
    type: Literal["dynamic"] = "dynamic"
    scope_id: str | None = Field(
        default=None, alias="scope", description="A software system or container id, or none."
    )
    steps: list[DynamicStep | ParallelSteps] = Field(default_factory=new_list)
    style: DynamicStyle = Field(default="collaboration", description=(
        "How the scenario is drawn: 'collaboration' (elements laid out by Graphviz, numbered edges) "
        "or 'sequence' (participants across the top, messages top to bottom)."))

    @property
    def scope(self) -> str | None:
        return self.scope_id

    def step(
        self, source: Element | str, destination: Element | str, description: str = "",
        technology: str = "", *, response: bool = False,
    ) -> DynamicView:
        """Append the next step (``response``: a reply, drawn dashed); returns the view for chaining."""
        self.steps.append(DynamicStep(
            source=_ref(source), destination=_ref(destination), description=description,
            technology=technology, response=response,
        ))
        return self

    def parallel(
        self,
        *branches: Iterable[tuple[Element | str, Element | str, str] | tuple[Element | str, Element | str, str, str]],
    ) -> DynamicView:
        """Append parallel branches, each a sequence of ``(source, destination, description)``
        or ``(source, destination, description, technology)`` steps."""
        self.steps.append(ParallelSteps(parallel=[[_step(*item) for item in branch] for branch in branches]))
        return self

    def numbered_steps(self) -> list[tuple[str, DynamicStep]]:
        """Steps with their numbers: ``1``, ``2a``, ``2b``, ``3`` (``2a.1``, ``2a.2`` for longer branches)."""
        out: list[tuple[str, DynamicStep]] = []
        for n, item in enumerate(self.steps, start=1):
            if isinstance(item, DynamicStep):
                out.append((str(n), item))
                continue
            for b, branch in enumerate(item.parallel):
                letter = _branch_letter(b)
                for i, st in enumerate(branch, start=1):
                    out.append((f"{n}{letter}" if len(branch) == 1 else f"{n}{letter}.{i}", st))
        return out


def _step(source: Element | str, destination: Element | str, description: str, technology: str = "") -> DynamicStep:
    return DynamicStep(source=_ref(source), destination=_ref(destination), description=description,
                       technology=technology)


def _branch_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(ord("a") + rem) + letters
    return letters


class DeploymentView(ViewBase):
    type: Literal["deployment"] = "deployment"
    environment: str
    software_system: str | None = None

    @property
    def scope(self) -> str | None:
        return self.software_system


class FilteredView(ViewBase):
    """A view derived from another by keeping (``include``) or dropping (``exclude``) tags."""

    type: Literal["filtered"] = "filtered"
    base: str = Field(description="Key of the view to filter.")
    mode: Literal["include", "exclude"] = "include"
    tags: Tags = Field(default_factory=new_list)


ImageSource = Literal["image", "plantuml", "mermaid", "kroki"]


class ImageView(ViewBase):
    """A picture archkit does not draw (Structurizr's image view), kept as a reference.

    ``source_type="image"``: ``source`` is an image file (PNG, JPEG, GIF or SVG) by its path relative
    to the model file's folder, a ``data:image/...`` URI, or an image's ``http(s)://`` URL.
    ``plantuml``, ``mermaid`` and ``kroki`` (with ``kroki_format``, e.g. ``graphviz``): ``source`` is
    the diagram's source text. archkit reads a local file only inside the model's folder, downloads
    nothing and runs no diagram tool: it draws a page that says what the view references (a local
    or embedded image is shown as it is). ``server`` is the diagram server Structurizr would use
    (its ``plantuml.url``, ``mermaid.url``, ``kroki.url``), exported as written, never contacted.
    ``element`` names the software system, container or component the picture is about.
    """

    type: Literal["image"] = "image"
    source: str = Field(min_length=1)
    source_type: ImageSource = "image"
    kroki_format: str = ""
    server: str = ""
    element: str | None = None
    _picture: Picture | None = PrivateAttr(default=None)

    @model_validator(mode="after")
    def _only_a_picture(self) -> ImageView:
        problem = source_problem(self.source) if self.source_type == "image" else None
        if problem is not None:
            raise ValueError(f"image source '{_short(self.source)}' {problem}")
        if self.include != ["*"] or self.exclude or self.layout_hints or self.animation or self.direction != "TB" \
                or self.rank_separation is not None or self.node_separation is not None:
            raise ValueError("an image view shows its picture: it takes no include, exclude, layout hints, "
                             "animation, direction or separations")
        if (self.source_type == "kroki") != bool(self.kroki_format):
            raise ValueError("kroki_format goes with source_type 'kroki' (the Kroki diagram type, e.g. "
                             "'graphviz'), and only with it")
        if self.server and not self.server.startswith(("http://", "https://")):
            raise ValueError(f"server '{self.server}' is not an http(s) URL")
        return self

    @property
    def scope(self) -> str | None:
        return self.element

    def attach_picture(self, picture: Picture) -> None:
        """Keep the bytes of the view's local image file (:func:`archkit.images.attach_images`)."""
        self._picture = picture

    def loaded_picture(self) -> Picture | None:
        """The local image file's picture, when the model was loaded from a file (else None)."""
        return self._picture


def _short(text: str) -> str:
    return text if len(text) <= 60 else text[:57] + "..."


View = Annotated[
    SystemLandscapeView | SystemContextView | ContainerView | ComponentView | DynamicView
    | DeploymentView | FilteredView | CustomView | ImageView,
    Field(discriminator="type"),
]


def default_key(view: View) -> str:
    """``system_context-shop``, ``deployment-production``, ... (a slug, safe as a file name)."""
    if isinstance(view, DeploymentView):
        tail = slugify(view.environment) + (f"-{slugify(view.software_system)}" if view.software_system else "")
    elif isinstance(view, FilteredView):
        tail = slugify(view.base) + "-" + "-".join(slugify(t) for t in view.tags)
    else:
        tail = slugify(view.scope) if view.scope else ""
    return f"{view.type.replace('_', '-')}-{tail}".rstrip("-")


def scope_problem(view: View, index: ModelIndex) -> tuple[str, str, str] | None:
    """``(rule, problem, hint)`` when a view's scope is unknown or of the wrong type, else None.

    One definition for ``check`` (a finding) and view computation (an error): a container view
    of a person is never drawn as an empty diagram.
    """
    allowed: tuple[type[Element], ...] = _SCOPE_TYPES.get(type(view), ())
    if not allowed or view.scope is None:
        return None
    target = index.get(view.scope)
    if target is None:
        known = [e.id for e in index.elements.values() if isinstance(e, allowed)]
        hint = did_you_mean(view.scope, known).removeprefix("; ") or "use the id of an existing scope"
        return "view.unknown-scope", f"unknown scope '{view.scope}'", hint
    if not isinstance(target, allowed):
        names = " or ".join(t.kind.lower() for t in allowed)
        kind = view.type.replace("_", " ")
        return ("view.scope-type",
                f"{'an' if kind[0] in 'aeiou' else 'a'} {kind} view needs a {names} as scope, "
                f"but '{view.scope}' is a {target.kind.lower()}",
                f"scope it to a {names}, or change the view type")
    return None


_SCOPE_TYPES: dict[type, tuple[type[Element], ...]] = {
    SystemContextView: (SoftwareSystem,),
    ContainerView: (SoftwareSystem,),
    ComponentView: (Container,),
    DynamicView: (SoftwareSystem, Container),
    DeploymentView: (SoftwareSystem,),
    ImageView: (SoftwareSystem, Container, Component),
}
