"""ADR bodies stay Markdown but never live: no raw HTML, no script link, in CommonMark (GitHub,
markdown-it) and in Python-Markdown (mkdocs, ``archkit serve``); code is shown as written."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import markdown
import pytest
from hypothesis import given, strategies as st
from markdown_it import MarkdownIt

from archkit.arc42.inert import inert_markdown

_SAFE_TAGS = {"p", "code", "pre", "a", "img", "em", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
              "li", "blockquote", "hr", "br", "table", "thead", "tbody", "tr", "th", "td"}
_SAFE_ATTRS = {"href", "src", "alt", "title", "class", "align", "style", "start"}
_LIVE = re.compile(r"^(javascript|vbscript|livescript|data):")


class _Inspector(HTMLParser):
    """Fails on any tag, attribute or link target that could run in a browser."""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        assert tag in _SAFE_TAGS, f"live tag <{tag}>"
        for name, value in attrs:
            assert name in _SAFE_ATTRS, f"live attribute {name}= on <{tag}>"
            if name in ("href", "src") and value is not None:
                url = re.sub(r"[\t\n\r]", "", value).strip("\x00 \x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f"
                                                            "\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b"
                                                            "\x1c\x1d\x1e\x1f").lower()
                assert not _LIVE.match(url), f"live link {value!r}"


def _commonmark(text: str) -> str:
    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    md.validateLink = lambda url: True  # markdown-it's own link filter off: archkit's must hold alone
    return md.render(text)


def _python_markdown(text: str) -> str:
    return markdown.markdown(text, extensions=["tables", "fenced_code"], output_format="html")


def _assert_inert(body: str) -> None:
    page = f"## Context\n\n{inert_markdown(body)}\n\n## Decision\n\nNot recorded.\n"
    for rendered in (_commonmark(page), _python_markdown(page)):
        inspector = _Inspector()
        inspector.feed(rendered)
        inspector.close()


_PIECES = ["`", "``", "```", "~~~", "\\", "|", "\n", "\n\n", "\r", " ", "\t", "a", "- ", "> ", "# ", "    ", "1. ",
           "<", ">", "(", ")", "[", "]", "[x]", "](", "]: ", "!", "*", "&", ";", "#", ":", "---",
           "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<b>", "</b>", "<!--", "-->",
           "javascript:alert(1)", " JaVaScRiPt:alert(1)", "java&#x09;script:alert(1)", "&#106;avascript:x",
           "java\tscript:x", "javascript&colon;x", "jav\\ascript:x", "vbscript:msgbox", "data:text/html,<b>x</b>",
           "<javascript:alert(1)>", "DATA:image/svg+xml,x", "python", "{.x}", "<a href='", "'>", "![i](", "]: <",
           "&lt;", "\x00", "\u00a0", "   ", "===", "1)"]


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_any_adr_body_renders_without_live_html_or_script_links(body: str) -> None:
    _assert_inert(body)


@given(st.lists(st.sampled_from(_PIECES), max_size=30).map("".join))
def test_an_inert_body_read_back_from_its_adr_file_stays_the_same(body: str) -> None:
    """``--adr-dir`` reads written ADRs back: a second pass changes nothing more."""
    once = inert_markdown(body)
    assert inert_markdown(once) == once


@pytest.mark.parametrize("body", [
    "[x](javascript:alert(1))", "[x]( JaVaScRiPt:alert(1))", "[x](java&#x09;script:alert(1))",
    "[x](<java\tscript:alert(1)>)", "[x](&#106;avascript:alert(1))", "[x](javascript&colon;alert(1))",
    "[x](vbscript:msgbox(1))", "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))", "[x][r]\n\n[r]: javascript:alert(1)", "[x][r]\n\n[r]:\n  JAVASCRIPT:alert(1)",
    "[x][r]\n\n[r]: <javascript:alert(1)>", "<javascript:alert(1)>", "<a href='javascript:alert(1)'>x</a>",
    "[x](\x01javascript:alert(1))", "[x](&#x20;javascript:alert(1))", "[x](&Tab;javascript:alert(1))",
])
def test_script_links_are_disarmed_in_every_form(body: str) -> None:
    _assert_inert(body)
    assert "alert(1)" in inert_markdown(body) or "msgbox" in body or "base64" in body


@pytest.mark.parametrize(("body", "shown"), [
    ("Use `<script>` tags.", "<code>&lt;script&gt;</code>"),
    ("Call ``a `<b>` c``.", "<code>a `&lt;b&gt;` c</code>"),
    ("```html\n<div onclick=\"x()\">\n```", "&lt;div onclick=&quot;x()&quot;&gt;"),
    ("- a `<br>` in a list\n- [`<x>`](https://example.org/)", "<code>&lt;br&gt;</code>"),
])
def test_code_is_shown_as_written_in_both_readers(body: str, shown: str) -> None:
    assert inert_markdown(body) == body
    page = f"## Context\n\n{body}\n"
    assert shown in _commonmark(page).replace('"', "&quot;") or shown in _commonmark(page)
    assert shown in _python_markdown(page) or shown.replace("&quot;", '"') in _python_markdown(page)


@pytest.mark.parametrize(("body", "expected"), [
    ("[docs](https://example.org/a?b=c) and <b>bold</b>", "[docs](https://example.org/a?b=c) and &lt;b>bold&lt;/b>"),
    ("We chose JavaScript: it runs everywhere.", "We chose JavaScript: it runs everywhere."),
    ("[x](javascript:alert(1))", "[x](unsafe:javascript:alert(1))"),
    ("[r]: <data:text/html,x>", "[r]: &lt;unsafe:data:text/html,x>"),
    ("`a\n<b>` `c`", "`a\n&lt;b>` `c`"),  # a span across lines: not every reader agrees, so text
    ("```\nunclosed <b>", "\\```\nunclosed &lt;b>"),  # an unclosed fence cannot pair with a later one
])
def test_what_is_kept_and_what_is_changed(body: str, expected: str) -> None:
    assert inert_markdown(body) == expected


_ADOC_LIVE = re.compile(r"[A-Za-z]+:\S*\[|\+\+\+|\{[\w-]+\}|<<"  # macros, passthrough, attributes, xrefs
                        r"|^(\+{4,}|-{4,}|\.{4,}|_{4,}|={4,}|\*{4,}|/{4,}|\|===)\s*$", re.MULTILINE)  # delimited blocks
_ADOC_HOSTILE = ["link:javascript:alert(1)[click]", "javascript:alert(1)[x]", "pass:[<script>alert(1)</script>]",
                 "+++<img src=x onerror=alert(1)>+++", "++++\n<script>alert(1)</script>\n++++", "----\nx\n----",
                 "image:javascript:alert(1)[x]", "{author} {doctitle}", "<<anchor,label>>", "xref:x.adoc[y]",
                 "////\ncomment\n////", "|===\n|a\n|===", "footnote:[x]", "kbd:[Ctrl]", "include::/etc/passwd[]"]


@given(st.lists(st.sampled_from([*_ADOC_HOSTILE, "\n", "\n\n", " ", "x", "[", "]", ":", "+"]), max_size=12)
       .map("".join))
def test_asciidoc_model_text_has_no_macro_passthrough_or_delimited_block(text: str) -> None:
    from archkit.arc42.escape import adoc_cell, adoc_inline, adoc_text

    for escaped in (adoc_inline(text), adoc_text(text), adoc_cell(text)):
        assert _ADOC_LIVE.search(escaped) is None, escaped
