"""Every string from the model is escaped for its format: tables keep their columns, Jinja syntax stays
text, markup characters stay characters."""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given, strategies as st

from archkit.arc42.escape import adoc_cell, adoc_inline, md_cell, md_inline, md_text
from tests.arc42.helpers import pages

MD_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")
MD_MARKUP_LT = re.compile(r"<(?=[A-Za-z/!?]|$)")


def test_jinja_syntax_in_the_model_is_printed_not_evaluated() -> None:
    for fmt in ("md", "adoc"):
        text = "".join(pages("shop", fmt).values())
        assert "49" not in text
    assert "{{ 7\\*7 }}" in pages("shop")["arc42/03_context_and_scope.md"]


def test_a_pipe_in_a_model_string_does_not_add_a_table_column() -> None:
    page = pages("shop")["arc42/01_introduction_and_goals.md"]
    row = next(line for line in page.splitlines() if "req-B1" in line)
    assert len(MD_UNESCAPED_PIPE.findall(row)) == 5  # four cells


@given(st.text(max_size=60))
def test_markdown_cells_never_split_or_break_a_row(value: str) -> None:
    cell = md_cell(value)
    assert "\n" not in cell and not MD_UNESCAPED_PIPE.search(cell.replace("\\\\", ""))
    assert not MD_MARKUP_LT.search(cell.replace("<br>", ""))  # a "<" that could open HTML is escaped


@given(st.text(max_size=60))
def test_asciidoc_cells_never_split_a_row(value: str) -> None:
    cell = adoc_cell(value)
    assert "|" not in cell and "<" not in cell and "[" not in cell and "{" not in cell


@pytest.mark.parametrize(("text", "escaped"), [
    ("# not a heading", "\\# not a heading"),
    ("1. not a list", "1\\. not a list"),
    ("- not a list", "\\- not a list"),
    ("=== not a rule", "&#61;== not a rule"),
    ("snake_case stays, _emphasis_ does not", "snake_case stays, \\_emphasis\\_ does not"),
    ("<script>", "&lt;script>"),
    ("R&D &amp; co", "R&D &amp;amp; co"),
    ("[link](x)", "\\[link\\](x)"),
])
def test_markdown_escapes(text: str, escaped: str) -> None:
    assert md_inline(text) == escaped


@pytest.mark.parametrize(("text", "escaped"), [
    ("p95 < 300 ms, error rate > 0.5 %", "p95 < 300 ms, error rate > 0.5 %"),  # one rule: text stays text
    ("x <= y >= z", "x <= y >= z"),
    ("> not a quote", "\\> not a quote"),  # only where a reader would take it for markup
    ("a<b", "a&lt;b"),
    ("</a> <!-- c --> <?php <https://x.org>", "&lt;/a> &lt;!-- c --> &lt;?php &lt;https://x.org>"),
    ("ends in <", "ends in &lt;"),  # what follows in the template is not known
])
def test_markdown_escapes_angle_brackets_by_one_rule(text: str, escaped: str) -> None:
    assert md_inline(text) == escaped
    assert md_cell(text) == escaped.removeprefix("\\")  # block markup means nothing in a cell


@given(st.text(alphabet="<>&;#ab /!?-1.\n", max_size=30))
@example("1&#1")  # Python-Markdown reads `&#1` without its `;` as a character reference
def test_escaped_markdown_reads_back_as_the_text_in_commonmark_and_python_markdown(value: str) -> None:
    """Angle brackets and ampersands (the characters of one rule) read back as written in both readers."""
    import html

    import markdown
    from markdown_it import MarkdownIt

    text = " ".join(value.split())
    escaped = md_inline(text)
    for rendered in (MarkdownIt("commonmark").render(escaped), markdown.markdown(escaped)):
        inner = re.sub(r"^<p>|</p>$", "", rendered.strip())
        assert "<" not in inner.replace("&lt;", ""), (escaped, rendered)  # no tag: all of it is text
        if text and not re.match(r"^(\\?[-*+]|\\?#|\\?>|\d+\\?[.)]|&#)", escaped):
            assert html.unescape(inner) == text, (escaped, rendered)


def test_markdown_paragraphs_keep_blank_lines() -> None:
    assert md_text("one\n\n\ntwo\n  - three") == "one\n\ntwo\n\\- three"


@pytest.mark.parametrize(("text", "escaped"), [
    ("== not a heading", "&#61;= not a heading"),
    ("// not a comment", "&#47;/ not a comment"),
    ("NOTE: not an admonition", "NOTE&#58; not an admonition"),
    ("term:: not a list", "term&#58;: not a list"),
    ("*bold* {attr} link:x[y]", "&#42;bold&#42; &#123;attr&#125; link:x&#91;y&#93;"),
    ("1. not a list", "1&#46; not a list"),
    ("<<anchor,not a link>> ((not an index term))", "&#60;&#60;anchor,not a link&#62;&#62; &#40;(not an index term))"),
])
def test_asciidoc_escapes(text: str, escaped: str) -> None:
    assert adoc_inline(text) == escaped
