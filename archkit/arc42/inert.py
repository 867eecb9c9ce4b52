"""ADR body Markdown made inert: kept as written, minus raw HTML and script links, code left alone.

The body of a decision (context, decision, consequences) is Markdown, as in any ADR
file, and it is published by GitHub, mkdocs and ``archkit serve`` (Python-Markdown,
which passes raw HTML and any link through). :func:`inert_markdown` keeps the author's
Markdown and removes what could run in a reader's browser:

- raw HTML: a ``<`` that could open a tag, a comment or an autolink is written ``&lt;``;
- links whose target is a script or a document of its own (``javascript:``, ``vbscript:``,
  ``livescript:``, ``data:``), in inline links and images ``[x](...)``, reference definitions
  ``[x]: ...`` and however they are spelt (any case, spaces, control characters, character
  references or backslashes inside the scheme): ``unsafe:`` is put in front, which no browser
  runs. Autolinks ``<javascript:...>`` are raw HTML above.

Code is shown as written (a code span's ``<script>`` stays ``<script>``), but only where every
Markdown reader agrees it is code, since the ``<`` in code is raw: a fenced block that CommonMark
and Python-Markdown both open and close on the same lines, and code spans in a paragraph whose
backtick runs all pair up, each span on one line. Anything less clear is
treated as text (its ``<`` escaped), which can only make it look wrong, never make it live; a
fence line that is not such a block is escaped too, so it cannot pair with another.
"""

from __future__ import annotations

import html
import re
import unicodedata

from archkit.arc42.escape import RAW_HTML

DANGEROUS_SCHEMES = frozenset({"javascript", "vbscript", "livescript", "data"})
_FENCE_LIKE = re.compile(r"^( {0,3})([`~]{3})")
_FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|~{3,})[ ]*\.?[\w#.+-]*[ ]*$")
_DESTINATION = re.compile(r"\](?:\(|:)[ \t\n]*<?")
_UNIT = re.compile(r"&#[xX][0-9a-fA-F]+;?|&#[0-9]+;?|&[A-Za-z][A-Za-z0-9]*;?|\\.|.", re.DOTALL)
_SCHEME_CHAR = re.compile(r"[a-z0-9+.-]")


def inert_markdown(text: str) -> str:
    """``text`` (Markdown) with raw HTML written as text and script links disarmed; code kept.
    Line endings become ``\\n`` (a lone ``\\r`` ends a line for every Markdown reader too)."""
    lines = re.split(r"\r\n|\r|\n", text)
    out: list[str] = []
    chunk: list[str] = []
    i = 0
    while i < len(lines):
        end = _fence_end(lines, i)
        if end is not None:
            out += [_inert_chunk(chunk), *lines[i:end + 1]] if chunk else lines[i:end + 1]
            chunk, i = [], end + 1
            continue
        line = _FENCE_LIKE.sub(r"\1\\\2", lines[i])
        if line.strip():
            chunk.append(line)
        else:
            out += [_inert_chunk(chunk), line] if chunk else [line]
            chunk = []
        i += 1
    if chunk:
        out.append(_inert_chunk(chunk))
    return "\n".join(out)


def _fence_end(lines: list[str], i: int) -> int | None:
    """The closing line of a fenced block opened at ``lines[i]`` that both CommonMark and
    Python-Markdown see: opened at the margin, closed by the first line CommonMark would take,
    which must also be the exact fence Python-Markdown wants."""
    m = _FENCE_OPEN.match(lines[i])
    if m is None:
        return None
    fence = m.group("fence")
    closes = re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    for j in range(i + 1, len(lines)):
        if closes.match(lines[j]):
            return j if re.fullmatch(rf"{re.escape(fence)} *", lines[j]) else None
    return None


def _code_spans(text: str) -> list[tuple[int, int]]:
    """Code spans every reader agrees on: each backtick run opens a span closed by the next run of
    the same length, on the same line, with no ``|`` inside (a table cell boundary); no run is left
    unmatched and no backslash stands before a backtick. Otherwise none: the chunk is text."""
    if "\\`" in text:
        return []
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", text)]
    spans = []
    i = 0
    while i < len(runs):
        start, opened = runs[i]
        closer = next((k for k in range(i + 1, len(runs)) if runs[k][1] - runs[k][0] == opened - start), None)
        if closer is None or "\n" in text[start:runs[closer][1]] or "|" in text[start:runs[closer][1]]:
            return []
        spans.append((start, runs[closer][1]))
        i = closer + 1
    return spans


def _inert_chunk(lines: list[str]) -> str:
    """One paragraph-like run of lines: text outside its code spans made inert, the spans kept."""
    text = "\n".join(lines)
    pieces: list[str] = []
    pos = 0
    for start, end in _code_spans(text):
        pieces += [_inert_text(text[pos:start]), text[start:end]]
        pos = end
    pieces.append(_inert_text(text[pos:]))
    return "".join(pieces)


def _inert_text(text: str) -> str:
    return RAW_HTML.sub("&lt;", disarm_links(text))


def disarm_links(text: str) -> str:
    """``unsafe:`` in front of every link destination (after ``](`` or ``]:``) whose scheme, once
    decoded as a browser would, is one of :data:`DANGEROUS_SCHEMES`."""
    pieces: list[str] = []
    pos = 0
    for m in _DESTINATION.finditer(text):
        if _scheme(text, m.end()) in DANGEROUS_SCHEMES:
            pieces += [text[pos:m.end()], "unsafe:"]
            pos = m.end()
    pieces.append(text[pos:])
    return "".join(pieces)


def _scheme(text: str, start: int) -> str | None:
    """The URL scheme that starts at ``text[start]`` as a browser reads it: character references
    decoded, backslash escapes undone, spaces and control characters dropped, case folded."""
    name = ""
    for m in _UNIT.finditer(text, start):
        unit = m.group(0)
        ch = unit[1] if unit.startswith("\\") and len(unit) == 2 else html.unescape(unit)
        if len(ch) != 1:
            return None
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        if ch == ":":
            return name
        if not _SCHEME_CHAR.match(ch.lower()) or len(name) > 20:
            return None
        name += ch.lower()
    return None
