"""One pipeline stage per process, for ``benchmarks/run.py`` to time as a whole process.

    python benchmarks/stages.py STAGE MODEL [--out PATH] [--view KEY]

Stages (each runs the stages before it too, since every process starts cold):

- ``load``    load + check the model;
- ``views``   ... + compute every view;
- ``dot``     ... + generate the DOT text of every view, as the render pipeline
              does before its first layout attempt (written to the folder
              ``--out`` as ``<key>.dot`` when given);
- ``render``  load + ``render_workspace(formats=("svg",))``: archkit's whole
              diagram pipeline, Graphviz included (only the view ``--view``
              when given); with ``--out`` the DOT each SVG was finally drawn
              from is written there too, for the raw-``dot`` floor;
- ``spec``    load + compute the view ``--view`` and write it as neutral JSON
              (nodes, boundaries, edges) to the file ``--out``, for the peers'
              drivers in ``peers.py``.

The last line on stdout is a JSON object of in-process timings in seconds
(``import``, ``load``, ``check``, ``views``, ``dot``, ``render``) and counts,
so ``run.py`` can separate each stage from interpreter start-up.
Exit status 3 means the stage's archkit interface is not available (yet).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

UNAVAILABLE = 3

_T0 = time.perf_counter()


class _Clock:
    def __init__(self) -> None:
        self.marks: dict[str, Any] = {}
        self._last = _T0

    def mark(self, name: str) -> None:
        now = time.perf_counter()
        self.marks[name] = round(now - self._last, 6)
        self._last = now


def _load(clock: _Clock, model: Path) -> Any:
    from archkit.check import check
    from archkit.load import load

    clock.mark("import")
    ws = load(model)
    clock.mark("load")
    findings = check(ws, str(model))
    clock.mark("check")
    clock.marks["elements"] = sum(1 for _ in ws.model.walk())
    clock.marks["relationships"] = len(ws.model.relationships)
    clock.marks["errors"] = sum(f.severity == "error" for f in findings)
    return ws


def _views(clock: _Clock, ws: Any) -> list[tuple[Any, Any]]:
    """Every view with its computed view (one shared catalog, as the render pipeline has)."""
    from archkit.views import Catalog, compute_view

    catalog = Catalog(ws)
    computed = [(v, compute_view(ws, v, catalog)) for v in ws.effective_views()]
    clock.mark("views")
    clock.marks["views_count"] = len(computed)
    clock.marks["largest_view_nodes"] = max((len(c.nodes) for _, c in computed), default=0)
    return computed


def _dots(clock: _Clock, ws: Any, computed: list[tuple[Any, Any]], out: Path | None) -> None:
    """DOT text per view the way ``render_workspace`` makes it before its first layout (one setup and one
    styler for every view; :func:`archkit.render.pipeline.first_dot`)."""
    from dataclasses import replace

    from archkit.model import ModelIndex
    from archkit.render.graphviz import DEFAULT_TIMEOUT
    from archkit.render.links import drilldown_links
    from archkit.render.pipeline import _setup, first_dot

    links = drilldown_links(ws.effective_views(), ModelIndex(ws.model).parent)
    base = _setup(ws, None, {}, DEFAULT_TIMEOUT)
    texts = {cv.key: first_dot(replace(base, links=links.get(cv.key, {})), spec, cv)[0] for spec, cv in computed}
    clock.mark("dot")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.dot"):
            old.unlink()
        for key, text in sorted(texts.items()):
            (out / f"{key}.dot").write_text(text, encoding="utf-8")
    clock.marks["dot_bytes"] = sum(len(t) for t in texts.values())


def _render(clock: _Clock, ws: Any, view: str | None, out: Path | None, layout: str | None = None) -> None:
    """SVG of every view (or ``view``), in the ``layout`` mode (default: the model's); with ``out``, also
    the DOT each SVG was drawn from (after any fallback to a cheaper layout), for the raw-``dot`` floor."""
    from archkit.render import render_workspace

    formats = ("svg",) if out is None else ("svg", "dot")
    artifacts, messages = render_workspace(ws, formats=formats, views=None if view is None else [view], layout=layout)
    clock.mark("render")
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        for old in out.glob("*.dot"):
            old.unlink()
        for artifact in artifacts:
            if artifact.relpath.endswith(".dot"):
                (out / Path(artifact.relpath).name).write_bytes(artifact.content)
    clock.marks["svgs"] = sum(a.relpath.endswith(".svg") for a in artifacts)
    clock.marks["svg_bytes"] = sum(len(a.content) for a in artifacts if a.relpath.endswith(".svg"))
    # views drawn with another encoding than the standard one (chosen up front, or after a failure)
    clock.marks["cheaper_layouts"] = sum("drawn with" in m for m in messages)
    clock.marks["failed_attempts"] = sum("layout failed" in m or "took longer" in m for m in messages)


def _spec(ws: Any, key: str) -> dict[str, Any]:
    from archkit.views import compute_view

    view = next((v for v in ws.effective_views() if v.key == key), None)
    if view is None:
        raise SystemExit(f"stages.py: no view '{key}'")
    cv = compute_view(ws, view)
    return {
        "key": cv.key, "type": cv.type, "title": cv.title, "description": cv.description,
        "direction": cv.direction, "scope": cv.scope,
        "nodes": [asdict(n) for n in cv.nodes],
        "boundaries": [asdict(b) for b in cv.boundaries],
        "edges": [asdict(e) for e in cv.edges],
    }


def run(stage: str, model: Path, out: Path | None, view: str | None, layout: str | None = None) -> dict[str, Any]:
    clock = _Clock()
    ws = _load(clock, model)
    if stage == "views":
        _views(clock, ws)
    elif stage == "dot":
        _dots(clock, ws, _views(clock, ws), out)
    elif stage == "render":
        _render(clock, ws, view, out, layout)
    elif stage == "spec":
        text = json.dumps(_spec(ws, view or ""), ensure_ascii=False, indent=1)
        if out is None:
            print(text)
        else:
            out.write_text(text, encoding="utf-8")
        clock.mark("spec")
    clock.marks["total"] = round(time.perf_counter() - _T0, 6)
    return clock.marks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run one archkit pipeline stage in this process.")
    parser.add_argument("stage", choices=("load", "views", "dot", "render", "spec"))
    parser.add_argument("model", type=Path)
    parser.add_argument("--out", type=Path, help="folder for the DOT files of 'dot'; file for 'spec'")
    parser.add_argument("--view", help="view key for 'spec' and 'render'")
    parser.add_argument("--layout", choices=("best", "fast"), help="the layout search's mode for 'render'")
    args = parser.parse_args(argv)
    try:
        marks = run(args.stage, args.model, args.out, args.view, args.layout)
    except ImportError as exc:
        print(f"stages.py: {args.stage}: archkit interface not available: {exc}", file=sys.stderr)
        return UNAVAILABLE
    print(json.dumps(marks, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
