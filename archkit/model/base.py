"""The pydantic base class every archkit model type derives from."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class ArchModel(BaseModel):
    """Strict base: unknown keys are errors, enum values are kept as plain strings.

    Models are mutable while a workspace is authored (the factories append to
    their parent); equality compares field values only, never the private
    back-references the authoring API keeps.
    """

    model_config = ConfigDict(
        extra="forbid",
        populate_by_name=True,
        validate_default=False,
        use_enum_values=True,
        str_strip_whitespace=False,
    )

    def __eq__(self, other: object) -> bool:
        if type(self) is not type(other):
            return NotImplemented
        assert isinstance(other, BaseModel)
        return self.__dict__ == other.__dict__

    __hash__ = None  # type: ignore[assignment]

    def dump(self) -> dict[str, Any]:
        """A JSON-ready dict, without fields left at their defaults."""
        return self.model_dump(mode="json", exclude_defaults=True)
