"""Profile archkit's own code (cProfile) on a synthetic model: where does the time go?

    python benchmarks/hotspots.py load 5000      # load + check
    python benchmarks/hotspots.py render 1000    # views -> DOT -> dot -> SVG, one view at a time
    python benchmarks/hotspots.py render 1000 --top 40 --sort cumulative
    python benchmarks/hotspots.py render 1000 --layout fast   # one layout per view

``render`` runs every view in this thread (no worker threads, so cProfile sees
the work); time spent waiting for the ``dot`` subprocess shows up as
``select.poll``/``communicate`` and is Graphviz's, not archkit's. The CPU line
at the end is this process's own CPU time, which excludes ``dot``.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from synth import write_model  # noqa: E402


def _load_and_check(model: Path) -> None:
    from archkit.check import check
    from archkit.load import load

    check(load(model), str(model))


def _render(model: Path, layout: str = "best") -> None:
    from dataclasses import replace

    from archkit.load import load
    from archkit.render.pipeline import _render_view, _setup, drilldown_links
    from archkit.views import Catalog

    ws = load(model)
    views = ws.effective_views()
    catalog = Catalog(ws)
    links = drilldown_links(views, catalog.index.parent)
    base = replace(_setup(ws, None, {}, 600.0), search=layout, measure=False)  # as render_workspace sets it up
    for view in views:
        _render_view(replace(base, links=links.get(view.key, {})), view, ("svg",), catalog)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=("load", "render"))
    parser.add_argument("n", type=int, help="elements in the synthetic model")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--sort", default="tottime", choices=("tottime", "cumulative"))
    parser.add_argument("--layout", default="best", choices=("best", "fast"), help="the layout search's mode")
    parser.add_argument("--out", type=Path, help="also save the raw profile (for snakeviz, pstats)")
    args = parser.parse_args(argv)
    model = write_model(args.n, BENCH / ".work" / "models" / f"synth-{args.n}.json")
    profiler = cProfile.Profile()
    cpu, wall = time.process_time(), time.perf_counter()
    if args.what == "load":
        profiler.runcall(_load_and_check, model)
    else:
        profiler.runcall(_render, model, args.layout)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    stats = pstats.Stats(profiler)
    if args.out is not None:
        stats.dump_stats(str(args.out))
    stats.sort_stats(args.sort).print_stats(args.top)
    print(f"{args.what} N={args.n}: {wall:.2f} s wall, {cpu:.2f} s CPU in this process (profiled)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
