"""Render a workspace's views: compute, write DOT, run Graphviz (with fallbacks), collect artifacts.

``render_workspace`` renders everything to memory first; the caller writes the returned
artifacts (``diagrams/<view-key>.<ext>``) with :func:`archkit.output.write_artifacts`,
so a failure leaves no half-written diagram set behind. ``iter_render`` hands out one
view's artifacts at a time, for a caller (``archkit build``) that writes as it goes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TypeGuard, TypeVar

from archkit.errors import RenderError
from archkit.ids import did_you_mean
from archkit.model import DynamicView, ImageView, ModelIndex, View, Workspace
from archkit.output import Artifact, safe_name
from archkit.render import budget, graphviz, schedule
from archkit.render.ahead import Lanes
from archkit.render.dot import DotResult, view_to_dot
from archkit.render.draw_view import (
    ATTEMPT_TIMEOUT,
    Ahead,
    Rendered,
    Setup,
    first_run,
    render_computed,
    render_sequence,
    settled_dot,
)
from archkit.render.freshness import Entry, Kept, ViewCache, digests
from archkit.render.icons import IconResolver
from archkit.render.image import card_dot, image_files
from archkit.render.layout import choose, size
from archkit.render.links import drilldown_links
from archkit.render.quality import Quality
from archkit.render.sequence import sequence_dot
from archkit.render.style import THEMES, Styler
from archkit.render.view_inputs import model_texts, shown_ids
from archkit.views import Catalog, ComputedView, compute_view

Progress = Callable[[str], None]
T = TypeVar("T")
R = TypeVar("R")
#: Views being drawn ahead of the one handed out, per job, by :func:`iter_render`
#: (see :func:`archkit.render.schedule.ordered_map`) ...
WINDOW_PER_JOB = 8
#: ... while the views drawn and not yet handed out hold at most this many bytes (SVG, PNG, ...).
HELD_BYTES = 32 * 2**20
#: Views up to this size (``layout.size``) may be laid out several to one ``dot`` process (``render_views``,
#: :mod:`archkit.render.schedule`): at N=1000 each takes at most ~0.1 s of ``dot``, and ~15 ms of it is the
#: process's start, saved in a batch.
BATCH_SIZE = 50


def file_stem(key: str) -> str:
    return safe_name(key)


def _setup(ws: Workspace, theme: str | None, links: Mapping[str, str], timeout: float) -> Setup:
    name = theme or ws.styles.theme
    if name not in THEMES:
        raise RenderError(f"theme '{name}': unknown theme — use one of {', '.join(sorted(THEMES))}")
    return Setup(ws, Styler(ws.styles, THEMES[name]), IconResolver.for_properties(ws.properties), links, timeout)


def _select(ws: Workspace, keys: Iterable[str] | None) -> list[View]:
    views = ws.effective_views()
    if keys is None:
        return views
    wanted = list(keys)
    known = {v.key for v in views}
    for key in wanted:
        if key not in known:
            raise RenderError(f"view '{key}': no such view{did_you_mean(key, known)} — "
                              f"the views are: {', '.join(sorted(known)) or 'none'}")
    return [v for v in views if v.key in wanted]


def render_dot(ws: Workspace, view: View | str, theme: str | None = None) -> str:
    """The DOT text of one view (by object or key), encoded for its size, icons by relative path."""
    spec = view if not isinstance(view, str) else _select(ws, [view])[0]
    views = ws.effective_views()
    setup = _setup(ws, theme, drilldown_links(views, ModelIndex(ws.model).parent).get(spec.key, {}),
                   graphviz.DEFAULT_TIMEOUT)
    computed = compute_view(ws, spec)
    if isinstance(spec, ImageView):
        return card_dot(spec, computed, _about(setup, spec))
    if isinstance(spec, DynamicView) and spec.style == "sequence":
        return sequence_dot(spec, computed, setup.styler, setup.icons, setup.links).text
    return settled_dot(setup, computed, choose(computed)).text


@dataclass
class RenderedViews:
    """What :func:`render_views` returns: artifacts sorted by path, messages, and per view key
    (in view order) the measure of its layout."""

    artifacts: list[Artifact]
    messages: list[str]
    quality: dict[str, Quality]


def _render_view(setup: Setup, spec: View, formats: Sequence[str], catalog: Catalog) -> Rendered:
    """One view in every format. The SVG is drawn first: it settles the layout (trying the
    fallbacks) and the drawing's size, from which a huge PNG gets a lower resolution. A view
    small enough for its PNG to be drawn at full resolution gets every format from that one
    layout (one ``dot`` run); a larger one gets its PNG from a second run, at the resolution
    the SVG's size calls for."""
    return _draw(setup, spec, compute_view(setup.ws, spec, catalog), formats)


def _quick(setup: Setup, spec: View, cache: ViewCache) -> tuple[Entry | None, Rendered | None]:
    """The entry of ``spec``, and the view re-used from the files a previous build drew when the entry's quick
    key is unchanged and its files are still there (no computing, no ``dot`` run; :mod:`archkit.render.freshness`);
    else None: the view goes to :func:`_fresh_view`."""
    entry = cache.read(spec.key)
    if (entry is not None and entry.quick and not isinstance(spec, ImageView)
            and entry.quick == cache.quick_key(spec.key, setup.links, entry.shown, entry.icons)):
        kept = cache.files(spec.key, entry)
        if kept is None:  # the files are not those the entry names: drawn, without checking them twice
            return None, None
        return entry, _reused(spec.key, kept, [*entry.notes, *entry.messages])
    return entry, None


def _reused(key: str, kept: dict[str, Kept], messages: Sequence[str]) -> Rendered:
    return Rendered(key, {fmt: k.content for fmt, k in kept.items()}, list(dict.fromkeys(messages)), reused=True,
                    kept=dict(kept))


def _fresh_view(setup: Setup, spec: View, formats: Sequence[str], catalog: Catalog, cache: ViewCache,
                entry: Entry | None) -> Rendered:
    """One view whose quick key did not vouch for it (:func:`_quick`; ``entry``: its entry, if any): computed,
    then re-used when the key taken on the DOT of the view's first encoding is unchanged (the layout search and
    its fallbacks are a function of it, and of the mode), else drawn, with the entry that lets the next build
    re-use it."""
    computed = compute_view(setup.ws, spec, catalog)
    first = None if _is_sequence(spec) or isinstance(spec, ImageView) else _first(setup, computed)
    text, icons = (first.text, first.icons) if first is not None else first_dot(setup, spec, computed)
    key = cache.key(spec.key, text, icons, setup.links)
    shown = shown_ids(computed)
    quick = cache.quick_key(spec.key, setup.links, shown, icons)
    kept = cache.files(spec.key, entry) if entry is not None and entry.key == key else None
    if entry is not None and kept is not None:
        rendered = _reused(spec.key, kept, [*computed.notes, *entry.messages])
        rendered.entry = cache.entry(spec.key, key, entry.hashes, entry.messages, notes=computed.notes, quick=quick,
                                     shown=shown, icons=icons)
        return rendered
    rendered = _draw(setup if first is None else replace(setup, ahead=Ahead(first)), spec, computed, formats)
    drawing = [m for m in rendered.messages if m not in computed.notes]
    rendered.entry = cache.entry(spec.key, key, digests(rendered.files), drawing, notes=computed.notes, quick=quick,
                                 shown=shown, icons=icons)
    return rendered


def first_dot(setup: Setup, spec: View, computed: ComputedView) -> tuple[str, Sequence[str]]:
    """The DOT text of ``spec`` in its first encoding, before any layout (a sequence diagram's pinned one, an
    image view's card), and the icons it refers to: the text a view's freshness key is taken on, and the one
    ``benchmarks/stages.py dot`` times."""
    if _is_sequence(spec):  # a pinned drawing: its own DOT is the key (the style changes it)
        pinned = sequence_dot(spec, computed, setup.styler, setup.icons, setup.links)
        return pinned.text, pinned.icons
    if isinstance(spec, ImageView):  # the card's DOT holds the picture's hash (never judged by the quick key)
        return card_dot(spec, computed, _about(setup, spec)), ()
    first = _first(setup, computed)
    return first.text, first.icons


def _first(setup: Setup, computed: ComputedView) -> DotResult:
    """The DOT of a laid-out view (not a sequence or image view) in its first encoding."""
    return view_to_dot(computed, setup.styler, setup.icons, setup.links, choose(computed))


@dataclass
class _Prepared:
    """A view computed in the caller's thread (:mod:`archkit.render.schedule`): what its drawing thread needs,
    its first DOT (laid-out views), and that text when its first ``dot`` run may be shared with other views' (a
    view up to ``BATCH_SIZE`` drawn as SVG only, in one run of that text), with whether it may come after another
    graph in a process (``graphviz.batchable``) or only first."""

    setup: Setup
    spec: View
    computed: ComputedView
    first: DotResult | None
    share: schedule.Share | None


def _prepare(setup: Setup, spec: View, formats: Sequence[str], catalog: Catalog) -> _Prepared:
    computed = compute_view(setup.ws, spec, catalog)
    if _is_sequence(spec) or isinstance(spec, ImageView):
        return _Prepared(setup, spec, computed, None, None)
    first = _first(setup, computed)
    if size(computed) > BATCH_SIZE or first_run(setup, computed, first, formats) != ("svg",):
        return _Prepared(setup, spec, computed, first, None)
    return _Prepared(setup, spec, computed, first, schedule.Share(first.text, graphviz.batchable(first.text)))


def _draw_prepared(prepared: _Prepared, formats: Sequence[str], laid: graphviz.Output | None) -> Rendered:
    """A view :func:`_prepare` computed, drawn (with its SVG in hand when a batch laid it out)."""
    setup = prepared.setup
    if prepared.first is not None:
        setup = replace(setup, ahead=Ahead(prepared.first, None if laid is None else {"svg": laid}))
    return _draw(setup, prepared.spec, prepared.computed, formats)


def _is_sequence(spec: View) -> TypeGuard[DynamicView]:
    """Whether ``spec`` is drawn as a sequence diagram (`style="sequence"`)."""
    return isinstance(spec, DynamicView) and spec.style == "sequence"


def _draw(setup: Setup, spec: View, computed: ComputedView, formats: Sequence[str]) -> Rendered:
    """One computed view in every format: a sequence diagram, a picture, or the layout
    (:func:`archkit.render.draw_view.render_computed`)."""
    if _is_sequence(spec):
        return render_sequence(setup, spec, computed, formats)
    if isinstance(spec, ImageView):  # a picture, or a page saying what it references: archkit/render/image.py
        files, messages = image_files(spec, computed, _about(setup, spec), formats, timeout=setup.timeout)
        return Rendered(spec.key, files, messages)
    return render_computed(setup, computed, formats)


def _about(setup: Setup, spec: ImageView) -> str:
    """The name of the element an image view is about ('' for none)."""
    return ModelIndex(setup.ws.model).display_name(spec.element) if spec.element else ""


def render_workspace(
    ws: Workspace,
    formats: Sequence[str] = ("svg", "png"),
    theme: str | None = None,
    views: Iterable[str] | None = None,
    *,
    progress: Progress | None = None,
    timeout: float = graphviz.DEFAULT_TIMEOUT,
    jobs: int = 2,
    layout: str | None = None,
) -> tuple[list[Artifact], list[str]]:
    """Every (or the named) view as ``diagrams/<view-key>.<ext>`` artifacts, plus messages for the user.

    ``formats`` are any of svg, png, pdf, dot; ``layout`` is the layout search's mode, ``best`` or
    ``fast`` (default: the workspace property ``archkit.layout``, else ``best``;
    :mod:`archkit.render.budget`). Raises :class:`RenderError` when a view cannot be drawn and
    :class:`GraphvizNotFoundError` when `dot` is missing.
    """
    done = render_views(ws, formats, theme, views, progress=progress, timeout=timeout, jobs=jobs, layout=layout,
                        measure=False)
    return done.artifacts, done.messages


def render_views(
    ws: Workspace,
    formats: Sequence[str] = ("svg", "png"),
    theme: str | None = None,
    views: Iterable[str] | None = None,
    *,
    progress: Progress | None = None,
    timeout: float = graphviz.DEFAULT_TIMEOUT,
    jobs: int = 2,
    layout: str | None = None,
    measure: bool = True,
) -> RenderedViews:
    """Like :func:`render_workspace`, with the measure of every drawn view's layout
    (:mod:`archkit.render.quality`; none for views drawn only as DOT text, nor, with ``measure``
    off, for views the layout search did not measure anyway)."""
    formats = list(dict.fromkeys(formats))
    artifacts: list[Artifact] = []
    messages: list[str] = []
    measured: dict[str, Quality] = {}
    # every view's bytes are kept until the end anyway: no window, so no thread waits behind a large view
    for r in _iter_rendered(ws, formats, theme, views, progress=progress, timeout=timeout, jobs=jobs,
                            layout=layout, measure=measure, window=None):
        artifacts += _artifacts(r, formats)
        messages += r.messages
        if r.quality is not None:
            measured[r.key] = r.quality
    return RenderedViews(sorted(artifacts, key=lambda a: a.relpath), messages, measured)


def _artifacts(r: Rendered, formats: Sequence[str]) -> list[Artifact]:
    if r.reused:
        return sorted((r.kept[fmt] for fmt in formats if fmt in r.kept), key=lambda a: a.relpath)
    files = [Artifact(f"diagrams/{file_stem(r.key)}.{fmt}", r.files[fmt]) for fmt in formats if fmt in r.files]
    return sorted(files, key=lambda a: a.relpath)


def iter_render(
    ws: Workspace,
    formats: Sequence[str] = ("svg", "png"),
    theme: str | None = None,
    views: Iterable[str] | None = None,
    *,
    progress: Progress | None = None,
    timeout: float = graphviz.DEFAULT_TIMEOUT,
    jobs: int = 2,
    layout: str | None = None,
    cache: ViewCache | None = None,
    early: Callable[[str, bytes], None] | None = None,
) -> Iterator[tuple[list[Artifact], list[str]]]:
    """Like :func:`render_workspace`, one view at a time, in view order: its artifacts and messages.

    With ``cache`` (``archkit build``), a view whose key is unchanged is not drawn again but read back
    from the cache's folder, and a view drawn has its freshness entry last among its artifacts
    (:mod:`archkit.render.freshness`): the caller writes it after the view's files.

    With ``early`` (the live preview), each view drawn gives its key and finished SVG to ``early`` as soon as
    the SVG is drawn, before its other formats are (:attr:`archkit.render.draw_view.Setup.early`); the files
    handed out are the same bytes.

    At most ``WINDOW_PER_JOB * jobs`` views are being drawn ahead of the one handed out, and those drawn
    and waiting hold at most ``HELD_BYTES``, so a caller that writes each view's files before asking for
    the next holds only that much more than the views in hand.
    Arguments are checked before the first view is drawn (when the first item is asked for).
    """
    formats = list(dict.fromkeys(formats))
    for r in _iter_rendered(ws, formats, theme, views, progress=progress, timeout=timeout, jobs=jobs,
                            layout=layout, measure=False, cache=cache, early=early):
        yield _artifacts(r, formats) + ([r.entry] if r.entry is not None else []), r.messages


def _iter_rendered(
    ws: Workspace,
    formats: Sequence[str],
    theme: str | None,
    views: Iterable[str] | None,
    *,
    progress: Progress | None,
    timeout: float,
    jobs: int,
    layout: str | None,
    measure: bool,
    cache: ViewCache | None = None,
    window: int | None = WINDOW_PER_JOB,
    early: Callable[[str, bytes], None] | None = None,
) -> Iterator[Rendered]:
    """The views drawn on ``jobs`` threads, in order, at most ``window`` per job ahead of the one handed out
    (None: no limit, for a caller that keeps every view's bytes anyway)."""
    formats = list(dict.fromkeys(formats))
    bad = [f for f in formats if f not in (*graphviz.FORMATS, "dot")]
    if bad:
        raise RenderError(f"format '{bad[0]}': unknown diagram format — use svg, png, pdf or dot")
    if any(f != "dot" for f in formats):
        graphviz.dot_executable()
    selected = _select(ws, views)
    stems: dict[str, str] = {}
    for view in selected:
        other = stems.setdefault(file_stem(view.key), view.key)
        if other != view.key:
            raise RenderError(f"view '{view.key}': its file name clashes with view '{other}' — give one another key")
    links = drilldown_links(ws.effective_views(), ModelIndex(ws.model).parent)
    catalog = Catalog(ws)

    search = budget.mode(ws.properties, layout)
    # one styler and icon resolver: their caches serve every view
    base = replace(_setup(ws, theme, {}, timeout), search=search, measure=measure, early=early, lanes=Lanes(jobs))

    views_cache = None if cache is None else replace(
        cache, formats=tuple(formats), search=search, timeout=timeout, texts=model_texts(ws, theme))

    def announce(n: int, spec: View) -> Setup:
        if progress is not None:
            progress(f"[{n}/{len(selected)}] {spec.key}")
        return replace(base, links=links.get(spec.key, {}))

    jobs = max(1, jobs)
    if window is None:
        width, weigh, held = len(selected) + 1, None, 0
    else:
        width, weigh, held = window * jobs, _weight, HELD_BYTES
    items = list(enumerate(selected, start=1))
    if views_cache is None and window is None:  # the views computed here, drawn on the threads as they come
        yield from schedule.drawn(
            items, lambda item: _prepare(announce(*item), item[1], formats, catalog), lambda p: p.share,
            lambda texts: graphviz.run_batch(texts, timeout=min(ATTEMPT_TIMEOUT, timeout)),
            lambda p, laid: _draw_prepared(p, formats, laid), jobs)
        return
    if views_cache is None:
        yield from schedule.ordered_map(lambda item: _render_view(announce(*item), item[1], formats, catalog),
                                        items, jobs, width, weigh, held)
        return
    entries: dict[int, Entry | None] = {}

    def ready(item: tuple[int, View]) -> Rendered | None:  # in this thread, while the pool draws
        entries[item[0]], rendered = _quick(announce(*item), item[1], views_cache)
        return rendered

    def draw(item: tuple[int, View]) -> Rendered:
        n, spec = item
        setup = replace(base, links=links.get(spec.key, {}))
        return _fresh_view(setup, spec, formats, catalog, views_cache, entries.pop(n))

    yield from schedule.ordered_map(draw, items, jobs, width, weigh, held, ready)


def _weight(r: Rendered) -> int:
    return sum(len(content) for content in r.files.values())
