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
    "text in the single file": lambda f, t: t + W,
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
    page = root / "arc42" / (f"arc42.{fmt}" if name == "text in the single file" else f"{PAGE}.{fmt}")
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


def _place_linked_folder(root: Path, page: Path) -> None:
    """``out/<model>/arc42`` a symbolic link to a docs repository elsewhere."""
    elsewhere = root.parent / f"docs-repo-{root.name}"
    shutil.move(str(root / "arc42"), elsewhere)
    (root / "arc42").symlink_to(elsewhere)


def _place_linked_page(root: Path, page: Path) -> None:
    """The page a symbolic link to a file elsewhere (the word is in that file)."""
    elsewhere = root.parent / f"page-{root.name}{page.suffix}"
    shutil.move(str(page), elsewhere)
    page.symlink_to(elsewhere)


def _place_read_only(root: Path, page: Path) -> None:
    page.chmod(0o444)


def _place_editor_files(root: Path, page: Path) -> None:
    """An editor's backup and swap files beside the page (they hold the word too)."""
    for name in (page.name + "~", f".{page.name}.swp", f"#{page.name}#"):
        (page.parent / name).write_bytes(page.read_bytes())


PLACES: dict[str, Callable[[Path, Path], None]] = {
    "arc42/ a link to a docs repo": _place_linked_folder,
    "page a symbolic link": _place_linked_page,
    "page read-only": _place_read_only,
    "editor backup/swap files beside": _place_editor_files,
}


def run_place(fmt: str, name: str, place: Callable[[Path, Path], None], work: Path) -> tuple[str, str]:
    root = work / f"place-{fmt}-{abs(hash(name))}"
    write_docs(model(False), root, fmt=fmt, render=False)  # type: ignore[arg-type]
    page = root / "arc42" / f"{PAGE}.{fmt}"
    page.write_text(after_end(fmt, "3.1", page.read_text(encoding="utf-8"), W), encoding="utf-8")
    place(root, page)
    try:
        result = write_docs(model(True), root, fmt=fmt, render=False)  # type: ignore[arg-type]
    except OutputError as exc:
        return "error", str(exc)
    everywhere = [p for p in work.rglob("*") if p.is_file() and not p.name.startswith("arc42.")]
    with_word = [p for p in everywhere if WORD.encode() in p.read_bytes()]
    notes = "; ".join(n for n in result.notes if "arc42/" in n)
    if not with_word:
        return "LOST", notes
    where = ", ".join(sorted({p.name for p in with_word if root.name in str(p) or root.name in p.name}))
    return f"kept in {where}", notes


def disk_full(fmt: str, work: Path) -> tuple[str, str]:
    """A full disk: every write of a page fails with ENOSPC (``os.fsync`` monkeypatched)."""
    import errno

    from archkit import diskfile

    root = work / f"full-{fmt}"
    write_docs(model(False), root, fmt=fmt, render=False)  # type: ignore[arg-type]
    page = root / "arc42" / f"{PAGE}.{fmt}"
    page.write_text(after_end(fmt, "3.1", page.read_text(encoding="utf-8"), W), encoding="utf-8")
    before = page.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    real = diskfile.os.fsync
    diskfile.os.fsync = full  # type: ignore[assignment]
    try:
        write_docs(model(True), root, fmt=fmt, render=False)  # type: ignore[arg-type]
        outcome, message = "no error?", ""
    except OutputError as exc:
        outcome, message = "error", str(exc)
    finally:
        diskfile.os.fsync = real  # type: ignore[assignment]
    temporaries = [p.name for p in (root / "arc42").iterdir() if p.name.endswith(".tmp")]
    if page.read_bytes() != before or temporaries:
        outcome += f" (page changed or temporaries left: {temporaries})"
    return outcome, message


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
        for name, place in PLACES.items():
            results = [run_place(fmt, name, place, work) for fmt in ("md", "adoc")]
            msgs = list(dict.fromkeys(m for _, m in results if m))
            print(f"| {name} | {results[0][0]} | {results[1][0]} | {' / '.join(m[:160] for m in msgs)} |")
        results = [disk_full(fmt, work) for fmt in ("md", "adoc")]
        msgs = list(dict.fromkeys(m for _, m in results if m))
        print(f"| disk full (ENOSPC) | {results[0][0]} | {results[1][0]} | {' / '.join(m[:160] for m in msgs)} |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
