"""The arc42 content that lives beside the C4 model: goals, requirements, decisions, risks, ...

Each item has a stable ``id`` so that the generated docs can cross-link
(quality scenario <-> quality goal, risk/debt <-> building block,
strategy <-> decision).
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field

from archkit.model.base import ArchModel, Ids, new_list

Level = Literal["low", "medium", "high"]


class Requirement(ArchModel):
    """A requirement, kept apart by kind: business, functional or quality (non-functional)."""

    id: str
    kind: Literal["business", "functional", "quality"]
    title: str
    description: str = ""
    priority: str = ""
    elements: Ids = Field(default_factory=new_list, description="Ids of building blocks that realise it.")


class QualityGoal(ArchModel):
    id: str
    priority: int = Field(ge=1, description="1 is the most important.")
    title: str = Field(description="The quality attribute, e.g. 'Latency'.")
    description: str = ""


class QualityScenario(ArchModel):
    """An ATAM-style scenario; ``response_measure`` makes it testable."""

    id: str
    goal: str | None = Field(default=None, description="Id of the quality goal this scenario makes concrete.")
    title: str = ""
    source: str
    stimulus: str
    environment: str
    artifact: str
    response: str
    response_measure: str


class Stakeholder(ArchModel):
    role: str
    contact: str = ""
    expectations: str = ""


class Constraint(ArchModel):
    id: str
    kind: Literal["technical", "organizational", "convention"] = "technical"
    title: str
    description: str = ""


class StrategyEntry(ArchModel):
    id: str
    title: str
    description: str = ""
    quality_goals: list[str] = Field(default_factory=new_list)
    decisions: list[str] = Field(default_factory=new_list)


class Concept(ArchModel):
    id: str
    title: str
    body: str = ""


class DecisionLink(ArchModel):
    relation: str = Field(description="e.g. 'supersedes', 'amends', 'relates to'.")
    target: str = Field(description="Id of the other decision.")


DecisionStatus = Literal["proposed", "accepted", "rejected", "deprecated", "superseded"]


class Decision(ArchModel):
    """An architecture decision record (ADR)."""

    id: str = Field(description="Usually a zero-padded number: '0001'.")
    title: str
    status: DecisionStatus = "accepted"
    date: dt.date | None = None
    context: str = ""
    decision: str = ""
    consequences: str = ""
    links: list[DecisionLink] = Field(default_factory=new_list)
    elements: Ids = Field(default_factory=new_list)


class Risk(ArchModel):
    id: str
    title: str
    description: str = ""
    probability: Level = "medium"
    impact: Level = "medium"
    mitigation: str = ""
    elements: Ids = Field(default_factory=new_list)


class TechnicalDebt(ArchModel):
    id: str
    title: str
    description: str = ""
    remedy: str = ""
    elements: Ids = Field(default_factory=new_list)


class GlossaryTerm(ArchModel):
    term: str
    definition: str


class Arc42(ArchModel):
    """arc42 content that is not derived from the C4 model."""

    system: str = Field(default="", description="Id of the software system the arc42 docs describe; empty: the "
                        "only internal system (with several, the first in model order that has containers).")
    introduction: str = ""
    requirements: list[Requirement] = Field(default_factory=new_list)
    quality_goals: list[QualityGoal] = Field(default_factory=new_list)
    quality_scenarios: list[QualityScenario] = Field(default_factory=new_list)
    stakeholders: list[Stakeholder] = Field(default_factory=new_list)
    constraints: list[Constraint] = Field(default_factory=new_list)
    solution_strategy: list[StrategyEntry] = Field(default_factory=new_list)
    concepts: list[Concept] = Field(default_factory=new_list)
    decisions: list[Decision] = Field(default_factory=new_list)
    risks: list[Risk] = Field(default_factory=new_list)
    technical_debts: list[TechnicalDebt] = Field(default_factory=new_list)
    glossary: list[GlossaryTerm] = Field(default_factory=new_list)

    def requirement(self, id: str, kind: Literal["business", "functional", "quality"], title: str,
                    description: str = "", **kw: object) -> Requirement:
        item = Requirement.model_validate({"id": id, "kind": kind, "title": title,
                                           "description": description, **kw})
        self.requirements.append(item)
        return item

    def quality_goal(self, id: str, priority: int, title: str, description: str = "") -> QualityGoal:
        item = QualityGoal(id=id, priority=priority, title=title, description=description)
        self.quality_goals.append(item)
        return item

    def scenario(self, id: str, **fields: object) -> QualityScenario:
        item = QualityScenario.model_validate({"id": id, **fields})
        self.quality_scenarios.append(item)
        return item

    def stakeholder(self, role: str, contact: str = "", expectations: str = "") -> Stakeholder:
        item = Stakeholder(role=role, contact=contact, expectations=expectations)
        self.stakeholders.append(item)
        return item

    def constraint(self, id: str, title: str, description: str = "",
                   kind: Literal["technical", "organizational", "convention"] = "technical") -> Constraint:
        item = Constraint(id=id, title=title, description=description, kind=kind)
        self.constraints.append(item)
        return item

    def strategy(self, id: str, title: str, description: str = "", **kw: object) -> StrategyEntry:
        item = StrategyEntry.model_validate({"id": id, "title": title, "description": description, **kw})
        self.solution_strategy.append(item)
        return item

    def concept(self, id: str, title: str, body: str = "") -> Concept:
        item = Concept(id=id, title=title, body=body)
        self.concepts.append(item)
        return item

    def decision(self, id: str, title: str, **fields: object) -> Decision:
        item = Decision.model_validate({"id": id, "title": title, **fields})
        self.decisions.append(item)
        return item

    def risk(self, id: str, title: str, **fields: object) -> Risk:
        item = Risk.model_validate({"id": id, "title": title, **fields})
        self.risks.append(item)
        return item

    def debt(self, id: str, title: str, **fields: object) -> TechnicalDebt:
        item = TechnicalDebt.model_validate({"id": id, "title": title, **fields})
        self.technical_debts.append(item)
        return item

    def term(self, term: str, definition: str) -> GlossaryTerm:
        item = GlossaryTerm(term=term, definition=definition)
        self.glossary.append(item)
        return item
