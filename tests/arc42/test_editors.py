"""Pages as editors save them (h/attack3, benchmarks/attacks/texts.py): a byte order mark, carriage returns only,
UTF-16 from Windows Notepad keep every word and keep following the model; Latin-1 bytes and marker lines a person
indented are errors naming the file, the line and the fix, and nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from archkit.arc42 import write_docs
from archkit.errors import OutputError
from tests.arc42.docs_models import shop

PAGE = "03_context_and_scope"
WORD = "\nOur own paragraph, written by hand.\n"
OLD, NEW = "Buys things; writes {{ 7\\*7 }} in reviews.", "Buys books and games."


def _edited(tmp_path: Path, fmt: str, edit) -> tuple[Path, Path]:  # type: ignore[no-untyped-def]
    root = tmp_path / "shop"
    write_docs(shop(), root, fmt=fmt, render=False)
    page = root / "arc42" / f"{PAGE}.{fmt}"
    end = "<!-- archkit:end 3.1 -->\n" if fmt == "md" else "// archkit:end 3.1\n"
    page.write_bytes(edit(page.read_text(encoding="utf-8").replace(end, end + WORD)))
    return root, page


def _changed() -> object:
    ws = shop()
    ws.model.people[0].description = NEW
    return ws


@pytest.mark.parametrize("fmt", ["md", "adoc"])
def test_a_byte_order_mark_is_kept_and_the_page_still_follows_the_model(tmp_path: Path, fmt: str) -> None:
    root, page = _edited(tmp_path, fmt, lambda t: ("\ufeff" + t).encode("utf-8"))
    write_docs(_changed(), root, fmt=fmt, render=False)  # type: ignore[arg-type]
    text = page.read_text(encoding="utf-8")
    assert text.startswith("\ufeff") and WORD in text and NEW in text and OLD not in text
    single = (root / "arc42" / f"arc42.{fmt}").read_text(encoding="utf-8")
    assert WORD.strip() in single and "archkit:begin" not in single


def test_carriage_returns_only_stay_so_and_the_page_still_follows_the_model(tmp_path: Path) -> None:
    root, page = _edited(tmp_path, "md", lambda t: t.replace("\n", "\r").encode("utf-8"))
    result = write_docs(_changed(), root, render=False)  # type: ignore[arg-type]
    raw = page.read_bytes()
    assert b"\n" not in raw and WORD.replace("\n", "\r").encode() in raw and NEW.encode() in raw
    assert not any("no archkit markers" in n for n in result.notes)
    assert "archkit:begin" not in (root / "arc42" / "arc42.md").read_text(encoding="utf-8")


def test_utf16_from_notepad_is_read_and_written_back_as_utf8_with_a_note(tmp_path: Path) -> None:
    root, page = _edited(tmp_path, "md", lambda t: t.encode("utf-16"))
    result = write_docs(_changed(), root, render=False)  # type: ignore[arg-type]
    text = page.read_text(encoding="utf-8")
    assert WORD in text and NEW in text and OLD not in text
    assert any(f"arc42/{PAGE}.md: was saved as UTF-16" in n for n in result.notes)


def test_latin1_bytes_are_an_error_naming_the_line_and_nothing_is_written(tmp_path: Path) -> None:
    root, page = _edited(tmp_path, "md", lambda t: (t + "Caf\u00e9\n").encode("latin-1"))
    before = page.read_bytes()
    with pytest.raises(OutputError, match=rf"arc42/{PAGE}\.md:\d+:4: byte 0xe9 is not UTF-8 .* save the page as UTF-8"):
        write_docs(_changed(), root, render=False)  # type: ignore[arg-type]
    assert page.read_bytes() == before


@pytest.mark.parametrize("lead", ["  ", "> ", "- "])
def test_an_indented_or_quoted_marker_line_is_an_error_naming_its_line(tmp_path: Path, lead: str) -> None:
    begin = "<!-- archkit:begin 3.2 -->"
    root, page = _edited(tmp_path, "md", lambda t: t.replace(begin, lead + begin).encode("utf-8"))
    line = page.read_text(encoding="utf-8").splitlines().index(lead + begin) + 1
    before = page.read_bytes()
    with pytest.raises(OutputError, match=rf"line {line} reads like archkit:begin 3\.2 but is not a marker line"):
        write_docs(_changed(), root, render=False)  # type: ignore[arg-type]
    assert page.read_bytes() == before


def test_text_written_between_the_markers_is_kept_below_the_block_with_a_note(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    write_docs(shop(), root, render=False)
    page = root / "arc42" / f"{PAGE}.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Who uses the shop.", "Who uses the shop. Ours."),
                    encoding="utf-8")
    result = write_docs(_changed(), root, render=False)  # type: ignore[arg-type]
    text = page.read_text(encoding="utf-8")
    end = "<!-- archkit:end 3.1 -->\n"
    block, below = text.split(end, 1)
    assert NEW in block and "Ours." not in block  # the block follows the model
    assert below.startswith("\n### 3.1 Business Context") and "Who uses the shop. Ours." in below
    assert any(f"arc42/{PAGE}.md:8: you wrote between the markers of block 3.1" in n for n in result.notes)
    again = write_docs(_changed(), root, render=False)  # type: ignore[arg-type]
    assert page.read_text(encoding="utf-8") == text and not any("you wrote" in n for n in again.notes)


def test_text_written_in_a_block_the_model_no_longer_has_is_kept_in_its_place(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    write_docs(shop(), root, render=False)
    page = root / "arc42" / "08_crosscutting_concepts.md"
    end = "<!-- archkit:end concept-security -->"
    page.write_text(page.read_text(encoding="utf-8").replace(end, "Ours.\n" + end), encoding="utf-8")
    ws = shop()
    ws.arc42.concepts.clear()
    result = write_docs(ws, root, render=False)
    after = page.read_text(encoding="utf-8")
    assert "concept-security" not in after and "Secrets live in the vault.\n\nOurs.\n" in after
    assert any("08_crosscutting_concepts.md" in n and "you wrote between the markers of block concept-security" in n
               for n in result.notes)


def test_a_marker_pair_quoted_in_hand_written_text_is_kept_as_written(tmp_path: Path) -> None:
    root = tmp_path / "shop"
    write_docs(shop(), root, render=False)
    page = root / "arc42" / f"{PAGE}.md"
    quoted = "\n```\n<!-- archkit:begin x9 -->\nAn example of ours.\n<!-- archkit:end x9 -->\n```\n"
    end = "<!-- archkit:end 3.1 -->\n"
    page.write_text(page.read_text(encoding="utf-8").replace(end, end + quoted), encoding="utf-8")
    result = write_docs(_changed(), root, render=False)  # type: ignore[arg-type]
    text = page.read_text(encoding="utf-8")
    assert end + quoted in text and NEW in text
    assert any("archkit:begin x9 is not a block archkit wrote in this page" in n for n in result.notes)


@pytest.mark.parametrize("fmt", ["md", "adoc"])
def test_text_written_in_the_single_file_is_an_error_and_nothing_is_written(tmp_path: Path, fmt: str) -> None:
    root = tmp_path / "shop"
    write_docs(shop(), root, fmt=fmt, render=False)
    single = root / "arc42" / f"arc42.{fmt}"
    single.write_text(single.read_text(encoding="utf-8") + WORD, encoding="utf-8")
    before = {p: p.read_bytes() for p in (root / "arc42").rglob("*") if p.is_file()}
    with pytest.raises(OutputError, match=rf"arc42/arc42\.{fmt}: was edited by hand.*move your text into the pages"):
        write_docs(_changed(), root, fmt=fmt, render=False)  # type: ignore[arg-type]
    assert {p: p.read_bytes() for p in (root / "arc42").rglob("*") if p.is_file()} == before
    single.unlink()
    write_docs(_changed(), root, fmt=fmt, render=False)  # type: ignore[arg-type]
    assert NEW in single.read_text(encoding="utf-8")
