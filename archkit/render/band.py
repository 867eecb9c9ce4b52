"""Where the legend goes in the title band, chosen once a view is laid out.

The title band (the graph's label: title, description, legend) sits above the drawing, so it
costs its height times the drawing's width, and its width when it is wider than the drawing. A
legend in three columns under the title made a narrow view wider than its elements
(hexagonal/production: 641 pt for a body of 475) and a wide one taller than it needs (the band
of a 2000 pt wide view is one legend row tall per three entries, beside an empty corner). Once
the search has chosen a layout, :func:`fit` sizes each band the DOT offers (:attr:`DotResult.bands`:
the legend in one to six columns, under the title or beside it) in one small ``dot`` run, and
:func:`choose` finds the one that gives the smallest drawing for the body Graphviz laid out; the
body does not move (the graph's label is placed after the layout). The search compares its
candidates by the fill they will have with their band (:mod:`archkit.render.search`), and draws
the winner with it. Measured in ``benchmarks/README.md`` (``h/fill3``).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from archkit.errors import GraphvizNotFoundError, RenderError
from archkit.render import graphviz
from archkit.render.dot import DotResult
from archkit.render.labels import quoted

POINTS_PER_INCH = 72.0
#: Graphviz leaves this much room around the graph's label, in points, each side.
_LABEL_MARGIN = 8.0
#: A band has to save this fraction of the drawing's area to replace the one drawn (sizes are
#: estimated from the layout before the band changed: no churn for a point or two).
_GAIN = 0.01


@dataclass(frozen=True)
class Fit:
    """The band of :attr:`DotResult.bands` to draw (0: the one in the DOT's text), and the drawing's
    area with it over its area as laid out (1.0 when it stays)."""

    band: int = 0
    scale: float = 1.0


def choose(dot: DotResult, geometry: str | bytes, *, timeout: float = graphviz.DEFAULT_TIMEOUT) -> Fit:
    """The band of ``dot`` that makes the drawing of ``geometry`` (the layout of ``dot``,
    ``-Tjson``/``json0``) smallest: the one drawn when ``dot`` offers no other, when none saves
    :data:`_GAIN` of the area, or when the bands cannot be sized."""
    if len(dot.bands) < 2 or not geometry:
        return Fit()
    graph = json.loads(geometry)
    body = _body(graph)
    if body is None:
        return Fit()
    try:
        sizes = band_sizes(dot.bands, timeout=timeout)
    except RenderError as exc:
        if isinstance(exc, GraphvizNotFoundError):
            raise
        return Fit()
    x0, y0, x1, y1 = _floats(str(graph.get("bb", "0,0,0,0")))
    label_w, label_h = (float(graph.get(key, 0)) * POINTS_PER_INCH for key in ("lwidth", "lheight"))
    # the drawing's width without its label: all of it when the label is narrower, else (the label set
    # it) the body's and a margin (at most: a boundary at the edge has its own margin inside that)
    width = x1 - x0 if x1 - x0 > label_w + 2 * _LABEL_MARGIN + 0.5 else body + 2 * _LABEL_MARGIN
    rest = y1 - y0 - label_h  # the body and its gaps
    areas = [max(width, w + 2 * _LABEL_MARGIN) * (rest + h) for w, h in sizes]
    best = min(range(len(areas)), key=lambda i: (areas[i], i))
    if areas[best] > areas[0] * (1 - _GAIN):
        return Fit()
    return Fit(best, areas[best] / areas[0])


def apply(dot: DotResult, fit: Fit) -> str:
    """``dot``'s text with the band ``fit`` chose."""
    if fit.band == 0:
        return dot.text
    return dot.text.replace(f"label=<{dot.bands[0]}>", f"label=<{dot.bands[fit.band]}>", 1)


def band_sizes(bands: tuple[str, ...], *, timeout: float = graphviz.DEFAULT_TIMEOUT) -> list[tuple[float, float]]:
    """The width and height, in points, Graphviz gives each band (an HTML-like label), in one run
    (remembered: every candidate layout of a view offers the same bands)."""
    return list(_sizes(bands, timeout))


@lru_cache(maxsize=64)
def _sizes(bands: tuple[str, ...], timeout: float) -> tuple[tuple[float, float], ...]:
    nodes = "".join(f'  {quoted(f"band{i}")} [shape=plain label=<{band}>];\n' for i, band in enumerate(bands))
    out = json.loads(graphviz.run_dot('digraph bands {\n  node [fontname="Helvetica"];\n' + nodes + "}\n", "json0",
                                      timeout=timeout).content)
    found = {str(o.get("name")): (float(o["width"]) * POINTS_PER_INCH, float(o["height"]) * POINTS_PER_INCH)
             for o in out.get("objects", []) if "width" in o}
    return tuple(found[f"band{i}"] for i in range(len(bands)))


def _body(graph: Mapping[str, Any]) -> float | None:
    """The width, in points, of everything the layout drew but the graph's label: nodes, boundaries
    and edges (None when there is nothing)."""
    xs = list(_xs(graph))
    return max(xs) - min(xs) if xs else None


def _xs(graph: Mapping[str, Any]) -> Iterable[float]:
    for obj in graph.get("objects", []):
        if "bb" in obj:
            x0, _y0, x1, _y1 = _floats(obj["bb"])
            yield from (x0, x1)
        elif "pos" in obj and "width" in obj:
            x = _floats(obj["pos"])[0]
            half = float(obj["width"]) * POINTS_PER_INCH / 2
            yield from (x - half, x + half)
    for edge in graph.get("edges", []):
        for point in str(edge.get("pos", "")).split():
            yield _floats(point.removeprefix("e,").removeprefix("s,"))[0]


def _floats(text: str) -> list[float]:
    return [float(part) for part in text.split(",")]
