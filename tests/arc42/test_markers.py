"""Text people write outside the archkit markers survives regeneration, byte for byte."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from archkit.arc42.markers import block_ids, find_blocks, merge
from archkit.errors import OutputError
from tests.arc42.helpers import pages

PAGE = "arc42/03_context_and_scope.md"


def _gaps(text: str) -> list[str]:
    """The text outside the blocks: before the first, between each two, after the last."""
    blocks = find_blocks(text)
    starts = [0, *(b.end for b in blocks)]
    ends = [*(b.start for b in blocks), len(text)]
    return [text[s:e] for s, e in zip(starts, ends, strict=True)]


def _edit(text: str, inserts: list[tuple[int, str]]) -> str:
    """Insert hand-written text into gaps (index modulo the number of gaps), after the existing gap text."""
    blocks = find_blocks(text)
    cuts = [b.start for b in blocks] + [len(text)]
    out, pos = [], 0
    extra: dict[int, str] = {}
    for where, added in inserts:  # a whole-line edit: the marker lines stay lines of their own
        line = added if added.endswith("\n") else added + "\n"
        extra[where % len(cuts)] = extra.get(where % len(cuts), "") + line
    for i, cut in enumerate(cuts):
        out.append(text[pos:cut])
        out.append(extra.get(i, ""))
        pos = cut
    out.append(text[pos:])
    return "".join(out)


# hand-written text: any printable text and line breaks, as long as no line forges an archkit marker
hand_written = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80).filter(
    lambda s: "archkit:" not in s)


@given(st.lists(st.tuples(st.integers(0, 20), hand_written), max_size=6))
def test_random_edits_outside_the_markers_survive_regeneration(inserts: list[tuple[int, str]]) -> None:
    generated = pages("shop")[PAGE]
    edited = _edit(generated, inserts)
    changed = generated.replace("Places orders", "Places and cancels orders")
    merged = merge(edited, changed)
    assert _gaps(merged) == _gaps(edited)
    assert "Places and cancels orders" in merged
    assert merge(merged, changed) == merged


@given(hand_written, hand_written)
def test_regenerating_an_edited_page_unchanged_gives_it_back_byte_for_byte(head: str, tail: str) -> None:
    generated = pages("shop")[PAGE]
    edited = head + "\n" + generated + tail
    assert merge(edited, generated) == edited


def test_paragraphs_added_between_blocks_stay_in_place_and_blocks_follow_the_model() -> None:
    old = "<!-- archkit:begin a -->\nA1\n<!-- archkit:end a -->\n\nMy notes on A.\n\n<!-- archkit:begin b -->\nB1\n" \
          "<!-- archkit:end b -->\n\nClosing words.\n"
    new = ("<!-- archkit:begin a -->\nA2\n<!-- archkit:end a -->\n\n"
           "<!-- archkit:begin b -->\nB2\n<!-- archkit:end b -->\n")
    assert merge(old, new) == old.replace("A1", "A2").replace("B1", "B2")


def test_a_new_block_goes_before_the_next_known_block_after_the_hand_written_text() -> None:
    old = ("<!-- archkit:begin a -->\nA\n<!-- archkit:end a -->\nnotes\n"
           "<!-- archkit:begin c -->\nC\n<!-- archkit:end c -->\n")
    new = "<!-- archkit:begin a -->\nA\n<!-- archkit:end a -->\n<!-- archkit:begin b -->\nB\n<!-- archkit:end b -->\n" \
          "<!-- archkit:begin c -->\nC\n<!-- archkit:end c -->\n"
    merged = merge(old, new)
    assert block_ids(merged) == ["a", "b", "c"]
    assert merged.index("notes") < merged.index("\nB\n")


def test_a_block_gone_from_the_model_is_removed_and_the_text_around_it_kept() -> None:
    old = "intro\n<!-- archkit:begin a -->\nA\n<!-- archkit:end a -->\nmine\n"
    merged = merge(old, "<!-- archkit:begin b -->\nB\n<!-- archkit:end b -->\n")
    assert "intro\n" in merged and "mine\n" in merged and "\nA\n" not in merged and "\nB\n" in merged


def test_a_block_a_person_deleted_stays_deleted() -> None:
    old = "<!-- archkit:begin a -->\nA\n<!-- archkit:end a -->\n"
    new = old + "\n<!-- archkit:begin b -->\nB\n<!-- archkit:end b -->\n"
    assert merge(old, new, retired=["a", "b"]) == old
    assert "\nB\n" in merge(old, new, retired=["a"])


def test_a_page_without_markers_was_taken_over_and_is_kept() -> None:
    assert merge("my own page\n", "<!-- archkit:begin a -->\nA\n<!-- archkit:end a -->\n") == "my own page\n"


def test_asciidoc_and_yaml_markers_work_alike() -> None:
    old = "// archkit:begin a\nA\n// archkit:end a\nmine\n# archkit:begin c\nx: 1\n# archkit:end c\n"
    new = "// archkit:begin a\nA2\n// archkit:end a\n# archkit:begin c\nx: 2\n# archkit:end c\n"
    assert merge(old, new) == ("// archkit:begin a\nA2\n// archkit:end a\nmine\n"
                               "# archkit:begin c\nx: 2\n# archkit:end c\n")


@pytest.mark.parametrize(("text", "problem"), [
    ("<!-- archkit:begin a -->\nA\n", "never closed"),
    ("A\n<!-- archkit:end a -->\n", "without its archkit:begin"),
    ("<!-- archkit:begin a -->\n<!-- archkit:begin b -->\n", "inside block a"),
    ("<!-- archkit:begin a -->\n<!-- archkit:end a -->\n<!-- archkit:begin a -->\n<!-- archkit:end a -->\n",
     "appears twice"),
])
def test_broken_markers_are_a_clean_error_naming_the_line(text: str, problem: str) -> None:
    with pytest.raises(OutputError, match=problem) as info:
        merge(text, "<!-- archkit:begin a -->\nA\n<!-- archkit:end a -->\n", name="page.md")
    assert str(info.value).startswith("page.md:")


def test_model_text_cannot_forge_a_marker() -> None:
    # the shop model has a component described as "<!-- archkit:end 5.1 -->"
    text = pages("shop")["arc42/05_building_block_view.md"]
    assert "&lt;!-- archkit:end 5.1 --&gt;" in text or "&lt;!-- archkit:end 5.1 -->" in text
    assert block_ids(text).count("5.1") == 1
    adoc = pages("shop", "adoc")["arc42/05_building_block_view.adoc"]
    assert block_ids(adoc).count("5.1") == 1
