"""Importers: foreign workspace formats -> archkit workspaces (Structurizr JSON today).

:func:`archkit.load.load` recognises a Structurizr workspace and imports it with
:func:`import_reported`: each warning goes to the ``archkit.import`` logger at
INFO level, and one WARNING line says how many there were. ``archkit import``
collects the individual lines with :func:`collected_warnings`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from archkit import lazy
from archkit.datafile import is_structurizr_workspace
from archkit.errors import printable
from archkit.model import Workspace

if TYPE_CHECKING:  # explicit `X as X`: mypy --strict sees these names as re-exported
    from archkit.importers.structurizr import ImportResult as ImportResult, import_structurizr as import_structurizr

__all__ = [
    "ImportResult",
    "collected_warnings",
    "import_reported",
    "import_structurizr",
    "is_structurizr_workspace",
]

LOG = logging.getLogger("archkit.import")


#: The importer itself, imported when first used: ``archkit check`` reads ``importers.derived`` only.
_EXPORTS = {"ImportResult": "archkit.importers.structurizr", "import_structurizr": "archkit.importers.structurizr"}
__getattr__ = lazy.exports(__name__, _EXPORTS, globals())


def import_reported(data: Any, source: str, earlier: Sequence[str] = (),
                    places: Mapping[str, str] | None = None) -> Workspace:
    """Import a Structurizr workspace, logging its warnings (see the module docstring); ``earlier``: those
    of the stage before (the DSL parser's, each naming its file and line), logged first; ``places``: where
    the DSL defines each element, relationship, view and style, named instead of ``source`` alone."""
    from archkit.importers.structurizr import import_structurizr

    result = import_structurizr(data, source)
    if places:
        from archkit.importers.dsl.located import with_places

        lines = [*earlier, *with_places(result.warnings, source, places)]
    else:
        lines = [*earlier, *result.warnings]
    for line in lines:
        LOG.info("%s", printable(line))
    if lines:
        n = len(lines)
        LOG.warning("%s", printable(f"{source}: imported from Structurizr with {n} warning{'s' if n != 1 else ''} — "
                                    f"`archkit import {source}` lists them"))
    return result.workspace


class _Collector(logging.Handler):
    def __init__(self, lines: list[str]) -> None:
        super().__init__(logging.INFO)
        self.lines = lines

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.INFO:
            self.lines.append(record.getMessage())


@contextlib.contextmanager
def collected_warnings() -> Iterator[list[str]]:
    """Collect the import warnings logged inside the block (and keep them off stderr)."""
    lines: list[str] = []
    handler = _Collector(lines)
    level, propagate = LOG.level, LOG.propagate
    LOG.addHandler(handler)
    LOG.setLevel(logging.INFO)
    LOG.propagate = False
    try:
        yield lines
    finally:
        LOG.removeHandler(handler)
        LOG.setLevel(level)
        LOG.propagate = propagate
