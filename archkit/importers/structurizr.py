"""Import a Structurizr workspace (its JSON form) into an archkit :class:`~archkit.model.Workspace`.

``import_structurizr(data, source)`` takes the parsed JSON and returns the
workspace together with warnings about every part archkit cannot represent;
nothing is dropped without one. Structurizr's ids (``"1"``, ``"2"``, ...) are
kept as archkit ids. An invalid workspace (wrong types against Structurizr's
schema, duplicate ids or view keys, references to missing elements) raises
:class:`~archkit.errors.ImportFormatError`.

What maps where:

- people, software systems, custom elements (``customElements``, their ``metadata``
  kept), containers, components, deployment nodes (nested,
  per environment), infrastructure nodes and instances become the archkit
  elements of the same name; Structurizr's implicit tags (``Element``,
  ``Person``, ...) stay implicit (``Element.all_tags``);
- relationships keep their ids; those Structurizr derived (implied or
  replicated onto instances) are skipped when archkit derives them too, see
  :mod:`archkit.importers.structurizr_relationships`;
- groups become :class:`~archkit.model.Group` s (id: the slug of the name), nested
  ones (names joined by the model property ``structurizr.groupSeparator``) nested
  groups, see :mod:`archkit.importers.groups`;
- deployment groups (``deploymentGroups`` of instances and nodes) are kept; the
  old default group ``Default`` is the same as none;
- location ``External`` becomes ``external``; ``Internal`` and ``Unspecified`` ``internal``; with no
  location (the DSL has none), an ``External`` tag no element style names is the location ``external``;
- perspectives become ``perspective:NAME`` properties (:mod:`archkit.importers.properties`);
- views, styles and documentation: :mod:`~archkit.importers.structurizr_views`,
  :mod:`~archkit.importers.structurizr_extras`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from archkit.errors import ImportFormatError
from archkit.importers.groups import DEFAULT_SEPARATOR, SEPARATOR_PROPERTY, Groups
from archkit.importers.health_checks import health_check_properties
from archkit.importers.notes import Notes
from archkit.importers.properties import read_properties
from archkit.importers.schema import schema_problems
from archkit.importers.structurizr_extras import import_documentation, import_styles
from archkit.importers.structurizr_index import INSTANCES, RawElement, RawIndex, deployment_groups
from archkit.importers.structurizr_relationships import relationship_data, split_relationships
from archkit.importers.structurizr_views import import_views
from archkit.importers.view_properties import keep_view_properties
from archkit.importers.vocabulary import split_tags
from archkit.importers.workspace_settings import keep_configuration, keep_model_properties, keep_view_options
from archkit.model import (
    Component,
    Container,
    ContainerInstance,
    CustomElement,
    DeploymentNode,
    Element,
    InfrastructureNode,
    Person,
    SoftwareSystem,
    SoftwareSystemInstance,
    Workspace,
)

CLASSES: dict[str, type[Element]] = {
    "Person": Person, "Software System": SoftwareSystem, "Container": Container, "Component": Component,
    "Custom Element": CustomElement, "Deployment Node": DeploymentNode, "Infrastructure Node": InfrastructureNode,
    "Software System Instance": SoftwareSystemInstance, "Container Instance": ContainerInstance,
}
_ARCHKIT_LISTS = {
    "containers": "containers", "components": "components", "children": "children",
    "infrastructureNodes": "infrastructure_nodes", "softwareSystemInstances": "software_system_instances",
    "containerInstances": "container_instances",
}
_SERVICE_KEYS = ("id", "version", "revision", "thumbnail", "lastModifiedDate", "lastModifiedUser",
                 "lastModifiedAgent")
_DSL_SOURCE = "structurizr.dsl"


@dataclass(frozen=True)
class ImportResult:
    """An imported workspace, what could not be represented, and the relationships archkit derives."""

    workspace: Workspace
    warnings: tuple[str, ...] = ()
    derived: tuple[str, ...] = ()


def import_structurizr(data: Any, source: str) -> ImportResult:
    """Convert a parsed Structurizr workspace; raises ImportFormatError when it is invalid."""
    notes = Notes(source)
    if not isinstance(data, dict):
        raise notes.fail("workspace", "not a JSON object", "pass a Structurizr workspace JSON file")
    problems = schema_problems(data)
    if problems:
        raise notes.fail(problems[0], "does not match Structurizr's workspace schema",
                         "fix the value (see Structurizr's workspace JSON schema)")
    index = RawIndex(data, notes)
    views = data.get("views") or {}
    index.check_views(views)
    stored, derived = split_relationships(index, notes)
    props, extras = read_properties(data, "workspace", notes)
    separator = _model_leftovers(data.get("model") or {}, props, notes)
    groups = Groups(extras.pop("groups", None), separator)
    model: dict[str, Any] = {archkit_key: [_element(index.elements[item["id"]], index, groups, notes)
                                           for item in (data.get("model") or {}).get(key) or []]
                             for key, archkit_key in (("people", "people"), ("softwareSystems", "software_systems"),
                                                      ("customElements", "custom_elements"),
                                                      ("deploymentNodes", "deployment_nodes"))}
    order = extras.pop("relationship_order", None)
    if isinstance(order, list):  # the exporter's record of the original order
        rank = {str(rid): n for n, rid in enumerate(order)}
        stored.sort(key=lambda r: rank.get(r.id, len(rank)))
    copied = {str(r.data.get("linkedRelationshipId")) for r in index.relationships.values()}
    model["relationships"] = [relationship_data(r, notes, replicated=r.id in copied) for r in stored]
    model["groups"] = groups.items
    base = _validate({**_workspace_fields(data, props, extras, notes), "model": model}, notes)
    styles = extras.pop("styles", None) or import_styles(views.get("configuration") or {}, notes)
    arc42 = import_documentation(data, index, extras.pop("arc42", None), notes)
    imported_views = import_views(views, base, index, notes)
    if extras.pop("default_views", False) is True:
        imported_views = []  # an older exporter wrote archkit's default views: keep them implicit
    data_out = {**base.to_data(), "views": imported_views, "styles": styles, "arc42": arc42,
                "rules": extras.pop("rules", None) or []}
    for key in sorted(extras):
        notes.warn("workspace", f"property 'archkit.json.{key}' is not an archkit workspace field", "ignored")
    workspace = _validate(data_out, notes)
    return ImportResult(workspace, tuple(notes.lines()), tuple(derived))


def _validate(data: dict[str, Any], notes: Notes) -> Workspace:
    try:
        return Workspace.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(p) for p in err["loc"]) or "workspace"
        raise notes.fail(where, err["msg"].removeprefix("Value error, "), "fix the value in the workspace") from None
    except ValueError as exc:
        raise ImportFormatError(f"{notes.source}: {exc}") from None


def _workspace_fields(
    data: dict[str, Any], props: dict[str, str], extras: dict[str, Any], notes: Notes
) -> dict[str, Any]:
    if _DSL_SOURCE in props:
        del props[_DSL_SOURCE]
        notes.warn("workspace", f"property '{_DSL_SOURCE}' (the DSL source the JSON was made from) is not kept",
                   "the imported archkit model is the source from now on")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        notes.warn("workspace", "has no name", "named 'Workspace'")
        name = "Workspace"
    dropped = [k for k in _SERVICE_KEYS if data.get(k)]
    if dropped:
        notes.warn("workspace", f"Structurizr service metadata ({', '.join(dropped)}) is not kept",
                   "archkit workspaces live in files")
    keep_configuration(data.get("configuration"), props)  # for the exports; archkit applies no access control
    keep_view_options(data.get("views"), props)
    keep_view_properties(data.get("views"), props)
    out: dict[str, Any] = {"name": name, "description": data.get("description") or "", "properties": props}
    return out


def _model_leftovers(model: dict[str, Any], props: dict[str, str], notes: Notes) -> str | None:
    """Warn about what the model part loses; return the group separator (one other than ``/`` is kept in the
    workspace properties, for the exports to write back)."""
    if (model.get("enterprise") or {}).get("name"):
        notes.warn("model", f"enterprise '{model['enterprise']['name']}' is not kept",
                   "archkit marks each person and system internal or external instead")
    own = dict(model.get("properties") or {}) if isinstance(model.get("properties"), dict) else {}
    separator = own.pop(SEPARATOR_PROPERTY, None)
    keep_model_properties(own, props)
    if not isinstance(separator, str) or not separator:
        return None
    if separator != DEFAULT_SEPARATOR:  # the exports write "/" by themselves wherever groups nest
        props[SEPARATOR_PROPERTY] = separator
    return separator


def _element(raw: RawElement, index: RawIndex, groups: Groups, notes: Notes) -> dict[str, Any]:
    d, where = raw.data, f"element '{raw.id}'"
    props, extras = read_properties(d, where, notes)
    out: dict[str, Any] = {"id": raw.id, "description": d.get("description") or "",
                           "tags": [t for t in split_tags(d.get("tags")) if t not in ("Element", raw.kind)]}
    if raw.kind not in INSTANCES:
        out["name"] = d["name"]
    if d.get("url"):
        out["url"] = d["url"]
    if d.get("group"):
        out["group"] = groups.id_for(str(d["group"]))
    if raw.kind in ("Person", "Software System"):
        out["location"] = "external" if d.get("location") == "External" else "internal"
        if "location" not in d and "External" in out["tags"] and "External" not in index.styled_tags:
            out["location"] = "external"  # the DSL's way (archkit's DSL export writes location so)
            out["tags"].remove("External")
    if raw.kind in ("Container", "Component", "Deployment Node", "Infrastructure Node"):
        out["technology"] = d.get("technology") or ""
    if raw.kind == "Custom Element":
        out["metadata"] = d.get("metadata") or ""
    if raw.kind == "Deployment Node":
        out["environment"] = raw.environment
        out["instances"] = str(d.get("instances") if d.get("instances") is not None else "1")
    if raw.kind in ("Deployment Node", *INSTANCES):
        out["deployment_groups"] = deployment_groups(d)
    if raw.kind in INSTANCES:
        _instance(raw, out, notes)
    for key, archkit_key in _ARCHKIT_LISTS.items():
        if d.get(key):
            out[archkit_key] = [_element(index.elements[c["id"]], index, groups, notes) for c in d[key]]
    cls = CLASSES[raw.kind]
    for field, value in extras.items():
        if field in cls.model_fields and field not in ("id", *_ARCHKIT_LISTS.values()):
            out[field] = value
        else:
            notes.warn(where, f"property 'archkit.json.{field}' names no {raw.kind.lower()} field", "ignored")
    out["properties"] = {**props, **health_check_properties(d, where, notes)} if raw.kind in INSTANCES else props
    return out


def _instance(raw: RawElement, out: dict[str, Any], notes: Notes) -> None:
    d = raw.data
    if raw.kind == "Container Instance":
        out["container"] = d["containerId"]
    else:
        out["software_system"] = d["softwareSystemId"]
    instance_id = d.get("instanceId", 1)
    out["instance_id"] = int(instance_id)
