"""How many ``dot`` runs each kind of view costs, so that a change cannot silently double them (issue 13:
rendering every example costs at most 1.5x the time before its layout work; ``benchmarks/render_cpu.py``).

A searched view drawn in SVG and PNG: one run per candidate, its geometry alone (the winner is drawn again in
every format anyway), each DOT text laid out once, the legend's places sized in the first candidate's run (no
run of their own), and one final run with every format (one more per compact try the layout turns down). A
view drawn as SVG alone: its candidates draw their SVG too, and the winner's is kept. A sequence diagram: one
run. A view that is not searched: one run."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from archkit.load import load
from archkit.render import band, graphviz, search
from archkit.render.dot import view_to_dot
from archkit.render.icons import IconResolver
from archkit.render.layout import choose
from archkit.render.pipeline import render_views
from archkit.render.style import LIGHT, Styler
from archkit.views import compute_view

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Runs:
    """The ``dot`` runs of a render: each one's output formats (``-T``) and DOT text."""

    runs: list[tuple[tuple[str, ...], str]] = field(default_factory=list)

    def of(self, kind: str) -> list[tuple[tuple[str, ...], str]]:
        return [(formats, text) for formats, text in self.runs if _kind(formats, text) == kind]


def _kind(formats: tuple[str, ...], text: str) -> str:
    if text.startswith("digraph bands"):
        return "bands"  # the legend's places sized in a run of their own
    if "png" in formats:
        return "final"
    if any(f.startswith("json") for f in formats):
        return "candidate"
    return "other"


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> Iterator[Runs]:
    seen = Runs()
    invoke = graphviz._invoke

    def counting(args: list[str], dot: str, timeout: float) -> tuple[bytes, list[str]]:
        seen.runs.append((tuple(a.removeprefix("-T") for a in args if a.startswith("-T")), dot))
        return invoke(args, dot, timeout)

    monkeypatch.setattr(graphviz, "_invoke", counting)
    band._SIZED.clear()  # a view sized by an earlier test would have no sizing to fold
    yield seen


def test_a_searched_view_in_svg_and_png_lays_out_each_candidate_once_as_geometry_alone(runs: Runs) -> None:
    ws = load(str(ROOT / "models" / "circuit_breaker.py"))
    render_views(ws, ["svg", "png"], views=["containers"], jobs=1, measure=False)
    candidates = runs.of("candidate")
    assert len(candidates) >= 3  # searched
    assert all(len(formats) == 1 for formats, _ in candidates)  # no SVG of a candidate
    assert set(Counter(text.split("\ndigraph bands")[0] for _, text in candidates).values()) == {1}
    assert runs.of("bands") == []
    assert sum("\ndigraph bands" in text for _, text in candidates) == 1  # sized in the first candidate's run
    assert candidates[0][1].count("\ndigraph bands") == 1
    # one final run in every format: its first compact try (layout.TIGHTEST) adds no defect and is kept
    assert len(runs.of("final")) == 1
    assert len(runs.runs) == len(candidates) + 1


def test_every_example_view_costs_its_candidates_and_one_final_run(runs: Runs) -> None:
    ws = load(str(ROOT / "models" / "event_driven_sqs.py"))
    done = render_views(ws, ["svg", "png"], jobs=1, measure=False)
    views = len(done.artifacts) // 2
    assert runs.of("bands") == [] and runs.of("other") == []
    finals = runs.of("final")
    # one per view (a sequence diagram's too): every view here keeps its first compact try, so none is drawn
    # a second time
    assert views == 6 and len(finals) == views
    assert all(len(formats) == 1 for formats, _ in runs.of("candidate"))
    texts = Counter(text.split("\ndigraph bands")[0] for _, text in runs.runs)
    assert set(texts.values()) == {1}  # no DOT text laid out twice: a final run's text is never a candidate's


def test_a_view_drawn_as_svg_alone_keeps_its_winning_candidate_s_svg(runs: Runs) -> None:
    ws = load(str(ROOT / "models" / "circuit_breaker.py"))
    render_views(ws, ["svg"], views=["containers"], jobs=1, measure=False)
    candidates = runs.of("candidate")
    assert len(candidates) >= 3
    assert all(formats[0] == "svg" and len(formats) == 2 for formats, _ in candidates)
    assert len(runs.of("bands")) == 1  # sized in a run of their own: the candidate's run writes two formats
    # the winner evened and compacted in one run more, SVG and geometry as a candidate's (so counted with them):
    # six texts laid out once each (five candidates and the final drawing), and the legend's sizing
    assert len(candidates) == 6 and len(runs.runs) == len(candidates) + 1
    assert len({text for _, text in candidates}) == len(candidates)


def test_a_sequence_diagram_and_a_view_not_searched_cost_one_run_each(runs: Runs) -> None:
    ws = load(str(ROOT / "models" / "circuit_breaker.py"))
    render_views(ws, ["svg", "png"], views=["payment-outage"], jobs=1, measure=False)
    assert [formats for formats, _ in runs.runs] == [("svg", "png")]
    runs.runs.clear()
    render_views(ws, ["svg", "png"], views=["containers"], jobs=1, measure=False, layout="fast")
    assert [formats for formats, _ in runs.runs] == [("svg", "png")]  # fast, not measured: nothing else


def test_the_legend_sized_after_a_layout_is_what_a_run_of_its_own_gives() -> None:
    ws = load(str(ROOT / "models" / "circuit_breaker.py"))
    computed = compute_view(ws, next(v for v in ws.effective_views() if v.key == "containers"))
    first = view_to_dot(computed, Styler(ws.styles, LIGHT), IconResolver.for_properties(ws.properties), {},
                        choose(computed))
    band._SIZED.clear()
    sizing = band.sizing(first)
    assert sizing is not None
    geometry = search.geometry(first)
    out, sized = graphviz.run_json_then(first.text, geometry, sizing, timeout=60)
    assert out.content == graphviz.run_dot(first.text, geometry, timeout=60).content  # the same bytes
    band.remember(first, sized)
    assert band.sizing(first) is None  # remembered: no run of their own
    labels = (*first.bands, first.title, *first.legends)
    remembered = band.band_sizes(labels)
    band._SIZED.clear()
    assert band.band_sizes(labels) == remembered


def test_a_run_that_fails_after_the_layout_still_gives_the_layout() -> None:
    text = 'digraph g {\n  "a" -> "b";\n}\n'
    out, sized = graphviz.run_json_then(text, "json0", "digraph broken {", timeout=60)
    assert out.content == graphviz.run_dot(text, "json0", timeout=60).content
    assert sized is None
