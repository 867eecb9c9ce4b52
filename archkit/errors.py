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


class ArchkitError(Exception):
    """Base class of every error archkit raises on purpose.

    ``str(error)`` is a complete, one-line message in the form
    ``file: element: what is wrong — how to fix``.
    """


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
