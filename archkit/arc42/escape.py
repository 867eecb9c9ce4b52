"""Markdown and AsciiDoc syntax for the arc42 pages: escaping model text, links, anchors, images.

Every string that comes from the model is plain text: a ``|`` in a description
must not split a table cell, a ``#`` must not start a heading, an ``<!--`` must
not open a comment (and so never forge an ``archkit:begin`` marker), a control or bidi character
is written as a visible ``\\u001b`` (:func:`archkit.errors.printable`). The data
builders escape each string once, with the :class:`Syntax` of the target
format, before a template sees it; templates only place the escaped pieces.

Markdown escapes a character where, and only where, a reader would take it for markup: ``#``, ``>``,
``-``, ``1.`` at the start of a line, ``*``, `````, ``[``, ``]``, ``|`` and ``\\`` anywhere, ``_`` at a
word's edge, ``&`` before a character reference, ``<`` before a letter, ``/``, ``!`` or ``?``
(:data:`RAW_HTML`) — so ``p95 < 300 ms`` and ``error rate > 0.5 %`` read as written. It uses
backslashes where both CommonMark (GitHub) and Python-Markdown (mkdocs) honour them, and character
references otherwise (``&lt;``, ``&amp;``, ``&#61;``).
AsciiDoc escapes use character references (``&#42;``), which Asciidoctor
passes through untouched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from archkit.errors import printable

_ANCHOR_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def anchor_id(prefix: str, ident: str) -> str:
    """A stable anchor for an item: ``qg-latency``, ``el-shop.api`` (safe in HTML and AsciiDoc)."""
    return f"{prefix}-{_ANCHOR_UNSAFE.sub('-', ident).strip('-') or 'item'}"


# ---- Markdown ---------------------------------------------------------------

RAW_HTML = re.compile(r"<(?=[A-Za-z/!?])")
"""A ``<`` that could open a tag, a comment, a processing instruction or an autolink for CommonMark or
Python-Markdown (both need a letter, ``/``, ``!`` or ``?`` right after it): the ``<`` Markdown writes as
``&lt;``. Any other ``<`` (``p95 < 300 ms``) is text for both and stays as written, like ``>``."""
# One rule for every character: escaped where, and only where, a Markdown reader would take it for markup.
# `<` as RAW_HTML, and at the end of a piece too (the template's next character is not known here);
# `&` only where it would start a character reference; `_` only where it could open or close emphasis.
_MD_INLINE = re.compile(r"[\\`*\[\]|]|<(?=[A-Za-z/!?]|$)|&(?=#|[A-Za-z0-9]+;)|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")
_MD_LINE_START = re.compile(r"^(#|>|\+|-|=|~|\d+[.)])")


def _md_inline_char(m: re.Match[str]) -> str:
    ch = m.group(0)
    if ch == "<":
        return "&lt;"
    if ch == "&":
        return "&amp;"
    return "\\" + ch


def _md_line_start(m: re.Match[str]) -> str:
    lead = m.group(1)
    if lead in ("=", "~"):
        return f"&#{ord(lead)};"
    if lead[-1] in ".)":
        return lead[:-1] + "\\" + lead[-1]
    return "\\" + lead


def _md_span(text: str) -> str:
    return _MD_INLINE.sub(_md_inline_char, printable(" ".join(text.split())))


def md_phrase(text: str) -> str:
    """Markdown text that follows other text on its line (a title after ``# 1.``, a link label):
    inline markup escaped, line breaks folded; line-start markup means nothing there."""
    return _md_span(text)


def md_inline(text: str) -> str:
    """One line of Markdown text: inline markup escaped, line breaks folded into spaces."""
    return _MD_LINE_START.sub(_md_line_start, _md_span(text))


def md_text(text: str) -> str:
    """Paragraphs of Markdown text: blank lines separate paragraphs, every line escaped."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if p.strip()]
    return "\n\n".join("\n".join(md_inline(line) for line in p.splitlines() if line.strip())
                       for p in paragraphs)


def md_cell(text: str) -> str:
    """A Markdown table cell: inline markup escaped (block markup means nothing in a cell), line breaks
    as ``<br>``."""
    lines = [_md_span(line) for line in text.replace("\r\n", "\n").strip().split("\n")]
    return "<br>".join(lines)


# ---- AsciiDoc ---------------------------------------------------------------

_ADOC_INLINE = re.compile(r"[\\`*#^~+{}\[\]|<>]|&(?=#|[A-Za-z0-9]+;)|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])|\((?=\()")
_ADOC_LINE_START = re.compile(r"^([=.\-/:'])")
_ADOC_LIST_OR_LABEL = re.compile(r"^(\d+|[A-Z]+)([.:])")
_ADOC_DLIST = re.compile(r"[:;](?=[:;])")


def _ref(ch: str) -> str:
    # numeric references for < and >: Asciidoctor reads an escaped "&lt;&lt;a,b&gt;&gt;" as a cross reference
    return {"<": "&#60;", ">": "&#62;", "&": "&amp;"}.get(ch, f"&#{ord(ch)};")


def _adoc_char(m: re.Match[str]) -> str:
    return _ref(m.group(0))


def _adoc_span(text: str) -> str:
    line = _ADOC_INLINE.sub(_adoc_char, printable(" ".join(text.split())))
    return _ADOC_DLIST.sub(_adoc_char, line)


def adoc_phrase(text: str) -> str:
    """AsciiDoc text that follows other text on its line (a title after ``= 1.``, a link label): inline
    markup escaped, line breaks folded; line-start markup means nothing there."""
    return _adoc_span(text)


def adoc_chars(text: str) -> str:
    """AsciiDoc text with every formatting mark, macro and attribute reference neutralised, its spaces
    kept as they are (a piece of a line that other markup joins)."""
    return _ADOC_DLIST.sub(_adoc_char, _ADOC_INLINE.sub(_adoc_char, text))


def adoc_line(escaped: str) -> str:
    """An escaped piece of text that starts a line: what would read as block markup there (a list, a
    block title, a comment, an attribute or admonition label) neutralised."""
    line = _ADOC_LIST_OR_LABEL.sub(lambda m: m.group(1) + _ref(m.group(2)), escaped)
    return _ADOC_LINE_START.sub(_adoc_char, line)


def adoc_inline(text: str) -> str:
    """One line of AsciiDoc text: formatting marks, macros and attribute references neutralised."""
    line = _adoc_span(text)
    line = _ADOC_LIST_OR_LABEL.sub(lambda m: m.group(1) + _ref(m.group(2)), line)
    return _ADOC_LINE_START.sub(_adoc_char, line)


def adoc_text(text: str) -> str:
    """Paragraphs of AsciiDoc text: blank lines separate paragraphs, every line escaped."""
    paragraphs = [p for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()) if p.strip()]
    return "\n\n".join("\n".join(adoc_inline(line) for line in p.splitlines() if line.strip())
                       for p in paragraphs)


def adoc_cell(text: str) -> str:
    """An AsciiDoc table cell: escaped, line breaks as hard breaks (`` +``); every line escaped as one
    that starts a line (``----``, ``//``, ``.``), since the cell's later lines do."""
    lines = [adoc_inline(line) for line in text.replace("\r\n", "\n").strip().split("\n")]
    return " +\n".join(line for line in lines if line)


# ---- the two syntaxes -------------------------------------------------------


@dataclass(frozen=True)
class Syntax:
    """How one output format writes text, links, anchors and images."""

    ext: str

    @property
    def is_markdown(self) -> bool:
        return self.ext == "md"

    def inline(self, text: str) -> str:
        return md_inline(text) if self.is_markdown else adoc_inline(text)

    def text(self, text: str) -> str:
        return md_text(text) if self.is_markdown else adoc_text(text)

    def cell(self, text: str) -> str:
        return md_cell(text) if self.is_markdown else adoc_cell(text)

    def strong(self, escaped: str) -> str:
        if not escaped:
            return ""
        return f"**{escaped}**" if self.is_markdown else f"*{escaped}*"

    def anchor(self, anchor: str) -> str:
        return f'<a id="{anchor}"></a>' if self.is_markdown else f"[[{anchor}]]"

    def xref(self, label: str, page: str, anchor: str, current: str) -> str:
        """A link to ``anchor`` on ``page`` (a page stem such as ``01_introduction_and_goals``)."""
        if not self.is_markdown:
            return f"<<{anchor},{label}>>"
        target = f"#{anchor}" if page == current else f"{page}.md#{anchor}"
        return f"[{label}]({target})"

    def file_link(self, label: str, relpath: str) -> str:
        """A link to another file of the set (an ADR); AsciiDoc's ``xref:`` follows the file into HTML."""
        return f"[{label}]({relpath})" if self.is_markdown else f"xref:{relpath}[{label}]"

    def line_break(self) -> str:
        return "<br>" if self.is_markdown else " +\n"


MARKDOWN = Syntax("md")
ASCIIDOC = Syntax("adoc")


def syntax_for(fmt: str) -> Syntax:
    """The :class:`Syntax` of ``"md"`` or ``"adoc"``."""
    if fmt not in ("md", "adoc"):
        raise ValueError(f"unknown docs format {fmt!r}: use 'md' or 'adoc'")
    return MARKDOWN if fmt == "md" else ASCIIDOC
