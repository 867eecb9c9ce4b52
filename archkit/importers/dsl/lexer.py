"""Structurizr DSL text -> statements (one per logical line), each a list of tokens with line and column.

The DSL is line based, as Structurizr's own parser reads it: a statement is one line; a line
ending in `` \\`` continues on the next; ``//`` and ``#`` lines are comments, ``/* ... */`` a
comment block; ``\"\"\"`` opens a text block that ends at the next line holding ``\"\"\"`` (its lines
lose their common indentation); words are split on white space, ``"..."`` keeps spaces (``\\"`` is
a quote inside), also as part of a word (``element.tag=="Some tag"`` is ``element.tag==Some tag``). A
statement ending in ``{`` opens a block, a ``}`` line closes it; the lines of an inline ``!script <language> {``
block are code, skipped up to the next ``}`` line (the evaluator refuses the script by its line).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from archkit.errors import LoadError

MAX_TOKENS = 1000
"""Tokens on one statement: Structurizr's statements have a handful; more is a broken file."""


@dataclass(frozen=True)
class Token:
    """A word of a statement: ``quoted`` when it was written in quotes (``"{"`` is a name, not a block)."""

    text: str
    line: int
    column: int
    quoted: bool = False


@dataclass(frozen=True)
class Statement:
    """One logical line of a DSL file."""

    tokens: tuple[Token, ...]
    file: str
    line: int

    @property
    def words(self) -> list[str]:
        return [t.text for t in self.tokens]

    def opens_block(self) -> bool:
        last = self.tokens[-1]
        return last.text == "{" and not last.quoted

    def closes_block(self) -> bool:
        return len(self.tokens) == 1 and self.tokens[0].text == "}" and not self.tokens[0].quoted


def syntax_error(file: str, line: int, problem: str, fix: str) -> LoadError:
    """The one error format for a DSL file: ``file:LINE: problem — fix``."""
    return LoadError(f"{file}:{line}: {problem} — {fix}")


def statements(text: str, file: str) -> list[Statement]:
    """Split DSL ``text`` (of ``file``, for messages) into statements."""
    lines = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[Statement] = []
    n = 0
    while n < len(lines):
        start = n
        stripped = lines[n].strip()
        n += 1
        if stripped.startswith("/*"):
            while "*/" not in lines[n - 1] and n < len(lines):
                n += 1
            if "*/" not in lines[n - 1]:
                raise syntax_error(file, start + 1, "comment block '/*' is never closed", "end it with '*/'")
            continue
        if not stripped or stripped.startswith(("//", "#")):
            continue
        line_text = lines[start]
        while line_text.rstrip().endswith("\\") and n < len(lines):
            line_text = line_text.rstrip()[:-1] + lines[n].lstrip()
            n += 1
        if line_text.count('"""') == 1:
            line_text, n = _text_block(lines, line_text, start, n, file)
        tokens = _tokens(line_text, file, start + 1)
        if tokens:  # a continued line may come to nothing ('\\' alone)
            out.append(Statement(tuple(tokens), file, start + 1))
            if _raw_block(out[-1]):
                n = _skip_raw(lines, start, n, file)
    return out


def _raw_block(stmt: Statement) -> bool:
    """``!script <language> {``: an inline script, whose lines are code, not DSL, up to a ``}`` line."""
    return stmt.words[0].lower() == "!script" and stmt.opens_block()


def _skip_raw(lines: list[str], start: int, n: int, file: str) -> int:
    """The index of the ``}`` line that ends the raw block opened at ``start`` (its lines are not read as DSL:
    a script's own braces do not open or close blocks, as in Structurizr's parser)."""
    while n < len(lines) and lines[n].strip() != "}":
        n += 1
    if n >= len(lines):
        raise syntax_error(file, start + 1, "the '!script' block is never closed", "end it with a line holding '}'")
    return n


def _text_block(lines: list[str], head: str, start: int, n: int, file: str) -> tuple[str, int]:
    """A ``\"\"\"`` text block: the statement's head plus the block's text as one quoted token."""
    body: list[str] = []
    while n < len(lines) and '"""' not in lines[n]:
        body.append(lines[n])
        n += 1
    if n >= len(lines):
        raise syntax_error(file, start + 1, "text block '\"\"\"' is never closed", 'end it with a line holding """')
    text = textwrap.dedent("\n".join(body)).strip("\n")
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    tail = lines[n].split('"""', 1)[1]  # what follows the closing quotes: more of the statement
    return head.replace('"""', f'"{escaped}"', 1) + tail, n + 1


def _tokens(text: str, file: str, line: int) -> list[Token]:
    """Words of one line; a quoted word may hold spaces and ``\\"``."""
    out: list[Token] = []
    i, size = 0, len(text)
    while i < size:
        if text[i].isspace():
            i += 1
            continue
        start = i
        if text[i] == '"':
            word, i = _quoted(text, i, file, line)
            out.append(Token(word, line, start + 1, quoted=True))
        else:
            parts: list[str] = []
            while i < size and not text[i].isspace():
                if text[i] == '"':  # a quoted part inside a word (element.tag=="A tag"): its text, as Structurizr
                    word, i = _quoted(text, i, file, line)
                    parts.append(word)
                    continue
                parts.append(text[i])
                i += 1
            out.append(Token("".join(parts), line, start + 1))
        if len(out) > MAX_TOKENS:
            raise syntax_error(file, line, f"more than {MAX_TOKENS} tokens on one line", "split the statement")
    return out


def _quoted(text: str, i: int, file: str, line: int) -> tuple[str, int]:
    chars: list[str] = []
    i += 1
    while i < len(text):
        c = text[i]
        if c == "\\" and i + 1 < len(text) and text[i + 1] in '"\\':
            chars.append(text[i + 1])
            i += 2
            continue
        if c == '"':
            return "".join(chars), i + 1
        chars.append(c)
        i += 1
    raise syntax_error(file, line, "a quoted string is never closed", 'end it with "')
