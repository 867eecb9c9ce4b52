"""Generated blocks and hand-written text: find the markers, merge a regenerated page into an edited one.

A generated page is a sequence of blocks, each between two marker lines::

    <!-- archkit:begin 3.1 -->        Markdown
    // archkit:begin 3.1              AsciiDoc
    # archkit:begin config            YAML (mkdocs.yml)

Everything between a ``begin`` and its ``end`` belongs to archkit and is
replaced on the next generation; everything outside the markers belongs to
people and is kept byte for byte. :func:`merge` is a pure function of the page
on disk, the freshly generated page and the block ids archkit generated last
time; the rules it follows are listed in its docstring.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from archkit.errors import OutputError

_MARKER = re.compile(
    r"^(?:<!-- archkit:(?P<md>begin|end) (?P<mdid>[A-Za-z0-9_.-]+) -->"
    r"|// archkit:(?P<adoc>begin|end) (?P<adocid>[A-Za-z0-9_.-]+)"
    r"|# archkit:(?P<yaml>begin|end) (?P<yamlid>[A-Za-z0-9_.-]+))[ \t]*\r?$",
    re.MULTILINE,
)


@dataclass(frozen=True)
class Block:
    """One generated block: its id and its span in the page, from the ``begin`` line to the end of
    the ``end`` line (the line break after ``end`` is outside the block)."""

    id: str
    start: int
    end: int


def _line(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


_NEAR = re.compile(r"^(?P<lead>.*?)(?:<!--|//|#)[ \t\u00a0]*archkit:(?P<kind>begin|end)[ \t\u00a0]+"
                   r"(?P<id>[A-Za-z0-9_.-]+)", re.MULTILINE)


def _near(text: str, kind: str, ident: str) -> str:
    """A hint when a line of ``text`` reads like the marker ``archkit:<kind> <ident>`` but is not one (indented,
    quoted, a no-break space in it): its line, and that a marker line has nothing else on it."""
    for m in _NEAR.finditer(text):
        if m.group("kind") == kind and m.group("id") == ident and not _MARKER.match(text, m.start()):
            return (f" (line {_line(text, m.start())} reads like archkit:{kind} {ident} but is not a marker line: "
                    "a marker starts at the first character of its line, with plain spaces and nothing else "
                    "on the line — write it so)")
    return ""


def find_blocks(text: str, name: str = "page") -> list[Block]:
    """The blocks of a page in order; a broken marker pair is an error naming the line."""
    found: list[Block] = []
    open_id: str | None = None
    open_at = 0
    for m in _MARKER.finditer(text):
        kind = m.group("md") or m.group("adoc") or m.group("yaml")
        ident = m.group("mdid") or m.group("adocid") or m.group("yamlid")
        where = f"{name}:{_line(text, m.start())}"
        if kind == "begin":
            if open_id is not None:
                raise OutputError(f"{where}: archkit:begin {ident} inside block {open_id} — restore the "
                                  f"archkit:end {open_id} marker line, or delete the page to regenerate it")
            open_id, open_at = ident, m.start()
            continue
        if open_id != ident:
            raise OutputError(f"{where}: archkit:end {ident} without its archkit:begin — restore the marker "
                              f"lines as archkit wrote them, or delete both{_near(text, 'begin', ident)}")
        if any(b.id == ident for b in found):
            raise OutputError(f"{where}: block {ident} appears twice — delete one copy, markers included")
        found.append(Block(ident, open_at, m.end()))
        open_id = None
    if open_id is not None:
        raise OutputError(f"{name}:{_line(text, open_at)}: archkit:begin {open_id} is never closed — restore "
                          f"the archkit:end {open_id} marker line{_near(text, 'end', open_id)}")
    return found


def block_ids(text: str, name: str = "page") -> list[str]:
    """The ids of the blocks of a page, in order."""
    return [b.id for b in find_blocks(text, name)]


def split_head(text: str, name: str = "page") -> tuple[str, str]:
    """``(head, rest)``: the text before the first block, and the rest from it on."""
    blocks = find_blocks(text, name)
    cut = blocks[0].start if blocks else len(text)
    return text[:cut], text[cut:]


_BOM = "\ufeff"


def normal(text: str) -> str:
    """``text`` as :func:`find_blocks` reads it: without a leading byte order mark (Notepad's "UTF-8 with BOM"),
    and with lines that end in a carriage return only (classic Mac) ending in a line feed."""
    text = text.removeprefix(_BOM)
    return text.replace("\r", "\n") if "\r" in text and "\n" not in text else text


def merge(old: str, new: str, retired: Collection[str] = (), name: str = "page", *,
          ours: Collection[str] | None = None, edited: Collection[str] = ()) -> str:
    """:func:`merge_text` of the :func:`normal` forms of ``old`` and ``new``; the result keeps the byte order
    mark and the carriage-return line ends of ``old``, if it had them."""
    body = normal(old)
    merged = merge_text(body, normal(new), retired, name, ours=ours, edited=edited)
    if body != old.removeprefix(_BOM):  # carriage returns only: back to them
        merged = merged.replace("\n", "\r")
    return _BOM + merged if old.startswith(_BOM) else merged


def merge_text(old: str, new: str, retired: Collection[str] = (), name: str = "page", *,
               ours: Collection[str] | None = None, edited: Collection[str] = ()) -> str:
    """The page to write when ``new`` was generated and ``old`` is on disk.

    - Text outside the markers of ``old`` is kept byte for byte, in place.
    - A block of ``old`` takes the content of the block with the same id in ``new``.
    - A block of ``old`` that ``new`` no longer has (its model content is gone) is removed,
      markers included; the text around it stays.
    - A block of ``new`` missing from ``old`` is inserted before the next block that ``old`` has
      (after any text people wrote under the previous block), or at the end; unless its id is in
      ``retired`` (archkit generated it last time, so a person deleted it: it stays deleted).
    - A page without any marker while ``new`` has some was taken over by a person: it is kept as is.
    - With ``ours`` (the ids archkit wrote in this page last time), a block of ``old`` that neither ``new``
      nor ``ours`` has is not archkit's (a marker pair a person quoted in their text): it is kept as written.
    - The text between the markers of a block whose id is in ``edited`` (a person wrote in it) is kept, as
      text outside the markers: just below the block's new content, or in its place when it is removed.
    """
    new_blocks = find_blocks(new, f"{name} (generated)")
    old_blocks = find_blocks(old, name)
    if not old_blocks:
        return old if new_blocks else new
    fresh = {b.id: new[b.start:b.end] for b in new_blocks}
    order = [b.id for b in new_blocks]
    present = {b.id for b in old_blocks if b.id in fresh}
    before: dict[str | None, list[str]] = {}
    for i, ident in enumerate(order):
        if ident in present or ident in retired:
            continue
        successor = next((later for later in order[i + 1:] if later in present), None)
        before.setdefault(successor, []).append(ident)
    pieces: list[str] = []
    pos = 0
    for block in old_blocks:
        if block.id not in fresh and ours is not None and block.id not in ours:
            continue  # not archkit's block: kept as written, with the text around it
        pieces.append(old[pos:block.start])
        pieces.extend(fresh[ident] + "\n\n" for ident in before.get(block.id, []))
        if block.id in fresh:
            pieces.append(fresh[block.id])
        if block.id in edited:
            inner = inner_text(old[block.start:block.end])
            pieces.append(("\n\n" if block.id in fresh else "") + inner)
        pos = block.end
    pieces.append(old[pos:])
    tail = before.get(None, [])
    if tail:
        text = "".join(pieces)
        pieces = [text, "" if text.endswith("\n") else "\n", *("\n" + fresh[i] + "\n" for i in tail)]
    return "".join(pieces)


def inner_text(block: str) -> str:
    """The text of a block between its ``begin`` line and its ``end`` line (without the line break before
    ``end``)."""
    return block.partition("\n")[2].rpartition("\n")[0]


def digest(block: str) -> str:
    """What tells a block's text from another's, whatever an editor did to its line ends and trailing spaces."""
    import hashlib

    lines = "\n".join(line.rstrip() for line in block.splitlines())
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()[:16]


def edited_blocks(old: str, new: str, written: Mapping[str, str]) -> list[Block]:
    """The blocks of ``old`` (a page on disk, :func:`normal`) that a person wrote in: their :func:`digest` is
    neither that of the block archkit wrote last time (``written``: id -> digest) nor that of the same block
    in ``new``. A block without a digest in ``written`` is never taken for edited."""
    fresh = {b.id: digest(new[b.start:b.end]) for b in find_blocks(new)}
    return [b for b in find_blocks(old) if b.id in written
            and digest(old[b.start:b.end]) not in (written[b.id], fresh.get(b.id))]


def strip_block(text: str, ident: str) -> str:
    """``text`` without the block ``ident`` (markers and content); unchanged when it has no such block."""
    for block in find_blocks(text):
        if block.id == ident:
            return text[:block.start] + text[block.end:].removeprefix("\n")
    return text


_DEFUSED = {"<": "&lt;", "/": "&#47;", "#": "&#35;"}


def defuse(text: str) -> str:
    """``text`` (model text, about to be placed in a page) with no line that reads as a marker: the
    first character of such a line becomes a character reference, which Markdown, AsciiDoc and YAML
    comments show as the same character. :func:`archkit.arc42.templates.environment` passes every
    ``{{ ... }}`` of every template through here, so no field of the model can forge a marker."""
    if "archkit:" not in text:
        return text
    return _MARKER.sub(lambda m: _DEFUSED[m.group(0)[0]] + m.group(0)[1:], text)


def strip_markers(text: str) -> str:
    """``text`` without its marker lines."""
    return _MARKER.sub("", text)


def decode_page(raw: bytes, name: str) -> tuple[str, str | None]:
    """The text of a page on disk and a note when it was not UTF-8 (the merged page is written as UTF-8):
    UTF-8, with or without a byte order mark, or UTF-16 with one (what Windows Notepad saves as "Unicode").
    Anything else (Latin-1, say) is an error naming the line of the first byte that is not UTF-8."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
        else:
            return text.removeprefix(_BOM), f"{name}: was saved as UTF-16; written back as UTF-8, every word kept"
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise OutputError(f"{name}:{line}:{column}: byte 0x{raw[exc.start]:02x} is not UTF-8 (the page was saved as "
                          "Latin-1 or another legacy encoding?) — save the page as UTF-8 in your editor, and run "
                          "again; nothing was written") from None


def merge_bytes(old: bytes, new: bytes, name: str) -> bytes:
    """:func:`merge` for file contents (:func:`decode_page`; the result is UTF-8)."""
    return merge(decode_page(old, name)[0], new.decode("utf-8"), name=name).encode("utf-8")
