"""Draw one view in one encoding, or in the best of the candidate encodings its budget allows.

:mod:`archkit.render.budget` decides which candidates a view is laid out in
(:func:`layout.candidates`, :func:`layout.untangle`); :func:`layout.merit` picks the best of
their measured layouts (the earlier on ties). Each candidate is laid out once, its geometry alone
(:func:`drafts.drafts`; the first candidate's run also sizes the places of its legend, :func:`drafts.drafted`): the
candidates a stage of the search knows at once (the first and those of :func:`budget.first`, the options of
one :func:`_best_of`) by one ``dot`` process (:func:`drafts.together`: a process start costs more than laying out a
small view), the others by a run each; the winner is drawn in every format by one more run, and its measure
is the one reported. A view drawn as SVG alone has its candidates write their SVG too, and keeps the winner's: its
layout is never done again. When the
winner's ranks hold boxes of different sizes, or its legend has a better place than under the
title, that one more run draws every format of it with the boxes of each rank one size
(:mod:`archkit.render.rows`), the legend in that place (:mod:`archkit.render.band`) and the compact
separations of ``layout.COMPACTS`` (the tightest that adds no defect), and measures it again (drawn once
more without them when each adds a defect). Candidates are compared by the fill they will have with their
legend so placed.
When the render has a lane to spare (fewer views drawn than jobs: a live rebuild) and a stage's candidates
are not laid out together (a view drawn as SVG alone, whose candidates draw their SVG too), the next candidate
of a stage is laid out beside the one before (:mod:`archkit.render.ahead`): the same choice, sooner.

In ``best`` mode, a view whose best layout (searched or, past the budget, its only one) draws an
edge through an element is laid out again in the encodings of :func:`ports.retries`, in turn while
one is left (:mod:`archkit.render.ports` says why ``dot`` draws them); a view that draws none costs
nothing more. The search picks by merit, which weighs an edge through an element as 3 crossings; when its
best still draws one after those retries and a candidate it laid out draws fewer (:class:`Tried` keeps the
one with the fewest), the view ends on that one, with the stagger, order and fold candidates tried on it
as on the best (issue 13: none through elements on models nobody tuned).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from archkit.errors import GraphvizNotFoundError, RenderError
from archkit.render import band, budget, drafts, fold, graphviz, ports, rows, titles
from archkit.render.dot import DotResult
from archkit.render.drafts import Run
from archkit.render.drawing import parsed
from archkit.render.hints import misplaced, off_rank
from archkit.render.layout import COMPACTS, Layout, merit
from archkit.render.quality import Quality, measure_json
from archkit.views import ComputedView


@dataclass
class Drawn:
    """One view drawn: its DOT, the drawings Graphviz made of it, the measure of its layout (None
    when it was not measured) and messages."""

    dot: DotResult
    outputs: dict[str, graphviz.Output]
    quality: Quality | None = None
    messages: list[str] = field(default_factory=list)
    layout: Layout | None = None  # the encoding of a searched candidate, and its geometry
    geometry: bytes = b""
    fit: band.Fit = field(default_factory=band.Fit)  # a candidate's title band (:mod:`archkit.render.band`)
    #: the layout hints' order pairs its layout draws the wrong way round (:func:`hints.misplaced`)
    broken: int = 0


#: How far below its expected fill a drawing with its legend beside a rank may come out (the layout
#: moved) before the legend goes back into the band.
_FILL_SLACK = 0.01
def draw(view: ComputedView, layout: Layout, formats: Sequence[str], dot_of: Callable[[Layout], DotResult],
         run: Run) -> Drawn:
    """``view`` drawn in ``formats`` (the first is ``svg``) with ``layout``, or with the best of the
    candidate encodings its budget gives it; ``dot_of`` writes its DOT in an encoding.

    When ``layout`` itself (the first candidate) cannot be laid out, its error is raised at once,
    as for a view that is not searched (the caller falls back to the next encoding); another
    candidate that fails is left out."""
    options = budget.first(view, layout, run.mode)
    dot_of = drafts.written(dot_of)
    if not budget.searched(view, layout, run.mode):
        dot = dot_of(layout)
        drawn = _lay(dot, [*formats, *([drafts.geometry(dot)] if run.measure else [])], run, layout=layout)
        if run.mode != "best" or drawn.quality is None or not drawn.quality.edge_through_element:
            return drawn
        tried = Tried({drawn.dot.text})
        tried.note(drawn)
        retried = _clearest(_unblocked(drawn, dot_of, run, tried), tried)
        return drawn if retried is drawn else _finish(retried, formats, run, _own_spacing(view))
    dot = dot_of(layout)
    if not drafts.together([dot, *map(dot_of, options[1:])], run, set()):
        drafts.ahead_of(options[1:2], dot_of, run)
    best = _lay(dot, drafts.drafts(dot, run.svg), run, finish=False, layout=layout)
    if budget.improvable(_measure(best)):
        tried = Tried({dot.text})
        tried.note(best)
        best = _best_of(options[1:], dot_of, run, best, tried)
        best = _best_of(budget.more(view, layout, run.mode, _measure(best)), dot_of, run, best, tried)
        best = _best_of(budget.railed(view, best.layout, _measure(best)), dot_of, run, best, tried, same_score=True)
        best = _best_of(budget.roomy(view, best.layout, _measure(best)), dot_of, run, best, tried)
        best = _best_of(budget.levelled(view, best.layout, _measure(best)), dot_of, run, best, tried, same_score=True)
        for option in budget.reads_up(view, layout, best.layout, _measure(best)):
            if dot_of(option).text != dot_of(replace(option, reads_up=False)).text:  # it turns a read
                best = _not_through(best, _laid(option, dot_of, run, best, tried), dot_of, run, tried)
        best = _best_of(budget.restarted(view, best.layout, _measure(best)), dot_of, run, best, tried)
        best = _best_of(budget.flat_roomed(view, best.layout, _measure(best)), dot_of, run, best, tried)
        best = _unblocked(_polished(view, best, dot_of, run, tried), dot_of, run, tried)
        cleared = _clearest(best, tried)
        best = best if cleared is best else _polished(view, cleared, dot_of, run, tried)
    return _finish(best, formats, run, _own_spacing(view))


def _polished(view: ComputedView, best: Drawn, dot_of: Callable[[Layout], DotResult], run: Run,
              tried: set[str]) -> Drawn:
    """``best``, or the better of it laid out with the elements sharing stores a rank apart, in an order of
    our own along its ranks, and with its chains folded (:func:`budget.staggered`, :func:`budget.ordered`,
    :func:`_folded`)."""
    best = _best_of(budget.staggered(view, best.layout, best.geometry, _measure(best)), dot_of, run, best, tried)
    best = _best_of(budget.ordered(view, best.layout, best.geometry, _measure(best)), dot_of, run, best, tried)
    return _folded(view, best, dot_of, run, tried)


def _folded(view: ComputedView, best: Drawn, dot_of: Callable[[Layout], DotResult], run: Run,
            tried: set[str]) -> Drawn:
    """``best``, or its chains of lone elements folded onto rows (:mod:`archkit.render.fold`) when that has a
    lower merit and adds no defect; a folded layout that draws a pair the wrong way round along its row is
    laid out once more with that pair asked the other way round."""
    for option in fold.candidates(view, best.layout, best.geometry, _measure(best)):
        drawn = _laid(option, dot_of, run, best, tried)
        again = fold.flipped(option, drawn.dot.rows, drawn.geometry, view.direction) \
            if drawn is not best and drawn.broken > best.broken else None
        best = _kept(best, drawn, same_score=True)
        if again is not None:
            best = _kept(best, _laid(again, dot_of, run, best, tried), same_score=True)
    return best


def _unblocked(best: Drawn, dot_of: Callable[[Layout], DotResult], run: Run, tried: set[str] | None = None) -> Drawn:
    """``best``, or a layout of :func:`ports.retries` that a reader finds better, tried in turn while the
    best so far draws an edge through an element (nothing is laid out for a view that draws none)."""
    tried = {best.dot.text} if tried is None else tried
    for option in ports.retries(best.layout):
        if not _measure(best).edge_through_element:
            break
        best = _best_of([option], dot_of, run, best, tried)
    return best


def _clearest(best: Drawn, tried: Tried) -> Drawn:
    """``best``, or the candidate laid out with the fewest edges through elements (:attr:`Tried.clearest`) when
    that draws fewer than ``best`` and keeps as many of the layout hints."""
    clearest = tried.clearest
    return clearest if clearest is not None and _clearer(clearest, best) \
        and _measure(clearest).edge_through_element < _measure(best).edge_through_element else best


class Tried(set[str]):
    """The DOT texts a view's search has laid out, and the candidate among them with the fewest edges
    through elements (of those, the fewest hints broken, then the lowest merit): the search picks by merit,
    which weighs an edge through an element as 3 crossings, so its best can end on one (after its port
    retries) while a candidate with none was laid out and turned down for a few crossings more — issue 13
    wants none on models nobody tuned (``benchmarks/README.md``, ``h/through2``)."""

    clearest: Drawn | None = None

    def note(self, drawn: Drawn) -> None:
        if drawn.quality is not None and (self.clearest is None or _clearer(drawn, self.clearest)):
            self.clearest = drawn


def _clearer(drawn: Drawn, other: Drawn) -> bool:
    """Whether ``drawn`` keeps more of the layout hints than ``other``, or as many and draws fewer edges through
    elements, or as many of both and has a lower merit."""
    def key(one: Drawn) -> tuple[int, int, float]:
        return one.broken, _measure(one).edge_through_element, _merit(one)
    return key(drawn) < key(other)


def _not_through(best: Drawn, drawn: Drawn, dot_of: Callable[[Layout], DotResult], run: Run,
                 tried: set[str]) -> Drawn:
    """``best``, or ``drawn`` (or one of its :func:`ports.retries`) when it has a lower merit and draws
    no more edges through elements than ``best``: a candidate that changes the ranks must not trade
    an element crossed out for fewer edge crossings (issue 13: none on models nobody tuned)."""
    tries = [drawn]
    if drawn is not best and _measure(drawn).edge_through_element:
        tries += [_laid(option, dot_of, run, drawn, tried) for option in ports.retries(drawn.layout)]
    for drawn in tries:
        best = _kept(best, drawn)
    return best


def _best_of(options: Sequence[Layout], dot_of: Callable[[Layout], DotResult], run: Run, best: Drawn,
             tried: set[str], same_score: bool = False) -> Drawn:
    """``best``, or the first of ``options`` whose layout has a lower merit (one that fails is left out);
    with ``same_score``, only one that adds no crossing or label defect either. Nothing is laid out once
    ``best`` has nothing to improve (:func:`budget.improvable`, and it keeps every layout hint), nor for
    an option whose DOT is one of the texts ``tried`` (its layout would be that one again: it cannot be
    better)."""
    together = bool(options) and (best.broken or budget.improvable(_measure(best))) \
        and drafts.together([dot_of(option) for option in options], run, {best.dot.text, *tried})
    for at, option in enumerate(options):
        if not best.broken and not budget.improvable(_measure(best)):
            break
        if not together:
            drafts.ahead_of(options[at + 1:at + 2], dot_of, run)
        best = _kept(best, _laid(option, dot_of, run, best, tried), same_score)
    return best


def _kept(best: Drawn, drawn: Drawn, same_score: bool = False) -> Drawn:
    """``drawn`` when it has a lower merit than ``best`` and draws no more edges through elements, else
    ``best``: no candidate trades an element crossed out for fewer crossings (issue 13: none on models
    nobody tuned). Never one that keeps fewer of the author's layout hints, always one that keeps more;
    with ``same_score``, only one whose weighted score and edges against the flow are no more either."""
    if drawn is best or drawn.broken != best.broken:
        return drawn if drawn.broken < best.broken else best
    through = _measure(drawn).edge_through_element <= _measure(best).edge_through_element
    same = not same_score or (_measure(drawn).score <= _measure(best).score
                              and _measure(drawn).backward_edges <= _measure(best).backward_edges)
    return drawn if through and same and _merit(drawn) < _merit(best) else best


def _laid(option: Layout, dot_of: Callable[[Layout], DotResult], run: Run, best: Drawn,
          tried: set[str]) -> Drawn:
    """``option`` laid out as a candidate, or ``best`` when it cannot be or its DOT is one of the texts
    ``tried`` (the same DOT lays out the same: nothing to measure); its DOT is added to them."""
    try:
        dot = dot_of(option)
        if dot.text in tried or dot.text == best.dot.text:
            return best
        tried.add(dot.text)
        drawn = _lay(dot, drafts.drafts(dot, run.svg), run, finish=False, layout=option)
        if isinstance(tried, Tried):
            tried.note(drawn)
        return drawn
    except RenderError as exc:
        if isinstance(exc, GraphvizNotFoundError):
            raise
        return best


def _merit(drawn: Drawn) -> float:
    return merit(_measure(drawn))


def _measure(drawn: Drawn) -> Quality:
    """A candidate's measure, its fill as it will be with the title band it will be drawn with."""
    if drawn.quality is None:  # pragma: no cover - a candidate is always laid out with its geometry
        raise RenderError("a candidate layout was not measured")
    return replace(drawn.quality, fill=drawn.quality.fill / drawn.fit.scale)


def _lay(dot: DotResult, formats: Sequence[str], run: Run, *, finish: bool = True,
         layout: Layout | None = None) -> Drawn:
    """One ``dot`` run drawing ``dot`` in ``formats``; the geometry among them is measured, and kept
    with ``layout`` for a candidate (``finish`` off: no post-processing until one of them is chosen)."""
    raw = run.laid.take(dot.text, formats, (lambda: graphviz.render_formats(
        dot.text, formats, links=run.links, timeout=run.timeout, post=False)) if finish
        else lambda: drafts.drafted(dot, formats, run.timeout))
    outs = {fmt: graphviz.finish(out, fmt, run.links) for fmt, out in raw.items()} if finish else raw
    shapes = [fmt for fmt in outs if fmt.startswith("json")]
    shape = outs.pop(shapes[0]).content if shapes else b""
    quality = measure_json(shape) if shapes else None
    broken = _broken(dot, shape)
    if finish:
        return Drawn(dot, outs, quality, layout=layout, broken=broken)
    return Drawn(dot, outs, quality, layout=layout, geometry=shape, fit=band.choose(dot, shape, timeout=run.timeout),
                 broken=broken)


def _broken(dot: DotResult, shape: bytes) -> int:
    """How many of the layout hints' order pairs of ``dot`` (and of its folded rows' pairs, ``DotResult.rows``)
    its layout ``shape`` draws the wrong way round, and of their ranks it does not keep (:func:`off_rank`)."""
    pairs = [*dot.order, *dot.rows]
    if not (pairs or dot.ranks) or not shape:
        return 0
    drawing = parsed(shape)
    return len(misplaced(pairs, drawing.centres, drawing.rankdir)) + len(off_rank(dot.ranks, drawing.centres,
                                                                                   drawing.rankdir))


def _own_spacing(view: ComputedView) -> bool:
    """Whether ``view``'s separations are archkit's own (its author set none), so it may be drawn compact."""
    return view.rank_separation is None and view.node_separation is None


def _finish(best: Drawn, formats: Sequence[str], run: Run, compact: bool = False) -> Drawn:
    """The winning candidate in ``formats``: drawn again with the boxes of each rank one size
    (:func:`rows.even`) and compact separations in one run that also measures it, unless that changes nothing or draws a
    worse layout; else its SVG post-processed and the other formats in one more run."""
    evened = _evened(best, formats, run, compact)
    if evened is not None:
        return evened
    outs = {"svg": graphviz.finish(best.outputs["svg"], "svg", run.links)} if "svg" in best.outputs else {}
    rest = [f for f in formats if f not in outs]
    if rest:
        outs.update(graphviz.render_formats(best.dot.text, rest, links=run.links, timeout=run.timeout))
    return Drawn(best.dot, {f: outs[f] for f in formats}, best.quality)


def _evened(best: Drawn, formats: Sequence[str], run: Run, compact: bool) -> Drawn | None:
    """``best`` with its legend where its fit puts it (:mod:`archkit.render.band`), the boxes of
    each rank one size and its boundaries' titles where the fewest of its edges cross them (:mod:`titles`; after
    a try with titles moved is turned down, along their own end of the border only, which keeps the layout),
    in ``formats``, first with each of the separations of ``layout.COMPACTS``, tightest
    first (when ``compact``: the view's author set none); None when that changes nothing, or when the new layout
    scores worse than ``best``'s (sizes and separations can move Graphviz's edge routes) or cannot be
    drawn (then ``best``, which was, is kept rather than its encoding given up). A legend beside a rank
    is a node of the layout: when the drawing with it comes out worse or emptier than expected, the
    best band is tried."""
    if not best.geometry:  # pragma: no cover - a candidate is always laid out with its geometry
        return None
    expected = _measure(best)
    tries: list[tuple[band.Fit | None, tuple[tuple[str, str], ...]]] = \
        [(best.fit, spacing) for spacing in COMPACTS] if compact else []
    across = True  # titles may move to the other end of their border until a drawing with one moved is turned down
    for fit, tight in [*tries, (best.fit, ()), (band.without(best.fit), ())]:
        if fit is None:
            continue
        text = rows.even(band.apply(best.dot, fit), best.geometry)
        if tight and rows.spaced(text, tight) == text:
            continue
        text = rows.spaced(text, tight) if tight else text
        if text == best.dot.text:
            return None
        dot = replace(best.dot, text=titles.placed(text, best.geometry, across))
        try:
            drawn = _lay(dot, [*formats, drafts.geometry(dot)], run)
        except RenderError as exc:
            if isinstance(exc, GraphvizNotFoundError):
                raise
            continue
        if drawn.quality is not None and drawn.broken <= best.broken and _defects(drawn.quality) <= _defects(expected) \
                and drawn.quality.edge_through_element <= expected.edge_through_element \
                and ((fit.legend < 0 and not tight) or drawn.quality.fill >= expected.fill - _FILL_SLACK):
            return drawn
        across = across and dot.text == text
    return None


def _defects(quality: Quality) -> int:
    """What a reader counts against a layout: issue 13's weighted score and the edges against the flow."""
    return quality.score + quality.backward_edges
