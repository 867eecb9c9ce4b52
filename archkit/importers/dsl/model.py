"""The ``model { ... }`` part of a DSL workspace: elements, groups, deployment, relationships."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from archkit.importers.dsl.archetypes import apply, archetypes_block
from archkit.importers.dsl.context import Scope, State
from archkit.importers.dsl.docs import adrs, docs
from archkit.importers.dsl.health import health_check
from archkit.importers.dsl.implied import implied
from archkit.importers.dsl.replaced import ARROW, no_relationship
from archkit.importers.dsl.source import Node
from archkit.importers.dsl.workspace import BuildError, Element

# keyword -> (kind, positional fields after the name)
_ELEMENTS: dict[str, tuple[str, tuple[str, ...]]] = {
    "person": ("Person", ("description", "tags")),
    "softwaresystem": ("Software System", ("description", "tags")),
    "container": ("Container", ("description", "technology", "tags")),
    "component": ("Component", ("description", "technology", "tags")),
    "element": ("Custom", ("metadata", "description", "tags")),
    "deploymentnode": ("Deployment Node", ("description", "technology", "tags", "instances")),
    "infrastructurenode": ("Infrastructure Node", ("description", "technology", "tags")),
}
# what may be created directly inside each kind of element (None: the model or a group in it)
_ALLOWED: dict[str | None, tuple[str, ...]] = {
    None: ("person", "softwaresystem", "element", "group", "deploymentenvironment", "enterprise"),
    "Software System": ("container", "group"),
    "Container": ("component", "group"),
    "Deployment Environment": ("deploymentnode", "deploymentgroup", "group"),
    "Deployment Node": ("deploymentnode", "infrastructurenode", "softwaresysteminstance", "containerinstance",
                        "instanceof", "deploymentgroup", "group"),
}
_FIELDS = {"description": "description", "technology": "technology", "url": "url", "metadata": "metadata"}


def model_block(state: State, nodes: list[Node]) -> None:
    scope = Scope()
    for node in nodes:
        statement(state, node, scope, None)


def statement(state: State, node: Node, scope: Scope, container_kind: str | None) -> None:
    """One statement inside the model, a group, an element or a deployment environment."""
    words = state.words(node.statement)
    if node.children is not None:
        words = words[:-1]
    if not words:  # a lone '{' is only meaningful in a dynamic view
        state.unexpected(node, "a statement before '{'")
    identifier = None
    if len(words) >= 3 and words[1] == "=":
        identifier, words = words[0], words[2:]
    head = state.keyword(words)
    state.archetype = state.archetypes.get(head)
    if state.archetype is not None:  # an element of an archetype: its base kind, with its defaults
        head = state.archetype.base
        words = [head, *words[1:]]
    if ARROW in words:
        in_environment = scope.element is not None and scope.element.kind == "Deployment Environment"
        no_relationship(state, node, words, scope, _environment(scope) if in_environment else "")
        return
    if "->" in words:
        relationship(state, node, words, identifier, scope)
        return
    handler = _HANDLERS.get(head)
    allowed = _ALLOWED.get(container_kind, ())
    if head in _ELEMENTS or head in ("softwaresysteminstance", "containerinstance", "instanceof",
                                     "deploymentenvironment", "group", "deploymentgroup", "enterprise"):
        element_group = head == "group" and node.children is None and scope.element is not None \
            and scope.element.kind not in _ALLOWED
        if head not in allowed and not element_group:
            where = f"inside a {container_kind.lower()}" if container_kind else "in the model"
            state.fail(f"unexpected token '{words[0]}': a {head} cannot be defined {where}",
                       f"expected one of: {', '.join(allowed)}")
    if handler is None:
        if scope.element is not None and not scope.in_group and body_statement(state, node, words,
                                                                               scope.element.data):
            return
        state.unexpected(node, f"an element, a relationship or a property ({', '.join(allowed) or 'none'})")
    handler(state, node, words, identifier, scope, container_kind)


def _element(state: State, node: Node, words: list[str], identifier: str | None, scope: Scope,
             container_kind: str | None) -> None:
    kind, positional = _ELEMENTS[words[0].lower()]
    if len(words) < 2:
        state.fail(f"expected '{words[0]} <name> ...'", "give the element a name")
    if len(words) > 2 + len(positional):
        state.fail(f"too many tokens: expected '{words[0]} <name> {' '.join(f'[{p}]' for p in positional)}'",
                   "quote names with spaces")
    values = dict(zip(positional, words[2:], strict=False))
    fields: dict[str, Any] = {k: v for k, v in values.items() if k in _FIELDS}
    if kind == "Deployment Node":
        fields["instances"] = values.get("instances") or "1"
    if scope.group:
        fields["group"] = scope.group
    if kind in ("Person", "Software System") and scope.enterprise:
        fields["location"] = "Internal"
    parent = scope.element if scope.element is not None and scope.element.kind != "Deployment Environment" else None
    try:
        element = state.ws.add_element(kind, words[1], parent, environment=_environment(scope), **fields)
    except BuildError as exc:
        state.built(exc)
    state.locate("element", element.data)
    archetype, state.archetype = state.archetype, None
    if archetype is not None:
        apply(state, archetype, element.data)
    if values.get("tags"):
        state.ws.add_tags(element.data, values["tags"])
    _enter(state, node, element, identifier, scope)


def _environment(scope: Scope) -> str:
    element = scope.element
    if element is None:
        return ""
    return element.name if element.kind == "Deployment Environment" else element.environment


def _enter(state: State, node: Node, element: Element, identifier: str | None, scope: Scope) -> None:
    full = state.register(identifier, element, scope)
    if node.children is None:
        return
    inner = Scope(element=element, prefix=full)
    for child in node.children:
        statement(state, child, inner, element.kind)


def _instance(state: State, node: Node, words: list[str], identifier: str | None, scope: Scope,
              container_kind: str | None) -> None:
    if not 2 <= len(words) <= 4:
        state.fail(f"expected '{words[0]} <identifier> [deploymentGroups] [tags]'", "name what is deployed")
    head = words[0].lower()
    kinds = {"containerinstance": ("Container",), "softwaresysteminstance": ("Software System",)}.get(
        head, ("Container", "Software System"))
    target = state.element(words[1], scope, kinds=kinds)
    wanted = target.kind if head == "instanceof" and target.kind in kinds else kinds[0]
    kind = f"{wanted} Instance"
    if target.kind != wanted:
        state.fail(f"'{words[1]}' is a {target.kind.lower()}, not a {wanted.lower()}", f"name a {wanted.lower()}")
    groups, tags = _groups_or_tags(state, words, scope)
    assert scope.element is not None
    try:
        instance = state.ws.add_instance(kind, target, scope.element, groups)
    except BuildError as exc:
        state.built(exc)
    state.locate("element", instance.data)
    if tags:
        state.ws.add_tags(instance.data, tags)
    _enter(state, node, instance, identifier, scope)


def _groups_or_tags(state: State, words: list[str], scope: Scope) -> tuple[list[str], str]:
    """``[deploymentGroups] [tags]``; in the older form (``containerInstance db "Failover"``, as Big Bank writes
    it) the one argument is the tags: taken so when it names no deployment group."""
    if len(words) == 3 and not state.deployment_groups:
        return [], words[2]
    groups = [state.find_group(g.strip(), scope) for g in words[2].split(",") if g.strip()] if len(words) > 2 else []
    return groups, words[3] if len(words) > 3 else ""


def _environment_block(state: State, node: Node, words: list[str], identifier: str | None, scope: Scope,
                       container_kind: str | None) -> None:
    if len(words) != 2:
        state.fail("expected 'deploymentEnvironment <name> {'", "give the environment one name")
    env = Element(f"env:{words[1]}", "Deployment Environment", {"name": words[1]}, environment=words[1])
    full = state.register(None, env, scope) if identifier is None else _register_env(state, identifier, env, scope)
    inner = Scope(element=env, prefix=full)
    for child in node.children or []:
        statement(state, child, inner, "Deployment Environment")


def _register_env(state: State, identifier: str, env: Element, scope: Scope) -> str:
    full = state.register(identifier, env, scope)
    env.data.pop("properties", None)
    return full


def _deployment_group(state: State, node: Node, words: list[str], identifier: str | None, scope: Scope,
                      container_kind: str | None) -> None:
    if len(words) != 2:
        state.fail("expected 'deploymentGroup <name>'", "give one name")
    assert scope.element is not None
    if scope.element.kind == "Deployment Node":  # the node and what it holds join the named group
        name = state.find_group(words[1], scope)
        scope.element.groups.append(name)
        scope.element.data["deploymentGroups"] = list(scope.element.groups)
        return
    state.register_group(identifier or f"~group~{words[1]}", words[1], scope)


def _group(state: State, node: Node, words: list[str], identifier: str | None, scope: Scope,
           container_kind: str | None) -> None:
    if len(words) != 2:
        state.fail("expected 'group <name> {'", "give the group one name")
    separator = str((state.ws.model.get("properties") or {}).get("structurizr.groupSeparator") or "")
    if scope.group and not separator:
        state.fail("nested groups need the model property 'structurizr.groupSeparator'",
                   "add 'properties { structurizr.groupSeparator / }' to the model")
    name = f"{scope.group}{separator}{words[1]}" if scope.group else words[1]
    if node.children is None and scope.element is not None and scope.element.kind not in _ALLOWED \
            and not scope.in_group:
        # 'group "X"' inside an element without a block: the element joins the group X (nested in its own)
        current = str(scope.element.data.get("group") or "")
        scope.element.data["group"] = f"{current}{separator}{words[1]}" if current and separator else words[1]
        return
    inner = Scope(element=scope.element, group=name, enterprise=scope.enterprise, prefix=scope.prefix,
                  in_group=True)
    before = set(state.ws.elements)
    for child in node.children or []:
        statement(state, child, inner, container_kind)
    if identifier is not None:  # 'include <group>' in a view includes its elements
        members = [e for i, e in state.ws.elements.items() if i not in before
                   and str(e.data.get("group", "")).startswith(name)]
        key = (f"{scope.prefix}.{identifier}" if state.hierarchical and scope.prefix else identifier).lower()
        if key in state.ids or key in state.groups:
            state.fail(f"the identifier '{identifier}' is already in use", "give the group another identifier")
        state.groups[key] = members


def _enterprise(state: State, node: Node, words: list[str], identifier: str | None, scope: Scope,
                container_kind: str | None) -> None:
    if len(words) > 1:
        state.ws.model["enterprise"] = {"name": words[1]}
    inner = Scope(element=scope.element, group=scope.group, enterprise=True, prefix=scope.prefix)
    for child in node.children or []:
        statement(state, child, inner, container_kind)


def _find(state: State, node: Node, words: list[str], identifier: str | None, scope: Scope,
          container_kind: str | None) -> None:
    if len(words) != 2:
        state.fail(f"expected '{words[0]} <identifier> {{'", "name one element")
    if words[0].lower() == "!relationship":
        rel = state.relationship(words[1])
        for child in node.children or []:
            child_words = state.words(child.statement)
            if not body_statement(state, child, child_words, rel):
                state.unexpected(child, "a relationship property (description, technology, tags, url, properties)")
        return
    element = state.element(words[1], scope)
    if identifier is not None:
        state.register(identifier, element, scope)
    inner = Scope(element=element, prefix=str((element.data.get("properties") or {}).get(
        "structurizr.dsl.identifier") or words[1]))
    for child in node.children or []:
        statement(state, child, inner, element.kind)


def _bulk(state: State, node: Node, words: list[str], identifier: str | None, scope: Scope,
          container_kind: str | None) -> None:
    """``!elements <expression> { ... }`` / ``!relationships <expression> { ... }``: the same properties for each."""
    from archkit.importers.dsl.expressions import select

    if len(words) != 2 or node.children is None:
        state.fail(f"expected '{words[0]} <expression> {{'", "quote the expression")
    selection = select(state, words[1], scope)
    every = list(state.ws.elements.values()) if selection.everything else selection.elements
    targets = [e.data for e in every] if words[0].lower() == "!elements" else (
        list(state.ws.relationships.values()) if selection.everything else selection.relationships)
    for child in node.children:
        child_words = state.words(child.statement)
        for target in targets:
            if not body_statement(state, child, child_words, target):
                state.unexpected(child, "a property (tags, description, technology, url, properties, perspectives)")


def _constant(state: State, node: Node, words: list[str], identifier: str | None, scope: Scope,
              container_kind: str | None) -> None:
    state.define_constant(words)


def _implied(state: State, node: Node, words: list[str], identifier: str | None, scope: Scope,
             container_kind: str | None) -> None:
    implied(state, words)


def _identifiers(state: State, node: Node, words: list[str], identifier: str | None, scope: Scope,
                 container_kind: str | None) -> None:
    if len(words) != 2 or words[1].lower() not in ("flat", "hierarchical"):
        state.fail("expected '!identifiers flat|hierarchical'", "give flat or hierarchical")
    state.hierarchical = words[1].lower() == "hierarchical"


def relationship(state: State, node: Node, words: list[str], identifier: str | None, scope: Scope) -> None:
    """``[id =] [source] -> destination [description] [technology] [tags] [{``."""
    arrow = words.index("->")
    if arrow > 1:
        state.fail(f"unexpected token '{words[1]}' before '->'", "write 'source -> destination'")
    source = state.element(words[0], scope) if arrow == 1 else scope.element
    if source is None:
        state.fail("a relationship without a source outside an element", "write 'source -> destination'")
    rest = words[arrow + 1:]
    if not rest:
        state.fail("a relationship without a destination", "write 'source -> destination'")
    if len(rest) > 4:
        state.fail("too many tokens: expected '-> <destination> [description] [technology] [tags]'",
                   "quote text with spaces")
    destination = state.element(rest[0], scope)
    description, technology, tags = ([*rest[1:], "", "", ""])[:3]
    try:
        rel = state.ws.add_relationship(source, destination, description, technology, tags)
    except BuildError as exc:
        state.built(exc)
    state.locate("relationship", rel)
    if identifier is not None:
        state.register_relationship(identifier, rel)
    for child in node.children or []:
        child_words = state.words(child.statement)
        if not body_statement(state, child, child_words, rel):
            state.unexpected(child, "a relationship property (description, technology, tags, url, properties)")


def body_statement(state: State, node: Node, words: list[str], target: dict[str, Any]) -> bool:
    """``description``, ``technology``, ``tags``, ``url``, ``properties {}``, ``perspectives {}``, ... of an
    element or relationship; False when the statement is none of them."""
    head = state.keyword(words)
    if head in ("description", "technology", "url", "metadata", "instances", "name") and node.children is None:
        if len(words) != 2:
            state.fail(f"expected '{words[0]} <value>'", "give one value (quote text with spaces)")
        target[head] = words[1]
    elif head in ("tags", "tag") and node.children is None:
        for tag in words[1:]:
            state.ws.add_tags(target, tag)
    elif head == "properties" and node.children is not None:
        target.setdefault("properties", {}).update(pairs(state, node))
    elif head == "perspectives" and node.children is not None:
        target["perspectives"] = [_perspective(state, child) for child in node.children]
    elif head == "!docs" and "documentation" in target:
        target["documentation"].update(docs(state, words))
    elif head in ("!adrs", "!decisions") and "documentation" in target:
        target["documentation"].update(adrs(state, words))
    elif head == "healthcheck" and node.children is None:
        target.setdefault("healthChecks", []).append(health_check(state, words))
    else:
        return False
    return True


def _perspective(state: State, node: Node) -> dict[str, str]:
    words = state.words(node.statement)
    if not 2 <= len(words) <= 3:
        state.unexpected(node, "'<name> <description> [value]'")
    out = {"name": words[0], "description": words[1]}
    if len(words) == 3:
        out["value"] = words[2]
    return out


def pairs(state: State, node: Node) -> dict[str, str]:
    """The ``name value`` lines of a ``properties { ... }`` block."""
    out: dict[str, str] = {}
    for child in node.children or []:
        words = state.words(child.statement)
        if len(words) != 2 or child.children is not None:
            state.unexpected(child, "'<name> <value>' (quote text with spaces)")
        out[words[0]] = words[1]
    return out


def _model_properties(state: State, node: Node, words: list[str], identifier: str | None, scope: Scope,
                      container_kind: str | None) -> None:
    if scope.element is not None:
        if not body_statement(state, node, words, scope.element.data):
            state.unexpected(node, "properties { ... }")
        return
    if node.children is None:
        state.unexpected(node, "properties { ... }")
    state.ws.model.setdefault("properties", {}).update(pairs(state, node))


_Handler = Callable[[State, Node, list[str], "str | None", Scope, "str | None"], None]
_HANDLERS: dict[str, _Handler] = {
    **{k: _element for k in _ELEMENTS},
    "softwaresysteminstance": _instance, "containerinstance": _instance, "instanceof": _instance,
    "!elements": _bulk, "!relationships": _bulk,
    "deploymentenvironment": _environment_block, "deploymentgroup": _deployment_group,
    "group": _group, "enterprise": _enterprise,
    "!element": _find, "!extend": _find, "!ref": _find, "!relationship": _find,
    "!const": _constant, "!constant": _constant, "!var": _constant,
    "!impliedrelationships": _implied, "properties": _model_properties, "!identifiers": _identifiers,
    "archetypes": lambda state, node, *_: archetypes_block(state, node, body_statement),
}
