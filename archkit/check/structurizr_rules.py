"""Structurizr's own workspace validation, as findings: a model archkit accepts is one Structurizr accepts.

Structurizr refuses to load a workspace (JSON or DSL) where

- a person and a software system have the same name (people and software systems share one
  namespace: ``element.person-system-same-name``);
- two relationships between the same two elements have the same description
  (``relationship.duplicate-description``);
- two deployment nodes with the same parent have the same name, or two top-level deployment
  nodes of one environment (``deployment.duplicate-node-name``).

Each is an error: an export of such a model is a file Structurizr rejects.
"""

from __future__ import annotations

from collections import defaultdict

from archkit.check.context import Context
from archkit.model import DeploymentNode


def check_structurizr(ctx: Context) -> None:
    """The three rules above."""
    _person_system_names(ctx)
    _duplicate_relationships(ctx)
    _deployment_node_names(ctx)


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
    for element, parent in ctx.ws.model.walk():
        if isinstance(element, DeploymentNode):
            where = parent.id if parent is not None else f"environment '{element.environment}'"
            siblings[(where, element.name)].append(element)
    for (where, name), nodes in siblings.items():
        for node in nodes[1:]:
            ctx.report("deployment.duplicate-node-name", "error", node.id,
                       f"deployment node '{name}' is the second of that name in {where} (the first is "
                       f"'{nodes[0].id}'); Structurizr refuses it",
                       "give sibling deployment nodes distinct names")
