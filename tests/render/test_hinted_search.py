"""The layout search on a view with layout hints: the candidates that rank or order elements run for it too,
leave the elements the hints name to the hints (an order of our own keeps their order along a rank), and a
candidate that keeps fewer of the hints than the best so far is refused — the hints' order along a rank and
their ranks alike, read on the drawn positions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from archkit import Workspace, load
from archkit.render import budget, drafts, render_views, search
from archkit.render.dot import DotResult
from archkit.render.draw_view import Setup, settled_dot
from archkit.render.drawing import parse
from archkit.render.graphviz import run_dot
from archkit.render.hints import off_rank
from archkit.render.icons import IconResolver
from archkit.render.layout import STANDARD, Layout
from archkit.render.order import Layered
from archkit.render.pinned import ROOT
from archkit.render.quality import Quality
from archkit.render.style import THEMES, Styler
from archkit.views import compute_view

UNTUNED = Path(__file__).parents[2] / "benchmarks" / "untuned"


def _log_pipeline_with(hint: str, *elements: str, **options: bool) -> Workspace:
    """The untuned log pipeline with one hint on its container view (as a new user adds one)."""
    ws = load(UNTUNED / "log_pipeline.py")
    getattr(ws.views["containers"], hint)(*elements, **options)
    return ws


def _centres(dot: str) -> dict[str, tuple[float, float]]:
    return dict(parse(json.loads(run_dot(dot, "json").content)).centres)


def test_a_hinted_view_ends_on_a_candidate_it_used_to_skip_and_keeps_its_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    """One ordered same_rank of two people on the log pipeline's containers: the stagger, order and reads'
    candidates, which such a view did not get, are laid out, one of them wins (28 -> 14 crossings with the first
    two, ``benchmarks/README.md``, ``h/hints4``; the reads' candidate since ``h/layout6``) and the drawing keeps
    the hint: one rank, the developer first."""
    ws = _log_pipeline_with("same_rank", "developer", "on-call-engineer", ordered=True)
    won: list[Layout | None] = []
    finish = search._finish

    def spy(best: search.Drawn, *args: object, **kwargs: object) -> search.Drawn:
        won.append(best.layout)
        return finish(best, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(search, "_finish", spy)
    done = render_views(ws, formats=("svg", "dot"), views=["containers"])
    layout = won[-1]
    assert layout is not None and (layout.staggered or layout.pinned is not None or layout.reads_up)
    assert done.quality["containers"].crossings < 28  # the best without them (measured: 28)
    dot = next(a for a in done.artifacts if a.relpath.endswith(".dot")).content.decode("utf-8")
    (dx, dy), (ox, oy) = (_centres(dot)[n] for n in ("developer", "on-call-engineer"))
    assert abs(dy - oy) <= 1.0 and dx < ox - 1.0


def test_the_stagger_and_order_candidates_leave_the_hinted_elements_to_the_hints() -> None:
    """Without hints the stagger candidate puts the query API a rank from the router; with a hint naming the
    router it pairs none of them, and an order held along the ranks chains no hinted element."""
    plain = load(UNTUNED / "log_pipeline.py")
    steered = _log_pipeline_with("right_of", "log-platform.router", "log-platform.parser")
    for ws, paired in ((plain, True), (steered, False)):
        view = compute_view(ws, ws.views["containers"])
        done = render_views(ws, formats=("svg",), views=["containers"])
        assert done.quality["containers"].crossings  # it still crosses edges: the candidates apply
        setup = Setup(ws, Styler(ws.styles, THEMES["light"]), IconResolver({}), {}, 30.0)
        geometry = run_dot(settled_dot(setup, view, STANDARD).text, "json").content
        measured = Quality(10, 0, 0, 0, 0, 0, 0.1, 100.0, 100.0)
        staggered = budget.staggered(view, STANDARD, geometry, measured)
        pairs = {e for option in staggered for pair in option.staggered for e in pair}
        assert ("log-platform.router" in pairs) is paired
        named = budget.hinted(view)
        for option in budget.ordered(view, STANDARD, geometry, measured):
            assert option.pinned is not None
            assert not {e for chain in option.pinned.chains for e in chain} & named


@pytest.mark.parametrize(("direction", "u", "v", "kept"), [
    ("TB", (0, 100), (0, 0), True), ("TB", (0, 0), (0, 100), False),
    ("BT", (0, 0), (0, 100), True), ("LR", (0, 0), (100, 0), True), ("RL", (0, 0), (100, 0), False)])
def test_a_rank_hint_is_read_on_the_drawn_centres(direction: str, u: tuple[float, float], v: tuple[float, float],
                                                  kept: bool) -> None:
    """``u`` before ``v``: v on a later rank along the view's direction (Graphviz's y grows upwards); one rank:
    the same coordinate along the flow, whatever the distance across it."""
    assert (not off_rank([("u", "v", True)], {"u": u, "v": v}, direction)) is kept
    across = (u[0] + 300, u[1]) if direction in ("TB", "BT") else (u[0], u[1] + 300)
    assert not off_rank([("u", "w", False)], {"u": u, "w": across}, direction)
    assert off_rank([("u", "v", False)], {"u": u, "v": v}, direction)


def test_a_candidate_that_breaks_a_rank_hint_is_refused_however_few_it_crosses() -> None:
    """A layout that draws ``b`` above ``a`` where a hint puts ``b`` below is refused against one that keeps it,
    though it crosses fewer edges (the search's :func:`search._kept`), and one that keeps it is taken."""
    run = drafts.Run(frozenset(), 30.0, "best", True)
    hint = (("a", "b", True),)
    against = search._lay(DotResult('digraph g { "b" -> "a"; }\n', ranks=hint), ["svg", "json0"], run,
                          finish=False, layout=STANDARD)
    along = search._lay(DotResult('digraph g { "a" -> "b"; }\n', ranks=hint),
                        ["svg", "json0"], run, finish=False, layout=STANDARD)
    assert (against.broken, along.broken) == (1, 0)
    worse = Quality(5, 0, 0, 0, 0, 0, 0.3, 100.0, 100.0)
    along.quality = worse
    assert search._merit(against) < search._merit(along)
    assert search._kept(along, against) is along
    assert search._kept(against, along) is along


@pytest.mark.parametrize(("keep", "crossings", "first"), [
    (frozenset(), 0, None), (frozenset({("a", "b")}), 0, ("a", "b")),
    (frozenset({("a", "b"), ("c", "d")}), 1, ("c", "d"))])
def test_sifting_never_puts_a_hinted_pair_the_wrong_way_round(keep: frozenset[tuple[str, str]], crossings: int,
                                                               first: tuple[str, str] | None) -> None:
    """a -> d and b -> c cross; sifting uncrosses them by swapping a pair of one rank, but never a pair the
    layout hints order (``keep``): with both ranks' pairs kept, the crossing stays."""
    drawing = Layered({"a": 0, "b": 0, "c": 1, "d": 1}, dict.fromkeys("abcd", ROOT), {ROOT: ["a", "b", "c", "d"]},
                      [("a", "d"), ("b", "c")], keep=keep)
    assert drawing.sift() == crossings
    at = drawing.positions()
    if first is not None:
        assert at[first[0]] < at[first[1]]
