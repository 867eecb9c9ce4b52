"""``archkit watch``: build, then rebuild each model whose sources change (watchfiles)."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from archkit.build.plan import model_sources, plan, read_stamp
from archkit.build.runner import BuildReport
from archkit.errors import ArchkitError, LoadError, printable
from archkit.output import model_name

DEBOUNCE_MS = 300
READY_MS = 200
"""How long the watcher waits for a change before it answers anyway (the first answer starts the first build)."""


def affected(models: Sequence[Path], changed: set[Path], out: Path | None = None,
             failing: Collection[str] = ()) -> list[Path]:
    """The models (in their given order) that one of the ``changed`` files is a source of, or (with ``out``,
    the build's output folder) an input its last build recorded: a picture, a file of a mapped package. A
    model named in ``failing`` (its last build failed, perhaps before it read what it reads) is hit by any
    file changed in its folder but one below ``out`` or an incidental one (:func:`_incidental`): its error
    may name a file to put there (an image view's picture)."""
    hit: list[Path] = []
    below_out = out.resolve() if out is not None else None
    for model in models:
        files = {(model.parent / rel).resolve() for rel in model_sources(model)}
        recorded = _recorded(model, out)
        files |= {path for path, folder in recorded if not folder}
        folders = [path for path, folder in recorded if folder]
        seen = changed
        if model_name(model) in failing:
            folder = model.parent.resolve()
            folders.append(folder)
            seen = {path for path in changed if not (below_out is not None and path.is_relative_to(below_out))
                    and not _incidental(path.relative_to(folder) if path.is_relative_to(folder) else path)}
        if files & seen or any(path.is_relative_to(folder) for path in seen for folder in folders):
            hit.append(model)
    return hit


def _incidental(path: Path) -> bool:
    """A file no model reads: a hidden one or one in a hidden folder (``.git/``), a backup (``name~``), a
    compiled module (``__pycache__/``)."""
    return path.name.endswith("~") or any(part.startswith(".") or part == "__pycache__" for part in path.parts)


def watch_roots(models: Sequence[Path], out: Path | None = None) -> list[Path]:
    """The folders to watch (recursively): each model's, and (with ``out``) those of the inputs their last
    builds recorded outside them: a mapped package's folder, the folder of a file. None inside another."""
    roots = {m.parent.resolve() for m in models}
    for model in models:
        roots |= {path if folder else path.parent for path, folder in _recorded(model, out)}
    found = sorted(root for root in roots if root.is_dir())  # watchfiles cannot watch a folder that is not there
    return [root for root in found if not any(root != other and root.is_relative_to(other) for other in found)]


def _recorded(model: Path, out: Path | None) -> list[tuple[Path, bool]]:
    """The inputs the last build of ``model`` recorded in its stamp below ``out`` (resolved), each with
    whether it is a folder (a package a code mapping reads)."""
    inputs = read_stamp(out / model_name(model)).get("inputs") if out is not None else None
    names = [str(rel) for rel in inputs] if isinstance(inputs, dict) else []
    return [((model.parent / rel).resolve(), rel.endswith("/")) for rel in names]


def watch(models: Sequence[Path], rebuild: Callable[[Sequence[Path]], BuildReport],
          stop: threading.Event | None = None, out: Path | None = None) -> None:
    """Call ``rebuild(models)`` now, then ``rebuild(changed_models)`` after each change, until ``stop``
    (an :class:`ArchkitError` of a rebuild after a change is printed, and watching goes on); ``out``: the
    build's output folder, whose stamps name the inputs beyond the models' sources (:func:`affected`).
    Watched: the models' folders and the inputs' folders outside them (:func:`watch_roots`); when a build
    records an input in a folder not watched yet, the watcher starts again over the new folders and then
    rebuilds whatever :func:`stale` finds (a save made while it was off)."""
    try:
        from watchfiles import watch as watch_files
    except ImportError:
        raise ArchkitError("watch: the watchfiles package is not installed — pip install 'archkit[watch]'") from None
    stop = stop or threading.Event()
    for model in models:  # watchfiles cannot watch a folder that is not there
        if not model.parent.resolve().is_dir():
            raise LoadError(f"{model}: file not found (no folder {model.parent}) — check the path")
    with _interrupt_sets(stop):
        roots, starting, roots_changed = watch_roots(models, out), True, False
        failing: set[str] = set()
        while not stop.is_set():
            # the first answer (at most READY_MS) comes once the watcher is on: build then, so that a save
            # made while the first build runs is seen, not lost between the build and the watch
            for changes in watch_files(*roots, stop_event=stop, debounce=DEBOUNCE_MS, recursive=True,
                                       raise_interrupt=False, yield_on_timeout=True, rust_timeout=READY_MS):
                if stop.is_set():
                    break
                if starting:
                    failing = _failed(rebuild(models), models, failing)
                elif targets := (stale(models, out) if roots_changed else
                                 affected(models, {Path(path).resolve() for _, path in changes}, out, failing)):
                    failing = _failed(_rebuild_reporting(rebuild, targets), targets, failing)
                starting = roots_changed = False
                if (now := watch_roots(models, out)) != roots:  # a build recorded an input outside them:
                    roots, roots_changed = now, True  # watch it too, and catch up on what a restart missed
                    break
            else:
                return


def stale(models: Sequence[Path], out: Path | None) -> list[Path]:
    """The models whose last build is out of date (all of them without ``out``)."""
    if out is None:
        return list(models)
    return [job.path for job in plan(models, out) if not job.up_to_date]


def _rebuild_reporting(rebuild: Callable[[Sequence[Path]], BuildReport],
                       targets: Sequence[Path]) -> BuildReport | None:
    """A rebuild after a save; one that raises (a model file removed, unreadable for a moment) is reported
    in one line per problem (None), and watching goes on until the next save."""
    try:
        return rebuild(targets)
    except ArchkitError as exc:
        for line in exc.lines:
            sys.stderr.write(printable(f"archkit: {line}") + "\n")
        return None


def _failed(report: BuildReport | None, targets: Sequence[Path], failing: set[str]) -> set[str]:
    """The models failing after a rebuild of ``targets`` (``report`` None: it raised, so each of them)."""
    built = {model_name(path) for path in targets}
    failed = built if report is None else {o.name for o in report.outcomes if o.status == "failed"}
    return (failing - built) | failed


@contextmanager
def _interrupt_sets(stop: threading.Event) -> Iterator[None]:
    """While watching, Ctrl-C (SIGINT) sets ``stop``: a build in progress ends as usual, with its
    files written and its worker pool shut down, instead of being torn apart by KeyboardInterrupt
    (which left half a pool for the interpreter's exit to trip over). A second Ctrl-C stops at once."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def interrupted(signum: int, frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        sys.stderr.write(printable("archkit: stopping after the current build (Ctrl-C again stops at once)") + "\n")

    previous = signal.signal(signal.SIGINT, interrupted)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
