"""Layout quality (issue 13): the layout measure summed over every example view and synthetic models.

For each corpus (the example models in ``models/``, then synthetic models of ``--synth`` sizes
from ``synth.py``) every view is rendered the way ``archkit render`` does it and measured by
``archkit.render.quality`` (the ``-Tjson`` of the same ``dot`` run). The table gives the totals
of every measure, the mean fill, the weighted score, and the wall time of the rendering: for the
examples, ``render_views`` with the default formats (SVG and PNG), best of ``--repeat``; for
the synthetic models, SVG only.

    .venv/bin/python benchmarks/layout.py                         # examples + N=100, 300
    .venv/bin/python benchmarks/layout.py --json after.json --compare before.json
    .venv/bin/python benchmarks/layout.py --synth --views         # examples only, a row per view

``--json FILE`` keeps every figure of every view; ``--compare FILE`` prints the totals of an
earlier ``--json`` next to today's.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from archkit import load
from archkit.render import render_views
from archkit.render.quality import MEASURES, Quality, report

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from synth import write_model  # noqa: E402

SYNTH_SIZES = (100, 300)
COLUMNS = ("views", *MEASURES, "mean_fill", "score")
SHORT = {"edge_through_element": "through", "label_overlaps": "overlaps", "labels_crossed": "crossed",
         "detached_labels": "detached", "backward_edges": "backward"}


def measure_model(path: Path, formats: Sequence[str], repeat: int) -> tuple[dict[str, Quality], float]:
    """Every view of the model at ``path`` measured, and the best wall time of rendering them all."""
    ws = load(path)
    best, measured = float("inf"), {}
    for _ in range(repeat):
        start = time.perf_counter()
        done = render_views(ws, formats=formats)
        best = min(best, time.perf_counter() - start)
        measured = done.quality
    return measured, best


def corpus(name: str, paths: Sequence[Path], formats: Sequence[str], repeat: int) -> dict[str, Any]:
    views: dict[str, Quality] = {}
    seconds = 0.0
    for path in paths:
        measured, took = measure_model(path, formats, repeat)
        seconds += took
        views.update({f"{path.stem}/{key}": q for key, q in measured.items()})
    summary = report(views)
    return {"name": name, "render_s": round(seconds, 2), "formats": list(formats), **summary}


def table(rows: Sequence[dict[str, Any]], before: dict[str, dict[str, Any]] | None = None) -> str:
    heads = ["corpus", *(SHORT.get(c, c) for c in COLUMNS), "render s"]
    lines = ["| " + " | ".join(heads) + " |", "|" + "---|" * len(heads)]
    for row in rows:
        totals = row["totals"]
        old = (before or {}).get(row["name"])
        cells = [row["name"]]
        for column in (*COLUMNS, "render_s"):
            value = row["render_s"] if column == "render_s" else totals[column]
            text = f"{value:.2f}" if column in ("mean_fill", "render_s") else str(value)
            if old is not None:
                was = old["render_s"] if column == "render_s" else old["totals"][column]
                text = (f"{was:.2f} → " if column in ("mean_fill", "render_s") else f"{was} → ") + text
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
    parser.add_argument("--compare", type=Path, help="an earlier --json file: show its totals → today's")
    args = parser.parse_args(argv)

    examples = sorted((ROOT / "models").glob("*.py"))
    rows = [corpus("examples", examples, ("svg", "png"), args.repeat)]
    with tempfile.TemporaryDirectory(prefix="archkit-layout-") as folder:
        for n in args.synth:
            model = write_model(n, Path(folder) / f"synth-{n}.json")
            rows.append(corpus(f"synth-{n}", [model], ("svg",), 1))
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
