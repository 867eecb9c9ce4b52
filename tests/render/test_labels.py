"""The fast paths of label escaping and wrapping give exactly what the general path gives."""

from __future__ import annotations

import textwrap

from hypothesis import example, given, strategies as st

from archkit.render import labels
from archkit.render.svg import plain_dashes

# mostly plain text (the fast path), with the characters that need escaping mixed in
TEXT = st.text(alphabet=st.sampled_from([*"ab- .x", "\\", "&", "<", ">", '"', "'", "]", "\n", "\t", "\x00",
                                         "é", "\u2028", "\xa0"]), max_size=40) | st.text(max_size=40)


def general_html(text: str) -> str:
    flat = " ".join(labels.clean(text).split("\n"))
    escaped = (flat.replace("\\", "\\\\").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
               .replace('"', "&quot;").replace("'", "&#39;"))
    return escaped.replace("]", "&#93;") if escaped in ("]", "]]") else escaped


def general_quoted(text: str) -> str:
    flat = " ".join(labels.clean(text).split("\n"))
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


def textwrap_wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in labels.clean(text).split("\n"):
        lines.extend(textwrap.wrap(paragraph, width, break_long_words=True, break_on_hyphens=False) or [""])
    while lines and not lines[-1]:
        lines.pop()
    return lines


@given(TEXT)
@example("]")
@example("]]")
def test_html_escaping_fast_path_matches_the_general_one(text: str) -> None:
    assert labels.html(text) == general_html(text)


@given(TEXT)
def test_quoting_fast_path_matches_the_general_one(text: str) -> None:
    assert labels.quoted(text) == general_quoted(text)


@given(TEXT, st.integers(min_value=1, max_value=50))
@example("a ", 10)  # textwrap drops trailing spaces
@example(" a", 10)  # ... but keeps a paragraph's leading ones
@example("a  b", 10)
@example("", 5)
@example("]", 1)
def test_wrapping_fast_path_and_cache_match_the_general_path(text: str, width: int) -> None:
    assert labels.wrap(text, width) == labels.wrap_general(text, width)
    assert labels.wrap(text, width) == labels.wrap_general(text, width)  # again, from the cache


WORDS = st.lists(st.text(alphabet=st.sampled_from([*"abcXYZ_./-1"]), min_size=1, max_size=45), max_size=8)


@given(WORDS, st.integers(min_value=1, max_value=50))
def test_wrapping_is_textwrap_when_every_word_fits(words: list[str], width: int) -> None:
    text = " ".join(w[:width] for w in words)
    assert labels.wrap(text, width) == textwrap_wrap(text, width)


@given(WORDS, st.integers(min_value=1, max_value=50))
@example(["Watches", "ApproximateNumberOfMessagesVisible", "of"], 20)
def test_wrapping_splits_no_word_up_to_the_long_word_limit(words: list[str], width: int) -> None:
    lines = labels.wrap(" ".join(words), width)
    longest = max(labels.LONG_WORD, width)
    assert "".join(lines).replace(" ", "") == "".join(words)  # nothing lost, nothing added
    for word in words:
        if len(word) <= longest:
            assert any(word in line.split(" ") for line in lines), (word, lines)
    for line in lines:
        assert len(line) <= width or (" " not in line and len(line) <= longest), (line, lines)


def test_long_identifiers_break_where_they_join_words() -> None:
    assert labels.wrap("Watches ApproximateNumberOfMessagesVisible of", 20) == [
        "Watches", "ApproximateNumberOf", "MessagesVisible of"]
    assert labels.wrap("reads config_management_service_table_entries", 20) == [
        "reads", "config_management_", "service_table_entries"]
    assert labels.wrap("x" * 40, 20) == ["x" * 32, "x" * 8]


def test_plain_dashes_keeps_comments_valid() -> None:
    svg = b'<!-- a&#45;&#45;b -->\n<g id="el&#45;shop"><text>x&#45;y</text></g><!-- c&#45;&gt;d -->\n&#45;'
    assert plain_dashes(svg) == b'<!-- a&#45;&#45;b -->\n<g id="el-shop"><text>x-y</text></g><!-- c&#45;&gt;d -->\n-'
