"""Views drawn on threads while the views after them are still being computed, small ones laid out together.

:func:`drawn` is the schedule of :func:`archkit.render.pipeline.render_views` (every view's bytes kept to the
end): the caller's thread computes each view and its first DOT text in turn (``prepare``) and queues it;
``jobs`` threads take the queued views and draw them (``draw``), so ``dot`` starts on the first view as soon
as it is computed rather than after a thread has computed it, and no core waits while Python computes a view
beside the other thread's. A thread that takes a view whose DOT may share a ``dot`` process
(``text_of``: :func:`archkit.render.graphviz.batchable`) takes up to ``BATCH_VIEWS`` such views queued
and lays them out in one process first (``lay``: :func:`archkit.render.graphviz.run_batch`), then draws each
with its drawing in hand; when the batch fails, each is drawn as if alone (its own ``dot`` run, timeout,
warnings and error). Results come out in the order of ``items``; an error is raised when its view's turn
comes, as :func:`archkit.render.pipeline._ordered_map` does.
"""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from typing import Generic, TypeVar

T = TypeVar("T")
P = TypeVar("P")
R = TypeVar("R")
D = TypeVar("D")

#: At most this many views laid out in one ``dot`` process (:func:`archkit.render.graphviz.run_batch`).
BATCH_VIEWS = 8


class _Queue(Generic[P, R]):
    """The views computed and not yet taken by a thread, each with the future of its result."""

    def __init__(self, text_of: Callable[[P], str | None]) -> None:
        self.items: deque[tuple[P, Future[R]]] = deque()
        self.text_of = text_of
        self.cond = threading.Condition()
        self.closed = False  # every view is queued
        self.stopped = False  # the caller stopped asking: take nothing more

    def put(self, prepared: P, future: Future[R]) -> None:
        with self.cond:
            self.items.append((prepared, future))
            self.cond.notify()

    def close(self, stop: bool = False) -> None:
        with self.cond:
            self.closed = True
            self.stopped = self.stopped or stop
            self.cond.notify_all()

    def take(self, jobs: int) -> list[tuple[P, Future[R]]]:
        """The next view, or the next views that may share a ``dot`` process: up to ``BATCH_VIEWS``, and no
        more than a fair share of those queued when other threads could take some; empty when done."""
        with self.cond:
            while not self.items and not self.closed:
                self.cond.wait()
            if self.stopped or not self.items:
                return []
            head = self.items.popleft()
            if self.text_of(head[0]) is None:
                return [head]
            shared = [item for item in self.items if self.text_of(item[0]) is not None]
            share = min(BATCH_VIEWS - 1, -(-len(shared) // jobs) if self.closed else len(shared))
            group = [head, *shared[:share]]
            for item in group[1:]:
                self.items.remove(item)
            return group


def drawn(items: Iterable[T], prepare: Callable[[T], P], text_of: Callable[[P], str | None],
          lay: Callable[[Sequence[str]], Sequence[D] | None], draw: Callable[[P, D | None], R],
          jobs: int) -> Iterator[R]:
    """``draw(prepare(item), laid)`` for each of ``items``, in order: ``prepare`` in this thread, ``draw`` on
    ``jobs`` threads, ``laid`` the drawing ``lay`` made of the view's ``text_of`` in a batch (None when it had
    none). See the module's text."""
    queue: _Queue[P, R] = _Queue(text_of)
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
                laid = lay([queue.text_of(prepared) or "" for prepared, _ in group]) or laid
        except BaseException as exc:  # a defect, not a failed batch: every view of the group raises it in turn
            for _, future in group:
                future.set_exception(exc)
            continue
        for (prepared, future), drawing in zip(group, laid, strict=True):
            try:
                future.set_result(draw(prepared, drawing))
            except BaseException as exc:  # handed to the caller's thread, raised when this view's turn comes
                future.set_exception(exc)
