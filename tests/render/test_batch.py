"""Small views laid out together in one ``dot`` process (``graphviz.run_batch``), and the schedule that draws the
views while the next ones are computed (``archkit/render/schedule.py``): the same bytes and messages as each view
drawn in a process of its own, and each view's own error when a batch fails."""

from __future__ import annotations

import importlib.util
import os
import stat
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from archkit.errors import RenderError
from archkit.load import load
from archkit.model import ModelIndex, Workspace
from archkit.render import graphviz, pipeline, schedule
from archkit.render.links import drilldown_links
from archkit.render.pipeline import _setup, first_dot, render_views
from archkit.views import Catalog, compute_view

ROOT = Path(__file__).resolve().parents[2]
MODELS = sorted((ROOT / "models").glob("*.py"))
CHAIN = """digraph "v" {
  graph [id="view-v" charset="UTF-8"];
  subgraph "cluster_a" {
    graph [id="boundary-a" label="A"];
    subgraph "cluster_a.b" {
      graph [id="boundary-a.b" label="B"];
      "a.b.x" [label="x"];
      "a.b.y" [label="y"];
      {rank=same; "a.b.x"; "a.b.y";}
    }
  }
  "z" [label="z"];
  "a.b.x" -> "z";
}
"""


def _synth_model(n: int, folder: Path) -> Path:
    spec = importlib.util.spec_from_file_location("bench_synth_batch", ROOT / "benchmarks" / "synth.py")
    assert spec is not None and spec.loader is not None
    module: ModuleType = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    path: Path = module.write_model(n, folder / f"synth-{n}.json")
    return path


def _first_dots(ws: Workspace) -> list[str]:
    """Every view's DOT text in its first encoding, as the render pipeline makes it."""
    views = ws.effective_views()
    links = drilldown_links(views, ModelIndex(ws.model).parent)
    base, catalog = _setup(ws, None, {}, graphviz.DEFAULT_TIMEOUT), Catalog(ws)
    return [first_dot(replace(base, links=links.get(v.key, {})), v, compute_view(ws, v, catalog))[0] for v in views]


def test_batchable_takes_a_chain_of_clusters_and_leaves_sibling_clusters_alone() -> None:
    assert graphviz.batchable(CHAIN)
    siblings = CHAIN.replace('  "z" [label="z"];', '  subgraph "cluster_c" {\n    "z" [label="z"];\n  }')
    assert not graphviz.batchable(siblings)  # two subgraphs of the graph: their order is the process's
    assert not graphviz.batchable(CHAIN.replace('  "z" [label="z"];', '  {rank=same; "z";}'))
    assert not graphviz.batchable(CHAIN.replace('charset="UTF-8"', 'charset="UTF-8" layout=neato'))
    assert not graphviz.batchable(CHAIN.replace('id="view-v" ', ""))  # not archkit's DOT
    assert not graphviz.batchable(CHAIN + CHAIN)  # one graph per text
    assert not graphviz.batchable(CHAIN.replace('  "z" [label="z"];', '  "z" [label="z"]; subgraph "cluster_d" {'))


@pytest.fixture(scope="module")
def example_dots(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The first DOT texts of every example model's views and of a synthetic model of 100 elements."""
    models = [*MODELS, _synth_model(100, tmp_path_factory.mktemp("synth"))]
    return [text for path in models for text in _first_dots(load(str(path)))]


def test_a_batch_draws_every_view_with_the_bytes_of_a_process_of_its_own(example_dots: list[str]) -> None:
    batchable_dots = [text for text in example_dots if graphviz.batchable(text)]
    assert len(batchable_dots) >= 15  # component views, dynamic views and single-boundary views
    alone = [graphviz.run_dot(text, "svg").content for text in batchable_dots]
    for order in (batchable_dots, batchable_dots[::-1]):  # each graph after others, in two orders
        drawn: list[bytes] = []
        for start in range(0, len(order), schedule.BATCH_VIEWS):
            outs = graphviz.run_batch(order[start:start + schedule.BATCH_VIEWS])
            assert outs is not None
            drawn += [out.content for out in outs]
        expected = alone if order is batchable_dots else alone[::-1]
        assert drawn == expected


def test_any_view_first_in_a_batch_is_drawn_with_the_bytes_of_a_process_of_its_own(example_dots: list[str]) -> None:
    leads = [text for text in example_dots if "layout=" not in text]
    follows = [text for text in example_dots if graphviz.batchable(text) and 'subgraph "%' in text][:3]
    # sibling boundaries (container, context, deployment and landscape views) are batchable too, written counted
    assert len(leads) >= 30 and sum(not graphviz.batchable(text) for text in leads) == 1  # the hexagon: its hints
    alone = [graphviz.run_dot(t, "svg").content for t in follows]
    for text in leads:
        outs = graphviz.run_batch([text, *follows])
        assert outs is not None
        assert outs[0].content == graphviz.run_dot(text, "svg").content
        assert [out.content for out in outs[1:]] == alone


def test_a_batch_that_fails_or_warns_gives_no_drawing() -> None:
    assert graphviz.run_batch([CHAIN, CHAIN]) is not None
    assert graphviz.run_batch([CHAIN, "digraph { a -> }"]) is None  # a syntax error in one graph
    assert graphviz.run_batch([CHAIN, CHAIN.replace('[label="z"]', "[shape=nonsense]")]) is None  # a warning
    assert graphviz.run_batch([CHAIN, CHAIN], timeout=1e-6) is None  # out of time


@pytest.fixture(scope="module")
def synth_100(tmp_path_factory: pytest.TempPathFactory) -> Workspace:
    return load(str(_synth_model(100, tmp_path_factory.mktemp("synth100"))))


def test_render_views_batches_small_views_with_the_same_files_and_messages(
        synth_100: Workspace, monkeypatch: pytest.MonkeyPatch) -> None:
    batches: list[int] = []
    run_batch = graphviz.run_batch

    def counted(dots: Sequence[str], *, timeout: float = graphviz.DEFAULT_TIMEOUT) -> list[graphviz.Output] | None:
        batches.append(len(dots))
        return run_batch(dots, timeout=timeout)

    monkeypatch.setattr(graphviz, "run_batch", counted)
    together = render_views(synth_100, ["svg", "dot"], layout="fast", measure=False)
    assert batches and max(batches) > 1
    monkeypatch.setattr(graphviz, "run_batch", lambda dots, timeout=0.0: None)  # every batch fails
    alone = render_views(synth_100, ["svg", "dot"], layout="fast", measure=False)
    assert [(a.relpath, a.content) for a in together.artifacts] == [(a.relpath, a.content) for a in alone.artifacts]
    assert together.messages == alone.messages


@pytest.fixture
def failing_dot(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """``dot`` that fails on any input naming the element ``Boom`` (in a batch or alone), else the real one."""
    real = graphviz.dot_executable()
    script = tmp_path / "bin" / "dot"
    script.parent.mkdir()
    script.write_text(
        "#!/bin/sh\n"
        f'case " $* " in *" -V "*) exec "{real}" "$@";; esac\n'
        'input=$(cat)\n'
        'case "$input" in *Boom*) echo "Error: boom in the input" >&2; exit 1;; esac\n'
        f'printf "%s\\n" "$input" | exec "{real}" "$@"\n', encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    monkeypatch.setenv("PATH", f"{script.parent}{os.pathsep}{os.environ['PATH']}")
    graphviz.dot_executable.cache_clear()
    yield
    graphviz.dot_executable.cache_clear()


def _all_prepared_first(monkeypatch: pytest.MonkeyPatch, count: int) -> None:
    """The first view taken is drawn only once ``count`` views are computed, so the others are queued together."""
    prepared = threading.Semaphore(0)
    real_prepare, real_draw = pipeline._prepare, pipeline._draw_prepared
    first = threading.Event()

    def prepare(*args: Any) -> Any:
        done = real_prepare(*args)
        prepared.release()
        return done

    def draw(*args: Any) -> Any:
        if not first.is_set():
            first.set()
            for _ in range(count):
                assert prepared.acquire(timeout=60)
        return real_draw(*args)

    monkeypatch.setattr(pipeline, "_prepare", prepare)
    monkeypatch.setattr(pipeline, "_draw_prepared", draw)


def test_a_view_that_fails_in_a_batch_fails_with_the_message_it_has_alone(
        failing_dot: None, monkeypatch: pytest.MonkeyPatch) -> None:
    ws = Workspace(name="Failing")
    names = ("Alpha", "Orders", "Boom", "Stock")
    for name in names:  # container views: one boundary each, so every one may share a process
        system = ws.model.software_system(name)
        system.container(f"{name} API", technology="Python")
        ws.views.container(system, key=f"c-{name.lower()}")
    views = [f"c-{name.lower()}" for name in names]
    batches: list[Sequence[str]] = []
    run_batch = graphviz.run_batch

    def counted(dots: Sequence[str], *, timeout: float = graphviz.DEFAULT_TIMEOUT) -> list[graphviz.Output] | None:
        batches.append(dots)
        return run_batch(dots, timeout=timeout)

    _all_prepared_first(monkeypatch, len(names))
    monkeypatch.setattr(graphviz, "run_batch", counted)
    with pytest.raises(RenderError) as batched:
        render_views(ws, ["svg"], views=views, layout="fast", measure=False, jobs=1)
    # Boom laid out among other views in one process (which ones depends on when each is ready: [3], [4] and,
    # in a fresh clone's CI, [2, 2] seen), and that batch failed
    assert any(len(dots) > 1 and any("Boom" in dot for dot in dots) for dots in batches), batches
    monkeypatch.setattr(graphviz, "run_batch", lambda dots, timeout=0.0: None)
    with pytest.raises(RenderError) as alone:
        render_views(ws, ["svg"], views=views, layout="fast", measure=False, jobs=1)
    assert "c-boom" in str(alone.value) and "boom in the input" in str(alone.value)
    assert str(batched.value) == str(alone.value)


def test_the_schedule_hands_out_in_order_and_raises_each_error_when_its_turn_comes() -> None:
    def prepare(n: int) -> int:
        if n == 3:
            raise ValueError("three cannot be computed")
        return n

    def draw(n: int, laid: str | None) -> int:
        time.sleep(0.001 * (n % 4))  # out of order on the threads
        if n == 7:
            raise KeyError("seven cannot be drawn")
        return n

    for items, error, before in ((range(10), ValueError, [0, 1, 2]), ([0, 1, 2, 4, 5, 6, 7, 8, 9], KeyError,
                                                                      [0, 1, 2, 4, 5, 6])):
        out: list[int] = []
        with pytest.raises(error):
            for n in schedule.drawn(items, prepare, lambda n: None, lambda texts: None, draw, jobs=2):
                out.append(n)
        assert out == before
    handed = schedule.drawn(range(20), lambda n: n, lambda n: None, lambda texts: None, lambda n, laid: n * 2, jobs=2)
    assert next(handed) == 0
    handed.close()  # the caller stops asking: the threads end (the test would hang otherwise)
    assert list(schedule.drawn(range(20), lambda n: n, lambda n: None, lambda texts: None, lambda n, laid: n * 2,
                               jobs=2)) == [n * 2 for n in range(20)]


@pytest.mark.parametrize("failing", [False, True])
def test_the_schedule_lays_out_the_views_that_may_share_a_process_together(failing: bool) -> None:
    laid_out: list[list[str]] = []
    queued = threading.Event()

    def lay(texts: Sequence[str]) -> list[str] | None:
        laid_out.append(list(texts))
        return None if "fail" in texts else [f"drawing of {t}" for t in texts]

    def prepare(n: int) -> int:
        if n == 11:
            queued.set()
        return n

    def draw(n: int, laid: str | None) -> tuple[int, str | None]:
        if n == 0:  # drawn once (nearly) every view is queued behind it
            assert queued.wait(timeout=30)
        return n, laid

    texts = {n: "fail" if failing and n == 6 else f"t{n}" for n in (2, 4, 6, 8, 9, 10)}  # view 0 and 1, 3, ...: none
    shares = {n: schedule.Share(text, follows=n not in (2, 9)) for n, text in texts.items()}  # 2 and 9 only lead
    handed = list(schedule.drawn(range(12), prepare, shares.get, lay, draw, jobs=1))
    assert [n for n, _ in handed] == list(range(12))
    # the views that may follow are shared between the two that may only lead, each a batch
    assert laid_out == [["t2", "t4", "fail" if failing else "t6"], ["t9", "t8", "t10"]]
    failed = {2, 4, 6} if failing else set()
    assert dict(handed) == {n: f"drawing of t{n}" if n in texts and n not in failed else None for n in range(12)}
