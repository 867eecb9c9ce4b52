"""Hand-written arc42 text as people and their editors save it (h/attack3): each attack writes a unique word
into a generated page (Markdown and AsciiDoc), edits the page the way an editor or a person would, changes the
model and regenerates with :func:`archkit.arc42.write_docs`. Outcome per attack and format:

- ``kept``: the word is still in the page (or in a file a note names) and the model change reached the page;
- ``kept, stale``: the word is kept but the page no longer follows the model (a note says so, or not: see column);
- ``error``: the build refused with an error naming the file (and the line) and the fix; nothing was written;
- ``LOST``: the word is gone and no message names where it went.

    .venv/bin/python benchmarks/attacks/texts.py
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from archkit.arc42 import write_docs  # noqa: E402
from archkit.errors import OutputError  # noqa: E402
from tests.arc42.docs_models import shop  # noqa: E402

WORD = "Handwritten-7f3a"
OLD, NEW = "Buys things; writes {{ 7*7 }} in reviews.", "Buys books and games."
PAGE = "03_context_and_scope"


def model(changed: bool):  # type: ignore[no-untyped-def]
    ws = shop()
    if changed:
        ws.model.people[0].description = NEW
    return ws


def marks(fmt: str, kind: str, ident: str) -> str:
    return f"<!-- archkit:{kind} {ident} -->" if fmt == "md" else f"// archkit:{kind} {ident}"


def after_end(fmt: str, ident: str, text: str, insert: str) -> str:
    end = marks(fmt, "end", ident)
    return text.replace(end + "\n", end + "\n" + insert, 1)


Attack = Callable[[str, str], str | bytes]  # (fmt, page text) -> new page content
W = f"\n{WORD} wrote this.\n"

ATTACKS: dict[str, Attack] = {
    "plain paragraph": lambda f, t: after_end(f, "3.1", t, W),
    "UTF-8 BOM": lambda f, t: ("\ufeff" + after_end(f, "3.1", t, W)).encode("utf-8"),
    "CRLF": lambda f, t: after_end(f, "3.1", t, W).replace("\n", "\r\n"),
    "CR only": lambda f, t: after_end(f, "3.1", t, W).replace("\n", "\r"),
    "mixed CRLF/LF": lambda f, t: after_end(f, "3.1", t, W.replace("\n", "\r\n")),
    "no final newline": lambda f, t: t.rstrip("\n") + "\n" + WORD,
    "tabs, trailing spaces on markers": lambda f, t: after_end(f, "3.1", t, "\t" + W).replace(" -->\n", " -->  \t\n"),
    "NBSP in text": lambda f, t: after_end(f, "3.1", t, W.replace(" ", "\u00a0")),
    "NBSP in a marker line": lambda f, t: after_end(f, "3.1", t, W).replace(
        marks(f, "begin", "3.2"), marks(f, "begin", "3.2").replace(" 3.2", "\u00a03.2")),
    "UTF-16 (Notepad)": lambda f, t: after_end(f, "3.1", t, W).encode("utf-16"),
    "Latin-1 bytes": lambda f, t: after_end(f, "3.1", t, W + "Caf\u00e9 cr\u00e8me\n").encode("latin-1", "replace"),
    "marker indented": lambda f, t: after_end(f, "3.1", t, W).replace(
        marks(f, "begin", "3.2"), "  " + marks(f, "begin", "3.2")),
    "marker in a blockquote": lambda f, t: after_end(f, "3.1", t, W).replace(
        marks(f, "begin", "3.2"), "> " + marks(f, "begin", "3.2")),
    "marker pair quoted in a code fence": lambda f, t: after_end(f, "3.1", t, "\n```\n" + marks(f, "begin", "x9")
                                                                + "\nexample " + WORD + "\n" + marks(f, "end", "x9")
                                                                + "\n```\n"),
    "text inside a block": lambda f, t: t.replace("Who uses the shop.", "Who uses the shop. " + WORD),
    "block duplicated": lambda f, t: after_end(f, "3.1", t, W) + "\n" + t[t.index(marks(f, "begin", "3.2")):
                                                                     t.index(marks(f, "end", "3.2"))]
                                     + marks(f, "end", "3.2") + "\n",
    "begin deleted": lambda f, t: after_end(f, "3.1", t, W).replace(marks(f, "begin", "3.2") + "\n", ""),
    "end deleted": lambda f, t: after_end(f, "3.1", t, W).replace(marks(f, "end", "3.2") + "\n", ""),
    "blocks swapped": lambda f, t: _swap(f, after_end(f, "3.1", t, W)),
    "marker id edited (both)": lambda f, t: after_end(f, "3.1", t, W).replace(" 3.2", " 3.2b"),
    "marker moved to another section": lambda f, t: after_end(f, "3.1", t, W).replace(
        marks(f, "end", "3.1") + "\n", "").replace(marks(f, "begin", "3.2"), marks(f, "end", "3.1") + "\n"
                                                   + marks(f, "begin", "3.2")),
    "text before the first marker": lambda f, t: WORD + " wrote this first.\n\n" + t,
    "text after the last marker": lambda f, t: t + W,
}


def _swap(fmt: str, text: str) -> str:
    def span(ident: str) -> tuple[int, int]:
        end = marks(fmt, "end", ident)
        return text.index(marks(fmt, "begin", ident)), text.index(end) + len(end)

    (a0, a1), (b0, b1) = span("3.1"), span("3.2")
    return text[:a0] + text[b0:b1] + text[a1:b0] + text[a0:a1] + text[b1:]


def found(root: Path, notes: list[str]) -> bool:
    """The word is somewhere under the arc42 folder named by the page or a note (any encoding)."""
    for path in (root / "arc42").rglob("*"):
        if not path.is_file() or path.name.startswith("arc42."):
            continue
        raw = path.read_bytes()
        for enc in ("utf-8", "utf-16", "latin-1"):
            try:
                text = raw.decode(enc)
            except UnicodeDecodeError:
                continue
            if WORD in text and (PAGE in path.name or any(path.name in n for n in notes)):
                return True
    return False


def run(fmt: str, name: str, attack: Attack, work: Path) -> tuple[str, str]:
    root = work / f"{fmt}-{abs(hash(name))}"
    write_docs(model(False), root, fmt=fmt, render=False)  # type: ignore[arg-type]
    page = root / "arc42" / f"{PAGE}.{fmt}"
    edited = attack(fmt, page.read_text(encoding="utf-8"))
    page.write_bytes(edited.encode("utf-8") if isinstance(edited, str) else edited)
    before = page.read_bytes()
    try:
        result = write_docs(model(True), root, fmt=fmt, render=False)  # type: ignore[arg-type]
    except OutputError as exc:
        same = page.read_bytes() == before
        return ("error" if same else "LOST (error after writing)"), str(exc)
    text = page.read_bytes().decode("utf-8", "replace")
    notes = [n for n in result.notes if PAGE in n or "arc42/" in n]
    if not found(root, notes):
        return "LOST", "; ".join(notes)
    fresh = NEW in text  # a block a person wrote in is kept below the new one: it may quote the old text
    return ("kept" if fresh else "kept, stale"), "; ".join(notes)


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="texts-"))
    try:
        print("| attack | md | adoc | message |")
        print("| --- | --- | --- | --- |")
        for name, attack in ATTACKS.items():
            cells, msgs = [], []
            for fmt in ("md", "adoc"):
                outcome, message = run(fmt, name, attack, work)
                cells.append(outcome)
                if message and message not in msgs:
                    msgs.append(message)
            print(f"| {name} | {cells[0]} | {cells[1]} | {' / '.join(m[:160] for m in msgs)} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
