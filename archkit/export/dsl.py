"""Workspace -> Structurizr DSL: the model, the views (as archkit defines them) and the styles.

Identifiers are Structurizr's own (``structurizr.dsl.identifier`` properties
from an imported workspace) when they are usable, else made from archkit ids
(``shop.api`` -> ``shop_api``); two workspace properties give a DSL import the ids back
(:mod:`.dsl_ids`). Relationships between people, systems,
containers and components come before the deployment environments (Structurizr
replicates them onto container instances as it creates them), higher levels
first; those that join deployment elements follow the environments. Deployment
groups are declared per environment (``deploymentGroup``); nested groups are
nested ``group`` blocks, with the model property ``structurizr.groupSeparator``
Structurizr needs for them; groups an import would not make again from their names
(other ids, descriptions, tags, icons) are declared in the workspace property
``archkit.json.groups``, as in the Structurizr JSON export. Views keep archkit's include/exclude rules
(``include *``, element identifiers, ``element.tag==X``) rather than expanded
lists, so the DSL stays a model to edit. Structurizr derives implied and
replicated relationships itself, so only the stored ones are written.

Not in the DSL: arc42 content (Structurizr reads documentation from ``!docs``
and ``!adrs`` folders; archkit writes those with ``archkit docs``), element
icons. External people and systems get an ``External`` tag (one with an ``External`` tag of its own also
``archkit.json.tags`` and ``.location`` properties, so that the import keeps both); custom elements
are ``element`` s.
"""

from __future__ import annotations

import json

from archkit.export.dsl_ids import DSL_IDENTIFIER, ORDER_PROPERTY, UNSAFE, identifiers
from archkit.export.dsl_styles import dsl_styles
from archkit.export.dsl_syntax import deployment_includes, dsl_filtered, dsl_steps, q, view_extras
from archkit.export.image_views import dsl_image_view, dsl_server_properties, servers
from archkit.importers.derived import replicated_relationships
from archkit.importers.groups import SEPARATOR_PROPERTY, declared_groups, separator_for
from archkit.importers.health_checks import dsl_health_checks, split_health_checks
from archkit.importers.properties import write_properties
from archkit.importers.workspace_settings import dsl_configuration, model_properties, workspace_properties
from archkit.model import (
    Component,
    Container,
    ContainerInstance,
    CustomElement,
    CustomView,
    DeploymentNode,
    DeploymentView,
    DynamicView,
    Element,
    FilteredView,
    ImageView,
    InfrastructureNode,
    Person,
    Relationship,
    SoftwareSystem,
    SoftwareSystemInstance,
    View,
    Workspace,
)

_DEPLOYMENT = (DeploymentNode, InfrastructureNode, ContainerInstance, SoftwareSystemInstance)
_GROUPED = (Person, SoftwareSystem, Container, Component, CustomElement, DeploymentNode, InfrastructureNode,
            ContainerInstance, SoftwareSystemInstance)  # Structurizr groups deployment elements too
_INSTANCE = (ContainerInstance, SoftwareSystemInstance)
_VIEW_KEYWORDS = {"system_landscape": "systemLandscape", "system_context": "systemContext",
                  "container": "container", "component": "component"}


def _or(value: int | None, default: int) -> int:
    return default if value is None else value


def _order_property(model_order: list[Relationship], written: list[Relationship]) -> dict[str, str]:
    """``archkit.json.relationship_order`` when the DSL writes relationships in another order than the model's
    (higher levels first, deployment ones after the environments): a DSL import gives the model's order back."""
    def ids(rels: list[Relationship]) -> list[str]:
        return [r.id or f"{r.source}->{r.destination}" for r in rels]
    if ids(written) == ids(model_order):
        return {}
    return {ORDER_PROPERTY: json.dumps(ids(model_order), ensure_ascii=False)}


def to_dsl(ws: Workspace) -> str:
    """The Structurizr DSL text of ``ws``."""
    return _Writer(ws).text()


class _Writer:
    def __init__(self, ws: Workspace) -> None:
        self.ws = ws
        self.idents = identifiers(ws)
        self.ids = self.idents.elements
        taken = self.idents.taken
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
                hint = "dg_" + (UNSAFE.sub("_", f"{env}_{name}").strip("_") or "group")
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
        static, deployment = self._split_relationships()
        separator = separator_for(ws.model.groups, ws.properties.get(SEPARATOR_PROPERTY))
        out += self._properties({**workspace_properties(ws.properties), **self.idents.properties,
                                 **_order_property(ws.model.relationships, [*static, *deployment]),
                                 **self._groups_property(separator)}, "    ")
        out += ["    model {"]
        model_props = {**model_properties(ws.properties), **({SEPARATOR_PROPERTY: separator} if separator else {})}
        if model_props:  # Structurizr nests groups only with the separator, a model property
            out += self._properties(model_props, "        ")
        out += self._grouped([*ws.model.people, *ws.model.software_systems, *ws.model.custom_elements], "        ")
        if static:
            out += ["", *self._relationships(static, "        "), ""]
        for env in dict.fromkeys(n.environment for n in ws.model.deployment_nodes):  # in model order
            out.append(f"        deploymentEnvironment {q(env)} {{")
            out += [f"            {ident} = deploymentGroup {q(name)}"
                    for (group_env, name), ident in self.deployment_groups.items() if group_env == env]
            out += self._grouped([n for n in ws.model.deployment_nodes if n.environment == env], "            ")
            out += self._not_replicated(env, "            ")
            out.append("        }")
        if deployment:
            out += ["", *self._relationships(deployment, "        ")]
        out += ["    }", "", "    views {", *dsl_server_properties(ws, "        ", q)]
        known = servers(ws)
        for view in ws.views:  # the workspace's own views; archkit's defaults are not written
            out += (dsl_image_view(view, self._ref(view.element), "        ", q, known) if isinstance(view, ImageView)
                    else self._view(view, "        "))
        out += dsl_styles(ws.styles, "        ")
        out += ["    }", *dsl_configuration(ws.properties, "    ", q), "}"]
        return "\n".join(out) + "\n"

    def _not_replicated(self, env: str, indent: str) -> list[str]:
        """``a -/> b "description"`` for each relationship not replicated that Structurizr would copy in ``env``
        (it fails on a ``-/>`` that removes nothing)."""
        flagged = [r for r in self.ws.model.relationships if r.not_replicated]
        if not flagged:
            return []
        model = self.ws.model.model_copy(deep=True)
        for rel in model.relationships:
            rel.not_replicated = False
        copies = replicated_relationships(model, model.index())
        copied = {r.linked for r in copies if self._environment(r.source) == env}
        return [f"{indent}{self.ids[r.source]} -/> {self.ids[r.destination]} {q(r.description)}"
                for r in flagged if (r.id or r.label) in copied]

    def _groups_property(self, separator: str | None) -> dict[str, str]:
        """``archkit.json.groups`` when an import would not give the groups back from their names alone (ids
        other than the slugs of the names, descriptions, tags, icons), as the Structurizr JSON export writes it."""
        used = (el.group for el, _parent in self.ws.model.walk() if isinstance(el, _GROUPED))
        declared = declared_groups(self.ws.model.groups, used, separator)
        return write_properties({}, {"groups": declared})[0] if declared else {}

    # ---- model ------------------------------------------------------------

    def _grouped(self, elements: list[Element], indent: str) -> list[str]:
        """The elements in model order, each inside the ``group`` blocks of its groups, nested: a block is
        closed when the next element is not in it (and opened again for a later one), so that the order of
        the elements survives a DSL import, as Structurizr keeps it."""
        out: list[str] = []
        opened: list[str] = []
        for el in elements:
            chain = self.index.group_chain(el.group)[::-1]  # outermost first
            same = 0
            while same < min(len(opened), len(chain)) and opened[same] == chain[same]:
                same += 1
            while len(opened) > same:
                opened.pop()
                out.append(f"{indent}{'    ' * len(opened)}}}")
            for group in chain[same:]:
                out.append(f"{indent}{'    ' * len(opened)}group {q(self.groups[group])} {{")
                opened.append(group)
            out += self._element(el, indent + "    " * len(opened))
        while opened:
            opened.pop()
            out.append(f"{indent}{'    ' * len(opened)}}}")
        return out

    def _element(self, el: Element, indent: str) -> list[str]:
        tags = list(dict.fromkeys([*el.tags, *(["External"] if getattr(el, "location", "internal") == "external"
                                               else [])]))
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
        props, checks = split_health_checks(el.properties) if isinstance(el, _INSTANCE) else (dict(el.properties), [])
        if isinstance(el, _INSTANCE) and el.instance_id != 1:
            props["archkit.json.instance_id"] = str(el.instance_id)  # Structurizr numbers a node's own instances
        if isinstance(el, Person | SoftwareSystem) and "External" in el.tags:  # a tag of its own, not the location
            props.update(write_properties({}, {"tags": el.tags, "location": el.location})[0])
        body = self._properties(props, indent + "    ")
        if isinstance(el, _INSTANCE) and el.description:  # an instance's own description: no place in its line
            body.append(f"{indent}    description {q(el.description)}")
        if el.url:
            body.append(f"{indent}    url {q(el.url)}")
        body += dsl_health_checks(checks, indent + "    ", q)
        if isinstance(el, SoftwareSystem):
            body += self._grouped(list(el.containers), indent + "    ")
        if isinstance(el, Container):
            body += self._grouped(list(el.components), indent + "    ")
        if isinstance(el, DeploymentNode):
            env = self._environment(el.id)
            body += [f"{indent}    deploymentGroup {self.deployment_groups[(env, g)]}" for g in el.deployment_groups]
            body += self._grouped([*el.children, *el.infrastructure_nodes, *el.software_system_instances,
                                   *el.container_instances], indent + "    ")
        if not body:
            return [indent + head]
        return [f"{indent}{head} {{", *body, f"{indent}}}"]

    def _group_refs(self, el: Element) -> str:
        env = self._environment(el.id)
        return ",".join(self.deployment_groups[(env, g)] for g in getattr(el, "deployment_groups", ()))

    @staticmethod
    def _properties(props: dict[str, str], indent: str) -> list[str]:
        """``properties { }``, and ``perspectives { name description [value] }`` for ``perspective:NAME`` ones."""
        props = {k: v for k, v in props.items() if k != DSL_IDENTIFIER}  # the identifier says it (or archkit.json.*)
        plain, perspectives = write_properties(props, {})
        for p in perspectives:  # the DSL's perspectives have no URL: that one stays a property
            if "url" in p:
                plain[f"perspective:{p['name']}:url"] = p["url"]
        out = [f"{indent}properties {{", *(f"{indent}    {q(k)} {q(v)}" for k, v in sorted(plain.items())),
               f"{indent}}}"] if plain else []
        if perspectives:
            out += [f"{indent}perspectives {{", *(f"{indent}    {q(p['name'])} {q(p.get('description', ''))}"
                                                 + (f" {q(p['value'])}" if "value" in p else "") for p in perspectives),
                    f"{indent}}}"]
        return out

    def _split_relationships(self) -> tuple[list[Relationship], list[Relationship]]:
        """``(static, deployment)``. Static relationships are written before the deployment environments,
        so that Structurizr replicates them onto the instances it creates there, in the model's order
        but for a written relationship between the ancestors of another's ends, which comes before it: so
        that none duplicates one Structurizr implied from a relationship of their children, and Structurizr
        implies the relationships archkit does (the first relationship between two elements' children
        gives the implied one its description).
        Those that join a deployment element can only follow the deployment elements they name."""
        def deployment_end(rel: Relationship) -> bool:
            return any(isinstance(self.index.get(e), _DEPLOYMENT) for e in (rel.source, rel.destination))

        rels = self.ws.model.relationships
        static = [r for r in rels if not deployment_end(r)]
        by_pair: dict[tuple[str, str], list[Relationship]] = {}
        for rel in static:
            by_pair.setdefault((rel.source, rel.destination), []).append(rel)
        ordered: dict[int, Relationship] = {}

        def emit(rel: Relationship) -> None:
            if id(rel) in ordered:
                return
            ordered[id(rel)] = rel  # first: a relationship reached again through itself is written once
            for pair in self._implied_pairs(rel):  # written ones these would imply come first
                for other in by_pair.get(pair, []):
                    emit(other)
            ordered[id(rel)] = ordered.pop(id(rel))  # after what it implies

        for rel in static:
            emit(rel)
        return list(ordered.values()), [r for r in rels if deployment_end(r)]

    def _implied_pairs(self, rel: Relationship) -> list[tuple[str, str]]:
        """The (source, destination) pairs Structurizr implies from ``rel``: of its ends' ancestors."""
        sources = [rel.source, *self.index.ancestors(rel.source)]
        destinations = [rel.destination, *self.index.ancestors(rel.destination)]
        return [(a, b) for a in sources for b in destinations if (a, b) != (rel.source, rel.destination)]

    def _relationships(self, rels: list[Relationship], indent: str) -> list[str]:
        out = []
        for rel in rels:
            if rel.source not in self.ids or rel.destination not in self.ids:
                out.append(f"{indent}# not written: {rel.source} -> {rel.destination} names an unknown element")
                continue
            tags = [*rel.tags, *(["Asynchronous"] if rel.interaction == "async" else [])]
            named = self.idents.relationships.get(rel.id or f"{rel.source}->{rel.destination}")
            ident = f"{named} = " if named else ""
            line = (f"{indent}{ident}{self.ids[rel.source]} -> {self.ids[rel.destination]} {q(rel.description)} "
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
            return dsl_filtered(view, self.ws.properties, indent)
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
        wider = False
        if isinstance(view, DynamicView):
            body += dsl_steps(view, self.ws.model.relationships, self._ref, indent + "    ")
            body += [f"include {self._entry(e)}" for e in view.include if e != "*"]
        else:
            included, wider = (deployment_includes(view, {n.id: n for n, _p in self.ws.model.walk_deployment()})
                               if isinstance(view, DeploymentView) else (view.include, False))
            body += [f"include {self._entry(e)}" for e in included]
        body += self._properties(view_extras(view, self.ws.properties, wider), indent + "    ")
        body += [line for e in view.exclude for line in f"exclude {self._entry(e, exclude=True)}".split("\n")]
        if view.animation and not isinstance(view, DynamicView):  # Structurizr animates static and deployment views
            steps = [" ".join(self.ids.get(e, q(e)) for e in step) for step in view.animation if step]
            body += ["animation {", *(f"    {step}" for step in steps), "}"]
        # Structurizr's unit; archkit's own spacing (None) is 300, as in the JSON: the DSL's default is 100 50
        body.append(f"autoLayout {view.direction.lower()} {_or(view.rank_separation, 300)} "
                    f"{_or(view.node_separation, 300)}")
        inner = indent + "    "
        head = head.removesuffix(' ""')  # no description: none written, so none is read back
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
