"""What every part of the DSL evaluator shares: identifiers, constants, the statement at hand, errors.

Identifiers are case-insensitive, as in Structurizr. With ``!identifiers hierarchical`` an element's
identifier is its parent's plus ``.name`` (``shop.api``), and a name is looked up from the innermost
enclosing element outwards (inside ``shop``, ``api`` is ``shop.api``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NoReturn

from archkit.errors import LoadError
from archkit.importers.dsl.lexer import Statement, Token, syntax_error
from archkit.importers.dsl.source import Node, Sources
from archkit.importers.dsl.workspace import BuildError, Element, Workspace

_CONSTANT = re.compile(r"\$\{([A-Za-z0-9_.-]+)\}")
MAX_EXPANSION = 10 * 1024 * 1024
"""Characters ``${NAME}`` substitutions may add to a workspace in all (as much as a file may hold): a constant
holds its value already substituted, so ten constants each repeating the one before ten times would otherwise
make text of 10^10 characters from a file of a few hundred bytes (a "billion laughs")."""
_COLOUR = re.compile(r"^#[0-9A-Fa-f]{3,8}$")
_IDENTIFIER = re.compile(r"^[A-Za-z0-9_-]+$")
REFUSED = {
    "!script": "runs code (Groovy, Kotlin, Ruby, JavaScript) — archkit never runs code from a DSL file",
    "!plugin": "runs Java code — archkit never runs code from a DSL file",
    "!components": "runs Structurizr's component finder on compiled code — list the components instead",
}


@dataclass
class Scope:
    """Where a statement stands: its element (``this``, a deployment environment too), group, whether inside
    ``enterprise``, identifier prefix, and whether the block is a group's (which takes no element property)."""

    element: Element | None = None
    group: str = ""
    enterprise: bool = False
    prefix: str = ""
    in_group: bool = False


@dataclass
class State:
    """The evaluator's state for one workspace."""

    ws: Workspace
    sources: Sources
    hierarchical: bool = False
    constants: dict[str, str] = field(default_factory=dict)
    ids: dict[str, Element] = field(default_factory=dict)
    rel_ids: dict[str, dict[str, object]] = field(default_factory=dict)
    deployment_groups: dict[str, str] = field(default_factory=dict)
    groups: dict[str, list[Element]] = field(default_factory=dict)
    seen_blocks: set[str] = field(default_factory=set)
    #: ``archetypes { ... }``: lower-case name -> :class:`~archkit.importers.dsl.archetypes.Archetype`
    archetypes: dict[str, Any] = field(default_factory=dict)
    #: the archetype of the element statement being evaluated, if any
    archetype: Any = None
    anonymous: int = 0
    current: Statement | None = None
    #: characters the substitutions added so far (:data:`MAX_EXPANSION`)
    expanded: int = 0
    #: what the workspace says that archkit reads differently: ``file:line: problem — what to do``
    warnings: list[str] = field(default_factory=list)
    #: (kind, JSON object, ``file:line``) of each element, relationship, view and style, where it is defined
    located: list[tuple[str, dict[str, Any], str]] = field(default_factory=list)

    # ---- errors ------------------------------------------------------------------------------

    def fail(self, problem: str, fix: str, stmt: Statement | None = None) -> NoReturn:
        where = stmt or self.current
        if where is None:
            raise LoadError(f"{self.sources.name or self.sources.root}: {problem} — {fix}")
        comment = next((t for t in where.tokens[1:] if not t.quoted and t.text.startswith(("#", "//"))
                        and not _COLOUR.match(t.text)), None)
        if comment is not None:  # Structurizr reads comments only on lines of their own
            fix += (f" (the '{comment.text[:20]}' at column {comment.column} starts a comment after a statement, "
                    "which Structurizr reads as more words: put the comment on a line of its own)")
        raise syntax_error(where.file, where.line, problem, fix)

    def warn(self, problem: str, instead: str) -> None:
        """A statement archkit reads, but not as Structurizr does: named with its file and line."""
        where = self.current
        place = f"{where.file}:{where.line}" if where is not None else str(self.sources.name or self.sources.root)
        line = f"{place}: {problem} — {instead}"
        if line not in self.warnings:
            self.warnings.append(line)

    def locate(self, kind: str, obj: dict[str, Any]) -> None:
        """Remember that ``obj`` (an element, relationship, view or style) is defined by the current statement,
        for the warnings of the JSON import (:mod:`.located`)."""
        if self.current is not None:
            self.located.append((kind, obj, f"{self.current.file}:{self.current.line}"))

    def unexpected(self, node: Node, expected: str) -> NoReturn:
        token = node.statement.tokens[0]
        words = {w.strip().casefold() for w in expected.replace(" or ", ", ").split(",")}
        if token.text.casefold() in words:  # the right keyword, written in a shape Structurizr does not read
            self.fail(f"'{token.text}' at column {token.column} is not written as Structurizr reads it",
                      "a block opens with '{' at the end of its line, each statement inside it on a line of its own, "
                      "and '}' on a line of its own", node.statement)
        self.fail(f"unexpected token '{token.text}' at column {token.column}", f"expected {expected}",
                  node.statement)

    def built(self, exc: BuildError) -> NoReturn:
        self.fail(str(exc), "fix the model")

    # ---- words -------------------------------------------------------------------------------

    def keyword(self, words: list[str]) -> str:
        """The statement's first word, lower-cased; a refused one (``!script``, ``!plugin``, ...) fails here."""
        head = words[0].lower() if words else ""
        if head in REFUSED:
            self.fail(f"{words[0]} is not supported: it {REFUSED[head]}",
                      "remove it, and write what it computes as plain DSL statements")
        return head

    def words(self, stmt: Statement) -> list[str]:
        """The statement's words with ``${NAME}`` replaced by constants and variables."""
        self.current = stmt
        return [self.substitute(t) for t in stmt.tokens]

    def substitute(self, token: Token | str) -> str:
        text = token.text if isinstance(token, Token) else token
        if "${" not in text:
            return text
        values = [(m, self.constants.get(m.group(1), m.group(0))) for m in _CONSTANT.finditer(text)]
        self.expanded += sum(len(value) - len(m.group(0)) for m, value in values)  # counted before it is made
        if self.expanded > MAX_EXPANSION:
            names = ", ".join(dict.fromkeys(m.group(0) for m, _ in values))
            self.fail(f"constants expand to more than {MAX_EXPANSION:,} characters in all (here: {names[:200]})",
                      "write the text out instead of repeating a constant inside others")
        for m, _value in values:
            if m.group(1) not in self.constants:
                self.warn(f"'{m.group(0)[:80]}' names no constant or variable defined before this line",
                          "kept as written (archkit reads no environment variables): define it with "
                          "'!const NAME value' (or '!var') before it is used")
        return _CONSTANT.sub(lambda m: self.constants.get(m.group(1), m.group(0)), text)

    def define_constant(self, words: list[str]) -> None:
        if len(words) != 3:
            self.fail(f"expected '{words[0]} <name> <value>'", "give a name and one value")
        if not _IDENTIFIER.match(words[1]):
            self.fail(f"constant name '{words[1]}' may only hold letters, digits, '_' and '-'",
                      "rename the constant")
        if words[0].lower() != "!var" and words[1] in self.constants:
            self.fail(f"a constant named '{words[1]}' already exists", "give it another name")
        self.constants[words[1]] = words[2]

    # ---- identifiers -------------------------------------------------------------------------

    def register(self, identifier: str | None, element: Element, scope: Scope) -> str:
        """Record ``element`` under ``identifier`` (None: anonymous); returns its full identifier."""
        if identifier is None:
            self.anonymous += 1
            name = f"~{self.anonymous}"
        else:
            if not _IDENTIFIER.match(identifier):
                self.fail(f"identifier '{identifier}' may only hold letters, digits, '_' and '-'",
                          "rename it")
            name = identifier
        full = f"{scope.prefix}.{name}" if self.hierarchical and scope.prefix else name
        if identifier is not None:
            key = full.lower()
            if key in self.ids or key in self.rel_ids or key in self.deployment_groups:
                self.fail(f"the identifier '{full}' is already in use", "give the element another identifier")
            self.ids[key] = element
            element.data.setdefault("properties", {})["structurizr.dsl.identifier"] = full
        return full

    def register_group(self, identifier: str, name: str, scope: Scope) -> None:
        full = f"{scope.prefix}.{identifier}" if self.hierarchical and scope.prefix else identifier
        if full.lower() in self.ids or full.lower() in self.deployment_groups:
            self.fail(f"the identifier '{full}' is already in use", "give the deployment group another identifier")
        self.deployment_groups[full.lower()] = name

    def register_relationship(self, identifier: str, rel: dict[str, object]) -> None:
        key = identifier.lower()
        if key in self.ids or key in self.rel_ids:
            self.fail(f"the identifier '{identifier}' is already in use", "give the relationship another identifier")
        self.rel_ids[key] = rel
        rel.setdefault("properties", {})
        props = rel["properties"]
        assert isinstance(props, dict)
        props["structurizr.dsl.identifier"] = identifier

    def _candidates(self, word: str, scope: Scope) -> list[str]:
        key = word.lower()
        if not self.hierarchical or not scope.prefix:
            return [key]
        parts = scope.prefix.lower().split(".")
        return [".".join([*parts[:n], key]) for n in range(len(parts), 0, -1)] + [key]

    def element(self, word: str, scope: Scope, what: str = "element", kinds: tuple[str, ...] = ()) -> Element:
        """The element an identifier (or ``this``) names, or a clear error. With ``kinds``, the nearest
        element of one of those kinds is preferred (``c`` names the container, not a node named ``c``)."""
        if word.lower() == "this":
            if scope.element is None:
                self.fail("'this' is used outside an element", "name the element by its identifier")
            return scope.element
        found = [self.ids[key] for key in self._candidates(word, scope) if key in self.ids]
        if found:
            return next((e for e in found if e.kind in kinds), found[0])
        self.fail(f"the {what} '{word}' does not exist", "define it first, or check the identifier's spelling")

    def find_group(self, word: str, scope: Scope) -> str:
        for key in self._candidates(word, scope):
            if key in self.deployment_groups:
                return self.deployment_groups[key]
        self.fail(f"the deployment group '{word}' does not exist", "define it with 'deploymentGroup' first")

    def relationship(self, word: str) -> dict[str, object]:
        rel = self.rel_ids.get(word.lower())
        if rel is None:
            self.fail(f"the relationship '{word}' does not exist", "give the relationship an identifier first")
        return rel

    def confined(self, target: str, what: str) -> Path:
        assert self.current is not None
        path = self.sources.folder_of(self.current.file) / target
        return self.sources.inside(path, self.current, what)
