"""Views drawn on threads while the views after them are still being computed, small ones laid out together.

:func:`drawn` is the schedule of :func:`archkit.render.pipeline.render_views` (every view's bytes kept to the
end): the caller's thread computes each view and its first DOT text in turn (``prepare``) and queues it;
``jobs`` threads take the queued views and draw them (``draw``), so ``dot`` starts on the first view as soon
as it is computed rather than after a thread has computed it, and no core waits while Python computes a view
beside the other thread's. A thread that takes a view whose ``dot`` run may be shared (``share_of``: its DOT
text, and whether it may also come after another graph in a process, :func:`archkit.render.graphviz.batchable`)
takes up to ``BATCH_VIEWS - 1`` more queued views that may come after it, lays them all out in one process
first (``lay``: :func:`archkit.render.graphviz.run_batch`), then draws each with its drawing in hand; when the
batch fails, each is drawn as if alone (its own ``dot`` run, timeout, warnings and error). Results come out in
the order of ``items``; an error is raised when its view's turn comes, as
:func:`ordered_map` does.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from typing import Generic, NamedTuple, TypeVar

T = TypeVar("T")
P = TypeVar("P")
R = TypeVar("R")
D = TypeVar("D")

#: At most this many views laid out in one ``dot`` process (:func:`archkit.render.graphviz.run_batch`).
BATCH_VIEWS = 8
#: A thread waits for this many views to lay out together while another thread draws (:meth:`_Queue.take`).
FILL = 4


class Share(NamedTuple):
    """A view's DOT text that may be laid out in a batch: first in it, and after others too when ``follows``."""

    text: str
    follows: bool


class _Queue(Generic[P, R]):
    """The views computed and not yet taken by a thread, each with the future of its result."""

    def __init__(self, share_of: Callable[[P], Share | None]) -> None:
        self.items: deque[tuple[P, Future[R]]] = deque()
        self.share_of = share_of
        self.cond = threading.Condition()
        self.closed = False  # every view is queued
        self.stopped = False  # the caller stopped asking: take nothing more
        self.waiting = 0  # threads waiting for views

    def put(self, prepared: P, future: Future[R]) -> None:
        with self.cond:
            self.items.append((prepared, future))
            self.cond.notify_all()

    def close(self, stop: bool = False) -> None:
        with self.cond:
            self.closed = True
            self.stopped = self.stopped or stop
            self.cond.notify_all()

    def take(self, jobs: int) -> list[tuple[P, Future[R]]]:
        """The next view, and when it may lead a batch, the queued views that may follow it: up to
        ``BATCH_VIEWS`` in all, and no more than a fair share of those queued once every view is queued (the
        other threads take the rest); empty when done.

        A batch of fewer than ``FILL`` views is waited on while views are still being computed and another
        thread is drawing (none waits): a core is then busy computing views, the other drawing, and the batch
        fills (taken at once, the views would each pay a process of their own as fast as they are computed)."""
        with self.cond:
            while not self.stopped:
                group = self._group(jobs)
                if group:
                    return group
                if self.closed and not self.items:
                    return []
                self.waiting += 1
                self.cond.wait()
                self.waiting -= 1
            return []

    def _group(self, jobs: int) -> list[tuple[P, Future[R]]]:
        """What :meth:`take` takes now (empty: wait). When the next view may be shared, the batch is led by the
        first queued view that may only lead one (so it pays no process of its own either), else by the next
        view; it takes no more of the views that may follow than its share beside the other views queued that
        may only lead (and, once every view is queued, the other threads)."""
        if not self.items:
            return []
        first = self.items[0]
        if self.share_of(first[0]) is None:
            return [self.items.popleft()]
        shares = [(item, share) for item in self.items if (share := self.share_of(item[0])) is not None]
        leads = [item for item, share in shares if not share.follows]
        head = leads[0] if leads else first
        follows = [item for item, share in shares if share.follows and item is not head]
        if len(follows) + 1 < FILL and not self.closed and self.waiting + 1 < jobs:
            return []
        others = len(leads) - 1 if leads else 0  # the batches still to lead
        fair = min(BATCH_VIEWS - 1, -(-len(follows) // max(others + 1, jobs if self.closed else 1)))
        group = [head, *follows[:fair]]
        for item in group:
            self.items.remove(item)
        return group


def drawn(items: Iterable[T], prepare: Callable[[T], P], share_of: Callable[[P], Share | None],
          lay: Callable[[Sequence[str]], Sequence[D] | None], draw: Callable[[P, D | None], R],
          jobs: int) -> Iterator[R]:
    """``draw(prepare(item), laid)`` for each of ``items``, in order: ``prepare`` in this thread, ``draw`` on
    ``jobs`` threads, ``laid`` the drawing ``lay`` made of the view's shared text in a batch (None when it had
    none). See the module's text."""
    queue: _Queue[P, R] = _Queue(share_of)
    threads = [threading.Thread(target=_work, args=(queue, lay, draw, jobs), daemon=True)
               for _ in range(max(1, jobs))]
    for thread in threads:
        thread.start()
    pending: deque[Future[R]] = deque()
    try:
        for item in items:
            future: Future[R] = Future()
            try:
                prepared = prepare(item)
            except Exception as exc:  # raised in order, when its view's turn comes
                future.set_exception(exc)
            else:
                queue.put(prepared, future)
            pending.append(future)
            while pending and pending[0].done():
                yield pending.popleft().result()
        queue.close()
        while pending:
            yield pending.popleft().result()
    finally:
        queue.close(stop=True)
        for thread in threads:
            thread.join()


def _work(queue: _Queue[P, R], lay: Callable[[Sequence[str]], Sequence[D] | None],
          draw: Callable[[P, D | None], R], jobs: int) -> None:
    """One drawing thread: takes views until the queue is closed and empty (or stopped)."""
    while group := queue.take(jobs):
        laid: Sequence[D | None] = [None] * len(group)
        try:
            if len(group) > 1:  # None when the batch failed: each view is then drawn alone
                laid = lay([share.text for prepared, _ in group if (share := queue.share_of(prepared))]) or laid
        except BaseException as exc:  # a defect, not a failed batch: every view of the group raises it in turn
            for _, future in group:
                future.set_exception(exc)
            continue
        for (prepared, future), drawing in zip(group, laid, strict=True):
            try:
                future.set_result(draw(prepared, drawing))
            except BaseException as exc:  # handed to the caller's thread, raised when this view's turn comes
                future.set_exception(exc)


def ordered_map(fn: Callable[[T], R], items: Iterable[T], jobs: int, window: int,
                 weigh: Callable[[R], int] | None = None, budget: int = 0,
                 ready: Callable[[T], R | None] | None = None) -> Iterator[R]:
    """``map(fn, items)`` on ``jobs`` threads, in order, with at most ``window`` items submitted
    and not yet handed out; with ``weigh``, at most ``window`` submitted and not yet done, while the
    results done and not yet handed out weigh at most ``budget`` in all.

    The window must be wider than ``jobs``: while the oldest item is still being drawn, the
    other threads go on with the items after it (a window of ``jobs`` left them idle behind
    every large view: at N=1000, 4.4 s against 3.6 s with a window of 16; ``benchmarks/README.md``). A
    window of 16 still left one thread idle behind the few views that take a second or more (the largest
    container view of N=1000 takes as long as the 60 views after it): a caller that keeps every result
    anyway (:func:`render_views`) has no window, one that writes each as it comes (``archkit build``)
    bounds the bytes waiting behind the oldest instead of their number.

    ``ready`` (run in the caller's thread, in order) answers an item without the pool when it can (a view
    re-used from disk): such items take no room in the window, so the items that need ``fn`` are all
    started as early as the window allows, however many answered items lie between them (the views an edit
    changed are drawn side by side, not one after the other).
    """
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending: deque[tuple[Future[R], bool]] = deque()  # (result, whether the pool draws it)
        for item in items:
            answer = None if ready is None else ready(item)
            if answer is not None:
                done: Future[R] = Future()
                done.set_result(answer)
                pending.append((done, False))
            else:
                while pending and not _room(pending, window, weigh, budget):
                    if pending[0][0].done():
                        yield pending.popleft()[0].result()
                    else:
                        wait([f for f, _ in pending if not f.done()], return_when=FIRST_COMPLETED)
                pending.append((pool.submit(fn, item), True))
            while pending and pending[0][0].done():
                yield pending.popleft()[0].result()
        while pending:
            yield pending.popleft()[0].result()


def _room(pending: deque[tuple[Future[R], bool]], window: int, weigh: Callable[[R], int] | None,
          budget: int) -> bool:
    """Whether one more item may be submitted behind ``pending`` (see :func:`ordered_map`). A result that
    failed weighs nothing: it is raised when its turn to be handed out comes."""
    drawn = [f for f, submitted in pending if submitted]
    if weigh is None:
        return len(drawn) < window
    held = sum(weigh(f.result()) for f, _ in pending if f.done() and f.exception() is None)
    return sum(not f.done() for f in drawn) < window and held <= budget
