"""Tag-based styles and themes. The renderer starts from the C4 palette and applies these."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from archkit.model.base import ArchModel, new_list

Shape = Literal[
    "box", "rounded_box", "person", "cylinder", "queue", "folder", "hexagon", "component",
    "web_browser", "mobile_device", "pipe", "ellipse", "circle", "diamond",
]
Border = Literal["solid", "dashed", "dotted"]
Theme = Literal["light", "dark"]

_COLOUR = r"^#[0-9A-Fa-f]{6}$"


class ElementStyle(ArchModel):
    """Applied to every element carrying ``tag`` (including implicit ones: ``Person``, ``Container``...)."""

    tag: str
    shape: Shape | None = None
    background: str | None = Field(default=None, pattern=_COLOUR)
    color: str | None = Field(default=None, pattern=_COLOUR, description="Text colour.")
    stroke: str | None = Field(default=None, pattern=_COLOUR)
    border: Border | None = None
    icon: str | None = None
    font_size: int | None = Field(default=None, ge=6, le=72)
    opacity: int | None = Field(default=None, ge=0, le=100)
    description: str = Field(default="", description="What the style means, shown in the legend.")


class RelationshipStyle(ArchModel):
    """Applied to every relationship carrying ``tag`` (``Relationship``, ``Asynchronous``, user tags)."""

    tag: str
    color: str | None = Field(default=None, pattern=_COLOUR)
    style: Border | None = None
    thickness: int | None = Field(default=None, ge=1, le=10)
    description: str = ""


class Styles(ArchModel):
    theme: Theme = "light"
    themes: list[str] = Field(default_factory=new_list, description=(
        "Structurizr themes (their URLs or files, as written), kept as references for the Structurizr "
        "exports: archkit downloads nothing and draws with its own light/dark theme."))
    branding: dict[Literal["logo", "font", "font_url"], str] = Field(default_factory=dict, description=(
        "Structurizr's branding (a logo and a font, by URL or file), kept for the Structurizr exports."))
    terminology: dict[Literal["person", "softwareSystem", "container", "component", "deploymentNode",
                              "infrastructureNode", "relationship", "enterprise"], str] = Field(
        default_factory=dict, description="Structurizr's terminology (its words for the C4 kinds), kept for the "
                                          "Structurizr exports.")
    elements: list[ElementStyle] = Field(default_factory=new_list)
    relationships: list[RelationshipStyle] = Field(default_factory=new_list)

    def element(self, tag: str, **fields: object) -> ElementStyle:
        """Add (or extend) the style of ``tag``; later fields win."""
        style = ElementStyle.model_validate({"tag": tag, **fields})
        self.elements.append(style)
        return style

    def relationship(self, tag: str, **fields: object) -> RelationshipStyle:
        style = RelationshipStyle.model_validate({"tag": tag, **fields})
        self.relationships.append(style)
        return style
