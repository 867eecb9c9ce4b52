"""How to fill a section, in the words of the model's own format: the guidance the arc42 templates show
where the model has nothing yet.

A Python model is written with calls (``arc42.requirement(id, kind, title)``), a YAML or JSON model with
keys (``requirements: [{id, kind, title}]`` under ``arc42:``); a reader of a YAML model's pages is shown
the keys, as ``archkit check``'s hints are (:attr:`archkit.check.context.Context.data_file`). The
templates get the table as ``how`` (``{{ how.requirement }}``), each entry a code span.
"""

from __future__ import annotations

import re
from pathlib import PurePath
from typing import Literal

Authoring = Literal["python", "data"]

#: entry -> (Python, YAML/JSON); each a Markdown/AsciiDoc code span, never model text
_GUIDANCE: dict[str, tuple[str, str]] = {
    "introduction": ("`arc42.introduction`", "`introduction:` under `arc42:`"),
    "requirement": ("`arc42.requirement(id, kind, title)`",
                    "`requirements: [{id, kind, title}]` under `arc42:`"),
    "quality_goal": ("`arc42.quality_goal(id, priority, title)`",
                     "`quality_goals: [{id, priority, title}]` under `arc42:`"),
    "stakeholder": ("`arc42.stakeholder(role, contact, expectations)`",
                    "`stakeholders: [{role, contact, expectations}]` under `arc42:`"),
    "constraint": ("`arc42.constraint(id, title, kind=...)`", "`constraints: [{id, title, kind}]` under `arc42:`"),
    "strategy": ("`arc42.strategy(id, title, quality_goals=[...], decisions=[...])`",
                 "`solution_strategy: [{id, title, quality_goals: [...], decisions: [...]}]` under `arc42:`"),
    "system_context_view": ("`views.system_context(system)`",
                            "`{type: system_context, software_system: ...}` in `views:`"),
    "container_view": ("`views.container(system)`", "`{type: container, software_system: ...}` in `views:`"),
    "component_view": ("`views.component(container)`", "`{type: component, container: ...}` in `views:`"),
    "containers": ("`system.container(...)`", "`containers: [...]` on the software system"),
    "components": ("`container.component(...)`", "`components: [...]` on the container"),
    "dynamic_view": ("`views.dynamic(scope)`", "`{type: dynamic, scope: ..., steps: [...]}` in `views:`"),
    "deployment_view": ("`views.deployment(environment)`", "`{type: deployment, environment: ...}` in `views:`"),
    "concept": ("`arc42.concept(id, title, body)`", "`concepts: [{id, title, body}]` under `arc42:`"),
    "decision": ("`arc42.decision(id, title, ...)`", "`decisions: [{id, title, ...}]` under `arc42:`"),
    "scenario": ("`arc42.scenario(id, goal=..., ...)`", "`quality_scenarios: [{id, goal, ...}]` under `arc42:`"),
    "risk": ("`arc42.risk(...)`", "`risks: [...]` under `arc42:`"),
    "debt": ("`arc42.debt(...)`", "`technical_debts: [...]` under `arc42:`"),
    "term": ("`arc42.term(term, definition)`", "`glossary: [{term, definition}]` under `arc42:`"),
}


def authoring_of(path: str | PurePath | None) -> Authoring:
    """``data`` for a YAML or JSON model file, else ``python`` (a ``.py`` model, a DSL workspace, none)."""
    return "data" if path is not None and str(path).lower().endswith((".yaml", ".yml", ".json")) else "python"


_BRACED_CODE = re.compile(r"`([^`]*\{[^`]*)`")


def guidance(authoring: Authoring = "python", fmt: str = "md") -> dict[str, str]:
    """The ``how`` table of the templates for a model written in ``authoring``, for pages in ``fmt``.

    AsciiDoc reads ``{name}`` as an attribute reference even in monospace: a code span holding a brace
    is written literally there (```+{id, title}+```)."""
    if authoring not in ("python", "data"):
        raise ValueError(f"unknown authoring {authoring!r}: use 'python' or 'data'")
    column = 0 if authoring == "python" else 1
    table = {name: forms[column] for name, forms in _GUIDANCE.items()}
    if fmt == "adoc":
        table = {name: _BRACED_CODE.sub(r"`+\1+`", text) for name, text in table.items()}
    return table
