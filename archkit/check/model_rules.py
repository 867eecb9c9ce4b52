"""Rules over elements and relationships."""

from __future__ import annotations

import re
from collections import Counter

from archkit.check.context import Context
from archkit.model import (
    Component,
    Container,
    ContainerInstance,
    DeploymentNode,
    Element,
    InfrastructureNode,
    Person,
    SoftwareSystem,
    SoftwareSystemInstance,
)

_C4 = (Person, SoftwareSystem, Container, Component)
# the kinds each rule asks about, as constants: a union or tuple written in a loop is built again each time
_DESCRIBED = (*_C4, DeploymentNode, InfrastructureNode)
_DEPLOYED = (ContainerInstance, SoftwareSystemInstance, DeploymentNode)
_CONTAINER_LEVEL = (Container, Component, ContainerInstance)


def check_model(ctx: Context) -> None:
    """Descriptions, orphans, sibling names, groups."""
    idx = ctx.index
    ends = {end for rel in ctx.ws.model.relationships for end in (rel.source, rel.destination)}
    touched = set(ends)
    for end in ends:
        touched.update(idx.ancestors(end))
    for el in idx.elements.values():
        if isinstance(el, _DESCRIBED) and not el.description.strip():
            ctx.report("element.no-description", "warning", el.id, f"{el.kind.lower()} '{el.name}' has no description",
                       f"add {ctx.key('description')} saying what it is responsible for")
        if isinstance(el, Container) and not el.technology.strip():
            ctx.report("element.no-technology", "warning", el.id, f"container '{el.name}' has no technology",
                       "add the technology it is built with or runs on, e.g. 'Python, FastAPI' or 'PostgreSQL 16'")
        if isinstance(el, _C4) and el.id not in touched:
            ctx.report("element.orphan", "warning", el.id, f"{el.kind.lower()} '{el.name}' has no relationships",
                       "connect it with a relationship (relationships: [{source: ..., destination: ...}]) or remove "
                       "it" if ctx.data_file else "connect it with .uses(...) or remove it")
        if el.group is not None and el.group not in idx.groups:
            ctx.unknown("element.unknown-group", el.id, "group", el.group, list(idx.groups))
    for group in ctx.ws.model.groups:
        if group.group is not None and group.group not in idx.groups:
            ctx.unknown("element.unknown-group", group.id, "group", group.group, list(idx.groups))
    siblings: dict[str | None, Counter[str]] = {}
    for el in idx.elements.values():
        if isinstance(el, _DEPLOYED):
            continue  # deployment nodes: deployment.duplicate-node-name (structurizr_rules.py)
        key = idx.parent.get(el.id) or f"<top:{type(el).__name__}:{getattr(el, 'environment', '')}>"
        siblings.setdefault(key, Counter())[el.name] += 1
    for parent, names in sorted(siblings.items(), key=lambda kv: str(kv[0])):
        for name, count in sorted(names.items()):
            if count > 1:
                real_parent = parent if parent and not parent.startswith("<top") else None
                where = f"'{real_parent}'" if real_parent else "the model"
                ctx.report("element.duplicate-name", "warning", real_parent or name,
                           f"{count} elements named '{name}' in {where}", "give siblings distinct names")


def check_deployment(ctx: Context) -> None:
    """Instances must point at existing containers and systems."""
    idx = ctx.index
    containers = [e.id for e in idx.elements.values() if isinstance(e, Container)]
    systems = [e.id for e in idx.elements.values() if isinstance(e, SoftwareSystem)]
    for el in idx.elements.values():
        if isinstance(el, ContainerInstance) and not isinstance(idx.get(el.container), Container):
            ctx.unknown("deployment.unknown-container", el.id, "container", el.container, containers)
        if isinstance(el, SoftwareSystemInstance) and not isinstance(idx.get(el.software_system), SoftwareSystem):
            ctx.unknown("deployment.unknown-software-system", el.id, "software system", el.software_system, systems)
        if isinstance(el, DeploymentNode):
            _instances(ctx, el)


#: ``instances``: a count (``3``) or a range (``4..12``, ``1..N``, ``0..*``), as Structurizr takes it
_COUNT = re.compile(r"\d+")
_RANGE = re.compile(r"(\d+)\.\.(\d+|N|\*)")


def _instances(ctx: Context, node: DeploymentNode) -> None:
    value = node.instances.strip()
    ranged = _RANGE.fullmatch(value)
    if _COUNT.fullmatch(value) or (ranged and not (ranged[2].isdigit() and int(ranged[1]) > int(ranged[2]))):
        return
    said = (f"the range '{value}' runs downwards, from more instances to fewer" if ranged
            else f"instances '{node.instances}' is neither a count nor a range, which Structurizr refuses "
                 "(\"is not a valid number of instances\")")
    ctx.report("deployment.invalid-instances", "error", node.id, f"deployment node '{node.name}': {said}",
               f"use a count or a range, e.g. {ctx.key('instances', '3')} or {ctx.key('instances', repr('4..12'))} "
               "('1..N' for any number)")


def check_relationships(ctx: Context) -> None:
    """Unknown ends, parent/child relationships, missing technology at container level."""
    idx = ctx.index
    known = list(idx.elements)
    for rel in ctx.ws.model.relationships:
        src, dst = idx.get(rel.source), idx.get(rel.destination)
        if src is None:
            ctx.unknown("relationship.unknown-source", rel.label, "source", rel.source, known)
        if dst is None:
            ctx.unknown("relationship.unknown-destination", rel.label, "destination", rel.destination, known)
        if src is None or dst is None:
            continue
        if rel.source == rel.destination:
            ctx.report("relationship.self", "warning", rel.label, "relationship from an element to itself",
                       "remove it, or model the two parts as separate elements")
        elif rel.destination in idx.ancestors(rel.source) or rel.source in idx.ancestors(rel.destination):
            ctx.report("relationship.parent-child", "error", rel.label,
                       "relationship between an element and its own parent or child",
                       "relate the child to a sibling or to an element outside its parent instead")
        if (_container_level(src) or _container_level(dst)) and not rel.technology.strip():
            ctx.report("relationship.no-technology", "warning", rel.label,
                       f"{_kinds(src, dst)} relationship has no technology",
                       f"add its technology, e.g. {_technology_example(ctx, src, dst)}")


def _container_level(el: Element) -> bool:
    return isinstance(el, _CONTAINER_LEVEL)


def _kinds(src: Element, dst: Element) -> str:
    """``component-to-component``, ``container-to-software system``: the level of a relationship."""
    return f"{src.kind.lower()}-to-{dst.kind.lower()}"


def _technology_example(ctx: Context, src: Element, dst: Element) -> str:
    """Technologies such a relationship typically has: a call inside one process between two
    components of one container, a query to a database, a protocol to a queue, a user interface for a
    person, else a network call."""
    target = ctx.index.get(dst.container) if isinstance(dst, ContainerInstance) else dst
    tags = set((target or dst).tags)
    if "Database" in tags:
        return "'SQL' or 'JDBC'"
    if "Queue" in tags:
        return "'AMQP' or 'Kafka protocol'"
    if isinstance(src, Person):  # what people use is a user interface: a browser, an app
        return "'HTTPS' or 'Web browser'"
    same_container = ctx.index.parent.get(src.id) == ctx.index.parent.get(dst.id)
    if isinstance(src, Component) and isinstance(dst, Component) and same_container:
        return "'in-process call' or 'Python call'"
    return "'HTTPS/JSON' or 'gRPC'"
