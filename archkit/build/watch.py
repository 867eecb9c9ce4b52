"""``archkit watch``: build, then rebuild each model whose sources change (watchfiles)."""

from __future__ import annotations

import signal
import sys
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from archkit.build.plan import model_sources
from archkit.build.runner import BuildReport
from archkit.errors import ArchkitError, printable

DEBOUNCE_MS = 300


def affected(models: Sequence[Path], changed: set[Path]) -> list[Path]:
    """The models (in their given order) that one of the ``changed`` files is a source of."""
    hit: list[Path] = []
    for model in models:
        files = {(model.parent / rel).resolve() for rel in model_sources(model)}
        if files & changed:
            hit.append(model)
    return hit


def watch(models: Sequence[Path], rebuild: Callable[[Sequence[Path]], BuildReport],
          stop: threading.Event | None = None) -> None:
    """Call ``rebuild(models)`` now, then ``rebuild(changed_models)`` after each change, until ``stop``."""
    try:
        from watchfiles import watch as watch_files
    except ImportError:
        raise ArchkitError("watch: the watchfiles package is not installed — pip install 'archkit[watch]'") from None
    stop = stop or threading.Event()
    with _interrupt_sets(stop):
        rebuild(models)
        folders = sorted({m.parent.resolve() for m in models})
        for changes in watch_files(*folders, stop_event=stop, debounce=DEBOUNCE_MS, recursive=True,
                                   raise_interrupt=False):
            if stop.is_set():
                break
            changed = {Path(path).resolve() for _, path in changes}
            targets = affected(models, changed)
            if targets:
                rebuild(targets)


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
