"""Relationships between elements."""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from archkit.model.base import ArchModel, Tags, new_list

Interaction = Literal["sync", "async"]


class Relationship(ArchModel):
    """A directed "uses" relationship. ``id`` defaults to ``source->destination``."""

    id: str | None = None
    source: str
    destination: str
    description: str = ""
    technology: str = ""
    tags: Tags = Field(default_factory=new_list)
    interaction: Interaction = "sync"
    properties: dict[str, str] = Field(default_factory=dict)
    url: str | None = None
    not_replicated: bool = Field(default=False, description=(
        "Not copied onto the instances of its ends in deployment environments (Structurizr DSL's `a -/> b`): "
        "what runs between the instances instead is said by relationships between them."))

    @model_validator(mode="after")
    def _asynchronous_tag(self) -> Relationship:
        """The tag ``Asynchronous`` is Structurizr's mark of an asynchronous relationship (its
        ``interactionStyle`` adds it): a relationship tagged so is asynchronous, in every export and view
        (dashed, an open arrowhead in a sequence), as Structurizr's import reads it; the tag itself
        becomes implicit again (:attr:`all_tags`)."""
        if "Asynchronous" in self.tags:
            self.interaction = "async"
            self.tags = [t for t in self.tags if t != "Asynchronous"]
        return self

    @property
    def all_tags(self) -> list[str]:
        """The implicit ``Relationship`` tag, an ``Asynchronous`` tag when async, then user tags."""
        implicit = ["Relationship"] + (["Asynchronous"] if self.interaction == "async" else [])
        return [*implicit, *self.tags]

    @property
    def label(self) -> str:
        """``source -> destination``, the element name used in messages."""
        return f"{self.source} -> {self.destination}"
