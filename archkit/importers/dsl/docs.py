"""``!docs`` and ``!adrs``: Markdown/AsciiDoc sections and ADR files, read from inside the workspace folder.

Sections and decisions come out in Structurizr's JSON form (``documentation.sections`` and
``documentation.decisions``); the JSON importer turns them into arc42 content and ADRs. A custom
importer class (a second argument that is not one of Structurizr's built-in names) would run Java
code, and is refused.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from archkit.errors import ImportFormatError
from archkit.importers.dsl.source import MAX_FILES, other_case, read_text

if TYPE_CHECKING:
    from archkit.importers.dsl.context import State

_DOC_SUFFIXES = {".md": "Markdown", ".markdown": "Markdown", ".adoc": "AsciiDoc", ".asciidoc": "AsciiDoc"}
_BUILT_IN_DOCS = {"com.structurizr.documentation.importer.defaultdocumentationimporter"}
_BUILT_IN_ADRS = {"adrtools", "madr", "log4brains",
                  "com.structurizr.documentation.importer.adrtoolsdecisionimporter",
                  "com.structurizr.documentation.importer.madrdecisionimporter"}


def _files(state: State, words: list[str], what: str, built_in: set[str]) -> list[Path]:
    if len(words) not in (2, 3):
        state.fail(f"expected '{words[0]} <path> [importer]'", "give the folder (or file) to read")
    if len(words) == 3 and words[2].lower() not in built_in:
        state.fail(f"{words[0]} with the importer '{words[2]}' would run Java code", "remove the importer name")
    path = state.confined(words[1], words[0])
    assert state.current is not None
    files = state.sources.listed(path, state.current, words[0])
    if files is None:
        state.fail(f"{words[0]} '{words[1][:120]}': no such file or folder{other_case(path, state.sources.root)}",
                   "check the path (relative to this file)")
    return [state.confined(str(f), words[0]) for f in files]


def _read(state: State, path: Path) -> str:
    """The text of a documentation or ADR file, counted with the workspace's other files (at most
    :data:`~archkit.importers.dsl.source.MAX_FILES`: a folder of a million Markdown files is refused, not read)."""
    state.sources.files.append(path)
    if len(state.sources.files) > MAX_FILES:
        state.fail(f"more than {MAX_FILES} files read (includes, documentation and ADRs)",
                   "point !docs and !adrs at the folders that hold them")
    return read_text(path, str(path))


def docs(state: State, words: list[str]) -> dict[str, Any]:
    """The ``sections`` of ``!docs <path>``: every Markdown/AsciiDoc file in it and its sub-folders, by path."""
    sections: list[dict[str, Any]] = []
    for f in _files(state, words, "documentation", _BUILT_IN_DOCS):
        kind = _DOC_SUFFIXES.get(f.suffix.lower())
        if kind is None:
            continue
        sections.append({"content": _read(state, f), "filename": f.name, "format": kind,
                         "order": len(sections) + 1})
        state.located.append(("section", sections[-1], f"{f}:1"))  # its warnings name the file itself
    return {"sections": sections} if sections else {}


def adrs(state: State, words: list[str]) -> dict[str, Any]:
    """The ``decisions`` of ``!adrs <folder>``: adr-tools/MADR files (``NNNN-title.md``)."""
    from archkit.arc42.adr import FILE_PATTERN, parse_adr

    decisions: list[dict[str, Any]] = []
    for f in _files(state, words, "ADRs", _BUILT_IN_ADRS):
        if not FILE_PATTERN.match(f.name):
            continue
        text = _read(state, f)
        try:
            decision = parse_adr(text, str(f))
        except ImportFormatError as exc:
            state.fail(str(exc), "fix the ADR file")
        item: dict[str, Any] = {"id": str(int(decision.id)) if decision.id.isdigit() else decision.id,
                                "title": decision.title, "status": decision.status.capitalize(),
                                "content": text, "format": "Markdown"}
        if decision.date is not None:
            item["date"] = f"{decision.date.isoformat()}T00:00:00Z"
        decisions.append(item)
    return {"decisions": decisions} if decisions else {}
