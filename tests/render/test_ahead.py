"""Layouts made ahead on a spare core (archkit/render/ahead.py), and the layout hints' writing shared by the
layout search's candidates (draw_view._Dots): the same files, from fewer or earlier ``dot`` runs.
What they save is measured in benchmarks/README.md (``h/hexlive``), never asserted here."""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

import pytest

from archkit.errors import RenderError
from archkit.load import load
from archkit.render import draw_view, graphviz, resident
from archkit.render.ahead import Drawings, Lanes
from archkit.render.dot import DotResult, view_to_dot
from archkit.render.icons import IconResolver
from archkit.render.layout import STANDARD, Layout, merit
from archkit.render.pipeline import render_views
from archkit.render.style import Styler
from archkit.views import ComputedView

ROOT = Path(__file__).resolve().parents[2]


def _out(text: str) -> dict[str, graphviz.Output]:
    return {"svg": graphviz.Output(text.encode(), [])}


def test_a_text_asked_for_by_two_threads_is_drawn_once_and_taken_once() -> None:
    drawings, made, started, release = Drawings(), Counter[str](), threading.Event(), threading.Event()

    def slow() -> dict[str, graphviz.Output]:
        made["a"] += 1
        started.set()
        release.wait(5)
        return _out("a")

    ahead = threading.Thread(target=lambda: drawings.draw("a", ["svg"], slow))
    ahead.start()
    started.wait(5)
    release.set()  # the asker below waits for the drawing under way instead of making its own
    assert drawings.take("a", ["svg"], slow)["svg"].content == b"a"
    ahead.join()
    assert made["a"] == 1
    drawings.ahead("a", ["svg"], slow)  # taken already: a layout ahead comes too late
    assert made["a"] == 1 and drawings.take("a", ["svg"], lambda: _out("again"))["svg"].content == b"again"
    assert drawings.draw("b", ["svg"], lambda: _out("b")) == drawings.draw("b", ["svg", "json0"],
                                                                          lambda: _out("b"))  # other formats: anew


def test_a_drawing_another_thread_failed_to_make_is_made_again_by_the_asker() -> None:
    drawings = Drawings()

    def failing() -> dict[str, graphviz.Output]:
        raise RenderError("dot: layout took longer than 1 s")

    with pytest.raises(RenderError):
        drawings.draw("a", ["svg"], failing)
    # its own error where a search laying out one text after the other meets it, else the drawing
    assert drawings.take("a", ["svg"], lambda: _out("a"))["svg"].content == b"a"


def test_a_view_lends_its_renders_other_lane_only_while_nothing_else_holds_it() -> None:
    one, two, hold = Lanes(1), Lanes(2), threading.Event()
    with one.drawing() as spare:
        assert not spare.start(lambda: None)  # jobs=1: the view's own lane is the only one
    with two.drawing() as spare:
        assert spare.start(lambda: hold.wait(5))
        assert not spare.start(lambda: None)  # the spare lane is busy: the search lays the text out itself
        hold.set()
    with two.drawing() as first, two.drawing() as second:  # two views drawn at once: no lane to spare
        assert not first.start(lambda: None) and not second.start(lambda: None)


def _runs(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """``dot`` runs by the thread that made them: the view's own, or a layout made ahead."""
    runs: Counter[str] = Counter()
    invoke = graphviz._invoke

    def counting(args: list[str], dot: str, timeout: float) -> tuple[bytes, list[str]]:
        runs["ahead" if threading.current_thread().name == "archkit-layout-ahead" else "own"] += 1
        return invoke(args, dot, timeout)

    monkeypatch.setattr(graphviz, "_invoke", counting)
    kept = resident._Process.layout

    def counting_kept(self: resident._Process, text: str, timeout: float) -> graphviz.Output | None:
        runs["own"] += 1  # a graph laid out by the view's open ``dot`` process: always the view's own thread
        return kept(self, text, timeout)

    monkeypatch.setattr(resident._Process, "layout", counting_kept)
    return runs


@pytest.mark.parametrize(("model", "key", "formats"), [("hexagonal", "hexagon", ["svg", "png", "dot"]),
                                                       ("circuit_breaker", "checkout-api", ["svg"])])
def test_layouts_made_ahead_give_the_files_of_one_layout_after_the_other(monkeypatch: pytest.MonkeyPatch,
                                                                      model: str, key: str,
                                                                      formats: list[str]) -> None:
    """A view with layout hints (its hints' check laid out beside it) and one without (its next candidate: drawn
    in SVG alone, its candidates are drawn with their SVG, so they are not laid out together, drafts.together)."""
    ws = load(str(ROOT / "models" / f"{model}.py"))
    runs = _runs(monkeypatch)
    alone = render_views(ws, formats, views=[key], jobs=1)
    assert runs["ahead"] == 0 and runs["own"] > 3
    runs.clear()
    spared = render_views(ws, formats, views=[key], jobs=2)
    assert runs["ahead"] > 0
    assert [(a.relpath, a.content) for a in spared.artifacts] == [(a.relpath, a.content) for a in alone.artifacts]
    assert spared.messages == alone.messages and spared.quality == alone.quality


def _writings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool, frozenset[tuple[str, str]]]]:
    """Each DOT text the search writes of a view: its encoding's label home and reverse, loose, pairs flipped."""
    written: list[tuple[str, bool, frozenset[tuple[str, str]]]] = []
    real = view_to_dot

    def spy(computed: ComputedView, styler: Styler, icons: IconResolver, links: Mapping[str, str] | None = None,
            layout: Layout = STANDARD, flipped: frozenset[tuple[str, str]] = frozenset(),
            loose: bool = False) -> DotResult:
        written.append((f"{layout.label_wrap}/{layout.label_home}/{layout.reverse}", loose, flipped))
        return real(computed, styler, icons, links, layout, flipped, loose)

    monkeypatch.setattr(draw_view, "view_to_dot", spy)
    return written


def test_later_candidates_are_written_as_the_first_that_kept_every_order_pair(monkeypatch: pytest.MonkeyPatch) -> None:
    ws = load(str(ROOT / "models" / "hexagonal.py"))
    written = _writings(monkeypatch)
    shared = render_views(ws, ["svg"], views=["hexagon"], jobs=1)
    encodings = list(dict.fromkeys(w[0] for w in written))
    first = [w for w in written if w[0] == encodings[0]]
    assert len(first) > 1 and first[-1][1:] != (False, frozenset())  # the first needed settling: loose, flipped
    assert len(encodings) > 2 and all([w for w in written if w[0] == e] == [(e, *first[-1][1:])]
                                      for e in encodings[1:])
    # each settled on its own instead: no better drawing lost
    monkeypatch.setattr(draw_view, "settled_like", lambda setup, computed, layout, settling, laid=None, svg=True:
                        draw_view.settle(setup, computed, layout, laid)[0])
    own = render_views(ws, ["svg"], views=["hexagon"], jobs=1)
    assert merit(shared.quality["hexagon"]) <= merit(own.quality["hexagon"])
    assert not [m for m in shared.messages if "the layout has" in m]


def test_when_the_first_candidate_cannot_keep_every_pair_each_later_one_is_settled(
        monkeypatch: pytest.MonkeyPatch) -> None:
    ws = load(str(ROOT / "models" / "hexagonal.py"))
    settled: list[object] = []
    real = draw_view.settle

    def never_kept(dot: DotResult) -> frozenset[tuple[str, str]]:
        return frozenset(dot.order[:1])

    def counting(*args: object, **kw: object) -> tuple[DotResult, draw_view.Settling | None]:
        settled.append(args[2])
        return real(*args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(draw_view, "misplaced_pairs", lambda setup, computed, dot, laid=None, svg=True: never_kept(dot))
    monkeypatch.setattr(draw_view, "settle", counting)
    done = render_views(ws, ["svg"], views=["hexagon"], jobs=1)
    assert len(settled) > 2  # every candidate, not only the first
    assert [m for m in done.messages if "the layout has" in m]  # and the pair it did not keep is reported
