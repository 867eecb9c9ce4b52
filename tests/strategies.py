"""Hypothesis strategies: random *valid* workspaces built through the public authoring API."""

from __future__ import annotations

import datetime as dt

from hypothesis import strategies as st

from archkit import Component, Container, Element, Workspace
from archkit.model.views import ViewBase

# Printable text, including unicode, quotes, braces and markup-like characters.
_ALPHABET = st.characters(blacklist_categories=("Cs", "Cc"))
names = st.text(_ALPHABET, min_size=1, max_size=24).filter(lambda s: s.strip() != "")
texts = st.text(_ALPHABET, max_size=60)
hostile = st.sampled_from([
    '"]; x [shape=none label=<b>]; //', "<script>alert(1)</script>", "{{ 7*7 }}", "{% include 'x' %}",
    "a | b", "line\nbreak", "back\\slash", "{braces}", "&amp; &", "עברית", "e\u0301", "",
])
text_values = st.one_of(texts, hostile)
tags = st.lists(st.sampled_from(["Database", "Queue", "External", "Web", "Adapter", "Port"]),
                max_size=2, unique=True)
technologies = st.sampled_from(["", "PostgreSQL", "Apache Kafka", "Python", "HTTPS", "Amazon SQS", "gRPC"])


@st.composite
def workspaces(draw: st.DrawFn, max_systems: int = 3) -> Workspace:
    """A random valid workspace: every reference resolves, ids are unique, views are well scoped."""
    ws = Workspace(name=draw(names), description=draw(text_values))
    m = ws.model
    people = [
        m.person(f"{draw(names)} {i}p", draw(text_values), id=f"person{i}",  # never a system's name
                 location=draw(st.sampled_from(["internal", "external"])), tags=draw(tags))
        for i in range(draw(st.integers(0, 2)))
    ]
    systems, containers, components = [], [], []
    for i in range(draw(st.integers(1, max_systems))):
        s = m.software_system(f"{draw(names)} {i}", draw(text_values), id=f"sys{i}",
                              location=draw(st.sampled_from(["internal", "external"])), tags=draw(tags))
        systems.append(s)
        for j in range(draw(st.integers(0, 3))):
            c = s.container(f"{draw(names)} {j}", draw(text_values), draw(technologies), tags=draw(tags))
            containers.append(c)
            for k in range(draw(st.integers(0, 2))):
                components.append(c.component(f"{draw(names)} {k}", draw(text_values), draw(technologies)))
    custom = [m.element(f"{draw(names)} {i}c", draw(text_values), draw(text_values), id=f"custom{i}", tags=draw(tags))
              for i in range(draw(st.integers(0, 2)))]  # Structurizr's `element`
    elements: list[Element] = [*people, *systems, *containers, *components, *custom]
    _relationships(draw, ws, elements)
    _deployment(draw, ws, containers)
    _views(draw, ws)
    _arc42(draw, ws, elements)
    _rules(draw, ws, [*containers, *components])
    if draw(st.booleans()):
        ws.styles.element("Database", shape="cylinder", background="#438dd5")
        ws.styles.relationship("Asynchronous", style="dashed")
    return ws


def _related(ws: Workspace, a: Element, b: Element) -> bool:
    idx = ws.model.index()
    return a.id == b.id or b.id in idx.ancestors(a.id) or a.id in idx.ancestors(b.id)


def _relationships(draw: st.DrawFn, ws: Workspace, elements: list[Element]) -> None:
    if len(elements) < 2:
        return
    for _ in range(draw(st.integers(0, 2 * len(elements)))):
        a, b = draw(st.sampled_from(elements)), draw(st.sampled_from(elements))
        description = draw(text_values)
        if _related(ws, a, b) or any((r.source, r.destination, r.description) == (a.id, b.id, description)
                                     for r in ws.model.relationships):
            continue  # Structurizr refuses a second relationship with the same description
        a.uses(b, description, draw(technologies),
               interaction=draw(st.sampled_from(["sync", "async"])))


def _deployment(draw: st.DrawFn, ws: Workspace, containers: list[Element]) -> None:
    if not containers or not draw(st.booleans()):
        return
    node = ws.model.deployment_node(draw(names), draw(text_values), draw(technologies), environment="Live")
    inner = node.deployment_node("Inner", "A nested node.", "Linux")
    for c in containers[: draw(st.integers(1, len(containers)))]:
        inner.container_instance(c.id)
    node.infrastructure_node("Load Balancer", "Spreads load.", "Nginx")


def _views(draw: st.DrawFn, ws: Workspace) -> None:
    if not draw(st.booleans()):
        return  # default views
    systems = ws.model.software_systems
    ws.views.system_landscape(title=draw(text_values))
    for s in systems:
        ws.views.system_context(s, title=draw(text_values))
        if s.containers:
            view = ws.views.container(
                s, description=draw(text_values), direction=draw(st.sampled_from(["TB", "LR", "BT", "RL"])),
                rank_separation=draw(st.none() | st.integers(0, 600)),
                node_separation=draw(st.none() | st.sampled_from([0, 150, 300])))
            _hints(draw, view, [c.id for c in s.containers] + [e.id for e in ws.model.people])
        for c in s.containers:
            if c.components:
                ws.views.component(c)
    if ws.model.relationships:
        dyn = ws.views.dynamic(None, key="dynamic-main", title="Main flow")
        rels = ws.model.relationships
        for r in rels[:3]:
            dyn.step(r.source, r.destination, draw(text_values))
        if len(rels) >= 2:
            dyn.parallel([(rels[0].source, rels[0].destination, "a")],
                         [(rels[1].source, rels[1].destination, "b")])
    for env in ws.model.index().environments():
        ws.views.deployment(env)
    if ws.model.custom_elements:
        ws.views.custom(key="custom", title=draw(text_values))


def _hints(draw: st.DrawFn, view: ViewBase, ids: list[str]) -> None:
    """Layout hints between ``ids`` (some may contradict each other or be off the view: check warns)."""
    if len(ids) < 2:
        return
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["right_of", "left_of", "below", "above", "same_rank"]))
        chosen = draw(st.lists(st.sampled_from(ids), min_size=2, max_size=2 if kind != "same_rank" else 3,
                               unique=True))
        if kind == "same_rank":
            view.same_rank(*chosen, ordered=draw(st.booleans()))
        else:
            getattr(view, kind)(*chosen)


def _arc42(draw: st.DrawFn, ws: Workspace, elements: list[Element]) -> None:
    a = ws.arc42
    for i, kind in enumerate(draw(st.lists(st.sampled_from(["business", "functional", "quality"]), max_size=3))):
        a.requirement(f"R{i}", kind, draw(names), draw(text_values))
    goals = [a.quality_goal(f"QG{i}", i + 1, draw(names), draw(text_values)) for i in range(draw(st.integers(0, 2)))]
    for i, g in enumerate(goals):
        a.scenario(f"QS{i}", goal=g.id, source=draw(text_values), stimulus=draw(text_values),
                   environment="normal", artifact="system", response=draw(text_values),
                   response_measure="p95 < 100 ms")
    a.stakeholder(draw(names), draw(text_values), draw(text_values))
    decisions = [
        a.decision(f"{i + 1:04d}", draw(names), date=draw(st.dates(dt.date(2000, 1, 1), dt.date(2030, 1, 1))),
                   context=draw(text_values), decision=draw(text_values), consequences=draw(text_values))
        for i in range(draw(st.integers(0, 2)))
    ]
    if decisions or goals:
        a.strategy("S1", draw(names), quality_goals=[g.id for g in goals], decisions=[d.id for d in decisions])
    if elements and draw(st.booleans()):
        target = draw(st.sampled_from(elements)).id
        a.risk("RISK1", draw(names), probability="high", elements=[target])
        a.debt("DEBT1", draw(names), elements=[target])
    a.term(draw(names), draw(text_values))


def _rules(draw: st.DrawFn, ws: Workspace, coded: list[Element]) -> None:
    """Some ``code=`` prefixes and rules that the relationships keep (a drawn rule they break is
    dropped: the workspace stays valid); selectors name elements, tags, ``*`` or no element at all."""
    from archkit.rules.evaluate import violations

    for n, element in enumerate(coded):  # a prefix belongs to one element
        if isinstance(element, Container | Component) and draw(st.integers(0, 3)) == 0:
            element.code.append(draw(st.sampled_from(["app", "app.core", "lib.x_1"])) + f".part{n}")
    ids = [e.id for e in ws.model.index().elements.values()]
    selector = st.sampled_from([*ids[:8], "tag:Adapter", "tag:Port", "tag:Element", "*", "tag:Nothing"])
    selectors = st.lists(selector, min_size=1, max_size=2)
    for n in range(draw(st.integers(0, 2))):
        kind = draw(st.sampled_from(["forbid", "layers", "independent", "only_via"]))
        why, rule_id = draw(text_values), draw(st.sampled_from(["", f"r{n}"]))
        if kind == "forbid":
            ws.rules.forbid(draw(selectors), draw(selectors), why=why, id=rule_id)
        elif kind == "layers":
            ws.rules.layers(draw(st.lists(selectors, min_size=2, max_size=3)), why=why, id=rule_id)
        elif kind == "independent":
            ws.rules.independent(*draw(selectors), why=why, id=rule_id)
        else:
            ws.rules.only_via(draw(selectors), draw(selectors), draw(selectors), why=why, id=rule_id)
        if violations(ws, [(r.source, r.destination) for r in ws.model.relationships]):
            ws.rules.root.pop()
