"""Views with layout hints, drawn with and without them, against Structurizr's export (issue 13).

For every view with layout hints of the given models (default: the examples that have some and the
untuned models that have some), the weighted score of issue 13 (``Quality.score``) of archkit's drawing
with the author's hints, the same view with its hints taken out, and Structurizr's Graphviz export of the
view (which has no hints), with each of archkit's as a ratio of Structurizr's, and the totals.

    .venv/bin/python benchmarks/hinted.py
    .venv/bin/python benchmarks/hinted.py models/hexagonal.py benchmarks/untuned/saas_billing.py
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from archkit import load
from archkit.model import Workspace
from archkit.render import graphviz, render_views
from archkit.render.quality import Quality, measure_json
from archkit.render.style import THEMES, Styler
from archkit.views import Catalog, compute_view

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
from peers_structurizr_dot import structurizr_dot  # noqa: E402


def hinted_models() -> list[Path]:
    """The example and untuned models with a layout hint in their source."""
    paths = sorted((ROOT / "models").glob("*.py")) + sorted((BENCH / "untuned").glob("*.py"))
    kinds = ("right_of(", "left_of(", ".below(", ".above(", "same_rank(")
    return [p for p in paths if any(k in p.read_text(encoding="utf-8") for k in kinds)]


def drawn(ws: Workspace, keys: list[str]) -> dict[str, Quality]:
    return {k: q for k, q in render_views(ws, formats=("svg",), views=keys).quality.items() if k in keys}


def peer(ws: Workspace, keys: list[str]) -> dict[str, Quality]:
    styler, catalog = Styler(ws.styles, THEMES[ws.styles.theme]), Catalog(ws)
    views = {v.key: v for v in ws.effective_views()}
    return {k: measure_json(graphviz.layout_json(structurizr_dot(compute_view(ws, views[k], catalog), styler),
                                                 timeout=60)) for k in keys}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("models", nargs="*", type=Path, help="model files (default: those with hints)")
    args = parser.parse_args()
    totals = [0, 0, 0]
    print("| view | with hints | without | Structurizr | with / S | without / S |")
    print("|---|---|---|---|---|---|")
    for path in args.models or hinted_models():
        ws = load(path)
        keys = [v.key for v in ws.effective_views() if getattr(v, "layout_hints", None)]
        if not keys:
            continue
        with_hints = drawn(ws, keys)
        theirs = peer(ws, keys)
        for view in ws.effective_views():
            if view.key in keys:
                view.layout_hints = []
        without = drawn(ws, keys)
        for key in keys:
            a, b, s = with_hints[key].score, without[key].score, theirs[key].score
            totals = [totals[0] + a, totals[1] + b, totals[2] + s]
            print(f"| {path.stem}/{key} | {a} | {b} | {s} | {a / s:.2f} | {b / s:.2f} |" if s else
                  f"| {path.stem}/{key} | {a} | {b} | {s} | – | – |")
    a, b, s = totals
    print(f"| total | {a} | {b} | {s} | {a / max(s, 1):.2f} | {b / max(s, 1):.2f} |")


if __name__ == "__main__":
    main()
