"""Large views: the encoding chosen by size, the fallbacks when Graphviz fails, and a 1000-element view."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType

import pytest

from archkit.errors import RenderError
from archkit.render import band, draw_view, fold, graphviz, render_workspace, rows
from archkit.render.dot import DotResult, view_to_dot
from archkit.render.icons import IconResolver
from archkit.render.layout import (
    CLUSTER_LIMIT,
    COMPACTS,
    FORCE,
    STANDARD,
    STANDARD_LIMIT,
    UNTANGLE,
    XLABEL,
    candidates,
    choose,
    merit,
    untangle,
)
from archkit.render.quality import measure_json
from archkit.render.style import LIGHT, Styler
from archkit.views import ComputedNode, ComputedView, compute_view
from tests.models import gallery

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "large_views.py"


def _large_views() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_large_views", BENCHMARK)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def sized(n: int) -> ComputedView:
    return ComputedView("v", "container", "V", nodes=tuple(ComputedNode(f"n{i}", "N", "Container") for i in range(n)))


def test_encoding_is_chosen_by_view_size() -> None:
    assert choose(sized(1)) is STANDARD and choose(sized(STANDARD_LIMIT)) is STANDARD
    assert choose(sized(STANDARD_LIMIT + 1)) is XLABEL and choose(sized(CLUSTER_LIMIT)) is XLABEL
    assert choose(sized(CLUSTER_LIMIT + 1)) is FORCE


def test_force_layout_writes_boundaries_into_node_labels() -> None:
    ws = gallery.build()
    dot = view_to_dot(compute_view(ws, ws.views["component-orders-api"]), Styler(ws.styles, LIGHT),
                      IconResolver(), layout=FORCE).text
    assert "subgraph" not in dot and "lhead" not in dot and 'layout="sfdp"' in dot
    assert "in Orders › API" in dot and "xlabel=<" in dot


def test_a_failing_layout_falls_back_to_the_next_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    real = graphviz.render_formats

    def flaky(dot: str, formats: Sequence[str], **kw: object) -> dict[str, graphviz.Output]:
        if "archkit:label:" in dot:  # the standard layout, as if Graphviz failed it
            raise RenderError("dot: Graphviz failed (Error: trouble in init_rank)")
        return real(dot, formats, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(graphviz, "render_formats", flaky)
    artifacts, messages = render_workspace(gallery.build(), formats=("svg",), views=["container-orders"])
    assert artifacts[0].content.startswith(b"<?xml")
    assert any("trouble in init_rank" in m and "'ranked' layout" in m for m in messages)


def test_timeouts_fall_back_to_the_force_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    real = graphviz.render_formats

    def slow(dot: str, formats: Sequence[str], **kw: object) -> dict[str, graphviz.Output]:
        if 'layout="sfdp"' not in dot:
            raise graphviz.DotTimeout("dot: layout took longer than 20 s")
        return real(dot, formats, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(graphviz, "render_formats", slow)
    _, messages = render_workspace(gallery.build(), formats=("svg",), views=["container-orders"])
    assert any("longer than 20 s" in m and "'force' layout" in m for m in messages)


def test_a_view_no_layout_can_draw_is_a_render_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(dot: str, formats: Sequence[str], **kw: object) -> dict[str, graphviz.Output]:
        raise RenderError("dot: Graphviz failed (boom)")

    monkeypatch.setattr(graphviz, "render_formats", broken)
    with pytest.raises(RenderError, match=r"view 'container-orders': .*split the view"):
        render_workspace(gallery.build(), formats=("svg",), views=["container-orders"])


def test_attempts_before_the_last_get_a_short_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[float] = []

    def record(dot: str, formats: Sequence[str], *, timeout: float, **kw: object) -> dict[str, graphviz.Output]:
        seen.append(timeout)
        raise graphviz.DotTimeout("dot: layout took longer than it may")

    monkeypatch.setattr(graphviz, "render_formats", record)
    with pytest.raises(RenderError):
        # one layout after the other: with a lane to spare, the next candidate is laid out ahead too
        render_workspace(gallery.build(), formats=("svg",), views=["container-orders"], timeout=90, jobs=1)
    assert seen == [draw_view.ATTEMPT_TIMEOUT] * 3 + [90]


def test_a_small_view_is_drawn_in_the_candidate_encoding_that_measures_best(
        monkeypatch: pytest.MonkeyPatch) -> None:
    laid_out: list[tuple[DotResult, band.Fit]] = []
    real = band.choose

    def record(dot: DotResult, geometry: str | bytes, **kw: float) -> band.Fit:
        fit = real(dot, geometry, **kw)  # a candidate: laid out and measured, then its legend placed
        laid_out.append((dot, fit))
        return fit

    monkeypatch.setattr(band, "choose", record)
    monkeypatch.setattr(fold, "candidates", lambda *args: [])  # folded rows: tests/render/test_fold.py
    ws = gallery.build()
    view = compute_view(ws, ws.views["container-orders"])
    options = candidates(view, choose(view))
    assert len(options) > 1
    artifacts, _ = render_workspace(ws, formats=("svg", "dot"), views=["container-orders"])
    # each candidate measured with the fill it will have with its legend where band.choose puts it
    measured = [measure_json(graphviz.layout_json(dot.text)) for dot, _ in laid_out]
    measured = [replace(q, fill=q.fill / fit.scale) for q, (_, fit) in zip(measured, laid_out, strict=True)]
    first = min(measured[:len(options)], key=merit)
    assert len(laid_out) == len(options) + len(untangle(view, choose(view), first.crossings))
    scores = [merit(quality) for quality in measured]
    drawn = next(a for a in artifacts if a.relpath.endswith(".dot")).content.decode()
    best, fit = laid_out[scores.index(min(scores))]
    # its legend where the fit puts it, its ranks' boxes then one size, drawn with the tightest separations
    assert drawn == rows.spaced(rows.even(band.apply(best, fit), graphviz.layout_json(best.text)), COMPACTS[0])


def test_a_1000_element_container_view_with_boundaries_renders_with_the_scalable_layout() -> None:
    # how long it takes is measured in benchmarks/large_views.py, never asserted here
    ws = _large_views().large_workspace(1000)
    view = compute_view(ws, ws.views["large"])
    assert len(view.nodes) == 1000 and len(view.boundaries) == 101 and len(view.edges) == 2000
    artifacts, messages = render_workspace(ws, formats=("svg",))
    assert artifacts[0].content.startswith(b"<?xml") and b'id="el-platform.s0699"' in artifacts[0].content
    assert any("'force' layout" in m for m in messages)


def test_only_a_small_view_that_still_crosses_edges_is_laid_out_once_more() -> None:
    ws = gallery.build()
    small = compute_view(ws, ws.views["container-orders"])
    assert untangle(small, choose(small), 0) == []
    assert untangle(small, choose(small), 3) == list(UNTANGLE)
    assert untangle(sized(STANDARD_LIMIT + 1), XLABEL, 3) == []


def test_the_reversed_candidate_declares_the_elements_in_reverse_order() -> None:
    ws = gallery.build()
    view = compute_view(ws, ws.views["container-orders"])
    styler, icons = Styler(ws.styles, LIGHT), IconResolver.for_properties(ws.properties)
    reversed_dot = view_to_dot(view, styler, icons, layout=UNTANGLE[1]).text
    for parent in {n.parent for n in view.nodes}:  # within each boundary (and at the top level)
        at = [reversed_dot.index(f'"{n.id}" [id=') for n in view.nodes if n.parent == parent]
        assert at == sorted(at, reverse=True)
    assert max(sum(n.parent == p for n in view.nodes) for p in {n.parent for n in view.nodes}) > 1
    assert UNTANGLE[1].reverse and view_to_dot(view, styler, icons, layout=STANDARD).text != reversed_dot
