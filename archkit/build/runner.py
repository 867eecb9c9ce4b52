"""Run a build: models spread over worker processes, each writing its files as they are made.

``build`` writes; ``check_outputs`` generates the same files and only compares them with
what is on disk (the ``build --check`` gate). Both return a :class:`BuildReport`. The worker
writes (or compares) each view's files as they are drawn; the parent gets back only the
paths, from which it removes files no longer generated and writes the stamp.

Models are always built in worker processes, never in the parent (also with ``-j 1``): a worker
that dies (``os._exit`` in a model, a crash, the out-of-memory killer) fails its model, and every
other model is still built and reported. The stamp of a model is removed before the worker writes its
first file and written after everything else, so a build killed at any instant is redone by the next one.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import partial
from multiprocessing.connection import Connection
from multiprocessing.queues import SimpleQueue
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from archkit.build.job import Outcome, build_model, differences, warm_up
from archkit.build.plan import STAMP, ModelJob, orphans, plan, read_stamp, stamp_bytes
from archkit.errors import ArchkitError, OutputError, printable
from archkit.output import fold

if TYPE_CHECKING:
    from archkit.diskfile import Signature
    from archkit.output import Artifact


class Reporter(Protocol):
    """Receives progress: ``start`` once, ``done`` per model as it finishes."""

    def start(self, total: int, todo: int, title: str) -> None: ...
    def done(self, outcome: Outcome) -> None: ...
    def stop(self) -> None: ...


@dataclass
class BuildReport:
    """Per-model outcomes (in the order the models were given) and, for ``--check``, stale files."""

    outcomes: list[Outcome]
    stale: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)

    @property
    def ok(self) -> bool:
        return not self.stale and all(o.status != "failed" for o in self.outcomes)

    def count(self, status: str) -> int:
        return sum(o.status == status for o in self.outcomes)


def workers(requested: int | None = None) -> int:
    """One worker per core unless told otherwise."""
    return max(1, requested or os.cpu_count() or 1)


Announce = Callable[[str, str], None]
"""Told by a live build (``archkit serve --watch``) that a model (its output folder's name) has the new SVG of
a view (its key) written, before that view's other formats and before the model's build ends."""


def build(models: Sequence[Path], out: Path, reporter: Reporter, *, force: bool = False,
          jobs: int | None = None, timeout: float = 60.0, layout: str | None = None,
          announce: Announce | None = None) -> BuildReport:
    """Build every model that is not up to date into ``out/<model>/`` (``layout``: ``build --layout``).
    ``announce``: see :data:`Announce` (on a thread of the parent's, while the build runs; every call is made
    before this returns); the files written and the stamp are those of a build without it."""
    planned = _planned(models, out, force=force, layout=layout)
    todo = [j for j in planned if not j.up_to_date]
    reporter.start(len(planned), len(todo), "building")
    outcomes: dict[Path, Outcome] = {}
    for job in planned:
        if job.up_to_date:
            outcomes[job.path] = Outcome(str(job.path), job.name, "up to date", files=_stamp_files(job))
            reporter.done(outcomes[job.path])
    by_path = {str(j.path): j for j in todo}

    def finished(outcome: Outcome) -> None:
        job = by_path[outcome.path]
        if outcome.status == "built":
            _settle(outcome, lambda: _finish(job, outcome.generated, outcome.inputs, outcome.signatures))
        outcomes[job.path] = outcome
        reporter.done(outcome)

    try:
        _run(todo, workers(jobs), timeout, finished, layout=layout, reuse=not force, announce=announce)
    finally:
        reporter.stop()
    return BuildReport([outcomes[j.path] for j in planned])


def check_outputs(models: Sequence[Path], out: Path, reporter: Reporter, *, jobs: int | None = None,
                  timeout: float = 60.0, layout: str | None = None) -> BuildReport:
    """Generate every model and list the files in ``out/`` that differ; write nothing."""
    planned = _planned(models, out, force=True, layout=layout)
    by_path = {str(j.path): j for j in planned}
    stale: list[tuple[str, str]] = []
    outcomes: dict[Path, Outcome] = {}
    reporter.start(len(planned), len(planned), "checking")

    def finished(outcome: Outcome) -> None:
        job = by_path[outcome.path]
        if outcome.status != "failed":
            _settle(outcome, partial(_compare, job, outcome, stale))
        outcomes[job.path] = outcome
        reporter.done(outcome)

    try:
        _run(planned, workers(jobs), timeout, finished, check_only=True, layout=layout)
    finally:
        reporter.stop()
    return BuildReport([outcomes[j.path] for j in planned], sorted(stale))


def stale_files(out_dir: Path, artifacts: Sequence[Artifact]) -> list[tuple[str, str]]:
    """``(relpath, reason)`` for each file under ``out_dir`` that a build would write or remove."""
    expected = {a.relpath for a in artifacts}
    found = differences(out_dir, list({a.relpath: a for a in artifacts}.values()))
    found += [(rel, orphan_reason(rel, expected)) for rel in orphans(out_dir, expected)]
    return sorted(found)


def orphan_reason(rel: str, generated: Collection[str]) -> str:
    """Why a build removes ``rel``: a diagram in a format the build does not write says which setting
    adds it (``archkit render -f pdf`` writes PDFs a build removes unless the model asks for them)."""
    from archkit.render.formats import DIAGRAM_FORMATS, FORMATS_PROPERTY

    folder, _, name = rel.partition("/")
    fmt = name.rpartition(".")[2]
    drawn = {g.rpartition(".")[2] for g in generated if g.startswith("diagrams/")}
    if folder == "diagrams" and fmt in DIAGRAM_FORMATS and fmt not in drawn:
        return (f"not generated: the build writes {', '.join(sorted(drawn)) or 'no diagrams'} — add {fmt} to the "
                f"workspace property {FORMATS_PROPERTY} to keep it")
    return "not generated any more"


def _planned(models: Sequence[Path], out: Path, *, force: bool, layout: str | None) -> list[ModelJob]:
    planned = plan(models, out, force=force, layout=layout)
    seen: dict[str, Path] = {}
    for job in planned:  # Shop.yaml and shop.yaml: one folder on a case-insensitive disk
        first = seen.setdefault(fold(job.name), job.path)
        if first != job.path:
            raise OutputError(f"{job.path}: writes to {job.out_dir}, as {first} does (on a case-insensitive disk "
                              "too) — rename one of them")
    return list({j.path: j for j in planned}.values())


def _stamp_files(job: ModelJob) -> int:
    files = read_stamp(job.out_dir).get("files")
    return len(files) if isinstance(files, dict) else 0


def _settle(outcome: Outcome, step: Callable[[], None]) -> None:
    """Run ``step`` of the parent's share of a model's build; an :class:`ArchkitError` fails that model."""
    try:
        step()
    except ArchkitError as exc:
        outcome.status = "failed"
        outcome.messages.extend(exc.lines)


def _compare(job: ModelJob, outcome: Outcome, stale: list[tuple[str, str]]) -> None:
    generated = set(outcome.generated)
    orphaned = [(rel, orphan_reason(rel, generated)) for rel in orphans(job.out_dir, generated)]
    found = sorted([*outcome.differences, *orphaned])
    stale.extend((str(job.out_dir / rel), reason) for rel, reason in found)
    outcome.status = "stale" if found else "fresh"


def _finish(job: ModelJob, generated: Collection[str], inputs: Mapping[str, str],
            signatures: Mapping[str, Signature] | None = None) -> None:
    """After the worker wrote ``generated``: remove what is no longer generated, then write the stamp (with
    the ``inputs`` the model read beyond its sources and the ``signatures`` of the files as the worker wrote them:
    :func:`archkit.build.plan.stamp_bytes`)."""
    from archkit.output import Artifact, remove_files, write_artifacts

    written = set(generated)
    remove_files(job.out_dir, orphans(job.out_dir, written))
    stamp = stamp_bytes(job.fingerprint, job.out_dir, written, inputs, signatures)
    write_artifacts(job.out_dir, [Artifact(STAMP, stamp)])


def _run(jobs: Sequence[ModelJob], count: int, timeout: float, finished: Callable[[Outcome], None], *,
         check_only: bool = False, layout: str | None = None, reuse: bool = True,
         announce: Announce | None = None) -> None:
    """Build ``jobs`` in a pool of ``count`` worker processes (one model alone gets ``count`` render
    threads). When a worker dies the pool breaks; every model it had not finished then runs alone in a
    process of its own, so the one that dies again is the one reported failed, and the others are built.
    With ``announce``, the workers tell the parent of each view's early SVG through a queue, read by a thread
    that calls ``announce`` (a model run alone after a dead worker announces nothing: its build ends as usual)."""
    if not jobs:
        return
    render_jobs = count if len(jobs) == 1 else 1
    if multiprocessing.get_start_method() == "fork":
        warm_up()
    left: list[ModelJob] = []
    queue: SimpleQueue[tuple[str, str] | None] | None = None
    if announce is not None and not check_only:
        queue = multiprocessing.get_context().SimpleQueue()
        reader = threading.Thread(target=_read_announcements, args=(queue, announce), name="archkit-announce")
        reader.start()
    try:
        with ProcessPoolExecutor(max_workers=min(count, len(jobs)), initializer=_announcing,
                                 initargs=(queue,)) as pool:
            futures = {pool.submit(_build_model, str(job.path), str(job.out_dir), timeout, render_jobs,
                                   check_only=check_only, layout=layout, reuse=reuse): job for job in jobs}
            for future in as_completed(futures):
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    left.append(futures[future])
                    continue
                finished(outcome)
    finally:
        if queue is not None:  # every worker has ended: what they put is in the queue before this
            queue.put(None)
            reader.join()
            queue.close()
    for job in sorted(left, key=list(jobs).index):
        finished(_run_alone(job, timeout, render_jobs, check_only, layout, reuse))


_ANNOUNCEMENTS: SimpleQueue[tuple[str, str] | None] | None = None
"""In a worker process of a live build: where its views' early SVGs are announced (:func:`_announcing`)."""


def _announcing(queue: SimpleQueue[tuple[str, str] | None] | None) -> None:
    """A worker's start: keep the queue of a live build's announcements (None: not a live build)."""
    global _ANNOUNCEMENTS
    _ANNOUNCEMENTS = queue


def _build_model(path: str, out_dir: str, timeout: float, render_jobs: int, *, check_only: bool,
                 layout: str | None, reuse: bool) -> Outcome:
    """:func:`build_model` in a worker, announcing each view's early SVG when the pool is a live build's."""
    queue = _ANNOUNCEMENTS
    name = Path(out_dir).name
    announce = None if queue is None else (lambda key: queue.put((name, key)))
    return build_model(path, out_dir, timeout, render_jobs, check_only=check_only, layout=layout, reuse=reuse,
                       announce=announce)


def _read_announcements(queue: SimpleQueue[tuple[str, str] | None], announce: Announce) -> None:
    """The parent's thread of a live build: ``announce`` each model and view the workers put, until None."""
    while (item := queue.get()) is not None:
        try:
            announce(*item)
        except Exception as exc:  # a listener's bug must not stop the build (its workers would block on a full queue)
            sys.stderr.write(printable(f"archkit: live preview: {exc!r}") + "\n")


def _run_alone(job: ModelJob, timeout: float, render_jobs: int, check_only: bool, layout: str | None,
               reuse: bool) -> Outcome:
    """``build_model`` for ``job`` in a process of its own; a failed outcome naming how it died when it
    ends without a result."""
    context = multiprocessing.get_context()
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_build_and_send, name=f"archkit build {job.name}",
                              args=(send, str(job.path), str(job.out_dir), timeout, render_jobs, check_only, layout,
                                    reuse))
    process.start()
    send.close()
    try:
        result = receive.recv()
    except EOFError:
        result = None
    finally:
        process.join()
        receive.close()
    if isinstance(result, BaseException):
        raise result  # not an ArchkitError: a bug in archkit, raised here as the pool would
    if isinstance(result, Outcome):
        return result
    return Outcome(str(job.path), job.name, "failed", messages=[
        f"{job.path}: the process building this model died ({_how(process.exitcode)}) before it finished: "
        "the model ended the process (os._exit, a signal), or it crashed or ran out of memory — nothing of this "
        "model is up to date; fix the cause and build again"])


def _build_and_send(send: Connection, path: str, out_dir: str, timeout: float, render_jobs: int,
                    check_only: bool, layout: str | None, reuse: bool) -> None:
    try:
        result: Outcome | BaseException = build_model(path, out_dir, timeout, render_jobs, check_only=check_only,
                                                      layout=layout, reuse=reuse)
    except BaseException as exc:  # handed to the parent, which raises it
        result = exc
    send.send(result)
    send.close()


def _how(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            return f"killed by {signal.Signals(-exitcode).name}"
        except ValueError:
            return f"killed by signal {-exitcode}"
    return f"exit code {exitcode}"
