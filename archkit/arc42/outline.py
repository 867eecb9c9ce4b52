"""The arc42 (version 9, English) outline: section numbers, exact titles, page names."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SectionOutline:
    number: int
    title: str
    page: str  # file stem, e.g. "03_context_and_scope"
    subsections: tuple[tuple[str, str], ...] = ()

    @property
    def heading(self) -> str:
        """``"3. Context and Scope"``."""
        return f"{self.number}. {self.title}"

    @property
    def slug(self) -> str:
        """The heading's anchor as GitHub and mkdocs derive it: ``3-context-and-scope``."""
        return "-".join(f"{self.number} {self.title}".lower().split())


SECTIONS: tuple[SectionOutline, ...] = (
    SectionOutline(1, "Introduction and Goals", "01_introduction_and_goals",
                   (("1.1", "Requirements Overview"), ("1.2", "Quality Goals"), ("1.3", "Stakeholders"))),
    SectionOutline(2, "Architecture Constraints", "02_architecture_constraints"),
    SectionOutline(3, "Context and Scope", "03_context_and_scope",
                   (("3.1", "Business Context"), ("3.2", "Technical Context"))),
    SectionOutline(4, "Solution Strategy", "04_solution_strategy"),
    SectionOutline(5, "Building Block View", "05_building_block_view",
                   (("5.1", "Whitebox Overall System"), ("5.2", "Level 2"), ("5.3", "Level 3"))),
    SectionOutline(6, "Runtime View", "06_runtime_view"),
    SectionOutline(7, "Deployment View", "07_deployment_view",
                   (("7.1", "Infrastructure Level 1"), ("7.2", "Infrastructure Level 2"))),
    SectionOutline(8, "Cross-cutting Concepts", "08_crosscutting_concepts"),
    SectionOutline(9, "Architecture Decisions", "09_architecture_decisions"),
    SectionOutline(10, "Quality Requirements", "10_quality_requirements",
                   (("10.1", "Quality Requirements Overview"), ("10.2", "Quality Scenarios"))),
    SectionOutline(11, "Risks and Technical Debts", "11_technical_risks"),
    SectionOutline(12, "Glossary", "12_glossary"),
)

PAGE = {s.number: s.page for s in SECTIONS}


def title_of(block: str) -> str:
    """The title of a section or sub-section number (``"3"``, ``"3.1"``), or ``""``."""
    for s in SECTIONS:
        if block == str(s.number):
            return s.title
        for number, title in s.subsections:
            if number == block:
                return title
    return ""


def headings() -> list[str]:
    """Every numbered heading the outline requires, e.g. ``"1. Introduction and Goals"``, ``"1.1 Requirements
    Overview"``."""
    out: list[str] = []
    for s in SECTIONS:
        out.append(s.heading)
        out.extend(f"{n} {t}" for n, t in s.subsections)
    return out
