"""A DSL file with its ``!include`` s spliced in, then grouped into a tree of blocks.

Includes are read only from inside the workspace's folder (the folder of the file given to
archkit): a path that leaves it, directly, through ``..`` or through a symbolic link, is refused,
and so are URLs (archkit reaches no network), include loops, include chains deeper than
:data:`MAX_INCLUDE_DEPTH`, more than :data:`MAX_FILES` files and blocks nested deeper than
:data:`MAX_NESTING`. Every file is read with :func:`archkit.userfile.read_user_file`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from archkit.errors import LoadError
from archkit.importers.dsl.lexer import Statement, statements, syntax_error
from archkit.userfile import read_user_file

MAX_INCLUDE_DEPTH = 20
MAX_FILES = 500
MAX_NESTING = 64
_CONSTANT = re.compile(r"\$\{([A-Za-z0-9_.-]+)\}")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass
class Node:
    """A statement and, when it opens a block, the statements inside it."""

    statement: Statement
    children: list[Node] | None = None


@dataclass
class Sources:
    """The workspace folder and every file read (the root first): ``archkit build`` fingerprints them."""

    root: Path
    name: str = ""
    files: list[Path] = field(default_factory=list)

    def folder_of(self, file: str) -> Path:
        """The folder paths in ``file`` are relative to: the workspace folder for the file given (whose
        name may be a display name such as ``HEAD:models/shop.dsl``), else the included file's own."""
        return self.root if file == self.name else Path(file).parent

    def inside(self, path: Path, stmt: Statement, what: str) -> Path:
        """``path`` resolved, or an error naming the line when it leaves the workspace folder (or holds a NUL,
        which no file name can)."""
        if "\x00" in str(path):
            raise syntax_error(stmt.file, stmt.line, f"{what} {_short(str(path))!r} holds a NUL character, which no "
                               "file name can", "write the file's name")
        resolved = path.resolve()
        if not resolved.is_relative_to(self.root):
            raise syntax_error(stmt.file, stmt.line, f"{what} '{path}' is outside the workspace folder {self.root}",
                               "archkit reads only files inside the workspace's folder: copy it there")
        return resolved

    def listed(self, path: Path, stmt: Statement, what: str, hidden: bool = True) -> list[Path] | None:
        """The files below the folder ``path`` (sorted; without hidden names when ``hidden`` is False), ``[path]``
        for a file, None when nothing is there; a path the disk refuses (a name too long, a folder that cannot be
        read) is an error naming the line, never an ``OSError``."""
        try:
            if not path.exists():
                return None
            if not path.is_dir():
                return [path]
            return sorted(p for p in path.rglob("*") if p.is_file() and (hidden or not any(
                part.startswith(".") for part in p.relative_to(path).parts)))
        except OSError as exc:
            raise syntax_error(stmt.file, stmt.line, f"{what} '{_short(str(path))}': cannot be read "
                               f"({exc.strerror})", "check the path (relative to this file)") from None


def _short(text: str) -> str:
    return text if len(text) <= 120 else f"{text[:60]}...{text[-40:]}"


def other_case(path: Path, root: Path) -> str:
    """``" (a file 'Diagrams/x.png' differs only in case)"`` when ``path``, missing, exists under ``root`` with
    other letter case (a workspace written on Windows or macOS), else ``""``."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return ""
    found = root
    for part in parts:
        if not found.is_dir():
            return ""
        match = next((c for c in sorted(found.iterdir()) if c.name.lower() == part.lower()), None)
        if match is None:
            return ""
        found = match
    return f" ('{found.relative_to(root)}' differs only in letter case: names are case-sensitive here)"


def read_text(path: Path, shown: str) -> str:
    raw = read_user_file(path, name=shown)
    if b"\x00" in raw:
        raise LoadError(f"{shown}: looks like a binary file, not Structurizr DSL — pass a workspace.dsl file")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{shown}: not UTF-8 text (byte {exc.start}) — save the file as UTF-8") from None


def parse_tree(text: str, name: str, sources: Sources) -> list[Node]:
    """``text`` (the file ``name``) as a tree of nodes, includes spliced in."""
    flat = _expanded(statements(text, name), sources, [name], {})
    return _tree(flat, name)


def _expanded(stmts: list[Statement], sources: Sources, chain: list[str],
              constants: dict[str, str]) -> list[Statement]:
    out: list[Statement] = []
    for stmt in stmts:
        words = stmt.words
        head = words[0].lower()
        if head in ("!const", "!constant", "!var") and len(words) >= 3:
            constants[words[1]] = words[2]
        if head != "!include":
            out.append(stmt)
            continue
        if len(words) != 2:
            raise syntax_error(stmt.file, stmt.line, f"expected '!include <file|folder>', got {len(words) - 1} "
                               "arguments", "give one path")
        target = _CONSTANT.sub(lambda m: constants.get(m.group(1), m.group(0)), words[1])
        out.extend(_include(target, stmt, sources, chain, constants))
    return out


def _include(target: str, stmt: Statement, sources: Sources, chain: list[str],
             constants: dict[str, str]) -> list[Statement]:
    if _URL.match(target):
        raise syntax_error(stmt.file, stmt.line, f"!include of a URL ({target}) is not supported",
                           "archkit reads no network: download the file into the workspace folder and include it")
    if len(chain) > MAX_INCLUDE_DEPTH:
        raise syntax_error(stmt.file, stmt.line, f"includes nested deeper than {MAX_INCLUDE_DEPTH} files",
                           "flatten the include chain")
    path = sources.inside(sources.folder_of(stmt.file) / target, stmt, "!include")
    files = sources.listed(path, stmt, "!include", hidden=False)  # hidden files (.DS_Store, swap files): no DSL
    if files is None:
        raise syntax_error(stmt.file, stmt.line, f"!include '{_short(target)}': no such file or folder"
                           f"{other_case(path, sources.root)}", "check the path (relative to the including file)")
    out: list[Statement] = []
    for f in files:
        f = sources.inside(f, stmt, "!include")
        shown = str(f)
        if shown in chain:
            raise syntax_error(stmt.file, stmt.line, f"!include loop: {' -> '.join([*chain, shown])}",
                               "remove the include that leads back")
        sources.files.append(f)
        if len(sources.files) > MAX_FILES:
            raise syntax_error(stmt.file, stmt.line, f"more than {MAX_FILES} included files",
                               "include fewer files")
        out.extend(_expanded(statements(read_text(f, shown), shown), sources, [*chain, shown], constants))
    return out


def _tree(flat: list[Statement], name: str) -> list[Node]:
    root: list[Node] = []
    stack: list[tuple[Node | None, list[Node]]] = [(None, root)]
    for stmt in flat:
        if stmt.closes_block():
            if len(stack) == 1:
                raise syntax_error(stmt.file, stmt.line, "unexpected '}' (no block is open)", "remove it")
            stack.pop()
            continue
        node = Node(stmt)
        stack[-1][1].append(node)
        if stmt.opens_block():
            if len(stack) > MAX_NESTING:
                raise syntax_error(stmt.file, stmt.line, f"blocks nested deeper than {MAX_NESTING}",
                                   "flatten the model")
            node.children = []
            stack.append((node, node.children))
    if len(stack) > 1:
        opened = stack[-1][0]
        assert opened is not None
        raise syntax_error(opened.statement.file, opened.statement.line,
                           f"block '{opened.statement.words[0]} ... {{' is never closed", "add the missing '}'")
    return root
