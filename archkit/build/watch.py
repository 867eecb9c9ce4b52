"""``archkit watch``: build, then rebuild each model whose sources change (watchfiles)."""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from pathlib import Path

from archkit.build.plan import model_sources
from archkit.build.runner import BuildReport
from archkit.errors import ArchkitError

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
    rebuild(models)
    folders = sorted({m.parent.resolve() for m in models})
    for changes in watch_files(*folders, stop_event=stop, debounce=DEBOUNCE_MS, recursive=True,
                               raise_interrupt=False):
        changed = {Path(path).resolve() for _, path in changes}
        targets = affected(models, changed)
        if targets:
            rebuild(targets)
