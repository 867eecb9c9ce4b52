"""Every model's arc42 set has all 12 sections and the required sub-sections, with the exact arc42 v9
titles and explicit numbers, one document title on top and the sections one level below it."""

from __future__ import annotations

import re

import pytest

from archkit.arc42.layout import plan_layout
from archkit.arc42.outline import SECTIONS, headings
from archkit.output import safe_name
from tests.arc42.helpers import ALL_MODELS, broken_links, pages, workspace

REQUIRED = [
    "1. Introduction and Goals", "1.1 Requirements Overview", "1.2 Quality Goals", "1.3 Stakeholders",
    "2. Architecture Constraints", "3. Context and Scope", "3.1 Business Context", "3.2 Technical Context",
    "4. Solution Strategy", "5. Building Block View", "5.1 Whitebox Overall System", "5.2 Level 2",
    "5.3 Level 3", "6. Runtime View", "7. Deployment View", "7.1 Infrastructure Level 1",
    "7.2 Infrastructure Level 2", "8. Cross-cutting Concepts", "9. Architecture Decisions",
    "10. Quality Requirements", "10.1 Quality Requirements Overview", "10.2 Quality Scenarios",
    "11. Risks and Technical Debts", "12. Glossary",
]
MARK = {"md": "#", "adoc": "="}


def test_outline_holds_the_arc42_v9_titles() -> None:
    assert headings() == REQUIRED


def _headings(text: str, fmt: str) -> list[tuple[int, str]]:
    mark = re.escape(MARK[fmt])
    return [(len(m.group(1)), m.group(2)) for m in re.finditer(rf"^({mark}+) (.+)$", text, re.MULTILINE)]


@pytest.mark.parametrize("fmt", ["md", "adoc"])
@pytest.mark.parametrize("name", ALL_MODELS)
def test_every_section_and_subsection_is_present_with_its_exact_title(name: str, fmt: str) -> None:
    texts = pages(name, fmt)
    for section in SECTIONS:
        found = _headings(texts[f"arc42/{section.page}.{fmt}"], fmt)
        assert found[0] == (2, section.heading), f"{section.page}: starts with {found[0]}"
        for number, title in section.subsections:
            assert (3, f"{number} {title}") in found, f"{name} {fmt}: {number} {title} missing"
        assert all(level >= 2 for level, _ in found), f"{section.page}: a level-1 heading inside a section"
        numbered = [t for _, t in found if not re.match(r"^\d+(\.\d+)*\.? ", t)]
        assert not numbered, f"{section.page}: headings without a number: {numbered}"


@pytest.mark.parametrize("fmt", ["md", "adoc"])
@pytest.mark.parametrize("name", ALL_MODELS)
def test_single_file_has_one_title_and_every_section_below_it_in_order(name: str, fmt: str) -> None:
    found = _headings(pages(name, fmt)[f"arc42/arc42.{fmt}"], fmt)
    titles = [t for level, t in found if level == 1]
    assert len(titles) == 1 and titles[0].endswith("Architecture Documentation")
    sections = [t for level, t in found if level == 2]
    assert sections == [s.heading for s in SECTIONS]
    present = {t for _, t in found}
    assert set(REQUIRED) <= present


@pytest.mark.parametrize("name", ALL_MODELS)
def test_markdown_cross_links_resolve_to_anchors_that_exist(name: str) -> None:
    texts = pages(name, "md")
    multi = {rel: t for rel, t in texts.items() if rel.endswith(".md") and rel != "arc42/arc42.md"}
    assert broken_links(multi) == []
    assert broken_links(texts, only="arc42/arc42.md") == []


@pytest.mark.parametrize("name", ALL_MODELS)
def test_every_view_of_the_documented_system_appears_in_the_section_it_belongs_to(name: str) -> None:
    """A view scoped to another system (a neighbour's context or containers) is that system's, not in the
    docs; every other view is shown once, in its section."""
    ws = workspace(name)
    texts = pages(name, "md")
    index = ws.model.index()
    system = plan_layout(ws, index).system
    section_of = {"system_landscape": ("03",), "system_context": ("03",), "container": ("05",),
                  "component": ("05",), "dynamic": ("06",), "deployment": ("07",)}
    for view in ws.effective_views():
        if view.type == "filtered":
            continue
        link = f"](../diagrams/{safe_name(view.key)}.svg)"
        where = [rel for rel, t in texts.items() if link in t and rel != "arc42/arc42.md"]
        scope = view.scope
        if scope is not None and system is not None and system not in [scope, *index.ancestors(scope)]:
            assert where == [], f"{view.key} of another system is shown on {where}"
            continue
        assert len(where) == 1, f"{view.key}: shown on {where}"
        assert where[0].split("/")[-1][:2] in section_of[view.type], f"{view.key} on {where[0]}"
