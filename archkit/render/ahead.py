"""Layouts made ahead on a spare core, and the drawings one view's layout search has made, by DOT text.

A render draws ``jobs`` views at once (:func:`archkit.render.schedule.ordered_map`, one thread and one
``dot`` process each). When fewer are being drawn — a live rebuild after an edit draws one view, and the
other core idles — the layout search of a view lays out the candidate after the one it is laying out, and
the layout hints' check lays out its other writing of the hints (:func:`archkit.render.draw_view.settle`), on a
thread of their own (:class:`Spare`). Only *when* a DOT text is laid out changes, never which texts the search
compares or which it keeps: it takes every drawing by its text (:class:`Drawings`), waiting for one still
being made, and ``dot`` draws one text with the same bytes each time, so the files are byte for byte those of
a search that lays out one text after the other. A layout made ahead that the search then does not need (its
best so far could no longer be beaten) is the price: at most one ``dot`` run, on a core nothing else used.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future
from contextlib import contextmanager

from archkit.errors import RenderError
from archkit.render.graphviz import Output

Outputs = dict[str, Output]


class Drawings:
    """The drawings ``dot`` made, or is making, of the DOT texts of one view (by text, in the formats asked):
    each made once, whichever thread asks first; the search takes each at most once."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._made: dict[str, tuple[tuple[str, ...], Future[Outputs]]] = {}
        self._seen: set[tuple[str, tuple[str, ...]]] = set()  # every text and formats drawn, taken or not

    def draw(self, text: str, formats: Sequence[str], make: Callable[[], Outputs]) -> Outputs:
        """``text`` drawn in ``formats``: by ``make`` unless a drawing of it in these formats is made or under
        way (then that one, once done); kept for :meth:`take`. A drawing another thread failed to make is made
        again here, so its error is raised where a search laying out one text after the other meets it."""
        wanted = tuple(formats)
        with self._lock:
            known = self._made.get(text)
            mine = known is None or known[0] != wanted
            if mine:
                made: Future[Outputs] = Future()
                known = wanted, made
                self._made[text] = known
                self._seen.add((text, wanted))
        assert known is not None
        future = known[1]
        if not mine:
            try:
                return dict(future.result())
            except RenderError:
                return make()
        try:
            outs = make()
        except BaseException as exc:
            future.set_exception(exc)
            raise
        future.set_result(outs)
        return dict(outs)

    def put(self, text: str, formats: Sequence[str], outs: Mapping[str, Output]) -> None:
        """A drawing of ``text`` in ``formats`` made elsewhere (a batch of views laid out by one ``dot`` process,
        :mod:`archkit.render.schedule`), kept for :meth:`draw` and :meth:`take` as if made here."""
        made: Future[Outputs] = Future()
        made.set_result(dict(outs))
        with self._lock:
            self._made[text] = tuple(formats), made
            self._seen.add((text, tuple(formats)))

    def has(self, text: str, formats: Sequence[str]) -> bool:
        """Whether a drawing of ``text`` in ``formats`` is made or under way and not taken yet (the layout hints'
        check of a candidate drew it as the search draws a candidate)."""
        with self._lock:
            known = self._made.get(text)
            return known is not None and known[0] == tuple(formats)

    def ahead(self, text: str, formats: Sequence[str], make: Callable[[], Outputs]) -> None:
        """``text`` drawn in ``formats`` by ``make`` for a later :meth:`draw` or :meth:`take`, unless it is drawn
        or being drawn already, or was and has been taken (the search has it: a layout ahead comes too late)."""
        with self._lock:
            if (text, tuple(formats)) in self._seen:
                return
        self.draw(text, formats, make)

    def take(self, text: str, formats: Sequence[str], make: Callable[[], Outputs]) -> Outputs:
        """:meth:`draw`, and the drawing forgotten: a candidate's outputs are post-processed once chosen."""
        outs = self.draw(text, formats, make)
        with self._lock:
            self._made.pop(text, None)
        return outs


class Spare:
    """Work of one view started on a spare lane of its render, if one is free; waited for when the view ends."""

    def __init__(self, free: threading.Semaphore | None) -> None:
        self._free = free
        self._threads: list[threading.Thread] = []

    def start(self, work: Callable[[], object]) -> bool:
        """Run ``work`` on a thread of its own when a lane is free (else nothing: the search does it in its
        turn). A :class:`RenderError` there is left for the search to meet when it lays the text out itself."""
        free = self._free
        if free is None or not free.acquire(blocking=False):
            return False

        def run() -> None:
            try:
                work()
            except RenderError:
                pass
            finally:
                free.release()

        thread = threading.Thread(target=run, name="archkit-layout-ahead", daemon=True)
        self._threads.append(thread)
        thread.start()
        return True

    def join(self) -> None:
        for thread in self._threads:
            thread.join()
        self._threads.clear()


#: No spare lane: everything in its turn (a view drawn outside a render's pool, or the tests' ``jobs=1``).
NONE = Spare(None)


class Lanes:
    """How many ``dot`` runs one render has at once: one per view being drawn (held for the whole view by its
    thread), the rest lent to layouts ahead (:meth:`Spare.start`)."""

    def __init__(self, jobs: int) -> None:
        self._free = threading.BoundedSemaphore(max(1, jobs))

    @contextmanager
    def drawing(self) -> Iterator[Spare]:
        """A view's own lane while it is drawn, and its :class:`Spare` (its threads waited for at the end)."""
        self._free.acquire()
        spare = Spare(self._free)
        try:
            yield spare
        finally:
            spare.join()
            self._free.release()
