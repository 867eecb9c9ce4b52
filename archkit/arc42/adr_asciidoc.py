"""The Markdown body of a decision (context, decision, consequences) as AsciiDoc, for the ADR files of
an AsciiDoc set.

Only what the converter writes itself is markup: paragraphs, headings (discrete), bullet and
numbered lists, block quotes, rules, fenced and indented code, code spans, strong and emphasis, and
links whose target is ``http``, ``https``, ``mailto`` or a relative path. Every other character of
the text is escaped as model text is (:mod:`archkit.arc42.escape`): raw HTML shows as text, and no
passthrough, macro, attribute reference, include or other preprocessor directive can come from the
model. A link to any other scheme (``javascript:``) is written as its text and target, not a link.
"""

from __future__ import annotations

import re

from archkit.arc42.escape import adoc_chars, adoc_line
from archkit.errors import printable

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})\s*([^`\s]*)")
_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_RULE = re.compile(r"^ {0,3}([-*_])(\s*\1){2,}\s*$")
_BULLET = re.compile(r"^(\s*)([-*+])\s+(.*)$")
_NUMBERED = re.compile(r"^(\s*)\d{1,9}[.)]\s+(.*)$")
_QUOTE = re.compile(r"^ {0,3}>\s?(.*)$")
_DIRECTIVE = re.compile(r"^(\\*)(include|ifdef|ifndef|ifeval|endif)::")
_LANGUAGE = re.compile(r"^[A-Za-z0-9_-]{1,40}$")
_INLINE = re.compile(
    r"(?P<ticks>`+)(?P<code>.+?)(?P=ticks)(?!`)"
    r"|\[(?P<label>[^\]\n]*)\]\((?P<url>[^()\s]*)\)"
    r"|(?P<strong>\*\*|__)(?P<s>\S(?:.*?\S)?)(?P=strong)"
    r"|\*(?P<e1>[^\s*](?:[^*]*?[^\s*])?)\*"
    r"|(?<![A-Za-z0-9_])_(?P<e2>[^\s_](?:[^_]*?[^\s_])?)_(?![A-Za-z0-9_])"
)
_SAFE_URL = re.compile(r"^(?:https?://|mailto:|(?![A-Za-z][A-Za-z0-9+.-]*:))[A-Za-z0-9._~:/?#@!$&,;=%*+'-]+$")
_URL_ESCAPES = {"_": "%5F", "*": "%2A", "+": "%2B", "'": "%27", "~": "%7E"}


def adoc_body(markdown: str) -> str:
    """``markdown`` (an ADR body field) as AsciiDoc blocks."""
    lines = printable(markdown.replace("\r\n", "\n").strip("\n"), keep_newlines=True).split("\n")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(_blocks(lines))).strip("\n")


def _blocks(lines: list[str]) -> list[str]:
    """AsciiDoc lines of Markdown ``lines``; a blank line separates a paragraph, a list and a block where
    Markdown lets them touch, since AsciiDoc would run them together."""
    out: list[str] = []
    i, kind = 0, ""  # kind of the block being written: "", "para", "list" or "block"
    while i < len(lines):
        line = lines[i]
        fence = _FENCE.match(line)
        if not line.strip():
            out.append("")
            kind, i = "", i + 1
            continue
        if kind == "list" and line.startswith((" ", "\t")) and not _BULLET.match(line) and not _NUMBERED.match(line):
            out.append(adoc_line(_inline(line.strip())))
            i += 1
            continue
        start = len(out)
        if fence:
            i, now = _code(lines, i, fence, out), "block"
        elif kind == "" and line.startswith(("    ", "\t")):
            i, now = _indented(lines, i, out), "block"
        elif _QUOTE.match(line):
            i, now = _quote(lines, i, out), "block"
        else:
            now, i = _line(line, out), i + 1
        if kind and (now != kind or now == "block"):
            out.insert(start, "")
        kind = now
    return out


def _line(line: str, out: list[str]) -> str:
    """One line of a paragraph, a heading, a rule or a list item; the kind of block it belongs to."""
    if heading := _HEADING.match(line):
        out += ["[discrete]", "=" * max(len(heading.group(1)), 2) + " " + adoc_line(_inline(heading.group(2)))]
        return "block"
    if _RULE.match(line):
        out.append("\'\'\'")
        return "block"
    if item := _BULLET.match(line):
        out.append("*" * _depth(item.group(1)) + " " + adoc_line(_inline(item.group(3))))
        return "list"
    if item := _NUMBERED.match(line):
        out.append("." * _depth(item.group(1)) + " " + adoc_line(_inline(item.group(2))))
        return "list"
    out.append(adoc_line(_inline(line.strip())))
    return "para"


def _depth(indent: str) -> int:
    return min(len(indent.expandtabs(4)) // 2, 4) + 1


def _verbatim(line: str) -> str:
    """A line of code: a preprocessor directive at its start is escaped (Asciidoctor reads those even in
    a listing block); everything else stays, since a listing block shows its text as written."""
    return _DIRECTIVE.sub(lambda m: "\\" + m.group(0), line)


def _code(lines: list[str], start: int, fence: re.Match[str], out: list[str]) -> int:
    mark = fence.group(1)
    body: list[str] = []
    i = start + 1
    while i < len(lines) and not re.match(rf"^ {{0,3}}{re.escape(mark[0])}{{{len(mark)},}}\s*$", lines[i]):
        body.append(lines[i])
        i += 1
    dashes = "-" * max([4, *(len(b.strip()) + 1 for b in body if b.strip() and set(b.strip()) == {"-"})])
    language = fence.group(2)
    out += ["[source," + language + "]" if _LANGUAGE.match(language) else "[listing]", dashes,
            *(_verbatim(b) for b in body), dashes]
    return i + 1


def _indented(lines: list[str], start: int, out: list[str]) -> int:
    """Indented code: a listing block of the lines, their indentation of four removed."""
    body: list[str] = []
    i = start
    while i < len(lines) and (lines[i].startswith(("    ", "\t")) or not lines[i].strip()):
        body.append(lines[i][4:] if lines[i].startswith("    ") else lines[i][1:])
        i += 1
    while body and not body[-1].strip():
        body.pop()
        i -= 1
    dashes = "-" * max([4, *(len(b.strip()) + 1 for b in body if b.strip() and set(b.strip()) == {"-"})])
    out += ["[listing]", dashes, *(_verbatim(b) for b in body), dashes]
    return i


def _quote(lines: list[str], start: int, out: list[str]) -> int:
    inner: list[str] = []
    i = start
    while i < len(lines) and (quoted := _QUOTE.match(lines[i])):
        inner.append(quoted.group(1))
        i += 1
    out += ["[quote]", "____", *_blocks(inner), "____"]
    return i


def _inline(text: str) -> str:
    """Inline Markdown as AsciiDoc: code spans, links, strong and emphasis; the rest escaped."""
    out: list[str] = []
    pos = 0
    for m in _INLINE.finditer(text):
        out.append(adoc_chars(text[pos:m.start()]))
        out.append(_span(m))
        pos = m.end()
    out.append(adoc_chars(text[pos:]))
    return "".join(out)


def _span(m: re.Match[str]) -> str:
    if m.group("ticks"):
        code = m.group("code")
        code = code[1:-1] if len(code) > 2 and code.startswith(" ") and code.endswith(" ") else code
        return f"``{adoc_chars(code)}``"
    if m.group("url") is not None or m.group("label") is not None:
        label, url = _inline(m.group("label") or ""), m.group("url") or ""
        if not _SAFE_URL.match(url):
            return f"{label} ({adoc_chars(url)})" if url else label
        target = "".join(_URL_ESCAPES.get(ch, ch) for ch in url)
        return f"link:{target}[{label or adoc_chars(url)}]"
    if m.group("strong"):
        return f"**{_inline(m.group('s'))}**"
    return f"__{_inline(m.group('e1') or m.group('e2'))}__"
