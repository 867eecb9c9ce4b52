"""The archkit exception tree.

Every error archkit raises on purpose derives from :class:`ArchkitError`; the
CLI catches exactly that class, prints one clean line and exits 2. Anything
else is a bug and keeps its traceback.

::

    ArchkitError
     ├── LoadError              a model file cannot be read or parsed
     │    └── ModelError        the content is structurally invalid (schema, duplicate ids)
     ├── ImportFormatError      a foreign workspace (e.g. Structurizr JSON) is invalid
     ├── RenderError            Graphviz failed or timed out on a view
     │    └── GraphvizNotFoundError   the `dot` executable is missing
     ├── TemplateError          an arc42 template is missing or broken
     └── OutputError            an output path escapes the output folder or cannot be written
"""

from __future__ import annotations

import re

# C0/C1 controls, DEL, line/paragraph separators and bidirectional overrides: a model's
# names must not move the cursor, recolour the terminal or reorder the line they appear in.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` as one line that is safe to print: control and bidi characters become escapes."""
    return _UNPRINTABLE.sub(lambda m: _ESCAPES.get(m.group(), f"\\u{ord(m.group()):04x}"), text)


class ArchkitError(Exception):
    """Base class of every error archkit raises on purpose.

    ``str(error)`` is a complete, one-line message in the form
    ``file: element: what is wrong — how to fix``; control and bidi characters a model put
    into it are escaped (see :func:`printable`).
    """

    def __init__(self, message: str = "", *args: object) -> None:
        super().__init__(printable(str(message)), *args)


class LoadError(ArchkitError):
    """A model file could not be read: missing, empty, binary, not parseable, or it raised."""


class ModelError(LoadError):
    """The model is structurally invalid: wrong types, unknown keys, duplicate ids."""


class ImportFormatError(ArchkitError):
    """A foreign workspace file (Structurizr JSON, ADR folder) is invalid."""


class RenderError(ArchkitError):
    """Graphviz failed, timed out or produced no output for a view."""


class GraphvizNotFoundError(RenderError):
    """The Graphviz `dot` executable is not on PATH."""


class TemplateError(ArchkitError):
    """An arc42 template is missing, or failed to render."""


class OutputError(ArchkitError):
    """An output path would escape the output folder, or could not be written."""


def format_error(file: str | None, element: str | None, problem: str, fix: str = "") -> str:
    """Build the one error format: ``file: element: problem — fix``."""
    parts = [p for p in (file, element) if p]
    head = ": ".join([*parts, problem])
    return f"{head} — {fix}" if fix else head
