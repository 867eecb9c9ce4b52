"""Layout quality (issue 13): the layout measure summed over every example view and synthetic models.

For each corpus (the example models in ``models/``; the untuned models in
``benchmarks/untuned/``, dense models written from the README alone (``.py`` and ``.yaml``), all but
``saas_billing.py``
without layout hints (``hinted.py`` measures its views with and without them), always with Structurizr's
export of the same views beside them; then synthetic models of ``--synth`` sizes from
``synth.py``) every view is rendered the way ``archkit render`` does it and measured by
``archkit.render.quality`` (the ``-Tjson`` of the same ``dot`` run). The table gives the totals
of every measure, the mean fill, the weighted score, and the wall time of the rendering: for the
examples and the untuned models, ``render_views`` with the default formats (SVG and PNG), best
of ``--repeat``; for the synthetic models, SVG only; with the CPU time of the process and its
``dot`` runs (the machine is shared: wall time varies more).

    .venv/bin/python benchmarks/layout.py                         # examples + N=100, 300
    .venv/bin/python benchmarks/layout.py --json after.json --compare before.json
    .venv/bin/python benchmarks/layout.py --synth --views         # examples only, a row per view
    .venv/bin/python benchmarks/layout.py --peer                  # + Structurizr's DOT export, measured alike

``--json FILE`` keeps every figure of every view; ``--compare FILE`` prints the totals of an
earlier ``--json`` next to today's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from archkit import load
from archkit.errors import RenderError
from archkit.model import ImageView
from archkit.render import graphviz, render_views
from archkit.render.draw_view import MEASURE_LIMIT
from archkit.render.layout import size
from archkit.render.quality import MEASURES, Quality, measure_json
from archkit.render.quality_text import report
from archkit.render.style import THEMES, Styler
from archkit.views import Catalog, compute_view

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from peers_structurizr_dot import structurizr_dot  # noqa: E402
from synth import write_model  # noqa: E402

SYNTH_SIZES = (100, 300)
COLUMNS = ("views", *MEASURES, "mean_fill", "score")
SHORT = {"edge_through_element": "through", "label_overlaps": "overlaps", "labels_crossed": "crossed",
         "detached_labels": "detached", "backward_edges": "backward", "label_rails": "rails",
         "titles_crossed": "titles"}


def _cpu() -> float:
    """CPU seconds of this process and of the children it waited for (``dot``)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def measure_model(path: Path, formats: Sequence[str], repeat: int) -> tuple[dict[str, Quality], float, float]:
    """Every view of the model at ``path`` measured, and the best wall and CPU times of rendering them all."""
    ws = load(path)
    best, cpu, measured = float("inf"), float("inf"), {}
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), _cpu()
        done = render_views(ws, formats=formats)
        best = min(best, time.perf_counter() - start)
        cpu = min(cpu, _cpu() - start_cpu)
        measured = done.quality
    return measured, best, cpu


def measure_peer(path: Path) -> tuple[dict[str, Quality], float, float]:
    """Every view of the model that archkit measures, drawn from Structurizr's DOT export instead."""
    ws = load(path)
    styler = Styler(ws.styles, THEMES[ws.styles.theme])
    catalog = Catalog(ws)
    measured: dict[str, Quality] = {}
    start, start_cpu = time.perf_counter(), _cpu()
    for view in ws.effective_views():
        if isinstance(view, ImageView):  # a picture drawn elsewhere: archkit measures no layout of it either
            continue
        computed = compute_view(ws, view, catalog)
        if size(computed) > MEASURE_LIMIT:
            continue
        try:
            measured[view.key] = measure_json(graphviz.layout_json(structurizr_dot(computed, styler), timeout=60))
        except RenderError as exc:
            print(f"{path.stem}/{view.key}: structurizr-dot: {exc}", file=sys.stderr)
    return measured, time.perf_counter() - start, _cpu() - start_cpu


def corpus(name: str, paths: Sequence[Path], formats: Sequence[str], repeat: int, peer: bool = False,
           defects: bool = False) -> dict[str, Any]:
    views: dict[str, Quality] = {}
    seconds = cpu = 0.0
    for path in paths:
        measured, took, used = measure_peer(path) if peer else measure_model(path, formats, repeat)
        seconds, cpu = seconds + took, cpu + used
        views.update({f"{path.stem}/{key}": q for key, q in measured.items()})
    summary = report(views, defects)
    return {"name": name, "render_s": round(seconds, 2), "cpu_s": round(cpu, 2),
            "formats": ["json"] if peer else list(formats), **summary}


def table(rows: Sequence[dict[str, Any]], before: dict[str, dict[str, Any]] | None = None) -> str:
    heads = ["corpus", *(SHORT.get(c, c) for c in COLUMNS), "render s", "cpu s"]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for row in rows:
        totals = row["totals"]
        old = (before or {}).get(row["name"])
        cells = [row["name"]]
        for column in (*COLUMNS, "render_s", "cpu_s"):
            timed = column in ("render_s", "cpu_s")
            value = row[column] if timed else totals[column]
            text = f"{value:.2f}" if column == "mean_fill" or timed else str(value)
            if old is not None:
                was = old.get(column, float("nan")) if timed else old["totals"].get(column)  # a newer figure: none
                text = ("– → " if was is None else f"{was:.2f} → " if column == "mean_fill" or timed
                        else f"{was} → ") + text
            cells.append(text)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def view_rows(row: dict[str, Any]) -> str:
    lines = []
    for key, figures in row["views"].items():
        shown = " ".join(f"{SHORT.get(m, m)}={figures[m]}" for m in (*MEASURES, "fill", "score"))
        lines.append(f"{key:50} {shown} {figures['width']:.0f}x{figures['height']:.0f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synth", type=int, nargs="*", default=list(SYNTH_SIZES),
                        help="synthetic model sizes (none: examples only)")
    parser.add_argument("--repeat", type=int, default=1, help="renders of the examples; the best time counts")
    parser.add_argument("--views", action="store_true", help="also print a row per view")
    parser.add_argument("--json", type=Path, help="write every figure of every view to this file")
    parser.add_argument("--defects", action="store_true", help="with --json: every defect of every view too")
    parser.add_argument("--peer", action="store_true",
                        help="also measure Structurizr's DOT export of the same views (peers_structurizr_dot.py)")
    parser.add_argument("--compare", type=Path, help="an earlier --json file: show its totals → today's")
    args = parser.parse_args(argv)

    examples = sorted((ROOT / "models").glob("*.py"))
    rows = [corpus("examples", examples, ("svg", "png"), args.repeat, defects=args.defects)]
    if args.peer:
        rows.append(corpus("examples: structurizr-dot", examples, (), 1, peer=True, defects=args.defects))
    untuned = sorted([*(BENCH / "untuned").glob("*.py"), *(BENCH / "untuned").glob("*.yaml")])
    rows.append(corpus("untuned", untuned, ("svg", "png"), args.repeat, defects=args.defects))
    rows.append(corpus("untuned: structurizr-dot", untuned, (), 1, peer=True, defects=args.defects))
    with tempfile.TemporaryDirectory(prefix="archkit-layout-") as folder:
        for n in args.synth:
            model = write_model(n, Path(folder) / f"synth-{n}.json")
            rows.append(corpus(f"synth-{n}", [model], ("svg",), 1, defects=args.defects))
            if args.peer:
                rows.append(corpus(f"synth-{n}: structurizr-dot", [model], (), 1, peer=True, defects=args.defects))
    before = None
    if args.compare is not None:
        before = {row["name"]: row for row in json.loads(args.compare.read_text(encoding="utf-8"))["corpora"]}
    print(table(rows, before))
    if args.views:
        for row in rows:
            print(f"\n{row['name']}:\n{view_rows(row)}")
    if args.json is not None:
        args.json.write_text(json.dumps({"corpora": rows}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
