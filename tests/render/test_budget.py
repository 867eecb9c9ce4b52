"""The layout search's budget: which views are laid out in several candidate encodings, and how many.

Decisions only (deterministic, from the view and measured figures); what they cost is measured
in benchmarks/README.md, never asserted here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit import load
from archkit.cli import app
from archkit.errors import RenderError
from archkit.render import budget, drafts, graphviz, render_views, resident, search
from archkit.render.dot import DotResult
from archkit.render.layout import ALTERNATIVES, STANDARD, UNTANGLE, XLABEL, Layout, candidates
from archkit.render.pipeline import render_dot
from archkit.render.quality import Quality
from archkit.views import ComputedBoundary, ComputedEdge, ComputedNode, ComputedView
from tests.models import gallery


def view(nodes: int, edges: int) -> ComputedView:
    """A view of ``nodes`` containers and ``edges`` labelled relationships between them."""
    ids = [f"n{i}" for i in range(nodes)]
    pairs = [(ids[k % nodes], ids[(k + 1 + k // nodes) % nodes]) for k in range(edges)]
    return ComputedView("v", "container", "V", nodes=tuple(ComputedNode(i, i.upper(), "Container") for i in ids),
                        edges=tuple(ComputedEdge(f"r{k}", a, b, "Calls") for k, (a, b) in enumerate(pairs)))


def quality(crossings: int = 0, backward: int = 0, fill: float = 0.3) -> Quality:
    return Quality(crossings, 0, 0, 0, 0, backward, fill, 100.0, 100.0)


def test_a_small_view_is_searched_in_best_mode_only() -> None:
    small = view(6, 8)
    assert budget.first(small, STANDARD, "best") == [STANDARD, *ALTERNATIVES] == candidates(small, STANDARD)
    assert budget.first(small, STANDARD, "fast") == [STANDARD]


def test_a_view_past_the_work_budget_is_laid_out_once() -> None:
    at = view(12, budget.SEARCH_WORK)
    past = view(12, budget.SEARCH_WORK + 1)
    assert budget.work(at) == budget.SEARCH_WORK and len(budget.first(at, STANDARD, "best")) > 1
    assert budget.first(past, STANDARD, "best") == [STANDARD]
    assert budget.more(past, STANDARD, "best", quality(crossings=40)) == []


def test_a_larger_encoding_is_never_searched() -> None:
    assert budget.first(view(6, 8), XLABEL, "best") == [XLABEL]


def test_a_perfect_first_layout_ends_the_search() -> None:
    assert not budget.improvable(quality())
    assert budget.improvable(quality(crossings=1)) and budget.improvable(quality(backward=1))
    assert budget.improvable(quality(fill=0.1))  # room wasted counts: the alternatives aim at it


def test_untangling_candidates_only_for_a_searched_view_that_still_crosses_edges() -> None:
    small = view(6, 8)
    assert budget.more(small, STANDARD, "best", quality(crossings=2)) == list(UNTANGLE)
    assert budget.more(small, STANDARD, "best", quality(crossings=0, fill=0.1)) == []
    assert budget.more(small, STANDARD, "fast", quality(crossings=2)) == []


def test_the_mode_is_the_option_else_the_property_else_best() -> None:
    assert budget.mode({}) == "best"
    assert budget.mode({"archkit.layout": "fast"}) == "fast"
    assert budget.mode({"archkit.layout": " Fast "}) == "fast"
    assert budget.mode({"archkit.layout": "fast"}, "best") == "best"


def test_an_unknown_mode_is_an_error_naming_where_it_came_from() -> None:
    with pytest.raises(RenderError, match=r"property 'archkit.layout': unknown layout mode 'quick' — use 'best'"):
        budget.mode({"archkit.layout": "quick"})
    with pytest.raises(RenderError, match=r"--layout: unknown layout mode 'x'"):
        budget.mode({}, "x")


def test_the_geometry_is_json0_unless_an_edge_has_a_graphviz_label() -> None:
    nodes_only = '"a" -> "archkit:label:a->b" [id="rel-a->b"];\n"archkit:label:a->b" [label=<Calls>];\n'
    assert drafts.geometry(DotResult(nodes_only)) == "json0"
    assert drafts.geometry(DotResult(nodes_only + '"a" -> "c" [id="rel-a->c" xlabel=<Reads>];\n')) == "json"
    assert drafts.geometry(DotResult('"a" -> "c" [id="rel-a->c" label=<Reads>];\n')) == "json"


def _count_runs(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """Per view (the DOT's first line names it): how many ``dot`` runs drew it, a candidate laid out with others by
    one process counted as one. Counted with ``jobs=1``: with
    a lane to spare, a candidate may be laid out ahead and then not needed (archkit/render/ahead.py)."""
    runs: dict[str, int] = {}
    real = graphviz.render_formats

    def count(dot: str, formats: Sequence[str], **kw: object) -> dict[str, graphviz.Output]:
        key = dot.splitlines()[0]
        runs[key] = runs.get(key, 0) + 1
        return real(dot, formats, **kw)  # type: ignore[arg-type]

    def count_batch(dots: Sequence[str], fmt: str, **kw: object) -> list[graphviz.Output] | None:
        for dot in dots:  # candidates laid out by one process (archkit/render/search.py, ``_together``)
            key = dot.splitlines()[0]
            runs[key] = runs.get(key, 0) + 1
        return real_batch(dots, fmt, **kw)  # type: ignore[arg-type]

    real_batch = graphviz.run_batch_json
    monkeypatch.setattr(graphviz, "render_formats", count)
    monkeypatch.setattr(graphviz, "run_batch_json", count_batch)
    real_kept = resident._Process.layout

    def count_kept(self: resident._Process, text: str, timeout: float) -> graphviz.Output | None:
        if not text.startswith("digraph bands"):  # a candidate laid out by the view's open ``dot`` process
            key = text.splitlines()[0]
            runs[key] = runs.get(key, 0) + 1
        return real_kept(self, text, timeout)

    monkeypatch.setattr(resident._Process, "layout", count_kept)
    return runs


def test_fast_lays_every_view_out_once_and_best_searches(monkeypatch: pytest.MonkeyPatch) -> None:
    ws = gallery.build()
    keys = ["system-landscape", "container-orders"]
    runs = _count_runs(monkeypatch)
    fast = render_views(ws, formats=("svg",), views=keys, layout="fast", jobs=1)
    assert sorted(runs.values()) == [1, 1] and list(fast.quality) == keys
    runs.clear()
    best = render_views(ws, formats=("svg",), views=keys, layout="best", jobs=1)
    assert max(runs.values()) > 1 and list(best.quality) == keys
    ws.properties["archkit.layout"] = "fast"
    runs.clear()
    render_views(ws, formats=("svg",), views=keys, jobs=1)
    assert sorted(runs.values()) == [1, 1]


def test_the_winner_is_not_laid_out_again_for_its_svg(monkeypatch: pytest.MonkeyPatch) -> None:
    ws = gallery.build()
    runs = _count_runs(monkeypatch)
    render_views(ws, formats=("svg",), views=["container-orders"], jobs=1)
    searched = next(iter(runs.values()))
    monkeypatch.undo()
    runs = _count_runs(monkeypatch)
    done = render_views(ws, formats=("svg", "png", "dot"), views=["container-orders"], jobs=1)
    # the winner's one more run draws its rows evened (archkit/render/rows.py) in every format at once
    assert next(iter(runs.values())) == searched
    drawn = next(a.content for a in done.artifacts if a.relpath.endswith(".dot")).decode("utf-8")
    assert drawn != render_dot(ws, "container-orders")


def test_render_layout_option_and_property_through_the_cli(tmp_path: Path) -> None:
    model = tmp_path / "shop.yaml"
    model.write_text("name: Shop\nproperties:\n  archkit.layout: quick\nmodel:\n  people:\n    - name: Customer\n",
                     encoding="utf-8")
    runner = CliRunner()
    bad = runner.invoke(app, ["render", str(model), "-o", str(tmp_path / "out"), "-f", "svg"])
    # `check` reports the property (so build, render, docs and check agree); --layout does not mend the model
    finding = "workspace property 'archkit.layout': unknown layout mode 'quick'; use 'best'"
    assert bad.exit_code == 1 and finding in bad.output and "[error workspace.unknown-layout]" in bad.output
    still = runner.invoke(app, ["render", str(model), "-o", str(tmp_path / "out"), "-f", "svg", "--layout", "fast"])
    assert still.exit_code == 1 and finding in still.output
    model.write_text(model.read_text(encoding="utf-8").replace("quick", "best"), encoding="utf-8")
    good = runner.invoke(app, ["render", str(model), "-o", str(tmp_path / "out"), "-f", "svg", "--layout", "fast"])
    assert good.exit_code == 0, good.output
    wrong = runner.invoke(app, ["render", str(model), "-o", str(tmp_path / "out"), "--layout", "slow"])
    assert wrong.exit_code == 2


def test_a_dense_view_of_a_real_models_size_gets_the_source_side_candidate_only() -> None:
    sparse = view(30, 50)  # past SEARCH_WORK, within DENSE_WORK, under DENSE_RATIO per element
    assert budget.dense(sparse) and budget.searched(sparse, STANDARD, "best")
    assert budget.first(sparse, STANDARD, "best") == [STANDARD]
    assert budget.more(sparse, STANDARD, "best", quality(crossings=3)) == [UNTANGLE[0]]
    assert budget.more(sparse, STANDARD, "best", quality(crossings=0, fill=0.1)) == []
    assert budget.more(sparse, STANDARD, "fast", quality(crossings=3)) == []
    assert not budget.searched(sparse, STANDARD, "fast")


def test_a_dense_view_with_external_sinks_also_gets_them_below_its_boundaries() -> None:
    flat = view(30, 50)
    inside = tuple(replace(n, parent="s") for n in flat.nodes)
    sink = ComputedNode("x", "X", "Software System", external=True)
    calls = tuple(ComputedEdge(f"n{i}->x", f"n{i}", "x", "Sends") for i in (0, 9))
    boxed = replace(flat, nodes=(*inside, sink), edges=flat.edges + calls,
                    boundaries=(ComputedBoundary("s", "S", "Software System"),))
    assert budget.dense(boxed)
    source_side = UNTANGLE[0]
    assert budget.more(boxed, STANDARD, "best", quality(crossings=3)) == [
        source_side, replace(source_side, sinks_below=True)]
    assert budget.more(boxed, STANDARD, "best", quality(crossings=0, fill=0.1)) == []
    small = replace(boxed, edges=boxed.edges[:budget.SEARCH_WORK])  # the full search: no such candidate
    assert not budget.dense(small)
    assert not any(c.sinks_below for c in budget.more(small, STANDARD, "best", quality(crossings=3)))


def test_a_view_past_the_work_budget_that_still_crosses_is_restarted_from_its_best_one_flag_at_a_time() -> None:
    past = view(30, budget.SEARCH_WORK + 1)
    best = replace(UNTANGLE[0], sinks_below=True, hub_room=(2, 3))
    assert budget.restarted(past, best, quality(crossings=5)) == [
        replace(best, label_home="shared"), replace(best, reverse=True)]
    assert budget.restarted(past, replace(STANDARD, reverse=True), quality(crossings=5)) == [
        replace(STANDARD, reverse=True, label_home="tail"), STANDARD]
    assert budget.restarted(past, best, quality(crossings=0, backward=2)) == []
    assert budget.restarted(view(12, budget.SEARCH_WORK), best, quality(crossings=5)) == []  # searched in full
    assert budget.restarted(past, None, quality(crossings=5)) == []


def test_a_view_too_dense_or_too_large_for_the_cheap_search_is_laid_out_once() -> None:
    # 2.5 relationships per element; past WIDE_WORK (at 2 per element)
    for shape in [(12, 30), (budget.WIDE_WORK // 2 + 1, budget.WIDE_WORK + 1)]:
        past = view(*shape)
        assert not budget.dense(past) and not budget.searched(past, STANDARD, "best")
        assert budget.more(past, STANDARD, "best", quality(crossings=40)) == []
    small = view(6, 8)  # within SEARCH_WORK: the full search, never the dense one
    assert not budget.dense(small) and budget.searched(small, STANDARD, "best")
    assert not budget.searched(view(30, 50), XLABEL, "best")


def test_a_view_of_a_large_real_models_size_gets_the_dense_search_and_the_reads_with_its_sinks_below() -> None:
    # the hospital's containers (84 relationships, 50 elements) and the like: past DENSE_WORK and over
    # CANDIDATE_NODES elements, within WIDE_WORK and DENSE_RATIO per element
    wide = view(50, 84)
    assert budget.dense(wide) and budget.wide(wide) and budget.searched(wide, STANDARD, "best")
    assert not budget.searched(wide, STANDARD, "fast") and not budget.searched(wide, XLABEL, "best")
    assert budget.first(wide, STANDARD, "best") == [STANDARD]
    # the source-side candidate as a dense view's (it wins video_streaming's production 132 -> 84)
    assert budget.more(wide, STANDARD, "best", quality(crossings=40)) == [UNTANGLE[0]]
    assert budget.more(wide, STANDARD, "best", quality(crossings=0, fill=0.1)) == []
    turned = budget.reads_up(wide, STANDARD, STANDARD, quality(crossings=40))
    assert turned == [replace(STANDARD, reads_up=True)]  # the reads' candidate, as for a dense view
    assert budget.reads_up(wide, STANDARD, STANDARD, quality(crossings=0, fill=0.1)) == []
    # past SEARCH_WORK it keeps the best's hubs' labels by their sources (video_streaming's production 79 -> 47)
    railed = replace(UNTANGLE[0], hubs=budget.HUB_EDGES)
    assert budget.reads_up(wide, STANDARD, railed, quality(crossings=40)) == [
        replace(STANDARD, reads_up=True, hubs=budget.HUB_EDGES)]
    inside = tuple(replace(n, parent="s") for n in wide.nodes)
    sink = ComputedNode("x", "X", "Software System", external=True)
    calls = tuple(ComputedEdge(f"n{i}->x", f"n{i}", "x", "Sends") for i in (0, 9))
    boxed = replace(wide, nodes=(*inside, sink), edges=wide.edges + calls,
                    boundaries=(ComputedBoundary("s", "S", "Software System"),))
    assert budget.wide(boxed)  # with external sinks: the reads' candidate with them below only (its retries cost two)
    assert budget.reads_up(boxed, STANDARD, STANDARD, quality(crossings=40)) == [
        replace(STANDARD, reads_up=True, sinks_below=True)]
    sparse = view(50, 60)  # as many elements, within DENSE_WORK: the source-side candidate too
    assert budget.dense(sparse) and not budget.wide(sparse)
    assert budget.more(sparse, STANDARD, "best", quality(crossings=3)) == [UNTANGLE[0]]


def test_a_dense_view_is_laid_out_again_only_while_it_crosses_edges(monkeypatch: pytest.MonkeyPatch) -> None:
    runs = _count_runs(monkeypatch)
    booking = load(Path(__file__).parents[2] / "benchmarks" / "untuned" / "booking_platform.py")
    done = render_views(booking, formats=("svg",), views=["containers", "context"], jobs=1)
    counts = {key.split("(")[-1].rstrip(")"): n for key, n in runs.items()}
    # context: 9 relationships, a first layout with nothing to improve, drawn again with its legend in a smaller title
    # band (archkit/render/band.py: an SVG-only render has no PNG run to draw it in); containers: the first layout,
    # the source-side candidate and the same with the external sinks below (archkit/render/below.py), the labels into
    # its hubs kept by their sources (label rails: dot.py's Layout.hubs; not kept), the paths of its hub (the API
    # gateway) over more ranks, in the two ways of budget.HUB_ROOM (render/flow.py hubs; the first kept: 65 -> 61),
    # the first with its readers below the stores they read (render/flow.py reads), once more with the external sinks
    # below, which draws edges through elements, and its two port retries (archkit/render/ports.py; none kept), the
    # best with its labels in the other boundary and with its elements in the other order (budget.restarted; the
    # second kept: 62 -> 61), the callers of shared stores a rank apart (render/flow.py staggered), an order of our
    # own suggested and held (archkit/render/order.py), and the winner drawn with its rows evened
    # (archkit/render/rows.py) and its legend placed in that same run (archkit/render/band.py), with the tightest
    # compact separations (layout.TIGHTEST: it adds a defect here, so drawn once more with layout.COMPACT, kept)
    assert counts == {"containers": 17, "context": 2}
    assert done.quality["containers"].crossings > 0


def _searched_runs(monkeypatch: pytest.MonkeyPatch, texts: dict[Layout, str]) -> list[str]:
    """The DOT texts laid out as candidates when a searched view's encodings are written as ``texts``."""
    laid: list[str] = []
    real = graphviz.render_formats

    def count(dot: str, formats: Sequence[str], **kw: object) -> dict[str, graphviz.Output]:
        if kw.get("post") is False:
            laid.append(dot)
        return real(dot, formats, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(graphviz, "render_formats", count)
    run = drafts.Run(frozenset(), 30.0, "best", measure=True)
    plain = {"pinned": None, "staggered": (), "reads_up": False, "level": False}
    search.draw(view(6, 8), STANDARD, ["svg"], lambda layout: DotResult(texts[replace(layout, **plain)]), run)
    return laid


#: every a calls every b: edges cross
_TANGLED = "digraph {{ {} a1 -> {{b1 b2 b3}}; a2 -> {{b1 b2 b3}}; a3 -> {{b1 b2 b3}} }}"
_PERFECT = 'digraph { "a" [shape=box]; "b" [shape=box]; "a" -> "b" }'


def test_a_candidate_written_as_an_earlier_one_is_not_laid_out_again(monkeypatch: pytest.MonkeyPatch) -> None:
    same = _TANGLED.format("")
    laid = _searched_runs(monkeypatch, {STANDARD: same, ALTERNATIVES[0]: same, UNTANGLE[0]: same, UNTANGLE[1]: same})
    assert laid == [same]  # its layout would be the first one's again: it could not be better


def test_no_candidate_is_laid_out_once_one_has_nothing_to_improve(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = {STANDARD: _TANGLED.format(""), ALTERNATIVES[0]: _TANGLED.format("x;"), UNTANGLE[0]: _PERFECT,
             UNTANGLE[1]: _TANGLED.format("y;")}
    laid = _searched_runs(monkeypatch, texts)
    assert laid == [texts[STANDARD], texts[ALTERNATIVES[0]], _PERFECT]  # a merit of 0 cannot be beaten


def test_the_dense_views_of_the_untuned_models_are_all_searched() -> None:
    """Every view of a real model's size in ``benchmarks/untuned/`` gets the search: none is laid out once
    for its size (payments' production, 64 relationships; the hospital's containers, 84 on 50 elements)."""
    from archkit.render.layout import choose
    from archkit.views import Catalog, compute_view

    untuned = Path(__file__).parents[2] / "benchmarks" / "untuned"
    for name, key in [("payments_hub", "production"), ("hospital_platform", "containers"),
                      ("factory_telemetry", "containers")]:
        ws = load(untuned / f"{name}.py")
        view = next(v for v in ws.effective_views() if v.key == key)
        computed = compute_view(ws, view, Catalog(ws))
        assert budget.wide(computed) and budget.searched(computed, choose(computed), "best"), (name, key)


def test_a_hinted_view_whose_best_draws_a_label_over_something_gets_more_room_between_flat_ends() -> None:
    from archkit.views import ComputedHint

    plain = view(4, 4)
    hinted = replace(plain, direction="LR", hints=(ComputedHint("below", ("n1", "n0")),))
    overlapping = replace(quality(), label_overlaps=2)
    assert budget.flat_roomed(hinted, STANDARD, overlapping) == [replace(STANDARD, flat_room=True)]
    assert budget.flat_roomed(hinted, STANDARD, quality()) == []  # nothing overlaps: the layout is left as it is
    assert budget.flat_roomed(plain, STANDARD, overlapping) == []  # no hints: no flat edges to make room for
    assert budget.flat_roomed(hinted, replace(STANDARD, flat_room=True), overlapping) == []  # tried already
