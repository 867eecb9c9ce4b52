"""Structurizr's own workspace validation, as findings: a model archkit accepts is one Structurizr accepts.

Structurizr refuses to load a workspace (JSON or DSL) where

- a person and a software system have the same name (people and software systems share one
  namespace: ``element.person-system-same-name``);
- two relationships between the same two elements have the same description
  (``relationship.duplicate-description``);
- two deployment nodes with the same parent have the same name, or two top-level deployment
  nodes of one environment (``deployment.duplicate-node-name``).

Each is an error: an export of such a model is a file Structurizr rejects.

One more rule warns where Structurizr's (and archkit's) replication of relationships onto instances
most likely draws edges nobody meant: ``deployment.replicated-across-nodes``, a relationship copied
from an instance under one top-level node (a region, a data centre) to an instance under another,
although the first holds an instance of the same destination. Deployment groups
(``deployment_groups=["us-east"]``) keep the copies within a region. It is one finding per cause (the
top-level nodes of an environment that replicate into each other), naming every relationship copied
across: two regions without groups are one warning, not one per relationship and direction.

And its opposite, ``deployment.relationship-not-replicated``: a relationship between two deployed
elements that is copied onto no instance under one top-level node, because no instance of its
destination in that environment shares a deployment group with the source's instance there (the
ledger deployed in one region only, its callers in both): the diagram silently lacks the edge.
"""

from __future__ import annotations

import json
from collections import defaultdict

from archkit.check.context import Context
from archkit.importers.derived import (
    DerivedRelationship,
    deployed,
    instances_by_environment,
    replicated_relationships,
)
from archkit.model import ContainerInstance, DeploymentNode, SoftwareSystemInstance


def check_structurizr(ctx: Context) -> None:
    """The rules above."""
    _person_system_names(ctx)
    _duplicate_relationships(ctx)
    _deployment_node_names(ctx)
    if not any(True for _ in ctx.ws.model.walk_deployment()):
        return
    derived = replicated_relationships(ctx.ws.model, ctx.index)  # computed once for the two rules
    _replicated_across_nodes(ctx, derived)
    _not_replicated(ctx, derived)


def _person_system_names(ctx: Context) -> None:
    people = {p.name: p.id for p in ctx.ws.model.people}
    for system in ctx.ws.model.software_systems:
        if system.name in people:
            ctx.report("element.person-system-same-name", "error", system.id,
                       f"software system '{system.name}' has the name of person '{people[system.name]}'; "
                       "Structurizr refuses a workspace where a person and a software system share a name",
                       "rename one of them, e.g. 'Billing' and 'Billing clerk'")


def _duplicate_relationships(ctx: Context) -> None:
    seen: dict[tuple[str, str, str], str] = {}
    for rel in ctx.ws.model.relationships:
        key = (rel.source, rel.destination, rel.description)
        first = seen.setdefault(key, rel.id or rel.label)
        if first != (rel.id or rel.label):
            said = f"'{rel.description}'" if rel.description else "no description"
            ctx.report("relationship.duplicate-description", "error", rel.id or rel.label,
                       f"a second relationship from {rel.source} to {rel.destination} with {said} "
                       f"(the first is '{first}'); Structurizr refuses it",
                       "merge the two, or give each its own description")


def _deployment_node_names(ctx: Context) -> None:
    siblings: dict[tuple[str, str], list[DeploymentNode]] = defaultdict(list)
    for element, parent in ctx.ws.model.walk_deployment():
        where = parent.id if parent is not None else f"environment '{element.environment}'"
        siblings[(where, element.name)].append(element)
    for (where, name), nodes in siblings.items():
        for node in nodes[1:]:
            ctx.report("deployment.duplicate-node-name", "error", node.id,
                       f"deployment node '{name}' is the second of that name in {where} (the first is "
                       f"'{nodes[0].id}'); Structurizr refuses it",
                       "give sibling deployment nodes distinct names")


def _replicated_across_nodes(ctx: Context, derived: list[DerivedRelationship]) -> None:
    """One finding per cause: the top-level nodes of one environment whose instances replicate into each
    other (two regions without deployment groups), naming the nodes and every relationship copied across."""
    idx = ctx.index

    def top(element_id: str) -> str:
        return [element_id, *idx.ancestors(element_id)][-1]

    targets_under: dict[tuple[str, str], int] = defaultdict(int)  # (top node, deployed id) -> instances
    instance = (ContainerInstance, SoftwareSystemInstance)
    for element in idx.elements.values():
        if isinstance(element, instance):
            targets_under[(top(element.id), deployed(element))] += 1
    crossing: dict[tuple[str, str], set[str]] = defaultdict(set)  # (from top, to top) -> written relationships
    copies: dict[tuple[str, str], int] = defaultdict(int)
    shared: dict[tuple[str, str], set[str]] = defaultdict(set)  # groups the two ends' instances share
    links = {rel.id: rel.linked for rel in derived}
    for rel in derived:
        source, destination = idx.get(rel.source), idx.get(rel.destination)
        if rel.kind != "replicated" or source is None or destination is None:
            continue
        here, there = top(rel.source), top(rel.destination)
        if here != there and targets_under[(here, deployed(destination))]:
            root = rel.linked
            while root in links:  # an implied relationship's copy: name the written one it comes from
                root = links[root]
            crossing[(here, there)].add(root)
            copies[(here, there)] += 1
            shared[(here, there)] |= idx.deployment_groups(rel.source) & idx.deployment_groups(rel.destination)
    for nodes in _linked_sets(list(crossing)):
        pairs = [pair for pair in crossing if pair[0] in nodes]
        relationships = sorted(set().union(*(crossing[pair] for pair in pairs)))
        count = sum(copies[pair] for pair in pairs)
        groups = sorted(set().union(*(shared[pair] for pair in pairs)))
        names = _and([f"'{idx.display_name(node)}'" for node in nodes])
        environment = getattr(idx.get(nodes[0]), "environment", "")
        kind = "relationship is" if len(relationships) == 1 else f"{len(relationships)} relationships are"
        instead = (f" instead of the group{'s' if len(groups) > 1 else ''} they share "
                   f"({', '.join(groups)})" if groups else "")
        ctx.report("deployment.replicated-across-nodes", "warning", ", ".join(nodes),
                   f"in environment '{environment}', {kind} replicated between the instances under {names} "
                   f"({count} cop{'ies' if count != 1 else 'y'} from one to another), though each holds its own "
                   f"instances of the destinations — the usual sign of regions that should stay apart: "
                   f"{', '.join(relationships)}",
                   f"give each of these top-level nodes a deployment group of its own{instead}, so that copies "
                   f"stay within it: {_and([_node_group(ctx, idx.get(node)) for node in nodes])}")


def _linked_sets(pairs: list[tuple[str, str]]) -> list[list[str]]:
    """The sets of nodes the pairs join, transitively (each pair an edge), sorted."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            node = parent[node]
        return node

    for a, b in pairs:
        parent[find(a)] = find(b)
    sets: dict[str, list[str]] = defaultdict(list)
    for node in list(parent):
        sets[find(node)].append(node)
    return sorted(sorted(found) for found in sets.values())


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _node_group(ctx: Context, node: object) -> str:
    """The deployment group to give a top-level node: its own name, as YAML or as Python."""
    name = getattr(node, "name", "") or getattr(node, "id", "")
    if ctx.data_file:
        plain = name.replace("-", "").replace("_", "").replace(".", "").isalnum()
        return f"deployment_groups: [{name if plain else json.dumps(name)}] on '{getattr(node, 'id', '')}'"
    return f"deployment_node({name!r}, ..., deployment_groups=[{name!r}])"


def _not_replicated(ctx: Context, derived: list[DerivedRelationship]) -> None:
    idx = ctx.index
    environments = instances_by_environment(ctx.ws.model)
    if not environments:
        return

    def top(element_id: str) -> str:
        return [element_id, *idx.ancestors(element_id)][-1]

    links = {rel.id: rel.linked for rel in derived}

    def root(rel_id: str) -> str:
        while rel_id in links:
            rel_id = links[rel_id]
        return rel_id

    copied_from = {(rel.source, root(rel.linked)) for rel in derived if rel.kind == "replicated"}
    written_from = {rel.source for rel in ctx.ws.model.relationships}  # instance-level relationships: the author's own
    missing: dict[tuple[str, str, str], tuple[str, str]] = {}  # (relationship, environment, top) -> (source, dest)
    for env, instances in sorted(environments.items()):
        of: dict[str, list[str]] = defaultdict(list)
        for instance in instances:
            of[deployed(instance)].append(instance.id)
        for rel in ctx.ws.model.relationships:
            if (rel.source not in of or rel.destination not in of or rel.source == rel.destination
                    or rel.not_replicated):  # not copied by the author's word
                continue
            for instance_id in of[rel.source]:
                if instance_id not in written_from and (instance_id, rel.id or rel.label) not in copied_from:
                    missing.setdefault((rel.id or rel.label, env, top(instance_id)), (rel.source, rel.destination))
    for (label, env, here), (source, destination) in sorted(missing.items()):
        groups = sorted(idx.deployment_groups(next(i.id for i in environments[env] if deployed(i) == source
                                                   and top(i.id) == here)))
        shown = ", ".join(f"'{g}'" for g in groups)
        if groups:
            why = f"no instance of '{destination}' shares its deployment groups ({shown})"
            fix = (f"deploy '{destination}' in '{idx.display_name(here)}' too, or give an instance of it one of "
                   f"those groups ({_groups(ctx, groups)})")
        else:
            theirs = sorted({g for i in environments[env] if deployed(i) == destination
                             for g in idx.deployment_groups(i.id)})
            why = f"that instance is in no deployment group, and every instance of '{destination}' is in one"
            fix = (f"give the instance in '{idx.display_name(here)}' the groups of those of '{destination}' "
                   f"({_groups(ctx, theirs)})")
        ctx.report("deployment.relationship-not-replicated", "warning", label,
                   f"not drawn in environment '{env}' from the instance of '{source}' in "
                   f"'{idx.display_name(here)}': {why}, so the "
                   "deployment view has no such edge", fix)


def _groups(ctx: Context, groups: list[str]) -> str:
    """``deployment_groups: [a, b]`` (YAML, JSON) or ``deployment_groups=['a', 'b']`` (Python)."""
    if ctx.data_file:
        return f"deployment_groups: [{', '.join(groups)}]"
    return f"deployment_groups={groups!r}"
