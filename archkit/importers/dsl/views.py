"""The ``views { ... }`` part of a DSL workspace: every view type, their contents, keys, names and order."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from archkit.importers.dsl.configuration import image_view, views_configuration
from archkit.importers.dsl.contents import NotPermitted, ViewContents
from archkit.importers.dsl.context import Scope, State
from archkit.importers.dsl.expressions import select
from archkit.importers.dsl.model import pairs
from archkit.importers.dsl.source import Node
from archkit.importers.dsl.workspace import Element

_TYPES = {  # keyword -> (view type, JSON collection, key prefix, needs a scope)
    "systemlandscape": ("systemLandscape", "systemLandscapeViews", "SystemLandscape"),
    "systemcontext": ("systemContext", "systemContextViews", "SystemContext"),
    "container": ("container", "containerViews", "Container"),
    "component": ("component", "componentViews", "Component"),
    "dynamic": ("dynamic", "dynamicViews", "Dynamic"),
    "deployment": ("deployment", "deploymentViews", "Deployment"),
    "custom": ("custom", "customViews", "Custom"),
}
_SCOPE = {"systemContext": "Software System", "container": "Software System", "component": "Container"}
_DIRECTIONS = {"tb": "TopBottom", "bt": "BottomTop", "lr": "LeftRight", "rl": "RightLeft"}


def views_block(state: State, nodes: list[Node]) -> None:
    views = state.ws.data["views"]
    for node in nodes:
        words = state.words(node.statement)
        if node.children is not None:
            words = words[:-1]
        head = state.keyword(words)
        if head in _TYPES:
            _view(state, node, words)
        elif head == "filtered":
            _filtered(state, node, words)
        elif head == "image":
            image_view(state, node, words, _next_order(state), _key(state, words, 2, "Image"))
        elif head in ("!const", "!constant", "!var"):
            state.define_constant(words)
        elif head == "properties" and node.children is not None:
            views["configuration"].setdefault("properties", {}).update(pairs(state, node))
        elif not views_configuration(state, node, words):
            state.unexpected(node, "a view (systemLandscape, systemContext, container, component, dynamic, "
                             "deployment, filtered, custom, image), styles, theme, themes, branding or terminology")


def _next_order(state: State) -> int:
    views = state.ws.data["views"]
    return 1 + sum(len(v) for k, v in views.items() if k != "configuration")


def _all_keys(state: State) -> set[str]:
    views = state.ws.data["views"]
    return {str(v.get("key")) for k, lst in views.items() if k != "configuration" for v in lst}


def _key(state: State, words: list[str], index: int, prefix: str) -> tuple[str, bool]:
    """The view's key (given, or Structurizr's ``Prefix-001``) and whether it was generated."""
    taken = _all_keys(state)
    if len(words) > index and words[index]:
        if words[index] in taken:
            state.fail(f"a view with the key '{words[index]}' already exists", "give every view its own key")
        return words[index], False
    n = 1
    while f"{prefix}-{n:03d}" in taken:
        n += 1
    return f"{prefix}-{n:03d}", True


def _scope(state: State, kind: str, word: str) -> Element | None:
    if word == "*" and kind in ("dynamic", "deployment"):
        return None
    element = state.element(word, Scope(), "software system or container")
    wanted = _SCOPE.get(kind)
    if wanted and element.kind != wanted:
        state.fail(f"'{word}' is a {element.kind.lower()}: a {kind} view is about a {wanted.lower()}",
                   f"name a {wanted.lower()}")
    if kind == "deployment" and element.kind != "Software System":
        state.fail(f"'{word}' is not a software system", "name a software system or '*'")
    if kind == "dynamic" and element.kind not in ("Software System", "Container"):
        state.fail(f"'{word}' is not a software system or container", "name one, or '*'")
    return element


def _view(state: State, node: Node, words: list[str]) -> None:
    kind, collection, prefix = _TYPES[words[0].lower()]
    n_scope = 0 if kind in ("systemLandscape", "custom") else (2 if kind == "deployment" else 1)
    if len(words) < 1 + n_scope:
        state.fail(f"expected '{words[0]} {'<scope> ' * n_scope}[key] [description] {{'", "name the view's scope")
    scope = _scope(state, kind, words[1]) if n_scope else None
    environment = _environment(state, words[2]) if kind == "deployment" else ""
    key, generated = _key(state, words, 1 + n_scope, prefix)
    rest = words[2 + n_scope:]
    data: dict[str, Any] = {"key": key, "order": _next_order(state), "name": _name(kind, scope, environment)}
    state.locate("view", data)
    if kind == "custom" and rest:
        data["title"], rest = rest[0], rest[1:]
    if rest:
        data["description"] = rest[0]
    if len(rest) > 1:
        state.fail("too many tokens in the view's definition", "quote descriptions with spaces")
    if generated:
        data["generatedKey"] = True
    _scope_fields(kind, data, scope, environment)
    contents = ViewContents(kind, state.ws, scope, environment)
    state.ws.data["views"].setdefault(collection, []).append(data)
    _body(state, node, data, contents)
    _finish(data, contents)


def _environment(state: State, word: str) -> str:
    env = state.ids.get(word.lower())
    if env is not None and env.kind == "Deployment Environment":
        return env.name
    names = {e.environment for e in state.ws.elements.values() if e.environment}
    if word not in names:
        state.fail(f"the deployment environment '{word}' does not exist", "name an environment of the model")
    return word


def _name(kind: str, scope: Element | None, environment: str) -> str:
    label = {"systemLandscape": "System Landscape View", "systemContext": "System Context View",
             "container": "Container View", "component": "Component View", "dynamic": "Dynamic View",
             "deployment": "Deployment View", "custom": "Custom View"}[kind]
    parts = []
    if scope is not None:
        inside = scope.kind == "Container" and scope.parent is not None
        parts.append(f"{scope.parent.name} - {scope.name}" if inside and scope.parent else scope.name)
    if environment:
        parts.append(environment)
    return f"{label}: {' - '.join(parts)}" if parts else label


def _scope_fields(kind: str, data: dict[str, Any], scope: Element | None, environment: str) -> None:
    if kind in ("systemLandscape", "systemContext"):
        data["enterpriseBoundaryVisible"] = True
    if kind in ("systemContext", "container") and scope is not None:
        data["softwareSystemId"] = scope.id
    if kind == "container":
        data["externalSoftwareSystemBoundariesVisible"] = False
    if kind == "component" and scope is not None:
        data["containerId"] = scope.id
        data["externalContainerBoundariesVisible"] = False
    if kind == "dynamic":
        data["externalBoundariesVisible"] = False
        if scope is not None:
            data["elementId"] = scope.id
    if kind == "deployment":
        data["environment"] = environment
        if scope is not None:
            data["softwareSystemId"] = scope.id


def _body(state: State, node: Node, data: dict[str, Any], contents: ViewContents) -> None:
    steps = _Steps()
    for child in node.children or []:
        words = state.words(child.statement)
        if child.children is not None:
            words = words[:-1]
        head = words[0].lower() if words else "{"
        handler = _VIEW_STATEMENTS.get(head)
        if handler is not None:
            handler(state, child, words, data, contents)
        elif contents.kind == "dynamic" and (head == "{" or len(words) >= 1):
            steps.statement(state, child, words, data, contents)
        else:
            state.unexpected(child, "include, exclude, autoLayout, animation, title, description, properties "
                             "or default")


def _include(state: State, node: Node, words: list[str], data: dict[str, Any], contents: ViewContents) -> None:
    if contents.kind == "dynamic" and words[0].lower() == "include":
        state.fail("a dynamic view lists its steps ('a -> b'), not include", "write the interactions as steps")
    exclude = words[0].lower() == "exclude"
    if len(words) < 2:
        state.fail(f"expected '{words[0]} <identifier|expression> ...'", "say what to include or exclude")
    for expr in words[1:]:
        selection = select(state, expr, Scope())
        if selection.everything:
            if exclude:
                for e in list(contents.elements):
                    contents.remove(e)
            else:
                contents.add_defaults()
            continue
        for e in selection.elements:
            if exclude:
                for each in contents.instances_of(e):
                    contents.remove(each)
                continue
            try:
                if selection.named or contents.instances_of(e) != [e]:
                    contents.add_named(e)
                else:
                    contents.add(e, quiet=True)
            except NotPermitted as exc:
                state.fail(f"'{expr}' cannot be included: {exc}", "remove it from the view")
        for rel in selection.relationships:
            for linked in _with_replicas(state, rel, contents):
                if exclude:
                    contents.remove_relationship(linked["id"])
                else:
                    contents.add_relationship(linked)


def _with_replicas(state: State, rel: dict[str, Any], contents: ViewContents) -> list[dict[str, Any]]:
    """On a deployment view, a relationship between containers or software systems stands for itself and the
    relationships Structurizr replicated from it between their instances (its ``include``/``exclude``)."""
    if contents.kind != "deployment":
        return [rel]
    return [rel, *(r for r in state.ws.relationships.values() if r.get("linkedRelationshipId") == rel["id"])]


def _autolayout(state: State, node: Node, words: list[str], data: dict[str, Any], contents: ViewContents) -> None:
    if len(words) > 6:
        state.fail("too many tokens", "expected 'autoLayout [tb|bt|lr|rl] [rankSeparation] [nodeSeparation] "
                   "[edgeSeparation] [vertices]'")
    layout: dict[str, Any] = {"rankDirection": "LeftRight", "rankSeparation": 100, "nodeSeparation": 50,
                              "edgeSeparation": 50, "vertices": True}
    if len(words) > 1:
        if words[1].lower() not in _DIRECTIONS:
            state.fail(f"'{words[1]}' is not a rank direction", "use tb, bt, lr or rl")
        layout["rankDirection"] = _DIRECTIONS[words[1].lower()]
    for index, key in ((2, "rankSeparation"), (3, "nodeSeparation"), (4, "edgeSeparation")):
        if len(words) > index:
            if not words[index].isdigit():
                state.fail(f"{key} '{words[index]}' is not a whole number of pixels", "give a number")
            layout[key] = int(words[index])
    if len(words) > 5:
        if words[5].lower() not in ("true", "false"):
            state.fail(f"vertices '{words[5]}' is not true or false", "give true or false")
        layout["vertices"] = words[5].lower() == "true"
    data["automaticLayout"] = layout


def _text(state: State, node: Node, words: list[str], data: dict[str, Any], contents: ViewContents) -> None:
    if len(words) != 2:
        state.fail(f"expected '{words[0]} <text>'", "quote text with spaces")
    data[words[0].lower()] = words[1]


def _properties(state: State, node: Node, words: list[str], data: dict[str, Any], contents: ViewContents) -> None:
    data.setdefault("properties", {}).update(pairs(state, node))


def _default(state: State, node: Node, words: list[str], data: dict[str, Any], contents: ViewContents) -> None:
    state.ws.data["views"]["configuration"]["defaultView"] = data["key"]


def _animation(state: State, node: Node, words: list[str], data: dict[str, Any], contents: ViewContents) -> None:
    if node.children is None:  # animationStep a b c
        _animation_step(state, words[1:], data, contents)
        return
    for child in node.children:
        _animation_step(state, state.words(child.statement), data, contents)


def _animation_step(state: State, words: list[str], data: dict[str, Any], contents: ViewContents) -> None:
    steps = data.setdefault("animations", [])
    seen = {e for step in steps for e in step["elements"]}
    seen_rels = {r for step in steps for r in step.get("relationships", [])}
    elements: list[str] = []
    for word in words:
        e = state.element(word, Scope())
        if e not in contents.elements or e.id in seen:
            continue
        for x in [e, *(e.ancestors() if contents.kind == "deployment" else [])]:
            if x.id not in seen and x in contents.elements:
                seen.add(x.id)
                elements.append(x.id)
    if not elements:
        return
    rels = [r for r in contents.relationships if r not in seen_rels
            and state.ws.relationships[r]["sourceId"] in seen and state.ws.relationships[r]["destinationId"] in seen]
    step: dict[str, Any] = {"order": len(steps) + 1, "elements": elements}
    if rels:
        step["relationships"] = rels
    steps.append(step)


class _Steps:
    """The numbered steps of a dynamic view; ``{ ... }`` blocks are parallel sequences."""

    def __init__(self) -> None:
        self.counter = 0
        self.highest = 0

    def statement(self, state: State, node: Node, words: list[str], data: dict[str, Any],
                  contents: ViewContents) -> None:
        if not words:  # '{' alone: a parallel sequence starting from the current number
            start, before = self.counter, self.highest
            self.highest = start
            nested = any(not state.words(c.statement)[:-1] for c in node.children or [] if c.children is not None)
            for child in node.children or []:
                child_words = state.words(child.statement)
                self.statement(state, child, child_words[:-1] if child.children is not None else child_words,
                               data, contents)
            # a block of parallel blocks goes on after the longest of them; a block alone starts the next again
            self.counter = self.highest if nested else start
            self.highest = max(before, self.highest)
            return
        order = None
        if len(words) > 1 and words[0].endswith(":") and len(words[0]) > 1:  # '[order:] a -> b' (explicit order)
            order, words = words[0][:-1], words[1:]
            if order.isdigit():  # the steps after it go on from there
                self.counter = int(order) - 1
        if "->" not in words and len(words) <= 2 and words[0].lower() in state.rel_ids:
            rel = state.relationship(words[0])
            ends = [state.ws.elements[str(rel["sourceId"])], state.ws.elements[str(rel["destinationId"])]]
            words = [words[0], "->", "", *words[1:]]
            response, description, technology = False, (words[3] if len(words) > 3 else ""), ""
        else:
            if "->" not in words:
                state.unexpected(node, "a step '[order:] source -> destination [description] [technology]'")
            arrow = words.index("->")
            if arrow != 1 or len(words) < 3 or len(words) > 5:
                state.fail("expected '[order:] source -> destination [description] [technology]'", "write one step")
            ends = [state.element(words[0], Scope()), state.element(words[2], Scope())]
            description = words[3] if len(words) > 3 else ""
            technology = words[4] if len(words) > 4 else ""
            rel, response = _step_relationship(state, ends[0], ends[1], description, technology)
        source, destination = ends
        for e in (source, destination):
            try:
                contents.add(e)
            except NotPermitted as exc:
                state.fail(f"'{e.name}' cannot be part of this dynamic view: {exc}", "remove the step")
        if order is None or order.isdigit():  # '1.1:' and other orders of the author's own number nothing after
            self.counter += 1
            self.highest = max(self.highest, self.counter)
        view_rel: dict[str, Any] = {"id": rel["id"], "order": order or str(self.counter), "response": response}
        if description and description != rel.get("description", ""):
            view_rel["description"] = description
        if technology:
            view_rel["technology"] = technology
        for child in node.children or []:  # url and properties of this step
            child_words = state.words(child.statement)
            if child_words[0].lower() == "url" and len(child_words) == 2:
                view_rel["url"] = child_words[1]
            elif child_words[0].lower() == "properties" and child.children is not None:
                view_rel.setdefault("properties", {}).update(pairs(state, child))
            else:
                state.unexpected(child, "url or properties")
        data.setdefault("relationships", []).append(view_rel)


def _step_relationship(state: State, source: Element, destination: Element, description: str,
                       technology: str) -> tuple[dict[str, Any], bool]:
    rels = state.ws.relationships.values()
    for a, b, response in ((source, destination, False), (destination, source, True)):
        between = [r for r in rels if r["sourceId"] == a.id and r["destinationId"] == b.id]
        exact = [r for r in between if r.get("description", "") == description]
        if exact or between:
            return (exact or between)[0], response
    state.fail(f"a relationship between '{source.name}' and '{destination.name}' does not exist in the model",
               "add it to the model first")


def _filtered(state: State, node: Node, words: list[str]) -> None:
    if not 4 <= len(words) <= 6 or words[2].lower() not in ("include", "exclude"):
        state.fail("expected 'filtered <baseKey> <include|exclude> <tags> [key] [description]'", "fix the statement")
    base = next((v for k, lst in state.ws.data["views"].items() if k != "configuration" for v in lst
                 if v.get("key") == words[1]), None)
    if base is None:
        state.fail(f"the view '{words[1]}' does not exist", "define the base view first")
    key, generated = _key(state, words, 4, "Filtered")
    data: dict[str, Any] = {"key": key, "order": _next_order(state), "baseViewKey": words[1],
                            "mode": words[2].capitalize(), "name": f"Filtered: {base.get('name', '')}",
                            "tags": [t.strip() for t in words[3].split(",") if t.strip()]}
    if generated:
        data["generatedKey"] = True
    if len(words) > 5:
        data["description"] = words[5]
    state.ws.data["views"].setdefault("filteredViews", []).append(data)
    state.locate("view", data)
    for child in node.children or []:
        child_words = state.words(child.statement)
        if child_words[-1] == "{" and child.children is not None:
            child_words = child_words[:-1]
        handler = _VIEW_STATEMENTS.get(child_words[0].lower())
        if handler not in (_text, _properties, _default) or handler is None:
            state.unexpected(child, "title, description, properties or default")
        handler(state, child, child_words, data, ViewContents("filtered", state.ws))


def _finish(data: dict[str, Any], contents: ViewContents) -> None:
    if contents.elements:
        data["elements"] = [{"id": e.id, "x": 0, "y": 0} for e in sorted(contents.elements, key=lambda e: int(e.id))]
    if contents.kind != "dynamic" and contents.relationships:
        data["relationships"] = [{"id": r} for r in sorted(contents.relationships, key=int)]


_ViewStatement = Callable[[State, Node, list[str], dict[str, Any], ViewContents], None]
_VIEW_STATEMENTS: dict[str, _ViewStatement] = {
    "include": _include, "exclude": _include, "autolayout": _autolayout, "title": _text, "description": _text,
    "properties": _properties, "default": _default, "animation": _animation, "animationstep": _animation,
}
