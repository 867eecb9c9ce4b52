"""C4 elements: people, software systems, containers, components, and groups.

Elements are created through their parent (``ws.model.software_system(...)``,
``system.container(...)``, ``container.component(...)``) so that a container
can never exist without its system; the parent gives the child a dotted id
(``shop.api.orders``) unless the author chooses one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import BeforeValidator, Field, PrivateAttr

from archkit.errors import ModelError
from archkit.ids import child_id
from archkit.model.base import ArchModel, Ref, Tags, new_list, tag_list
from archkit.model.relationships import Interaction, Relationship

if TYPE_CHECKING:
    from archkit.model.model import Model

Location = Literal["internal", "external"]


def _module_prefixes(value: Any) -> Any:
    """``code="orders.domain"`` or a list of prefixes; each must be a dotted Python module name."""
    prefixes = [value] if isinstance(value, str) else value
    if isinstance(prefixes, list | tuple):
        for prefix in prefixes:
            if isinstance(prefix, str) and not all(part.isidentifier() for part in prefix.split(".")):
                raise ValueError(f"code '{prefix}' is not a Python module name — write a dotted prefix "
                                 "such as 'orders.domain'")
        return list(prefixes)
    return value


CodePrefixes = Annotated[list[str], BeforeValidator(_module_prefixes)]
CODE_DESCRIPTION = ("Python module prefixes whose code this element is (e.g. 'orders.domain'); "
                    "checked by `archkit conform`.")


class Element(ArchModel):
    """Fields every element has. ``id`` is derived from the name when left empty."""

    kind: ClassVar[str] = "Element"

    id: str = ""
    name: str
    description: str = ""
    tags: Tags = Field(default_factory=new_list)
    properties: dict[str, str] = Field(default_factory=dict)
    url: str | None = None
    icon: str | None = Field(
        default=None,
        description="Icon key from the `diagrams` set (e.g. 'onprem.queue.kafka'); "
        "overrides the icon matched from the technology.",
    )
    group: Ref | None = Field(default=None, description="Id of the Group this element belongs to.")

    _model: Model | None = PrivateAttr(default=None)

    @property
    def all_tags(self) -> list[str]:
        """The implicit C4 tags (``Element``, the kind) followed by the user's tags."""
        return ["Element", self.kind, *self.tags]

    @property
    def type_label(self) -> str:
        """The type a diagram shows under the name: the kind (a custom element's metadata)."""
        return self.kind

    @property
    def technology_text(self) -> str:
        return str(getattr(self, "technology", "") or "")

    def _owner(self) -> Model:
        if self._model is None:
            raise ModelError(
                f"{self.id or self.name}: element is not part of a workspace — create it "
                "through its parent, e.g. ws.model.software_system(...) or system.container(...)"
            )
        return self._model

    def uses(
        self,
        destination: Element | str,
        description: str = "",
        technology: str = "",
        *,
        interaction: Interaction = "sync",
        tags: str | Iterable[str] = (),
        properties: Mapping[str, str] | None = None,
        url: str | None = None,
        id: str | None = None,
    ) -> Relationship:
        """Add a relationship from this element to ``destination`` (an element or its id)."""
        dest_id = destination if isinstance(destination, str) else destination.id
        return self._owner().add_relationship(
            Relationship(
                id=id,
                source=self.id,
                destination=dest_id,
                description=description,
                technology=technology,
                interaction=interaction,
                tags=tag_list(tags),
                properties=dict(properties or {}),
                url=url,
            )
        )

    def delivers(self, destination: Element | str, description: str = "", **kw: object) -> Relationship:
        """Alias of :meth:`uses` that reads better from a system to a person."""
        return self.uses(destination, description, **kw)  # type: ignore[arg-type]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(id={self.id!r}, name={self.name!r})"


class Person(Element):
    kind: ClassVar[str] = "Person"
    location: Location = "internal"


class Component(Element):
    kind: ClassVar[str] = "Component"
    technology: str = ""
    code: CodePrefixes = Field(default_factory=new_list, description=CODE_DESCRIPTION)


class Container(Element):
    kind: ClassVar[str] = "Container"
    technology: str = ""
    code: CodePrefixes = Field(default_factory=new_list, description=CODE_DESCRIPTION)
    components: list[Component] = Field(default_factory=new_list)

    def component(
        self,
        name: str,
        description: str = "",
        technology: str = "",
        *,
        id: str | None = None,
        tags: str | Iterable[str] = (),
        properties: Mapping[str, str] | None = None,
        url: str | None = None,
        icon: str | None = None,
        group: Group | str | None = None,
        code: str | Iterable[str] = (),
    ) -> Component:
        """Create a component inside this container."""
        model = self._owner()
        comp = Component(
            id=id or child_id(self.id, name),
            name=name,
            description=description,
            technology=technology,
            tags=tag_list(tags),
            properties=dict(properties or {}),
            url=url,
            icon=icon,
            group=group,
            code=[code] if isinstance(code, str) else list(code),
        )
        model.register(comp)
        self.components.append(comp)
        return comp


class SoftwareSystem(Element):
    kind: ClassVar[str] = "Software System"
    location: Location = "internal"
    containers: list[Container] = Field(default_factory=new_list)

    def container(
        self,
        name: str,
        description: str = "",
        technology: str = "",
        *,
        id: str | None = None,
        tags: str | Iterable[str] = (),
        properties: Mapping[str, str] | None = None,
        url: str | None = None,
        icon: str | None = None,
        group: Group | str | None = None,
        code: str | Iterable[str] = (),
    ) -> Container:
        """Create a container inside this software system."""
        model = self._owner()
        cont = Container(
            id=id or child_id(self.id, name),
            name=name,
            description=description,
            technology=technology,
            tags=tag_list(tags),
            properties=dict(properties or {}),
            url=url,
            icon=icon,
            group=group,
            code=[code] if isinstance(code, str) else list(code),
        )
        model.register(cont)
        self.containers.append(cont)
        return cont


class CustomElement(Element):
    """An element outside the C4 kinds (Structurizr's ``element``): a top-level box whose ``metadata``
    (e.g. "Hardware", "Queue") is shown as its type; relationships and views take it like any element."""

    kind: ClassVar[str] = "Custom Element"
    metadata: str = Field(default="", description="Free text shown as the element's type, e.g. 'Hardware'.")

    @property
    def all_tags(self) -> list[str]:
        """Structurizr gives a custom element only the implicit ``Element`` tag."""
        return ["Element", *self.tags]

    @property
    def type_label(self) -> str:
        return self.metadata or "Element"


class Group(ArchModel):
    """A named grouping of elements, drawn as a boundary (Structurizr's "group"); groups nest."""

    id: str = ""
    name: str
    description: str = ""
    tags: Tags = Field(default_factory=new_list)
    group: Ref | None = Field(default=None, description="Id of the Group this group is nested in.")
    icon: str | None = Field(
        default=None,
        description="Icon key from the `diagrams` set (e.g. 'aws.general.general') shown in the group's boundary.",
    )
