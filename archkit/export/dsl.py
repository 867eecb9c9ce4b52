"""Workspace -> Structurizr DSL: the model, the views (as archkit defines them) and the styles.

Identifiers are Structurizr's own (``structurizr.dsl.identifier`` properties
from an imported workspace) when they are usable, else made from archkit ids
(``shop.api`` -> ``shop_api``). Relationships between people, systems,
containers and components come before the deployment environments (Structurizr
replicates them onto container instances as it creates them), higher levels
first; those that join deployment elements follow the environments. Deployment
groups are declared per environment (``deploymentGroup``); nested groups are
nested ``group`` blocks, with the model property ``structurizr.groupSeparator``
Structurizr needs for them. Views keep archkit's include/exclude rules
(``include *``, element identifiers, ``element.tag==X``) rather than expanded
lists, so the DSL stays a model to edit. Structurizr derives implied and
replicated relationships itself, so only the stored ones are written.

Not in the DSL: arc42 content (Structurizr reads documentation from ``!docs``
and ``!adrs`` folders; archkit writes those with ``archkit docs``), element
icons, group descriptions. External people and systems get an ``External`` tag; custom elements
are ``element`` s.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from archkit.export.structurizr_json_views import view_properties
from archkit.importers.groups import SEPARATOR_PROPERTY, separator_for
from archkit.importers.properties import write_properties
from archkit.importers.vocabulary import BORDERS_OUT, SHAPES_OUT
from archkit.model import (
    Component,
    Container,
    ContainerInstance,
    CustomElement,
    CustomView,
    DeploymentNode,
    DeploymentView,
    DynamicStep,
    DynamicView,
    Element,
    FilteredView,
    InfrastructureNode,
    Person,
    Relationship,
    SoftwareSystem,
    SoftwareSystemInstance,
    View,
    Workspace,
)

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_UNSAFE = re.compile(r"[^A-Za-z0-9_]+")
_KEYWORDS = {"workspace", "model", "views", "person", "softwaresystem", "container", "component", "group",
             "deploymentnode", "infrastructurenode", "include", "exclude", "styles", "element", "relationship"}
_DEPLOYMENT = (DeploymentNode, InfrastructureNode, ContainerInstance, SoftwareSystemInstance)
_VIEW_KEYWORDS = {"system_landscape": "systemLandscape", "system_context": "systemContext",
                  "container": "container", "component": "component"}


def q(value: str) -> str:
    """A DSL string literal."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r\n", "\n").replace("\n", "\\n") + '"'


def _sequence_extras(view: DynamicView) -> dict[str, str]:
    """A dynamic view's properties: Structurizr's ``plantuml.sequenceDiagram`` for the sequence style, and
    what the DSL cannot say as ``archkit.json.*``: the steps when one is marked as a response (read back
    by the importer)."""
    extras: dict[str, Any] = {}
    if any(s.response for _n, s in view.numbered_steps()):
        extras["steps"] = [s.model_dump(mode="json") for s in view.steps]
    return write_properties(view_properties(view), extras)[0]


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def to_dsl(ws: Workspace) -> str:
    """The Structurizr DSL text of ``ws``."""
    return _Writer(ws).text()


class _Writer:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.ids: dict[str, str] = {}
        taken: set[str] = set()
        for element, _parent in ws.model.walk():
            hint = element.properties.get("structurizr.dsl.identifier", "")
            if not _IDENTIFIER.match(hint) or hint.lower() in taken or hint.lower() in _KEYWORDS:
                hint = _UNSAFE.sub("_", element.id).strip("_") or "e"
                hint = f"e_{hint}" if hint[0].isdigit() else hint
            ident, n = hint, 1
            while ident.lower() in taken or ident.lower() in _KEYWORDS:
                n += 1
                ident = f"{hint}_{n}"
            taken.add(ident.lower())
            self.ids[element.id] = ident
        self.groups = {g.id: g.name for g in ws.model.groups}
        self.index = ws.model.index()
        self.deployment_groups = self._deployment_group_ids(taken)

    def _deployment_group_ids(self, taken: set[str]) -> dict[tuple[str, str], str]:
        """(environment, deployment group name) -> a DSL identifier, unique in the workspace."""
        out: dict[tuple[str, str], str] = {}
        for element, _parent in self.ws.model.walk():
            env = self._environment(element.id)
            for name in getattr(element, "deployment_groups", ()):
                if (env, name) in out:
                    continue
                hint = "dg_" + (_UNSAFE.sub("_", f"{env}_{name}").strip("_") or "group")
                ident, n = hint, 1
                while ident.lower() in taken:
                    n += 1
                    ident = f"{hint}_{n}"
                taken.add(ident.lower())
                out[(env, name)] = ident
        return out

    def _environment(self, element_id: str) -> str:
        """The environment of a deployment element (its top node's)."""
        top = [element_id, *self.index.ancestors(element_id)][-1]
        node = self.index.get(top)
        return node.environment if isinstance(node, DeploymentNode) else ""

    def text(self) -> str:
        ws = self.ws
        out = [f"workspace {q(ws.name)} {q(ws.description)} {{", ""]
        out += self._properties({k: v for k, v in ws.properties.items() if k != SEPARATOR_PROPERTY}, "    ")
        out += ["    model {"]
        separator = separator_for(ws.model.groups, ws.properties.get(SEPARATOR_PROPERTY))
        if separator:  # Structurizr nests groups only with this model property
            out += self._properties({SEPARATOR_PROPERTY: separator}, "        ")
        out += self._grouped([*ws.model.people, *ws.model.software_systems, *ws.model.custom_elements], "        ")
        static, deployment = self._split_relationships()
        if static:
            out += ["", *self._relationships(static, "        "), ""]
        for env in sorted({n.environment for n in ws.model.deployment_nodes}):
            out.append(f"        deploymentEnvironment {q(env)} {{")
            out += [f"            {ident} = deploymentGroup {q(name)}"
                    for (group_env, name), ident in self.deployment_groups.items() if group_env == env]
            for node in (n for n in ws.model.deployment_nodes if n.environment == env):
                out += self._element(node, "            ")
            out.append("        }")
        if deployment:
            out += ["", *self._relationships(deployment, "        ")]
        out += ["    }", "", "    views {"]
        for view in ws.views:  # the workspace's own views; archkit's defaults are not written
            out += self._view(view, "        ")
        out += self._styles("        ")
        out += ["    }", "}"]
        return "\n".join(out) + "\n"

    # ---- model ------------------------------------------------------------

    def _grouped(self, elements: list[Element], indent: str, outer: str | None = None) -> list[str]:
        """The elements outside any group (of ``outer``'s groups), then one block per group, nested."""
        out: list[str] = []
        for el in elements:
            if (el.group if el.group in self.groups else None) == outer:
                out += self._element(el, indent)
        for group in self.ws.model.groups:
            if (group.group if group.group in self.groups else None) != outer:
                continue
            members = [el for el in elements if group.id in self.index.group_chain(el.group)]
            if members:
                out.append(f"{indent}group {q(group.name)} {{")
                out += self._grouped(members, indent + "    ", group.id)
                out.append(f"{indent}}}")
        return out

    def _element(self, el: Element, indent: str) -> list[str]:
        tags = list(el.tags) + (["External"] if getattr(el, "location", "internal") == "external" else [])
        tag_text = q(",".join(tags))
        ident = self.ids[el.id]
        if isinstance(el, ContainerInstance | SoftwareSystemInstance):
            target = el.container if isinstance(el, ContainerInstance) else el.software_system
            keyword = "containerInstance" if isinstance(el, ContainerInstance) else "softwareSystemInstance"
            groups = self._group_refs(el)
            head = f"{ident} = {keyword} {self.ids.get(target, target)}" + (
                f" {groups or q('')} {tag_text}" if tags else f" {groups}" if groups else "")
        elif isinstance(el, Person):
            head = f"{ident} = person {q(el.name)} {q(el.description)} {tag_text}"
        elif isinstance(el, CustomElement):
            head = f"{ident} = element {q(el.name)} {q(el.metadata)} {q(el.description)} {tag_text}"
        elif isinstance(el, SoftwareSystem):
            head = f"{ident} = softwareSystem {q(el.name)} {q(el.description)} {tag_text}"
        elif isinstance(el, DeploymentNode):
            head = (f"{ident} = deploymentNode {q(el.name)} {q(el.description)} {q(el.technology)} {tag_text} "
                    f"{q(el.instances)}")
        else:
            keyword = {Container: "container", Component: "component"}.get(type(el), "infrastructureNode")
            head = f"{ident} = {keyword} {q(el.name)} {q(el.description)} {q(el.technology_text)} {tag_text}"
        body = self._properties(el.properties, indent + "    ")
        if el.url:
            body.append(f"{indent}    url {q(el.url)}")
        if isinstance(el, SoftwareSystem):
            body += self._grouped(list(el.containers), indent + "    ")
        if isinstance(el, Container):
            body += self._grouped(list(el.components), indent + "    ")
        if isinstance(el, DeploymentNode):
            env = self._environment(el.id)
            body += [f"{indent}    deploymentGroup {self.deployment_groups[(env, g)]}" for g in el.deployment_groups]
            for child in [*el.children, *el.infrastructure_nodes, *el.software_system_instances,
                          *el.container_instances]:
                body += self._element(child, indent + "    ")
        if not body:
            return [indent + head]
        return [f"{indent}{head} {{", *body, f"{indent}}}"]

    def _group_refs(self, el: Element) -> str:
        env = self._environment(el.id)
        return ",".join(self.deployment_groups[(env, g)] for g in getattr(el, "deployment_groups", ()))

    @staticmethod
    def _properties(props: dict[str, str], indent: str) -> list[str]:
        props = {k: v for k, v in props.items() if k != "structurizr.dsl.identifier"}  # the identifier says it
        if not props:
            return []
        return [f"{indent}properties {{", *(f"{indent}    {q(k)} {q(v)}" for k, v in sorted(props.items())),
                f"{indent}}}"]

    def _split_relationships(self) -> tuple[list[Relationship], list[Relationship]]:
        """``(static, deployment)``. Static relationships are written before the deployment environments,
        so that Structurizr replicates them onto the instances it creates there; the higher-level ones
        first, so that none duplicates one Structurizr implied from a relationship of their children.
        Those that join a deployment element can only follow the deployment elements they name."""
        def deployment_end(rel: Relationship) -> bool:
            return any(isinstance(self.index.get(e), _DEPLOYMENT) for e in (rel.source, rel.destination))

        def level(rel: Relationship) -> int:
            return sum(len(self.index.ancestors(e)) for e in (rel.source, rel.destination))

        rels = self.ws.model.relationships
        static = sorted((r for r in rels if not deployment_end(r)), key=level)
        return static, [r for r in rels if deployment_end(r)]

    def _relationships(self, rels: list[Relationship], indent: str) -> list[str]:
        out = []
        for rel in rels:
            if rel.source not in self.ids or rel.destination not in self.ids:
                out.append(f"{indent}# not written: {rel.source} -> {rel.destination} names an unknown element")
                continue
            tags = [*rel.tags, *(["Asynchronous"] if rel.interaction == "async" else [])]
            line = (f"{indent}{self.ids[rel.source]} -> {self.ids[rel.destination]} {q(rel.description)} "
                    f"{q(rel.technology)} {q(','.join(tags))}")
            extras = self._properties(rel.properties, indent + "    ")
            if rel.url:
                extras.append(f"{indent}    url {q(rel.url)}")
            out += [line + " {", *extras, indent + "}"] if extras else [line]
        return out

    # ---- views ------------------------------------------------------------

    def _ref(self, element_id: str | None) -> str:
        return "*" if element_id is None else self.ids.get(element_id, q(element_id))

    def _view(self, view: View, indent: str) -> list[str]:
        key, desc = q(view.key), q(view.description)
        if isinstance(view, FilteredView):
            return [f"{indent}filtered {q(view.base)} {view.mode} {q(','.join(view.tags))} {key} {desc}"]
        if isinstance(view, DynamicView):
            head = f"dynamic {self._ref(view.scope)} {key} {desc}"
        elif isinstance(view, DeploymentView):
            head = f"deployment {self._ref(view.software_system)} {q(view.environment)} {key} {desc}"
        elif isinstance(view, CustomView):  # custom [key] [title] [description]
            head = f"custom {key} {q(view.title)} {desc}"
        else:
            scope = f"{self._ref(view.scope)} " if view.scope else ""
            head = f"{_VIEW_KEYWORDS[view.type]} {scope}{key} {desc}"
        body = [f"title {q(view.title)}"] if view.title and not isinstance(view, CustomView) else []
        if isinstance(view, DynamicView):
            body += self._steps(view, indent + "    ")
            body += [f"include {self._entry(e)}" for e in view.include if e != "*"]
            body += self._properties(_sequence_extras(view), indent + "    ")
        else:
            body += [f"include {self._entry(e)}" for e in view.include]
        body += [line for e in view.exclude for line in f"exclude {self._entry(e, exclude=True)}".split("\n")]
        separations = ""
        if view.rank_separation is not None or view.node_separation is not None:  # Structurizr's unit, default 300
            separations = f" {_or(view.rank_separation, 300)} {_or(view.node_separation, 300)}"
        body.append(f"autoLayout {view.direction.lower()}{separations}")
        inner = indent + "    "
        return [f"{indent}{head} {{", *(b if b.startswith(inner) else inner + b for b in body), f"{indent}}}"]

    def _entry(self, entry: str, exclude: bool = False) -> str:
        if entry == "*":
            return "*"
        if entry.startswith("tag:"):
            tag = q(entry[4:])
            return f"element.tag=={tag}\nexclude relationship.tag=={tag}" if exclude else f"element.tag=={tag}"
        if "->" in entry:
            rel = next((r for r in self.ws.model.relationships if (r.id or r.label) == entry), None)
            if rel is not None and rel.source in self.ids and rel.destination in self.ids:
                return f"{self.ids[rel.source]}->{self.ids[rel.destination]}"
        return self.ids.get(entry, q(entry))

    def _steps(self, view: DynamicView, indent: str) -> list[str]:
        out = []
        for item in view.steps:
            if isinstance(item, DynamicStep):
                out.append(indent + self._step(item))
                continue
            out.append(indent + "{")
            for branch in item.parallel:
                out.append(indent + "    {")
                out += [indent + "        " + self._step(s) for s in branch]
                out.append(indent + "    }")
            out.append(indent + "}")
        return out

    def _step(self, step: DynamicStep) -> str:
        return (f"{self._ref(step.source)} -> {self._ref(step.destination)} {q(step.description)} "
                f"{q(step.technology)}")

    def _styles(self, indent: str) -> list[str]:
        styles = self.ws.styles
        if not styles.elements and not styles.relationships:
            return []
        out = [f"{indent}styles {{"]
        for s in styles.elements:
            props = {"shape": SHAPES_OUT.get(s.shape or "", None), "background": s.background, "color": s.color,
                     "stroke": s.stroke, "border": BORDERS_OUT.get(s.border or "", None),
                     "fontSize": s.font_size, "opacity": s.opacity}
            out += self._style("element", s.tag, props, indent + "    ")
        for r in styles.relationships:
            rprops = {"color": r.color, "thickness": r.thickness,
                      "style": BORDERS_OUT.get(r.style or "", None)}
            out += self._style("relationship", r.tag, rprops, indent + "    ")
        out.append(f"{indent}}}")
        return out

    @staticmethod
    def _style(kind: str, tag: str, props: Mapping[str, object], indent: str) -> list[str]:
        lines = [f"{indent}    {k} {v}" for k, v in props.items() if v is not None]
        return [f"{indent}{kind} {q(tag)} {{", *lines, f"{indent}}}"]

