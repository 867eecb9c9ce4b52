"""Property-based fuzzing of the outputs: random valid workspaces (hostile text included: DOT and
HTML injection, Jinja and Markdown syntax, right-to-left and combining unicode) render to
well-formed, inert SVG and to Markdown that parses and shows the model's text literally.

Each example runs `dot` once per view, so the normal suite draws a few examples; `make fuzz`
(HYPOTHESIS_PROFILE=fuzz) draws as many as the fuzz profile says.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from archkit import Workspace
from archkit.arc42 import generate_docs
from archkit.errors import printable
from archkit.output import write_artifacts
from archkit.render import render_workspace
from tests.strategies import workspaces
from tests.test_bad_inputs import markdown_text, squash, svg_text

needs_dot = pytest.mark.skipif(not Path("/usr/bin/dot").exists() and not any(
    (Path(d) / "dot").exists() for d in os.environ.get("PATH", "").split(os.pathsep)),
    reason="Graphviz dot is not installed")

_FUZZING = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
_FULL = settings.get_profile("fuzz").max_examples


def examples(normal: int) -> settings:
    """``normal`` examples in the normal suite (each one generates a whole docs set, or runs dot for
    each view), the fuzz profile's count under `make fuzz`."""
    return settings(max_examples=_FULL if _FUZZING else normal,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def written(tmp: Path, ws: Workspace, *, diagrams: bool) -> Path:
    out = tmp / "out"
    artifacts = generate_docs(ws, "md")
    if diagrams:
        artifacts += render_workspace(ws, formats=("svg",))[0]
    write_artifacts(out, artifacts)
    return out


@needs_dot
@examples(6)
@given(workspaces())
def test_random_workspaces_render_to_well_formed_inert_svg(tmp_path_factory: pytest.TempPathFactory,
                                                           ws: Workspace) -> None:
    out = written(tmp_path_factory.mktemp("svg"), ws, diagrams=True)
    svgs = sorted(out.rglob("*.svg"))
    assert len(svgs) == len(ws.effective_views())
    for svg in svgs:
        svg_text(svg)  # parses as XML; no script, no event handler, no javascript: link


@examples(15)
@given(workspaces())
def test_random_workspaces_give_markdown_that_shows_the_model_text_literally(
        tmp_path_factory: pytest.TempPathFactory, ws: Workspace) -> None:
    out = written(tmp_path_factory.mktemp("md"), ws, diagrams=False)
    pages = sorted(out.rglob("*.md"))
    assert pages
    # no active raw HTML anywhere, ADR bodies included
    visible = squash(" ".join(markdown_text(p, html_allowed=False) for p in pages))
    a = ws.arc42
    shown = [d.title for d in a.decisions] + [t.term for t in a.glossary] + [t.definition for t in a.glossary]
    shown += [r.title for r in a.requirements] + [g.title for g in a.quality_goals]
    shown += [s.role for s in a.stakeholders]
    for text in shown:  # whitespace folds; any other control or bidi character shows as a visible \uXXXX
        shown_as = printable(" ".join(text.split()))
        assert squash(shown_as) in visible, f"{text!r} is not shown literally in the arc42 pages"


@needs_dot
@examples(4)
@given(workspaces())
def test_random_workspaces_give_a_site_whose_pages_are_inert_and_show_the_model_text(
        tmp_path_factory: pytest.TempPathFactory, ws: Workspace) -> None:
    """Every page of the published site (views with their SVG inlined, elements, arc42) runs nothing and
    shows element names literally (issue 20)."""
    from archkit.site.pipeline import site_batch
    from tests.test_bad_inputs import html_text

    out = tmp_path_factory.mktemp("site")
    drawn = render_workspace(ws, formats=("svg",))[0]
    write_artifacts(out, site_batch(ws, drawn, generate_docs(ws, "md")))
    pages = sorted(out.rglob("*.html"))
    assert len(list(out.glob("views/*.html"))) == len(ws.effective_views()) + 1  # and the views' index
    visible = squash(" ".join(html_text(p) for p in pages))
    names = [e.name for e in ws.model.index().elements.values()]
    for name in names:
        assert squash(printable(" ".join(name.split()))) in visible, f"{name!r} is not shown literally in the site"
