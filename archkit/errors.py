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

import json
import re
from collections.abc import Sequence

# C0/C1 controls, DEL, line/paragraph separators, bidirectional marks, overrides and isolates, and
# lone surrogates: a model's text must not move the cursor, recolour the terminal, reorder the line
# it appears in, or fail to encode.
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape(match: re.Match[str]) -> str:
    return _ESCAPES.get(match.group(), f"\\u{ord(match.group()):04x}")


def printable(text: str, *, keep_newlines: bool = False) -> str:
    """``text`` made safe to print: control, bidi and surrogate characters become escapes.

    Every line archkit writes to a terminal or a machine-readable stream goes through this one
    function (``tests/test_terminal_output.py`` holds every output call to it). By default the
    result is one line (``\\n`` escaped too); ``keep_newlines`` keeps line breaks, for a document
    whose fields were each made one line already. Escapes are ``\\n``, ``\\r``, ``\\t`` and
    ``\\u`` with four hex digits (``\\u001b``): in serialised JSON (where a raw character can only
    stand inside a string) they are JSON escapes of the same character, so the text stays valid JSON
    and loads back unchanged.
    """
    if keep_newlines:
        return "\n".join(_UNPRINTABLE.sub(_escape, line) for line in text.split("\n"))
    return _UNPRINTABLE.sub(_escape, text)


def printable_json(data: object, *, indent: int | None = None, sort_keys: bool = False) -> str:
    """``data`` as JSON text with no raw control or bidi character (see :func:`printable`)."""
    return printable(json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=sort_keys), keep_newlines=True)


class ArchkitError(Exception):
    """Base class of every error archkit raises on purpose.

    ``str(error)`` is a complete, one-line message in the form
    ``file: element: what is wrong — how to fix``; control and bidi characters a model put
    into it are escaped (see :func:`printable`). Given a list of such messages (several problems
    found at once), it is those lines, each escaped, joined by line breaks: :attr:`lines`.
    """

    def __init__(self, message: str | Sequence[str] = "", *args: object) -> None:
        lines = [message] if isinstance(message, str) else [str(line) for line in message]
        super().__init__("\n".join(printable(line) for line in lines), *args)

    @property
    def lines(self) -> list[str]:
        """The message's lines: one, or one per problem."""
        return str(self).split("\n")

    def __reduce__(self) -> tuple[type[ArchkitError], tuple[list[str]]]:
        """Pickled (to or from a worker process) as its lines, so that they stay lines."""
        return type(self), (self.lines,)


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
