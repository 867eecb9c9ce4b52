"""Where the legend goes, chosen once a view is laid out: in the title band, or beside a rank.

The title band (the graph's label: title, description, legend) sits above the drawing, so it
costs its height times the drawing's width, and its width when it is wider than the drawing. A
legend in three columns under the title made a narrow view wider than its elements
(hexagonal/production: 641 pt for a body of 475) and a wide one taller than it needs, above an
empty corner. Once a view is laid out, :func:`choose` sizes every place the DOT offers for its
legend in one small graph (:attr:`DotResult.bands`: the legend in one to six columns, under
the title or beside it; :attr:`DotResult.legends`: the legend alone; laid out by the ``dot`` process of the
view's first candidate, after it: :func:`sizing`) and keeps the one that gives
the smallest drawing: a band (the body does not move: Graphviz places the graph's label after the
layout), or the right end of a rank with room to spare (:func:`_slots`: the legend becomes a node
of that rank, in empty space the drawing had anyway). The search compares its candidates by the
fill they will have with their legend so placed (:mod:`archkit.render.search`) and draws the
winner with it; a legend beside a rank that moves the layout for the worse goes back to the band.
Measured in ``benchmarks/README.md`` (``h/fill3``).
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from archkit.errors import GraphvizNotFoundError, RenderError
from archkit.render import graphviz
from archkit.render.dot import DotResult
from archkit.render.drawing import LEGEND, decoded
from archkit.render.labels import quoted

POINTS_PER_INCH = 72.0
#: Graphviz leaves this much room around the graph's label, in points, each side.
_LABEL_MARGIN = 8.0
#: Room between a legend beside a rank and the element it sits beside: the standard encoding's
#: ``nodesep`` (0.3 in) and a little more.
_SEPARATION = 24.0
Box = tuple[float, float, float, float]
#: A band has to save this fraction of the drawing's area to replace the one drawn (sizes are
#: estimated from the layout before the band changed: no churn for a point or two).
_GAIN = 0.01


@dataclass(frozen=True)
class Fit:
    """Where a view's legend goes once it is laid out: the band of :attr:`DotResult.bands` to draw
    (0: the one in the DOT's text), or (``legend`` at 0 or more) the title alone as the band and the
    legend of :attr:`DotResult.legends` at that index at the right end of the rank of the node
    ``anchor`` (``band`` is then the best band, should that go wrong: :func:`without`);
    ``scale`` is the drawing's area so over its area as laid out (1.0: unchanged)."""

    band: int = 0
    scale: float = 1.0
    legend: int = -1
    anchor: str = ""


def choose(dot: DotResult, geometry: str | bytes, *, timeout: float = graphviz.DEFAULT_TIMEOUT) -> Fit:
    """The place for ``dot``'s legend that makes the drawing of ``geometry`` (the layout of ``dot``,
    ``-Tjson``/``json0``) smallest: a band, or beside a rank (:func:`_slots`); the band drawn when
    ``dot`` offers no other, when nothing saves :data:`_GAIN` of the area, or when the bands cannot
    be sized."""
    if len(dot.bands) < 2 or not geometry:
        return Fit()
    graph = decoded(geometry)
    boxes = _boxes(graph)
    if not boxes:
        return Fit()
    try:
        sizes = band_sizes(_labels(dot), timeout=timeout)
    except RenderError as exc:
        if isinstance(exc, GraphvizNotFoundError):
            raise
        return Fit()
    bands, (title_w, title_h), legends = sizes[:len(dot.bands)], sizes[len(dot.bands)], sizes[len(dot.bands) + 1:]
    x0, y0, x1, y1 = _floats(str(graph.get("bb", "0,0,0,0")))
    label_w, label_h = (float(graph.get(key, 0)) * POINTS_PER_INCH for key in ("lwidth", "lheight"))
    body_x0, body_x1 = min(b[0] for b in boxes), max(b[2] for b in boxes)
    # the drawing's width without its label: all of it when the label is narrower, else (the label set
    # it) the body's and a margin (at most: a boundary at the edge has its own margin inside that)
    width = x1 - x0 if x1 - x0 > label_w + 2 * _LABEL_MARGIN + 0.5 else body_x1 - body_x0 + 2 * _LABEL_MARGIN
    rest = y1 - y0 - label_h  # the body and its gaps
    options = [(max(width, w + 2 * _LABEL_MARGIN) * (rest + h), Fit(i)) for i, (w, h) in enumerate(bands)]
    if str(graph.get("rankdir", "TB")) == "TB":
        beside = max(width, title_w + 2 * _LABEL_MARGIN)
        options += [(beside * (rest + title_h + growth), fit) for fit, growth in _slots(graph, boxes, legends)]
    area, best = min(options, key=lambda option: option[0])  # the first of equals: the band drawn
    if area > options[0][0] * (1 - _GAIN):
        return Fit()
    band_area, band = min(options[:len(bands)], key=lambda option: option[0])
    if band_area > options[0][0] * (1 - _GAIN):
        band = Fit()
    return replace(best, band=band.band, scale=area / options[0][0])


def without(fit: Fit) -> Fit | None:
    """The place to try when the legend where ``fit`` puts it beside a rank moved the layout for the
    worse: the best band; None when ``fit`` puts it in a band."""
    return replace(fit, legend=-1, anchor="") if fit.legend >= 0 else None


def apply(dot: DotResult, fit: Fit) -> str:
    """``dot``'s text with its legend where ``fit`` puts it."""
    if fit.legend < 0:
        if fit.band == 0:
            return dot.text
        return dot.text.replace(f"label=<{dot.bands[0]}>", f"label=<{dot.bands[fit.band]}>", 1)
    lines = dot.text.replace(f"label=<{dot.bands[0]}>", f"label=<{dot.title}>", 1).split("\n")
    # Graphviz orders a rank's parts (its connected components) as they are declared: the legend, a
    # part of its own declared last, goes to the right end of its rank. (Declared first, to the left
    # end, it changes where Graphviz's crossing reduction starts: the layout moved, measured.)
    end = max(i for i, line in enumerate(lines) if line == "}")  # the graph's closing brace
    lines[end:end] = [f'  "{LEGEND}" [id="legend" shape=plain label=<{dot.legends[fit.legend]}>];',
                    f'  {{rank=same; "{LEGEND}"; {quoted(fit.anchor)}}}']
    return "\n".join(lines)


def _slots(graph: Mapping[str, Any], boxes: list[Box],
           legends: list[tuple[float, float]]) -> Iterable[tuple[Fit, float]]:
    """Each place at the right end of a rank of a TB layout where a legend of ``legends`` fits, with
    how much taller it makes that rank: between the last thing on the rank (element, boundary, label
    or edge) and the drawing's right side, with a node separation to spare; the top rank first."""
    body_x1 = max(b[2] for b in boxes)
    nodes = [o for o in graph.get("objects", []) if "pos" in o and "width" in o and "bb" not in o]
    ranks: dict[float, tuple[str, float]] = {}  # a rank's centre: an element on it, and its height
    for obj in nodes:
        own = _node_box(obj)
        centre = (own[1] + own[3]) / 2
        at = next((c for c in ranks if abs(c - centre) <= 0.5), centre)
        name, height = ranks.get(at, ("", 0.0))
        if not name and str(obj.get("id", "")).startswith("el-"):
            name = str(obj["name"])
        ranks[at] = name, max(height, own[3] - own[1])
    for centre, (anchor, rank_h) in sorted(ranks.items(), reverse=True):  # the top rank first
        if not anchor:
            continue
        for index, (w, h) in enumerate(legends):
            reach = max(h, rank_h) / 2
            near = [b for b in boxes if b[1] < centre + reach and b[3] > centre - reach]
            growth = max(0.0, h - rank_h)
            if body_x1 - max(b[2] for b in near) >= w + _SEPARATION:
                yield Fit(legend=index, anchor=anchor), growth


def band_sizes(bands: tuple[str, ...], *, timeout: float = graphviz.DEFAULT_TIMEOUT) -> list[tuple[float, float]]:
    """The width and height, in points, Graphviz gives each band (an HTML-like label), in one run
    (remembered: every candidate layout of a view offers the same bands)."""
    known = _SIZED.get(bands)
    if known is None:
        known = _read_sizes(graphviz.run_dot(_sizing_dot(bands), "json0", timeout=timeout).content, len(bands))
        _keep(bands, known)
    return list(known)


def sizing(dot: DotResult) -> str | None:
    """The DOT text that sizes the places ``dot`` offers its legend (:func:`choose`), for the ``dot`` run of its
    first candidate to lay out after it (:func:`graphviz.run_json_then`); None when :func:`choose` needs no
    sizes for ``dot`` or has them already."""
    labels = _labels(dot)
    return None if len(dot.bands) < 2 or labels in _SIZED else _sizing_dot(labels)


def remember(dot: DotResult, sized: bytes | None) -> None:
    """The sizes of :func:`sizing`'s graph for ``dot``, as Graphviz gave them (its ``json0``), kept for
    :func:`choose`; nothing when the run gave none (:func:`choose` then sizes them in a run of its own)."""
    if sized is None:
        return
    labels = _labels(dot)
    try:
        _keep(labels, _read_sizes(sized, len(labels)))
    except (ValueError, KeyError):
        return


def _labels(dot: DotResult) -> tuple[str, ...]:
    return (*dot.bands, dot.title, *dot.legends)


#: The sizes of the bands sized so far (every candidate layout of a view offers the same bands): at most
#: :data:`_KEPT`, the oldest forgotten first.
_SIZED: dict[tuple[str, ...], tuple[tuple[float, float], ...]] = {}
_KEPT = 64
#: Views are drawn on several threads: one keeps a size while another forgets the oldest.
_SIZED_LOCK = threading.Lock()


def _keep(bands: tuple[str, ...], sizes: tuple[tuple[float, float], ...]) -> None:
    with _SIZED_LOCK:
        while len(_SIZED) >= _KEPT:
            _SIZED.pop(next(iter(_SIZED)), None)
        _SIZED[bands] = sizes


def _sizing_dot(bands: tuple[str, ...]) -> str:
    nodes = "".join(f'  {quoted(f"band{i}")} [shape=plain label=<{band}>];\n' for i, band in enumerate(bands))
    return 'digraph bands {\n  node [fontname="Helvetica"];\n' + nodes + "}\n"


def _read_sizes(geometry: bytes, count: int) -> tuple[tuple[float, float], ...]:
    out = json.loads(geometry)
    found = {str(o.get("name")): (float(o["width"]) * POINTS_PER_INCH, float(o["height"]) * POINTS_PER_INCH)
             for o in out.get("objects", []) if "width" in o}
    return tuple(found[f"band{i}"] for i in range(count))


def _boxes(graph: Mapping[str, Any]) -> list[Box]:
    """Everything the layout drew but the graph's label: nodes and boundaries as boxes, edges as the
    points of their paths (boxes of no size), in points."""
    out: list[Box] = []
    for obj in graph.get("objects", []):
        if "bb" in obj:
            x0, y0, x1, y1 = _floats(obj["bb"])
            out.append((x0, y0, x1, y1))
        elif "pos" in obj and "width" in obj:
            out.append(_node_box(obj))
    for edge in graph.get("edges", []):
        if edge.get("style") == "invis":
            continue
        for point in str(edge.get("pos", "")).replace(";", " ").split():  # ';' between an edge's splines
            x, y = _floats(point.removeprefix("e,").removeprefix("s,"))[:2]
            out.append((x, y, x, y))
    return out


def _node_box(obj: Mapping[str, Any]) -> Box:
    x, y = _floats(obj["pos"])[:2]
    w, h = float(obj["width"]) * POINTS_PER_INCH / 2, float(obj["height"]) * POINTS_PER_INCH / 2
    return (x - w, y - h, x + w, y + h)


def _floats(text: str) -> list[float]:
    return [float(part) for part in text.split(",")]
