"""One computed view drawn in every format: the layout attempts of :func:`attempt` (the layout search
of :mod:`archkit.render.search` in the richest encoding that works, then the cheaper fallbacks), or a
pinned sequence diagram (:func:`render_sequence`). :mod:`archkit.render.pipeline` decides which views are
drawn, re-uses fresh ones and runs them on threads."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace

from archkit.errors import GraphvizNotFoundError, RenderError
from archkit.model import DynamicView, Workspace
from archkit.output import Artifact
from archkit.render import ahead, budget, drafts, graphviz, resident, search
from archkit.render.ahead import Drawings, Lanes, Outputs, Spare
from archkit.render.dot import DotResult, view_to_dot
from archkit.render.drafts import Run
from archkit.render.drawing import parsed
from archkit.render.hints import misplaced, unkept
from archkit.render.icons import IconResolver
from archkit.render.layout import STANDARD_LIMIT, Layout, after, choose, explain, reason, size
from archkit.render.quality import Quality
from archkit.render.search import Drawn
from archkit.render.sequence import sequence_dot
from archkit.render.style import Styler
from archkit.views import ComputedView

#: Seconds an encoding may take before the next, cheaper one is tried.
ATTEMPT_TIMEOUT = 20.0
#: Views with at most this many nodes and edges get their PNG from the SVG's ``dot`` run: in the
#: synthetic models of ``benchmarks/`` (N=1000 and 5000), the 527 of 767 views within these
#: limits draw at most 12.6 megapixels, under ``graphviz.MAX_PNG_PIXELS``.
SMALL_VIEW_NODES = 40
SMALL_VIEW_EDGES = 40
#: Views up to this size (``layout.size``: nodes, or edges / 2 if more) get their layout measured.
MEASURE_LIMIT = STANDARD_LIMIT

@dataclass(frozen=True)
class Setup:
    """What every view of one workspace is rendered with."""

    ws: Workspace
    styler: Styler
    icons: IconResolver
    links: Mapping[str, str]
    timeout: float
    #: the layout search's mode (:mod:`archkit.render.budget`), and whether drawn views are measured
    search: str = budget.DEFAULT_MODE
    measure: bool = True
    #: the live preview's hook (``archkit serve --watch``): a drawn view's key and finished SVG, given as soon
    #: as the SVG is drawn, before its other formats (then drawn from the same DOT in a run of their own)
    early: Callable[[str, bytes], None] | None = None
    #: the ``dot`` runs the render may have at once (:mod:`archkit.render.ahead`); None: one at a time
    lanes: Lanes | None = None
    #: the view's DOT in its first encoding, made before it is drawn, and its drawing when ``dot`` laid it out
    #: among other views' (:mod:`archkit.render.schedule`)
    ahead: Ahead | None = None


@dataclass(frozen=True)
class Ahead:
    """A view's DOT text in its first encoding (:func:`archkit.render.pipeline.first_dot`: the text of
    ``settled_dot`` when it has no layout hints' order to check), and, when ``laid`` is set, the raw drawings
    ``dot`` made of it in the formats of its first run (:func:`first_run`), so that run is not made again."""

    dot: DotResult
    laid: Mapping[str, graphviz.Output] | None = None


@dataclass(frozen=True)
class Settling:
    """How :func:`settled_dot` wrote a view's layout hints in a DOT text whose layout kept every order pair:
    with the relationships against the hints' ranks drawn loose or not, and the pairs written the other way."""

    loose: bool = False
    flipped: frozenset[tuple[str, str]] = frozenset()


def settled_dot(setup: Setup, computed: ComputedView, layout: Layout, laid: Drawings | None = None) -> DotResult:
    """The DOT of ``computed``, its layout hints' order along a rank checked on a first layout.

    ``dot`` keeps the order of flat edges only where nothing else pulls harder, and the clusters of an
    LR/RL view do not all turn alike (``archkit.render.hints``): the pairs a first layout puts the wrong
    way round are written the other way and the view laid out again; when some are still wrong, the
    same with the relationships against the hints' ranks drawn loose (``constraint=false``,
    :func:`archkit.render.hints.encode`). The first of these DOT texts that keeps every pair is returned,
    else the one that keeps the most, with a warning for each pair it does not. Only views with such
    hints pay for these layouts, and only those a first layout gets wrong more than one; when one fails,
    the DOT is returned unchecked (drawing it then fails and falls back as usual). With ``laid`` (the
    layout search's), the layout of each DOT is kept there as the search draws a candidate (its SVG and
    geometry, :func:`drafts.geometry`), so the search does not lay out the same text again: ``dot`` draws
    one text with the same bytes each time.
    """
    return settle(setup, computed, layout, laid)[0]


def settle(setup: Setup, computed: ComputedView, layout: Layout, laid: Drawings | None = None,
           spare: Spare = ahead.NONE, svg: bool = True) -> tuple[DotResult, Settling | None]:
    """:func:`settled_dot`, and how it wrote the hints when its layout keeps every pair (else None). With a
    ``spare`` lane, the loose writing (and its pairs flipped) is laid out beside the other, into ``laid``;
    ``svg``: whether the search's candidates are drawn as SVG too (:attr:`drafts.Run.svg`)."""
    tried: list[tuple[DotResult, frozenset[tuple[str, str]], Settling]] = []
    stop = threading.Event()  # the loose writing's second layout is not started once the settling is done
    try:
        for loose in (False, True):
            dot = view_to_dot(computed, setup.styler, setup.icons, setup.links, layout, loose=loose)
            if dot.order and laid is not None and not loose:
                spare.start(lambda: _writing(setup, computed, layout, laid, stop, svg))
            wrong = misplaced_pairs(setup, computed, dot, laid, svg)
            tried.append((dot, wrong, Settling(loose)))
            if wrong:
                again = view_to_dot(computed, setup.styler, setup.icons, setup.links, layout, wrong, loose)
                tried.append((again, misplaced_pairs(setup, computed, again, laid, svg), Settling(loose, wrong)))
            if not tried[-1][1]:
                return tried[-1][0], tried[-1][2]
    finally:
        stop.set()
    best, still, _ = min(tried, key=lambda t: len(t[1]))  # the earliest of the fewest pairs drawn wrong
    best.warnings += unkept(computed, layout, still)
    return best, None


def _writing(setup: Setup, computed: ComputedView, layout: Layout, laid: Drawings, stop: threading.Event,
             svg: bool = True) -> None:
    """The loose writing of :func:`settle` laid out into ``laid``, then with its wrong pairs flipped (unless
    ``stop``): the texts and layouts :func:`settle` asks for when the strict writing does not keep every pair."""
    dot = view_to_dot(computed, setup.styler, setup.icons, setup.links, layout, loose=True)
    wrong = misplaced_pairs(setup, computed, dot, laid, svg)
    if wrong and not stop.is_set():
        laid.ahead(*_drawing(setup, view_to_dot(computed, setup.styler, setup.icons, setup.links, layout, wrong,
                                                True), svg))


def settled_like(setup: Setup, computed: ComputedView, layout: Layout, settling: Settling,
                 laid: Drawings | None = None, svg: bool = True) -> DotResult:
    """The DOT of ``computed`` in ``layout`` with its layout hints written as ``settling`` says (how they kept
    every pair in another encoding of the view), checked on one layout: a warning for each pair it draws the
    wrong way round (the layout search then counts them against it: :attr:`search.Drawn.broken`)."""
    dot = view_to_dot(computed, setup.styler, setup.icons, setup.links, layout, settling.flipped, settling.loose)
    dot.warnings += unkept(computed, layout, misplaced_pairs(setup, computed, dot, laid, svg))
    return dot


def misplaced_pairs(setup: Setup, computed: ComputedView, dot: DotResult,
                    laid: Drawings | None = None, svg: bool = True) -> frozenset[tuple[str, str]]:
    """The order pairs of ``dot`` a layout of it puts the wrong way round (none when it cannot be laid out);
    with ``laid``, that layout is drawn as a search candidate is, and kept there."""
    if not dot.order:
        return frozenset()
    try:
        if laid is None:
            shape = graphviz.layout_json(dot.text, timeout=min(ATTEMPT_TIMEOUT, setup.timeout))
        else:
            text, formats, make = _drawing(setup, dot, svg)
            shape = laid.draw(text, formats, make)[formats[-1]].content
        centres = parsed(shape).centres
    except RenderError:
        return frozenset()
    return misplaced(dot.order, centres, computed.direction)


def _drawing(setup: Setup, dot: DotResult, svg: bool = True) -> tuple[str, tuple[str, ...], Callable[[], Outputs]]:
    """How the layout hints' check draws ``dot`` (its text, formats and ``dot`` run): as the search draws a
    candidate (:func:`drafts.drafts`), so that the search takes that drawing (:class:`ahead.Drawings`)."""
    formats = drafts.drafts(dot, svg)
    timeout = min(ATTEMPT_TIMEOUT, setup.timeout)
    return dot.text, formats, lambda: drafts.drafted(dot, formats, timeout)



@dataclass
class Rendered:
    """One view's files and messages, and the measure of its layout (None when nothing was drawn)."""

    key: str
    files: dict[str, bytes]
    messages: list[str]
    quality: Quality | None = None
    #: the view's freshness entry, to write after its files (:mod:`archkit.render.freshness`)
    entry: Artifact | None = None
    #: its files are those on disk, re-used (checked by signature or hash): nothing to write
    reused: bool = False
    #: format -> the re-used file (:class:`archkit.render.freshness.Kept`), when ``reused``
    kept: dict[str, Artifact] = field(default_factory=dict)



def attempt(setup: Setup, computed: ComputedView, formats: Sequence[str], spare: Spare = ahead.NONE) -> Drawn:
    """Draw ``computed`` in ``formats`` with the richest encoding that works (the layout search of
    :func:`search.draw`: the best candidate within the budget); messages say what happened. With a ``spare``
    lane, the search lays layouts out ahead (:mod:`archkit.render.ahead`): the same drawing, sooner."""
    layout: Layout | None = choose(computed)
    messages: list[str] = []
    if layout is not None and layout.name != "standard":
        messages.append(explain(computed, layout, reason(computed, layout)))
    ahead = setup.ahead
    while layout is not None:
        nxt = after(layout)
        timeout = setup.timeout if nxt is None else min(ATTEMPT_TIMEOUT, setup.timeout)
        laid = Drawings()  # the hints' check layouts, which the search draws again otherwise
        if ahead is not None and ahead.laid is not None:  # the first encoding, laid out in a batch
            laid.put(ahead.dot.text, tuple(ahead.laid), ahead.laid)
        try:
            svg = len(formats) == 1  # the SVG alone: the winner's is kept; else the winner is drawn again
            with resident.session():  # one ``dot`` process for the search's candidates, one after another
                drawn = search.draw(computed, layout, formats, _Dots(setup, computed, laid, spare, svg=svg), Run(
                    frozenset(setup.links.values()), timeout, setup.search, _measures(setup, computed), laid, spare,
                    svg))
            drawn.messages[:0] = messages
            return drawn
        except graphviz.DotTimeout as exc:
            why = f"the '{layout.name}' layout {str(exc).removeprefix('dot: ')}"
            failure: RenderError = exc
        except RenderError as exc:
            if isinstance(exc, GraphvizNotFoundError):
                raise
            why = f"the '{layout.name}' layout failed ({str(exc).removeprefix('dot: ')})"
            failure = exc
        if nxt is None:
            raise RenderError(f"view '{computed.key}': {failure} — split the view with include/exclude "
                              "or a filtered view") from None
        messages.append(explain(computed, nxt, why))
        layout, ahead = nxt, None
    raise RenderError(f"view '{computed.key}': no layout could draw it")  # pragma: no cover


@dataclass
class _Dots:
    """The DOT of one view in a given encoding, for :func:`search.draw`. The first encoding asked for (the
    search's first candidate) is :func:`settled_dot`; when that keeps every order pair of the layout hints,
    every later one is written as it was (:func:`settled_like`) and checked on its one layout, else each is
    settled in turn. A candidate that this writing does not suit draws pairs the wrong way round, so it
    cannot beat the first, which keeps them all: settling it too (up to three layouts more each,
    ``benchmarks/README.md``, ``h/hexlive``) would be spent on a candidate that could win only with a
    writing of its own. Only the first call sets the writing: later ones may run at once (:mod:`ahead`)."""

    setup: Setup
    computed: ComputedView
    laid: Drawings
    spare: Spare = ahead.NONE
    svg: bool = True  #: whether the search's candidates are drawn as SVG too (:attr:`drafts.Run.svg`)
    first: bool = True
    settling: Settling | None = None

    def __call__(self, layout: Layout) -> DotResult:
        made = self.setup.ahead
        if made is not None and not made.dot.order and layout == choose(self.computed):  # made already
            return replace(made.dot, icons=list(made.dot.icons), warnings=list(made.dot.warnings))
        if self.settling is not None:
            return settled_like(self.setup, self.computed, layout, self.settling, self.laid, self.svg)
        dot, settling = settle(self.setup, self.computed, layout, self.laid, self.spare, self.svg)
        if self.first:
            self.first, self.settling = False, settling
        return dot


def render_computed(setup: Setup, computed: ComputedView, formats: Sequence[str]) -> Rendered:
    """One computed view in every format (:func:`archkit.render.pipeline._render_view`), holding one of the
    render's lanes while it is drawn (:class:`ahead.Lanes`)."""
    if setup.lanes is None:
        return _render_computed(setup, computed, formats, ahead.NONE)
    with setup.lanes.drawing() as spare:
        return _render_computed(setup, computed, formats, spare)


def _render_computed(setup: Setup, computed: ComputedView, formats: Sequence[str], spare: Spare) -> Rendered:
    files: dict[str, bytes] = {}
    messages = list(computed.notes)
    links = frozenset(setup.links.values())
    drawn = [f for f in formats if f != "dot"]
    quality = None
    if not drawn:
        dot = settled_dot(setup, computed, choose(computed))
    else:
        done = attempt(setup, computed, _together(setup, computed, drawn), spare)
        if setup.early is not None:
            setup.early(computed.key, done.outputs["svg"].content)
        dot = done.dot
        quality = done.quality if setup.measure and measured(computed) else None  # a search measures anyway
        messages += done.messages + [f"view '{computed.key}': {w}"
                                     for out in done.outputs.values() for w in out.warnings]
        files.update((fmt, out.content) for fmt, out in done.outputs.items())
        dpi = graphviz.png_dpi(files["svg"])
        if dpi is not None and "png" in drawn:
            messages.append(f"view '{computed.key}': the PNG is drawn at {dpi} dpi to stay under "
                            f"{graphviz.MAX_PNG_PIXELS / 1e6:.0f} megapixels; the SVG has full detail")
        rest = [f for f in drawn if f not in files or (f == "png" and dpi is not None)]
        if dpi is not None and "png" in rest:  # a smaller PNG: a run of its own
            rest.remove("png")
            files["png"] = _more(graphviz.render(dot.text, "png", links=links, timeout=setup.timeout, dpi=dpi),
                                 computed, messages)
        if rest:  # one layout for the rest: each drawing has the bytes of a run of its own
            for fmt, out in graphviz.render_formats(dot.text, rest, links=links, timeout=setup.timeout).items():
                files[fmt] = _more(out, computed, messages)
    messages += dot.warnings
    files["dot"] = dot.text.encode("utf-8")
    return Rendered(computed.key, {f: files[f] for f in formats}, list(dict.fromkeys(messages)), quality)


def _together(setup: Setup, computed: ComputedView, drawn: Sequence[str]) -> list[str]:
    """The formats drawn from the view's layout in one run (the geometry, json, comes from the same run when the
    layout is measured: measuring costs no second one); the others come from a run of their own."""
    if setup.early is not None:  # the SVG alone first: the other formats after, from its DOT (same bytes)
        return ["svg"]
    return ["svg", *(f for f in drawn if f != "svg" and (f != "png" or small(computed)))]


def first_run(setup: Setup, computed: ComputedView, dot: DotResult, formats: Sequence[str]) -> tuple[str, ...] | None:
    """The formats of the one ``dot`` run that draws ``computed`` from ``dot``, its DOT in the first encoding,
    when that run is all its layout takes (a view the search does not search, with no layout hints' order to
    check, not measured; :func:`search.draw`); else None."""
    layout = choose(computed)
    drawn = [f for f in formats if f != "dot"]
    if (layout is None or not drawn or dot.order or _measures(setup, computed)
            or budget.searched(computed, layout, setup.search)):
        return None
    return tuple(_together(setup, computed, drawn))


def _more(out: graphviz.Output, computed: ComputedView, messages: list[str]) -> bytes:
    """``out``'s drawing, its warnings added to ``messages``."""
    messages += [f"view '{computed.key}': {w}" for w in out.warnings]
    return out.content


def render_sequence(setup: Setup, spec: DynamicView, computed: ComputedView, formats: Sequence[str]) -> Rendered:
    """A ``style="sequence"`` dynamic view: its geometry is pinned (:mod:`archkit.render.sequence`),
    so one Graphviz run draws every format (for the live preview, :attr:`Setup.early`: the SVG, then the rest
    in a second run), with nothing to search or measure."""
    pinned = sequence_dot(spec, computed, setup.styler, setup.icons, setup.links)
    links = frozenset(setup.links.values())
    dpi = graphviz.dpi_for(*pinned.size) if pinned.size and "png" in formats else None
    drawn = [f for f in formats if f != "dot" and (f != "png" or dpi is None)]  # a smaller PNG: a run of its own
    first = ["svg"] if setup.early is not None and "svg" in drawn else drawn  # the live preview's SVG first
    outs = graphviz.render_formats(pinned.text, first, links=links, timeout=setup.timeout) if first else {}
    if setup.early is not None and "svg" in outs:
        setup.early(spec.key, outs["svg"].content)
        if rest := [f for f in drawn if f not in outs]:
            outs.update(graphviz.render_formats(pinned.text, rest, links=links, timeout=setup.timeout))
    notes = []
    if dpi is not None:
        outs["png"] = graphviz.render(pinned.text, "png", links=links, timeout=setup.timeout, dpi=dpi)
        notes.append(f"view '{spec.key}': the PNG is drawn at {dpi} dpi to stay under "
                     f"{graphviz.MAX_PNG_PIXELS / 1e6:.0f} megapixels; the SVG has full detail")
    files = {fmt: out.content for fmt, out in outs.items()} | {"dot": pinned.text.encode("utf-8")}
    messages = [*computed.notes, *(f"view '{spec.key}': {w}" for out in outs.values() for w in out.warnings),
                *pinned.warnings, *notes]
    return Rendered(spec.key, {f: files[f] for f in formats}, list(dict.fromkeys(messages)))


def _measures(setup: Setup, computed: ComputedView) -> bool:
    """Whether a view that is not searched has its layout measured: when the caller reports the measure,
    and in ``best`` mode always, because the search lays a view with an edge through an element out again
    (:func:`search.draw`): ``archkit build``, which reports none, must draw what ``archkit render`` draws."""
    return measured(computed) and (setup.measure or setup.search == "best")


def measured(view: ComputedView) -> bool:
    """Whether the view's layout is measured: views of the standard sizes (``layout.size`` up to
    ``MEASURE_LIMIT``). Beyond, the measure would cost as much as the layout (a 300-element view
    with 600 edges crossing 25000 times: 6 s of measure after 6 s of layout) and tell little."""
    return size(view) <= MEASURE_LIMIT


def small(view: ComputedView) -> bool:
    """Whether the view's PNG will be drawn at the default resolution (its drawing is under
    ``MAX_PNG_PIXELS``), so it can come from the SVG's ``dot`` run. Conservative: a view
    past the guess still gets a correct PNG, from a second run (its first PNG is discarded)."""
    return len(view.nodes) <= SMALL_VIEW_NODES and len(view.edges) <= SMALL_VIEW_EDGES


