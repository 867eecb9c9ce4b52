"""Relationships Structurizr derives by itself: implied ones and those replicated onto instances.

Structurizr stores two kinds of relationship that nobody wrote, each with a
``linkedRelationshipId`` pointing at the relationship it comes from:

- *implied*: ``a -> b`` between components implies ``a's container -> b`` and
  so on up both parent chains (Structurizr's default strategy: only between
  people, systems, containers and components, never between an element and
  its own parent or child, and only where no relationship joins the pair yet);
- *replicated*: ``api -> db`` between containers is copied between every
  instance of ``api`` and every instance of ``db`` in the same deployment
  environment and deployment group (software system instances too).

Neither kind is made where a relationship with the same description already
joins the two elements: Structurizr refuses such a duplicate.

archkit stores neither: its views lift relationships to the elements they show
and replicate them onto instances (``archkit.views``). This module computes
both kinds with Structurizr's rules, so that the Structurizr exporter can write
them and the importer can recognise them as derivable.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Literal

from archkit.model import (
    Component,
    Container,
    ContainerInstance,
    CustomElement,
    Element,
    Model,
    ModelIndex,
    Person,
    Relationship,
    SoftwareSystem,
    SoftwareSystemInstance,
)

_STATIC = (Person, SoftwareSystem, Container, Component, CustomElement)  # Structurizr implies between these


@dataclass(frozen=True)
class DerivedRelationship:
    """A relationship Structurizr would add: ``linked`` is the id it derives from."""

    id: str
    source: str
    destination: str
    description: str
    technology: str
    interaction: str
    linked: str
    kind: Literal["implied", "replicated"]


def derived_relationships(model: Model, index: ModelIndex | None = None) -> list[DerivedRelationship]:
    """Implied relationships, then replicated ones, with ids unique against the model's (``index``: the
    model's, when the caller has one)."""
    idx = model.index() if index is None else index
    taken = {r.id or r.label for r in model.relationships}
    implied = _implied(model, idx, taken)
    return implied + _replicated(model, idx, implied, taken)


def replicated_relationships(model: Model, index: ModelIndex) -> list[DerivedRelationship]:
    """The replicated relationships of :func:`derived_relationships`, and the implied ones they copy
    (``linked``): the same ends, descriptions and links to what was written, for a caller that needs no
    other implied relationship (``archkit check``: 210 of the 5631 at N=5000). Ids may differ from
    those of :func:`derived_relationships`, which numbers every implied relationship."""
    taken = {r.id or r.label for r in model.relationships}
    environments = instances_by_environment(model)
    deployed_ids = {deployed(i) for instances in environments.values() for i in instances}
    implied = _implied(model, index, taken, deployed_ids)
    replicated = _replicated(model, index, implied, taken, environments)
    copied = {r.linked for r in replicated}
    return [r for r in implied if r.id in copied] + replicated


def _unique_id(source: str, destination: str, taken: set[str]) -> str:
    base = f"{source}->{destination}"
    new, n = base, 1
    while new in taken:
        n += 1
        new = f"{base}#{n}"
    taken.add(new)
    return new


class _Chains:
    """Each element with its ancestors (nearest first), and the set of them, asked once per element: the
    implied relationships ask for both ends' chains of every relationship (ten thousand at N=5000)."""

    def __init__(self, idx: ModelIndex, between: set[str] | None = None) -> None:
        self._idx = idx
        self._between = between
        self._chains: dict[str, tuple[str, ...]] = {}
        self._above: dict[str, frozenset[str]] = {}
        self._ends: dict[str, tuple[str, ...]] = {}

    def chain(self, element_id: str) -> tuple[str, ...]:
        found = self._chains.get(element_id)
        if found is None:
            found = self._chains[element_id] = (element_id, *self._idx.ancestors(element_id))
        return found

    def ends(self, element_id: str) -> tuple[str, ...]:
        """:meth:`chain`, only the ids among ``between`` when given."""
        found = self._ends.get(element_id)
        if found is None:
            found = self.chain(element_id)
            if self._between is not None:
                found = tuple(e for e in found if e in self._between)
            self._ends[element_id] = found
        return found

    def above(self, element_id: str) -> frozenset[str]:
        found = self._above.get(element_id)
        if found is None:
            found = self._above[element_id] = frozenset(self.chain(element_id)[1:])
        return found


def _implied(model: Model, idx: ModelIndex, taken: set[str],
             between: set[str] | None = None) -> list[DerivedRelationship]:
    """The implied relationships (``between``: only those whose both ends are among these ids; a pair's
    relationship is the same either way, as each pair is decided on its own)."""
    out: list[DerivedRelationship] = []
    pairs = {(rel.source, rel.destination) for rel in model.relationships}  # written ones first: no duplicate
    chains = _Chains(idx, between)
    # an end with no id of ``between`` in its chain (none above it or itself) implies nothing: skipped unasked
    near = None if between is None else set(between).union(*(idx.descendants(b) for b in between))
    for rel in model.relationships:
        if near is not None and (rel.source not in near or rel.destination not in near):
            continue
        starts = chains.ends(rel.source)
        ends = chains.ends(rel.destination) if starts else ()
        if not ends or not (isinstance(idx.get(rel.source), _STATIC) and isinstance(idx.get(rel.destination), _STATIC)):
            continue
        for source in starts:
            above_source = chains.above(source)
            for destination in ends:
                if (source, destination) in pairs or source == destination or destination in above_source \
                        or source in chains.above(destination):  # never between an element and its ancestor
                    continue
                pairs.add((source, destination))
                out.append(_derive(rel, source, destination, "implied", taken))
    return out


def _derive(rel: Relationship | DerivedRelationship, source: str, destination: str,
            kind: Literal["implied", "replicated"], taken: set[str]) -> DerivedRelationship:
    linked = rel.id if isinstance(rel, DerivedRelationship) else (rel.id or rel.label)
    return DerivedRelationship(
        id=_unique_id(source, destination, taken), source=source, destination=destination,
        description=rel.description, technology=rel.technology, interaction=rel.interaction,
        linked=linked, kind=kind,
    )


def instances_by_environment(model: Model) -> dict[str, list[Element]]:
    """Container and software system instances per environment, in model order."""
    out: dict[str, list[Element]] = {}
    for node, _parent in model.walk_deployment():
        out.setdefault(node.environment, []).extend([*node.software_system_instances, *node.container_instances])
    return out


def deployed(element: Element) -> str:
    """The id of the container or software system an instance deploys."""
    if isinstance(element, ContainerInstance):
        return element.container
    assert isinstance(element, SoftwareSystemInstance)
    return element.software_system


def _replicated(model: Model, idx: ModelIndex, implied: list[DerivedRelationship], taken: set[str],
                environments: dict[str, list[Element]] | None = None) -> list[DerivedRelationship]:
    """Every relationship copied between the instances of its ends, per environment in model order: each
    pair of instances (the earlier one first, then the later), both ways. Only the pairs whose deployed
    elements a relationship joins are visited (an environment of 400 instances has 80 000 pairs, a few
    hundred of them related), in the order of the pairs' walk."""
    envs = instances_by_environment(model) if environments is None else environments
    # only relationships between deployed elements are copied, and only one written between two instances can
    # stand in a copy's way: the rest are never looked up
    deployed_ids = {deployed(i) for instances in envs.values() for i in instances}
    instance_ids = {i.id for instances in envs.values() for i in instances}
    by_pair: dict[tuple[str, str], list[Relationship | DerivedRelationship]] = {}
    neighbours: dict[str, set[str]] = {}
    every: list[Relationship | DerivedRelationship] = [*model.relationships, *implied]
    for rel in every:
        if getattr(rel, "not_replicated", False):
            continue
        if rel.source in deployed_ids and rel.destination in deployed_ids:
            by_pair.setdefault((rel.source, rel.destination), []).append(rel)
            neighbours.setdefault(rel.source, set()).add(rel.destination)
            neighbours.setdefault(rel.destination, set()).add(rel.source)
    described = {(r.source, r.destination, r.description) for r in model.relationships if r.source in instance_ids}
    out: list[DerivedRelationship] = []
    for _env, instances in sorted(envs.items()):
        at: dict[str, list[int]] = {}  # deployed id -> positions of its instances, ascending
        for n, instance in enumerate(instances):
            at.setdefault(deployed(instance), []).append(n)
        for n, later in enumerate(instances):
            related = neighbours.get(deployed(later), ())
            earlier_ones = sorted(i for d in related for i in at.get(d, ())[:bisect_left(at.get(d, ()), n)])
            for i in earlier_ones:
                earlier = instances[i]
                if not idx.same_deployment_group(earlier.id, later.id):
                    continue
                for a, b in ((earlier, later), (later, earlier)):
                    for rel in by_pair.get((deployed(a), deployed(b)), []):
                        if (a.id, b.id, rel.description) not in described:
                            described.add((a.id, b.id, rel.description))
                            out.append(_derive(rel, a.id, b.id, "replicated", taken))
    return out
