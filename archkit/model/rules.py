"""Architecture rules: which dependencies the model (and the code mapped to it) may have.

Selectors are the ones views use: an element id, ``tag:NAME`` or ``*``. A rule holds for an
element and everything nested in it: a component's relationship counts for its container.

- ``forbid(source, destination)``: nothing selected by ``source`` may use anything selected by
  ``destination``;
- ``layers([top, ..., bottom])``: a layer may use only the layers listed after it (and itself);
- ``independent(a, b, ...)``: no selected element uses another selected element;
- ``only_via(source, destination, via)``: ``source`` reaches ``destination`` only through ``via``,
  never directly.

>>> rules = RuleSet()
>>> rule = rules.forbid("tag:Domain", "tag:Adapter", why="the core knows no technology")
>>> rule.name
'forbid tag:Domain -> tag:Adapter'
"""

from __future__ import annotations

from abc import abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from typing import Annotated, Any, Literal

from pydantic import Field, RootModel, field_validator

from archkit.errors import ModelError
from archkit.model.base import ArchModel, Ids, new_list

Selectors = Ids
"""A single selector may be written as a string; a list stays a list; an element stands for its id."""


def _selectors(value: Any) -> Any:
    return [value] if isinstance(value, str | ArchModel) else value


def _text(selectors: Sequence[str]) -> str:
    return selectors[0] if len(selectors) == 1 else "[" + ", ".join(selectors) + "]"


class _Rule(ArchModel):
    id: str = Field(default="", description="Optional id; the rule's name is derived when empty.")
    why: str = Field(default="", description="The reason for the rule, shown with every violation.")

    @property
    def name(self) -> str:
        return self.id or self.describe()

    @abstractmethod
    def describe(self) -> str:
        """The rule in words, e.g. ``forbid tag:Domain -> tag:Adapter`` (its name when it has no id)."""

    @abstractmethod
    def selectors(self) -> list[str]:
        """Every selector the rule uses, in order."""


class ForbidRule(_Rule):
    """Nothing selected by ``source`` may depend on anything selected by ``destination``."""

    type: Literal["forbid"] = "forbid"
    source: Selectors
    destination: Selectors

    _one = field_validator("source", "destination", mode="before")(_selectors)

    def describe(self) -> str:
        return f"forbid {_text(self.source)} -> {_text(self.destination)}"

    def selectors(self) -> list[str]:
        return [*self.source, *self.destination]


class LayersRule(_Rule):
    """Layers listed top first: a layer may use only itself and the layers after it."""

    type: Literal["layers"] = "layers"
    layers: list[Selectors] = Field(min_length=2)

    @field_validator("layers", mode="before")
    @classmethod
    def _each(cls, value: Any) -> Any:
        return [_selectors(v) for v in value] if isinstance(value, list) else value

    def describe(self) -> str:
        return "layers " + " > ".join(_text(layer) for layer in self.layers)

    def selectors(self) -> list[str]:
        return [s for layer in self.layers for s in layer]


class IndependentRule(_Rule):
    """No element selected by ``elements`` depends on another one of them."""

    type: Literal["independent"] = "independent"
    elements: Selectors = Field(min_length=1)

    _one = field_validator("elements", mode="before")(_selectors)

    def describe(self) -> str:
        return "independent " + ", ".join(self.elements)

    def selectors(self) -> list[str]:
        return list(self.elements)


class OnlyViaRule(_Rule):
    """``source`` may depend on ``destination`` only through ``via``, never directly."""

    type: Literal["only_via"] = "only_via"
    source: Selectors
    destination: Selectors
    via: Selectors

    _one = field_validator("source", "destination", "via", mode="before")(_selectors)

    def describe(self) -> str:
        return f"{_text(self.source)} -> {_text(self.destination)} only via {_text(self.via)}"

    def selectors(self) -> list[str]:
        return [*self.source, *self.destination, *self.via]


Rule = Annotated[ForbidRule | LayersRule | IndependentRule | OnlyViaRule, Field(discriminator="type")]
Selector = str | ArchModel | Iterable[str | ArchModel]
"""A selector (an id, ``tag:NAME``, ``*``) or an element, or a list of them."""


def _list(selector: Selector) -> list[Any]:
    """One selector or element is a list of one (an element is iterable, as every pydantic model: never
    its fields); the validators turn elements into ids."""
    return [selector] if isinstance(selector, str | ArchModel) else list(selector)


class RuleSet(RootModel[list[Rule]]):
    """The workspace's rules, in the order authored. Builders add and return a rule."""

    root: list[Rule] = Field(default_factory=new_list)

    def __iter__(self) -> Iterator[Rule]:  # type: ignore[override]
        return iter(self.root)

    def __len__(self) -> int:
        return len(self.root)

    def add(self, rule: Rule) -> Rule:
        if rule.id and any(r.id == rule.id for r in self.root):
            raise ModelError(f"rule '{rule.id}': duplicate rule id — give the rule another id=")
        self.root.append(rule)
        return rule

    def forbid(self, source: Selector, destination: Selector, *, why: str = "", id: str = "") -> ForbidRule:
        """Forbid every dependency from ``source`` to ``destination`` (ids, ``tag:X`` or ``*``)."""
        rule = ForbidRule(source=_list(source), destination=_list(destination), why=why, id=id)
        self.add(rule)
        return rule

    def layers(self, layers: Sequence[Selector], *, why: str = "", id: str = "") -> LayersRule:
        """Layers listed top first; each may use only the layers listed after it."""
        rule = LayersRule(layers=[_list(layer) for layer in layers], why=why, id=id)
        self.add(rule)
        return rule

    def independent(self, *elements: Selector, why: str = "", id: str = "") -> IndependentRule:
        """None of the selected elements may depend on another one of them."""
        rule = IndependentRule(elements=[s for e in elements for s in _list(e)], why=why, id=id)
        self.add(rule)
        return rule

    def only_via(self, source: Selector, destination: Selector, via: Selector, *, why: str = "",
                 id: str = "") -> OnlyViaRule:
        """``source`` may reach ``destination`` only through ``via``: a direct dependency breaks it."""
        rule = OnlyViaRule(source=_list(source), destination=_list(destination), via=_list(via), why=why, id=id)
        self.add(rule)
        return rule
