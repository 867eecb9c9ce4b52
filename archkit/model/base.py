"""The pydantic base class every archkit model type derives from."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict


def tag_list(tags: str | Iterable[str] | None) -> list[str]:
    """Tags as written by an author: one string is a comma-separated list, as in Structurizr
    (``"Queue"`` is one tag, ``"Queue, Kafka"`` two; spaces around commas are dropped), never its
    characters; a list or tuple is taken as it is."""
    if tags is None:
        return []
    if isinstance(tags, str):
        return [t.strip() for t in tags.split(",") if t.strip()]
    return list(tags)


def new_list() -> list[Any]:
    """``default_factory`` of a list field. Not ``list`` itself: for each field pydantic asks the factory's
    signature, and the builtin's is parsed from its text with ``tokenize`` (0.16 ms each, 15 ms of importing
    the model at every start of ``archkit check``)."""
    return []


def _tags_before(value: Any) -> Any:
    return tag_list(value) if isinstance(value, str) else value


Tags = Annotated[list[str], BeforeValidator(_tags_before, json_schema_input_type=str | list[str])]
"""A ``tags`` field: a list of tags, or one string of comma-separated tags (:func:`tag_list`)."""


def _ids_before(value: Any) -> Any:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list | tuple):
        return [_id_of(v) for v in value]
    return value


def _id_of(item: Any) -> Any:
    """An element (or group) stands for its id; anything else is validated as it is."""
    ident = getattr(item, "id", None) if isinstance(item, ArchModel) else None
    return ident if isinstance(ident, str) else item


Ids = Annotated[list[str], BeforeValidator(_ids_before, json_schema_input_type=str | list[str])]
"""A field of element ids (``elements=`` of arc42 items): ids or the elements themselves (Python),
one id or a list."""


Ref = Annotated[str, BeforeValidator(_id_of, json_schema_input_type=str)]
"""A field naming one element or group by id (``group=``): in Python also the element or group itself."""


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
