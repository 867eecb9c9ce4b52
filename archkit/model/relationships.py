"""Relationships between elements."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

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

    @property
    def all_tags(self) -> list[str]:
        """The implicit ``Relationship`` tag, an ``Asynchronous`` tag when async, then user tags."""
        implicit = ["Relationship"] + (["Asynchronous"] if self.interaction == "async" else [])
        return [*implicit, *self.tags]

    @property
    def label(self) -> str:
        """``source -> destination``, the element name used in messages."""
        return f"{self.source} -> {self.destination}"
