"""The workspace's views and their builders: ``ws.views.container(shop, include=[...], direction="LR")``.

Every builder takes, as keyword arguments, what a view has in YAML: ``key``, ``title``,
``description``, ``include`` and ``exclude`` (elements or their ids, ``tag:NAME``, relationship ids
``source->destination``, ``*``; one item or a list; unset: ``include=["*"]``, nothing excluded),
``direction``, ``rank_separation`` and ``node_separation``. Layout hints are added on the returned
view (``view.right_of(a, b)``), dynamic steps with ``view.step(...)`` and ``view.parallel(...)``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

from pydantic import Field, RootModel

from archkit.errors import ModelError
from archkit.model.base import new_list, tag_list
from archkit.model.elements import Container, Element, SoftwareSystem
from archkit.model.views import (
    ComponentView,
    ContainerView,
    CustomView,
    DeploymentView,
    Direction,
    DynamicStyle,
    DynamicView,
    FilteredView,
    ImageSource,
    ImageView,
    SystemContextView,
    SystemLandscapeView,
    View,
    default_key,
)

#: What ``include=`` and ``exclude=`` take: one element or entry, or several.
Selection = Element | str | Iterable[Element | str]


def entries(items: Selection | None, default: Iterable[str] = ()) -> list[str]:
    """``include``/``exclude`` entries from elements or strings; one string is one entry."""
    if items is None:
        return list(default)
    if isinstance(items, str | Element):
        items = [items]
    return [i if isinstance(i, str) else i.id for i in items]


def _ref(item: Element | str) -> str:
    return item if isinstance(item, str) else item.id


class ViewSet(RootModel[list[View]]):
    """The workspace's views, in the order authored. Builders add and return a view."""

    root: list[View] = Field(default_factory=new_list)

    def __iter__(self) -> Iterator[View]:  # type: ignore[override]
        return iter(self.root)

    def __len__(self) -> int:
        return len(self.root)

    def __getitem__(self, key: str) -> View:
        for v in self.root:
            if v.key == key:
                return v
        raise KeyError(key)

    def keys(self) -> list[str]:
        return [v.key for v in self.root]

    def add(self, view: View) -> View:
        """Add a view; its key is derived from its type and scope when empty."""
        if not view.key:
            view.key = default_key(view)
        if view.key in self.keys():
            raise ModelError(f"view '{view.key}': duplicate view key — give the view another key=")
        self.root.append(view)
        return view

    def system_landscape(
        self, key: str = "", title: str = "", description: str = "", *, include: Selection | None = None,
        exclude: Selection | None = None, direction: Direction = "TB", rank_separation: int | None = None,
        node_separation: int | None = None,
    ) -> SystemLandscapeView:
        """Every person and software system (``include``/``exclude`` narrow it)."""
        v = SystemLandscapeView.model_validate(_fields(
            key, title, description, include, exclude, direction, rank_separation, node_separation))
        self.add(v)
        return v

    def custom(
        self, key: str = "", title: str = "", description: str = "", *, include: Selection | None = None,
        exclude: Selection | None = None, direction: Direction = "TB", rank_separation: int | None = None,
        node_separation: int | None = None,
    ) -> CustomView:
        """Custom elements and the relationships between them (``include``/``exclude`` narrow it)."""
        v = CustomView.model_validate(_fields(
            key, title, description, include, exclude, direction, rank_separation, node_separation))
        self.add(v)
        return v

    def system_context(
        self, system: SoftwareSystem | str, key: str = "", title: str = "", description: str = "", *,
        include: Selection | None = None, exclude: Selection | None = None, direction: Direction = "TB",
        rank_separation: int | None = None, node_separation: int | None = None,
    ) -> SystemContextView:
        """``system`` and the people and systems one relationship away."""
        v = SystemContextView.model_validate({"software_system": _ref(system), **_fields(
            key, title, description, include, exclude, direction, rank_separation, node_separation)})
        self.add(v)
        return v

    def container(
        self, system: SoftwareSystem | str, key: str = "", title: str = "", description: str = "", *,
        include: Selection | None = None, exclude: Selection | None = None, direction: Direction = "TB",
        rank_separation: int | None = None, node_separation: int | None = None,
    ) -> ContainerView:
        """The containers of ``system`` and their neighbours."""
        v = ContainerView.model_validate({"software_system": _ref(system), **_fields(
            key, title, description, include, exclude, direction, rank_separation, node_separation)})
        self.add(v)
        return v

    def component(
        self, container: Container | str, key: str = "", title: str = "", description: str = "", *,
        include: Selection | None = None, exclude: Selection | None = None, direction: Direction = "TB",
        rank_separation: int | None = None, node_separation: int | None = None,
    ) -> ComponentView:
        """The components of ``container`` and their neighbours."""
        v = ComponentView.model_validate({"container": _ref(container), **_fields(
            key, title, description, include, exclude, direction, rank_separation, node_separation)})
        self.add(v)
        return v

    def dynamic(
        self, scope: Element | str | None, key: str = "", title: str = "", description: str = "", *,
        include: Selection | None = None, exclude: Selection | None = None, direction: Direction = "TB",
        rank_separation: int | None = None, node_separation: int | None = None,
        style: DynamicStyle = "collaboration",
    ) -> DynamicView:
        """Numbered interactions inside ``scope`` (a software system, a container, or None); add them
        with :meth:`DynamicView.step` and :meth:`DynamicView.parallel`. ``style="sequence"`` draws
        the scenario as a sequence diagram."""
        v = DynamicView.model_validate({"scope": None if scope is None else _ref(scope), "style": style, **_fields(
            key, title, description, include, exclude, direction, rank_separation, node_separation)})
        self.add(v)
        return v

    def deployment(
        self, environment: str, system: SoftwareSystem | str | None = None, key: str = "",
        title: str = "", description: str = "", *, include: Selection | None = None,
        exclude: Selection | None = None, direction: Direction = "TB", rank_separation: int | None = None,
        node_separation: int | None = None,
    ) -> DeploymentView:
        """The deployment nodes of ``environment`` with what runs on them (of ``system`` only, if given)."""
        v = DeploymentView.model_validate({
            "environment": environment, "software_system": None if system is None else _ref(system),
            **_fields(key, title, description, include, exclude, direction, rank_separation, node_separation),
        })
        self.add(v)
        return v

    def filtered(
        self, base: str, tags: str | Iterable[str], mode: Literal["include", "exclude"] = "include",
        key: str = "", title: str = "", description: str = "",
    ) -> FilteredView:
        """View ``base`` keeping (``mode="include"``) or dropping (``"exclude"``) what carries one of
        ``tags``; drawn with its base view's direction, separations and hints. Its default
        description says what it filters, not the base view's."""
        v = FilteredView(base=base, tags=tag_list(tags), mode=mode, key=key, title=title, description=description)
        self.add(v)
        return v

    def image(
        self, source: str, element: Element | str | None = None, key: str = "", title: str = "",
        description: str = "", *, source_type: ImageSource = "image", kroki_format: str = "", server: str = "",
    ) -> ImageView:
        """A picture archkit does not draw, kept as a reference (Structurizr's image view): an image file
        beside the model (``"diagrams/context.png"``), a ``data:`` URI or an image URL; or, with
        ``source_type`` ``plantuml``, ``mermaid`` or ``kroki`` (and ``kroki_format``), the diagram's source.
        Nothing is downloaded or run; rendering draws a page that says what the view references."""
        v = ImageView(source=source, element=None if element is None else _ref(element), key=key, title=title,
                      description=description, source_type=source_type, kroki_format=kroki_format, server=server)
        self.add(v)
        return v


def _fields(
    key: str, title: str, description: str, include: Selection | None, exclude: Selection | None,
    direction: Direction, rank_separation: int | None, node_separation: int | None,
) -> dict[str, object]:
    return {
        "key": key, "title": title, "description": description, "include": entries(include, ["*"]),
        "exclude": entries(exclude), "direction": direction, "rank_separation": rank_separation,
        "node_separation": node_separation,
    }
