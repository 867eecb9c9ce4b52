"""The example models in models/ are complete, reviewed architectures: they prove it here.

Every example loads, passes ``check`` with zero findings (errors, warnings and
infos), has at least four view types including a dynamic view with parallel
branches and a deployment view, and full arc42 content: requirements of all three
kinds, quality scenarios with measurable response measures, decisions with their
trade-offs, risks, debts linked to building blocks, and a glossary.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from archkit.arc42 import build_docset
from archkit.check import check
from archkit.load import load
from archkit.model import (
    Component,
    DeploymentView,
    DynamicView,
    ParallelSteps,
    SystemContextView,
    Workspace,
)

MODELS = Path(__file__).resolve().parent.parent / "models"
EXAMPLES = sorted(p.stem for p in MODELS.glob("*.py"))
REQUIRED = {
    "lambda_architecture", "kappa_architecture", "hexagonal", "event_driven_sqs",
    "cqrs_event_sourcing", "realtime_analytics",
}
FIGURE = re.compile(r"\d")


@cache
def example(name: str) -> Workspace:
    return load(MODELS / f"{name}.py")


def test_every_required_example_exists() -> None:
    assert set(EXAMPLES) >= REQUIRED, f"missing examples: {sorted(REQUIRED - set(EXAMPLES))}"


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_passes_check_with_zero_findings(name: str) -> None:
    findings = check(example(name), f"models/{name}.py")
    assert not findings, "\n".join(f.line() for f in findings)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_has_four_view_types_with_dynamic_and_deployment(name: str) -> None:
    views = list(example(name).views)
    types = {v.type for v in views}
    assert len(types) >= 4, f"{name}: only view types {sorted(types)}"
    assert {"system_context", "container", "dynamic", "deployment"} <= types
    has_components = any(c.components for s in example(name).model.software_systems
                         for c in s.containers)
    assert not has_components or "component" in types, f"{name}: components but no component view"
    assert any(isinstance(v, SystemContextView) for v in views)
    assert any(isinstance(v, DeploymentView) for v in views)


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_has_a_dynamic_view_with_parallel_branches(name: str) -> None:
    dynamic = [v for v in example(name).views if isinstance(v, DynamicView)]
    assert any(isinstance(s, ParallelSteps) and len(s.parallel) >= 2
               for v in dynamic for s in v.steps), f"{name}: no parallel branches in any dynamic view"


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_keeps_requirements_apart_by_kind(name: str) -> None:
    kinds = {r.kind for r in example(name).arc42.requirements}
    assert kinds == {"business", "functional", "quality"}, f"{name}: requirement kinds {kinds}"


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_quality_scenarios_have_measured_responses(name: str) -> None:
    a = example(name).arc42
    assert len(a.quality_scenarios) >= 3
    assert len(a.quality_goals) >= 3
    for sc in a.quality_scenarios:
        assert sc.goal is not None, f"{name}: {sc.id} is not linked to a quality goal"
        assert FIGURE.search(sc.response_measure), f"{name}: {sc.id} has no figure in its measure"
    measures = " ".join(sc.response_measure for sc in a.quality_scenarios)
    assert re.search(r"\d\s*(ms|s|min|h)\b", measures), f"{name}: no latency figure"
    assert re.search(r"/s\b|per second", measures), f"{name}: no throughput figure"


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_decisions_state_context_and_trade_offs(name: str) -> None:
    decisions = example(name).arc42.decisions
    assert len(decisions) >= 2
    for d in decisions:
        assert d.date is not None and d.status, f"{name}: ADR {d.id} lacks date or status"
        assert d.context and d.decision and d.consequences, f"{name}: ADR {d.id} is incomplete"
    trade_offs = [d for d in decisions if "Good:" in d.consequences and "Bad:" in d.consequences]
    assert len(trade_offs) >= 2, f"{name}: fewer than two ADRs weigh good against bad"


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_has_the_rest_of_arc42(name: str) -> None:
    a = example(name).arc42
    assert a.introduction
    assert a.stakeholders and a.constraints and a.concepts and a.glossary
    assert a.risks and a.technical_debts
    assert all(d.elements for d in a.technical_debts), f"{name}: a debt names no building block"
    assert all(r.mitigation for r in a.risks), f"{name}: a risk has no mitigation"
    assert a.solution_strategy
    for st in a.solution_strategy:
        assert st.quality_goals and st.decisions, f"{name}: strategy {st.id} is not linked"


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_arc42_set_has_no_empty_section(name: str) -> None:
    report = build_docset(example(name), model_name=name).report
    assert report.complete, "\n".join(report.lines())


@pytest.mark.parametrize("name", EXAMPLES)
def test_example_tags_databases_and_queues(name: str) -> None:
    containers = [c for s in example(name).model.software_systems for c in s.containers]
    tagged = {t for c in containers for t in c.tags}
    assert {"Database", "Queue"} <= tagged, f"{name}: tags {sorted(tagged)}"


def test_hexagonal_dependencies_point_inward() -> None:
    """Adapters depend on ports (or the domain); the core depends on nothing outside it."""
    ws = example("hexagonal")
    index = ws.model.index()
    core = {e.id for e in index.elements.values()
            if isinstance(e, Component) and {"Port", "Domain"} & set(e.tags)}
    adapters = {e.id for e in index.elements.values()
                if isinstance(e, Component) and "Adapter" in e.tags}
    assert core and adapters
    for rel in ws.model.relationships:
        if rel.source in core:
            assert rel.destination in core, f"core depends on the outside: {rel.label}"
        if rel.source in adapters and rel.destination in core:
            assert "Port" in index.elements[rel.destination].tags or \
                "Domain" in index.elements[rel.destination].tags
    implemented = {r.destination for r in ws.model.relationships
                   if r.source in adapters and r.description == "Implements"}
    driven_ports = {i for i in core if {"Port", "Driven"} <= set(index.elements[i].tags)}
    assert driven_ports <= implemented, "every driven port has an adapter"
    styled = {s.tag for s in ws.styles.elements}
    assert {"Port", "Adapter"} <= styled


@pytest.mark.parametrize("name", EXAMPLES)
def test_the_runtime_tables_name_the_technology_their_diagrams_draw(name: str) -> None:
    """arc42 §6 and the dynamic view take a step's technology from the same relationship (nested or answered
    ones too): the table never leaves empty what the diagram labels."""
    from archkit.arc42.escape import anchor_id
    from archkit.views import compute_view

    ws = example(name)
    page = next(p.text for p in build_docset(ws, model_name=name).pages if p.relpath.endswith("06_runtime_view.md"))
    for view in ws.effective_views():
        if isinstance(view, DynamicView):
            block = anchor_id("runtime", view.key)
            scenario = page[page.index(f"archkit:begin {block} -->"):page.index(f"archkit:end {block} -->")]
            for edge in compute_view(ws, view).edges:
                row = re.search(rf"^\| {re.escape(edge.id)} \|.*\| ([^|]*) \|$", scenario, re.M)
                assert row is not None, (view.key, edge.id)
                assert row.group(1).strip() == edge.technology.replace("|", "\\|"), (view.key, edge.id)
