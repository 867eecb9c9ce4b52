"""Model text can never produce a marker line: whatever a name, a description, a glossary term or an
ADR body holds, the docs are written twice without error and hand-written text survives."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st

from archkit import Workspace
from archkit.arc42 import write_docs
from archkit.arc42.markers import block_ids, defuse
from tests.arc42.docs_models import shop

_TEXT_FIELDS = {"name", "description", "title", "term", "definition", "context", "decision", "consequences",
                "introduction", "body", "technology", "role", "expectations", "contact", "stimulus", "response",
                "artifact", "response_measure", "mitigation", "remedy", "priority"}
_IDS = ["1", "3.1", "5.1", "9", "12", "index", "includes", "adr", "config", "meta", "generated"]
_STYLES = (("<!-- ", " -->"), ("// ", ""), ("# ", ""))
_MARKER_LINES = [f"{open_}archkit:{kind} {ident}{close}" for open_, close in _STYLES
                 for kind in ("begin", "end") for ident in _IDS]
_PIECES = st.sampled_from([*_MARKER_LINES, "\n", "\n\n", " ", "\t", "x", "# ", "## ", "//", "<!--", "-->", "`", "|"])
NOTE = "\nWritten by hand, kept.\n"


def _with_text(data: Any, text: str, key: str | None = None) -> Any:
    if isinstance(data, dict):
        return {k: _with_text(v, text, k) for k, v in data.items()}
    if isinstance(data, list):
        return [_with_text(v, text, key) for v in data]
    return text + data if isinstance(data, str) and key in _TEXT_FIELDS else data


def _workspace(text: str) -> Workspace:
    return Workspace.model_validate(_with_text(shop().model_dump(mode="json"), text))


@given(st.lists(_PIECES, min_size=1, max_size=12).map("".join), st.sampled_from(["md", "adoc"]))
def test_model_text_with_marker_lines_is_documented_twice_and_hand_written_text_is_kept(text: str, fmt: str) -> None:
    ws = _workspace(text)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "shop"
        write_docs(ws, root, fmt, render=False)  # type: ignore[arg-type]
        pages = sorted((root / "arc42").glob(f"*.{fmt}")) + sorted((root / "arc42" / "decisions").glob("*.md"))
        expected = {p: block_ids(p.read_text(encoding="utf-8"), p.name) for p in pages}
        for page in pages:
            page.write_text(page.read_text(encoding="utf-8") + NOTE, encoding="utf-8")
        write_docs(ws, root, fmt, render=False)  # type: ignore[arg-type]
        for page in pages:
            again = page.read_text(encoding="utf-8")
            assert again.endswith(NOTE), page.name
            assert block_ids(again, page.name) == expected[page]


def test_every_block_id_of_a_page_comes_from_its_template(tmp_path: Path) -> None:
    """Every marker line of every field at once: the pages carry the same blocks as without them."""
    write_docs(shop(), tmp_path / "clean", render=False)
    write_docs(_workspace("".join(f"{line}\n" for line in _MARKER_LINES)), tmp_path / "forged", render=False)

    def blocks(root: Path) -> list[list[str]]:
        pages = [*sorted((root / "arc42").glob("*.md")), *sorted((root / "arc42" / "decisions").glob("*.md"))]
        return [block_ids(p.read_text(encoding="utf-8"), p.name) for p in pages]

    assert blocks(tmp_path / "forged") == blocks(tmp_path / "clean")


@pytest.mark.parametrize(("line", "defused"), [
    ("// archkit:end index", "&#47;/ archkit:end index"),
    ("# archkit:begin 3.1", "&#35; archkit:begin 3.1"),
    ("<!-- archkit:end adr -->", "&lt;!-- archkit:end adr -->"),
    ("text\n# archkit:end config  \nmore", "text\n&#35; archkit:end config  \nmore"),
    ("  // archkit:end index", "  // archkit:end index"),  # indented: no marker, left alone
    ("# archkit:end", "# archkit:end"),
])
def test_defuse_breaks_exactly_the_lines_that_read_as_markers(line: str, defused: str) -> None:
    assert defuse(line) == defused
    assert defuse(defused) == defused
