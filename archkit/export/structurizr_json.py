"""Workspace -> Structurizr workspace JSON, valid against Structurizr's schema.

Everything Structurizr has a field for goes into that field: elements nested as
Structurizr nests them, relationships on their source element, views with their
element and relationship lists (computed by :func:`archkit.views.compute_view`),
styles, decisions and documentation sections. Structurizr also expects the
relationships it would derive itself (implied ones, and those replicated onto
instances); they are written with ``linkedRelationshipId`` (see
:mod:`archkit.importers.derived`), and archkit's importer skips them again.

Custom elements (Structurizr's ``element``) go to ``model.customElements``, their
type in ``metadata``.

Nested groups are written as Structurizr nests them: each element's group is the
path of group names, joined by the model property ``structurizr.groupSeparator``
(:mod:`archkit.importers.groups`).

What Structurizr has no field for is kept under ``archkit.json.*`` properties (an
element's ``icon``, an instance's ``name``, a view's ``include`` when its element
list does not say it, the arc42 content beyond decisions and sections), each
only when needed, so that importing the JSON gives back an equal workspace.
"""

from __future__ import annotations

import json
from typing import Any

from archkit.export.structurizr_json_views import export_documentation, export_styles, export_views
from archkit.importers.derived import DerivedRelationship, derived_relationships
from archkit.importers.groups import SEPARATOR_PROPERTY, Groups, declared_groups, group_path, separator_for
from archkit.importers.health_checks import split_health_checks
from archkit.importers.properties import write_properties
from archkit.importers.structurizr_index import natural
from archkit.importers.view_properties import view_properties_kept, view_set_properties
from archkit.importers.workspace_settings import (
    VIEW_PREFIX,
    configuration,
    model_properties,
    view_options,
    workspace_properties,
)
from archkit.model import (
    Component,
    Container,
    ContainerInstance,
    CustomElement,
    DeploymentNode,
    Element,
    InfrastructureNode,
    Person,
    Relationship,
    SoftwareSystem,
    SoftwareSystemInstance,
    Workspace,
)

#: archkit fields each element type writes natively (the rest go to ``archkit.json.*`` properties).
_NATIVE = {"id", "name", "description", "tags", "properties", "url", "group", "location", "technology",
           "environment", "instances", "containers", "components", "children", "infrastructure_nodes",
           "software_system_instances", "container_instances", "container", "software_system", "instance_id",
           "deployment_groups", "metadata"}
_GROUPED = (Person, SoftwareSystem, Container, Component, CustomElement, DeploymentNode, InfrastructureNode,
            ContainerInstance, SoftwareSystemInstance)  # Structurizr groups deployment elements too
_INSTANCE_NATIVE = {"id", "tags", "properties", "container", "software_system", "instance_id", "deployment_groups"}


def to_structurizr_json(ws: Workspace) -> str:
    """The Structurizr workspace JSON text of ``ws`` (two-space indent, stable order)."""
    return json.dumps(structurizr_data(ws), indent=2, ensure_ascii=False) + "\n"


def structurizr_data(ws: Workspace) -> dict[str, Any]:
    """The Structurizr workspace as plain data."""
    derived = derived_relationships(ws.model)
    writer = _ModelWriter(ws, derived)
    model = {
        "people": [writer.element(p) for p in ws.model.people],
        "softwareSystems": [writer.element(s) for s in ws.model.software_systems],
        "customElements": [writer.element(e) for e in ws.model.custom_elements],
        "deploymentNodes": [writer.element(n) for n in ws.model.deployment_nodes],
    }
    extras = dict(writer.workspace_extras)
    ids = [r.id or r.label for r in ws.model.relationships]
    if ids != sorted(ids, key=natural):
        extras["relationship_order"] = ids
    config, styles_extra = export_styles(ws.styles)
    if styles_extra is not None:
        extras["styles"] = styles_extra
    documentation, arc42_extra = export_documentation(ws.arc42)
    if arc42_extra is not None:
        extras["arc42"] = arc42_extra
    if len(ws.rules):  # Structurizr has no rules: kept as archkit data
        extras["rules"] = ws.to_data()["rules"]
    views = export_views(ws, derived)
    views["configuration"] = {**config, **views.get("configuration", {})}
    own = {k: v for k, v in workspace_properties(ws.properties).items() if not k.startswith(VIEW_PREFIX)}
    _view_options(views, ws.properties)  # the rest are model properties, configuration, view options
    props, _perspectives = write_properties(own, extras)
    out: dict[str, Any] = {"name": ws.name}
    if ws.description:
        out["description"] = ws.description
    if props:
        out["properties"] = props
    out["model"] = {k: v for k, v in model.items() if v}
    separator = writer.separator or ws.properties.get(SEPARATOR_PROPERTY)
    model_props = {**model_properties(ws.properties), **({SEPARATOR_PROPERTY: separator} if separator else {})}
    if model_props:
        out["model"]["properties"] = dict(sorted(model_props.items()))
    out["documentation"] = documentation
    out["views"] = views
    config = configuration(ws.properties)
    if config:
        out["configuration"] = config
    return out


def _view_options(views: dict[str, Any], props: dict[str, str]) -> None:
    """Write the Structurizr view options and properties the workspace keeps
    (:mod:`archkit.importers.workspace_settings`, :mod:`archkit.importers.view_properties`)."""
    options = view_options(props)
    for key, found in views.items():
        for view in found if key != "configuration" else []:
            view.update(options.get(str(view.get("key")), {}))
            kept = view_properties_kept(props, str(view.get("key")))
            if kept:
                view["properties"] = {**kept, **view.get("properties", {})}
    kept = view_set_properties(props)
    if kept and views:
        config = views.setdefault("configuration", {})
        config["properties"] = {**kept, **config.get("properties", {})}


class _ModelWriter:
    """Elements with their relationships, groups by name, archkit-only fields as properties."""

    def __init__(self, ws: Workspace, derived: list[DerivedRelationship]) -> None:
        self.ws = ws
        self.groups = {g.id: g for g in ws.model.groups}
        self.separator = separator_for(ws.model.groups, ws.properties.get(SEPARATOR_PROPERTY))
        self.relationships: dict[str, list[dict[str, Any]]] = {}
        for rel in ws.model.relationships:
            self.relationships.setdefault(rel.source, []).append(_relationship(rel))
        for d in derived:
            self.relationships.setdefault(d.source, []).append(_derived(d))
        self.group_ids, self.workspace_extras = self._group_plan()

    def _group_plan(self) -> tuple[Groups, dict[str, Any]]:
        """How the importer will map group names back to ids; declare the groups when it would differ."""
        used = (el.group for el, _parent in self.ws.model.walk() if isinstance(el, _GROUPED))
        declared = declared_groups(self.ws.model.groups, used, self.separator)
        return Groups(declared or None, self.separator), ({"groups": declared} if declared else {})

    def group_name(self, group_id: str) -> str:
        """The Structurizr name of a group: the path of names when groups nest."""
        return group_path(self.groups, group_id, self.separator)

    def element(self, el: Element) -> dict[str, Any]:
        instance = isinstance(el, ContainerInstance | SoftwareSystemInstance)
        tags = [t for t in el.all_tags if not (instance and t == "Element")]  # Structurizr's instances have none
        out: dict[str, Any] = {"id": el.id, "tags": ",".join(dict.fromkeys(tags))}
        if not instance:
            out["name"] = el.name
            if el.description:
                out["description"] = el.description
            if el.url:
                out["url"] = el.url
        extras = {f: v for f, v in el.dump().items()
                  if f not in (_INSTANCE_NATIVE if instance else _NATIVE)}
        if el.group is not None:
            group = self.groups.get(el.group)
            if isinstance(el, _GROUPED) and group is not None:
                out["group"] = self.group_name(el.group)
            if not isinstance(el, _GROUPED) or group is None or self.group_ids.id_for(out["group"]) != el.group:
                extras["group"] = el.group
        own, checks = split_health_checks(el.properties) if instance else (el.properties, [])
        props, perspectives = write_properties(own, extras)
        if props:
            out["properties"] = props
        if checks:
            out["healthChecks"] = checks
        if perspectives:
            out["perspectives"] = perspectives
        self._kind_fields(el, out)
        if el.id in self.relationships:
            out["relationships"] = self.relationships[el.id]
        return out

    def _kind_fields(self, el: Element, out: dict[str, Any]) -> None:
        if isinstance(el, CustomElement) and el.metadata:
            out["metadata"] = el.metadata
        if isinstance(el, Person | SoftwareSystem) and el.location == "external":
            out["location"] = "External"
        elif isinstance(el, Person | SoftwareSystem) and "External" in el.tags:
            out["location"] = "Internal"  # a tag only: without a location it would read as external
        if isinstance(el, Container | Component | DeploymentNode | InfrastructureNode) and el.technology:
            out["technology"] = el.technology
        if isinstance(el, SoftwareSystem) and el.containers:
            out["containers"] = [self.element(c) for c in el.containers]
        if isinstance(el, Container) and el.components:
            out["components"] = [self.element(c) for c in el.components]
        if isinstance(el, DeploymentNode):
            out["environment"] = el.environment
            out["instances"] = el.instances
            for key, items in (("children", el.children), ("infrastructureNodes", el.infrastructure_nodes),
                               ("softwareSystemInstances", el.software_system_instances),
                               ("containerInstances", el.container_instances)):
                if items:
                    out[key] = [self._in_environment(self.element(c), el.environment) for c in items]
        if isinstance(el, DeploymentNode | ContainerInstance | SoftwareSystemInstance) and el.deployment_groups:
            out["deploymentGroups"] = list(el.deployment_groups)
        if isinstance(el, ContainerInstance):
            out["containerId"] = el.container
            out["instanceId"] = el.instance_id
        if isinstance(el, SoftwareSystemInstance):
            out["softwareSystemId"] = el.software_system
            out["instanceId"] = el.instance_id

    @staticmethod
    def _in_environment(data: dict[str, Any], environment: str) -> dict[str, Any]:
        data.setdefault("environment", environment)
        return data


def _relationship(rel: Relationship) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rel.id or rel.label, "tags": ",".join(dict.fromkeys(rel.all_tags)),
                           "sourceId": rel.source, "destinationId": rel.destination}
    if rel.description:
        out["description"] = rel.description
    if rel.technology:
        out["technology"] = rel.technology
    out["interactionStyle"] = "Asynchronous" if rel.interaction == "async" else "Synchronous"
    if rel.url:
        out["url"] = rel.url
    props, perspectives = write_properties(rel.properties, {"not_replicated": True} if rel.not_replicated else {})
    if props:  # not replicated: Structurizr's JSON has no replicated relationships of it, archkit's a property too
        out["properties"] = props
    if perspectives:
        out["perspectives"] = perspectives
    return out


def _derived(rel: DerivedRelationship) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rel.id, "sourceId": rel.source, "destinationId": rel.destination}
    if rel.description:
        out["description"] = rel.description
    if rel.technology:
        out["technology"] = rel.technology
    out["interactionStyle"] = "Asynchronous" if rel.interaction == "async" else "Synchronous"
    out["linkedRelationshipId"] = rel.linked
    return out
