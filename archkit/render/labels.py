"""Label text for DOT: escaping of user text, word wrapping, and Graphviz HTML-like labels.

Every piece of user text reaches DOT through :func:`html` (inside ``<...>``
labels) or :func:`quoted` (inside ``"..."`` attribute values). Both remove
control and unassigned characters (which Graphviz's XML parser rejects),
escape what the syntax gives meaning to (Graphviz expands ``\\N``-style
escapes even inside HTML-like labels, so backslashes are doubled there too),
and keep every other character, so a name like ``"]; x [shape=none label=<b>]; //`` is drawn as typed.
"""

from __future__ import annotations

import re
import textwrap
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_HTML_SPECIAL = re.compile(r"[\\&<>\"']")
_QUOTED_SPECIAL = re.compile(r'[\\"]')
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n", "\t": " "}


def clean(text: str) -> str:
    """Text with Windows/Unicode line breaks as ``\\n``, tabs as spaces, and no control characters."""
    if text.isprintable():  # the common case: no line break, tab or C-category character to touch
        return text
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    return "".join(ch for ch in text if ch == "\n" or not unicodedata.category(ch).startswith("C"))


def html(text: str) -> str:
    """One line of user text escaped for a Graphviz HTML-like label (newlines become spaces)."""
    if text.isprintable() and not _HTML_SPECIAL.search(text) and text not in ("]", "]]"):
        return text  # the common case, nothing to escape (the rest is written out below)
    flat = " ".join(clean(text).split("\n"))
    # Graphviz expands escapes like \N in HTML labels too: a doubled backslash draws one.
    escaped = (flat.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
               .replace('"', "&quot;").replace("'", "&#39;"))
    # Graphviz 2.43's HTML lexer rejects a text of exactly "]" or "]]" (a syntax error): use references
    return escaped.replace("]", "&#93;") if escaped in ("]", "]]") else escaped


@lru_cache(maxsize=65536)  # ids, colours and names recur on every line and in every view that shows them
def quoted(text: str) -> str:
    """User text as a DOT double-quoted string, escape sequences (``\\N``, ``\\n``) neutralised.

    The escaping is the graphviz package's: ``graphviz.escape`` doubles the backslashes (an escString's
    ``\\N`` is then drawn as typed) and ``graphviz.quoting.quote`` escapes the quotes. archkit adds what
    the package leaves to its caller: control characters removed and line breaks flattened (:func:`clean`),
    and the quotes always written, also around a plain identifier, so every attribute reads alike."""
    if text.isprintable() and not _QUOTED_SPECIAL.search(text):
        return f'"{text}"'  # the common case, nothing to escape: what the package would return, quoted
    import graphviz  # here: `archkit check` writes no label and need not import the package (~12 ms)
    from graphviz.quoting import quote

    flat = " ".join(clean(text).split("\n"))
    result: str = quote(graphviz.escape(flat))
    return result if result.startswith('"') else f'"{result}"'


#: A word up to this long is never split across lines, even in a narrower wrap: a line a little
#: wider than asked reads better than "ApproximateN / umberOfMessagesVisib / le".
LONG_WORD = 32
#: Where a longer word may break: after ``_ . / - :``, and between a lower-case letter or digit
#: and an upper-case one (camelCase).
_WORD_BREAK = re.compile(r"(?<=[_./\-:])(?=.)|(?<=[a-z0-9])(?=[A-Z])")


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most ``width`` characters; author line breaks are kept. A word longer than
    ``width`` gets a line of its own and is split only past ``max(LONG_WORD, width)`` characters,
    preferably where an identifier breaks (:data:`_WORD_BREAK`)."""
    return list(_wrapped(text, width))


class _Wrapper(textwrap.TextWrapper):
    """``textwrap`` with long words kept whole up to ``LONG_WORD`` and split at identifier breaks beyond."""

    def _handle_long_word(self, reversed_chunks: list[str], cur_line: list[str], cur_len: int,
                          width: int) -> None:
        if cur_line:
            return  # the long word starts the next line (textwrap calls again with an empty line)
        chunk = reversed_chunks[-1]
        longest = max(LONG_WORD, width)
        if len(chunk) <= longest:
            cur_line.append(reversed_chunks.pop())
            return
        end = _split_at(chunk, max(1, width), longest)
        cur_line.append(chunk[:end])
        reversed_chunks[-1] = chunk[end:]


def _split_at(word: str, width: int, longest: int) -> int:
    """Where to split ``word``: its last identifier break within ``width``, else its first within
    ``longest``, else at ``longest`` characters."""
    breaks = [m.start() for m in _WORD_BREAK.finditer(word, 1, longest + 1)]
    within = [at for at in breaks if at <= width]
    return within[-1] if within else breaks[0] if breaks else longest


@lru_cache(maxsize=8192)  # names and descriptions recur in every view that shows their element
def _wrapped(text: str, width: int) -> tuple[str, ...]:
    if len(text) <= width and text.isprintable() and text == text.strip(" "):
        return (text,) if text else ()  # fits on one line as it is: what textwrap would return
    return tuple(wrap_general(text, width))


def wrap_general(text: str, width: int) -> list[str]:
    """:func:`wrap` without its fast path and cache (what the tests hold the fast path to)."""
    wrapper = _Wrapper(width, break_long_words=True, break_on_hyphens=False)
    lines: list[str] = []
    for paragraph in clean(text).split("\n"):
        lines.extend(wrapper.wrap(paragraph) or [""])
    while lines and not lines[-1]:
        lines.pop()
    return lines


def html_lines(lines: Iterable[str]) -> str:
    """Escaped lines joined with ``<BR/>``."""
    return "<BR/>".join(html(line) for line in lines)


def font(text_html: str, size: int | None = None, colour: str | None = None, bold: bool = False) -> str:
    """``text_html`` (already escaped) wrapped in FONT and B tags as needed."""
    if not text_html:
        return ""
    inner = f"<B>{text_html}</B>" if bold else text_html
    attrs = (f' POINT-SIZE="{size}"' if size else "") + (f' COLOR="{colour}"' if colour else "")
    return f"<FONT{attrs}>{inner}</FONT>" if attrs else inner


def table(rows: Iterable[str], **attrs: str) -> str:
    """An HTML-like TABLE of single-cell rows (cells already built)."""
    defaults = {"BORDER": "0", "CELLBORDER": "0", "CELLSPACING": "0", "CELLPADDING": "2"}
    merged = {**defaults, **attrs}
    head = " ".join(f'{k}="{v}"' for k, v in merged.items())
    body = "".join(f"<TR>{row}</TR>" for row in rows)
    return f"<TABLE {head}>{body}</TABLE>"


def cell(content: str, **attrs: str) -> str:
    extra = "".join(f' {k}="{v}"' for k, v in attrs.items())
    return f"<TD{extra}>{content}</TD>"
