"""How a search candidate is laid out: the Graphviz output its layout is read from, its ``dot`` run, and the
candidates a stage of the search knows at once laid out together by one ``dot`` process (:func:`together`);
the search itself is :mod:`archkit.render.search`."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from archkit.render import ahead, band, graphviz, resident
from archkit.render.ahead import Drawings, Spare
from archkit.render.dot import DotResult
from archkit.render.layout import Layout


@dataclass(frozen=True)
class Run:
    """How the ``dot`` runs of one view go: the diagram links kept in its SVG, the timeout of each
    run, the search mode (``budget.MODES``), and whether a view that is not searched is measured."""

    links: frozenset[str]
    timeout: float
    mode: str
    measure: bool
    #: drawings already made of a DOT text (by the layout hints' check, :func:`draw_view.settled_dot`, or ahead),
    #: each taken once by a candidate asking for the same formats instead of a ``dot`` run: the same bytes
    laid: Drawings = field(default_factory=Drawings)
    #: a lane of the render nothing else uses, for the next candidate's layout (:mod:`archkit.render.ahead`)
    spare: Spare = ahead.NONE
    #: whether a candidate's layout is drawn as SVG too (:func:`drafts`): only when the SVG is all the view is
    #: drawn in; else the chosen candidate is drawn again in every format anyway (:func:`_finish`)
    svg: bool = True


#: A DOT edge statement (``"a" -> "b" [...]``, ids always quoted) with a Graphviz edge label.
_EDGE_LABEL = re.compile(r'" -> ".* x?label=<')


def geometry(dot: DotResult) -> str:
    """The Graphviz output the measure reads for ``dot``: ``json0`` (no drawing operations, a third
    of the bytes of ``json``) when no edge has a Graphviz label — the measure reads drawing
    operations only for the text boxes of those; label nodes are nodes — else ``json``. The
    test errs towards ``json`` (a label-like tooltip), never the other way."""
    return "json" if _EDGE_LABEL.search(dot.text) else "json0"


def drafts(dot: DotResult, svg: bool) -> tuple[str, ...]:
    """The formats a candidate layout of ``dot`` is drawn in: its geometry (:func:`geometry`), after its SVG
    when ``svg`` (:attr:`Run.svg`: the view is drawn in SVG alone, so the winner's SVG is the one kept)."""
    return ("svg", geometry(dot)) if svg else (geometry(dot),)


def drafted(dot: DotResult, formats: Sequence[str], timeout: float) -> dict[str, graphviz.Output]:
    """A candidate's ``dot`` run: ``dot`` drawn in ``formats`` (:func:`drafts`), not post-processed (that waits
    until one is chosen). When its geometry is all it is drawn in and its legend's places are not sized yet
    (the view's first candidate), the same ``dot`` process sizes them after laying it out
    (:func:`band.sizing`): one process start instead of two, the same bytes."""
    sizing = band.sizing(dot) if len(formats) == 1 else None
    kept = resident.layout(dot.text, formats[0], timeout) if len(formats) == 1 else None
    if kept is not None:  # by the view's open ``dot`` process: the same bytes, no process start
        if sizing is not None:  # sized by it too (else :func:`band.choose` sizes them in a run of its own)
            band.remember(dot, resident.sizes(sizing, formats[0], timeout))
        return {formats[0]: kept}
    if sizing is None:
        return graphviz.render_formats(dot.text, formats, timeout=timeout, post=False)
    out, sized = graphviz.run_json_then(dot.text, formats[0], sizing, timeout=timeout)
    band.remember(dot, sized)
    return {formats[0]: out}


def written(dot_of: Callable[[Layout], DotResult]) -> Callable[[Layout], DotResult]:
    """``dot_of``, each encoding written once: the search asks for a candidate's DOT when it lays candidates out
    together (:func:`together`) and again in its turn, and writing one (with the layout hints settled as the
    first's, ``draw_view._Dots``) is most of the search's Python."""
    written: dict[Layout, DotResult] = {}

    def once(layout: Layout) -> DotResult:
        if layout not in written:
            written[layout] = dot_of(layout)
        return written[layout]
    return once


def together(dots: Sequence[DotResult], run: Run, done: set[str]) -> bool:
    """The candidates ``dots`` whose texts are not ``done`` (nor drawn already, ``Run.laid``) laid out by one
    ``dot`` process
    (:func:`graphviz.run_batch_json`) when there are two or more, each only in its geometry and every one after
    the first :func:`graphviz.order_free`; the first's legend sized after it when it is the view's first
    (:func:`drafted`). Their drawings are kept for the search (``Run.laid``), which takes them as a ``dot`` run
    of their own would have made them; whether the search then needs them all is not known yet (it stops
    once its best can no longer be beaten): those it does not are the price, a layout each without a process
    start. False when nothing was laid out (the search lays out each in its turn)."""
    if resident.active():  # the view's open ``dot`` process lays out each in its turn, without a process start
        return False
    fresh = [dot for dot in {dot.text: dot for dot in dots if dot.text not in done}.values()
             if not run.laid.has(dot.text, drafts(dot, run.svg))]  # a layout hints' check drew it already
    formats = drafts(fresh[0], run.svg) if fresh else ()
    if len(fresh) < 2 or len(formats) != 1 or any(drafts(dot, run.svg) != formats for dot in fresh) \
            or not all(graphviz.order_free(dot.text) for dot in fresh[1:]):
        return False
    sizing = band.sizing(fresh[0])
    texts = [fresh[0].text, *([sizing] if sizing is not None else []), *(dot.text for dot in fresh[1:])]
    outs = graphviz.run_batch_json(texts, formats[0], timeout=run.timeout)
    if outs is None:
        return False
    if sizing is not None:
        band.remember(fresh[0], outs.pop(1).content)
    for dot, out in zip(fresh, outs, strict=True):
        run.laid.put(dot.text, formats, {formats[0]: out})
    return True


def ahead_of(options: Sequence[Layout], dot_of: Callable[[Layout], DotResult], run: Run) -> None:
    """The next candidates laid out on the render's spare lane, if it has one, while the search lays out and
    measures the one before (:mod:`archkit.render.ahead`): the search takes their drawings by DOT text when
    their turn comes, and leaves them when it has stopped before."""
    for option in options:
        def lay(option: Layout = option) -> None:
            dot = dot_of(option)
            formats = drafts(dot, run.svg)
            run.laid.ahead(dot.text, formats, lambda: drafted(dot, formats, run.timeout))
        run.spare.start(lay)
