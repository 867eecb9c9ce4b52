"""Structurizr DSL -> the workspace JSON Structurizr's own parser makes of it -> an archkit workspace.

``parse_dsl(path)`` reads a ``workspace.dsl`` (and the files it includes, all inside its folder) and
returns the Structurizr workspace ``dict``; :func:`import_dsl` hands that to the JSON importer
(:func:`archkit.importers.import_structurizr`). Nothing in a DSL file is run: ``!script``,
``!plugin``, custom importer classes and URL includes are refused with the file and line.

Stages: :mod:`.lexer` (lines -> tokens), :mod:`.source` (includes, blocks), :mod:`.model` and
:mod:`.views` (statements -> :class:`.workspace.Workspace`), :mod:`.contents` and
:mod:`.expressions` (what each view holds), :mod:`.configuration` (styles, themes, image views),
:mod:`.docs` (``!docs``, ``!adrs``); :mod:`.ids` (the author's identifiers as archkit ids).
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from archkit.importers.dsl.configuration import workspace_configuration
from archkit.importers.dsl.context import State
from archkit.importers.dsl.docs import adrs, docs
from archkit.importers.dsl.ids import readable_ids
from archkit.importers.dsl.implied import implied
from archkit.importers.dsl.model import model_block, pairs
from archkit.importers.dsl.source import Node, Sources, parse_tree, read_text
from archkit.importers.dsl.views import views_block
from archkit.importers.dsl.workspace import Workspace

__all__ = ["dsl_inputs", "parse_dsl", "parse_dsl_text", "readable_ids"]

_URL_PREFIXES = ("http://", "https://", "ftp://", "file://")


def parse_dsl(path: str | Path, *, name: str | None = None, warnings: list[str] | None = None) -> dict[str, Any]:
    """The Structurizr workspace JSON (as a dict) the DSL file at ``path`` describes; what archkit reads
    otherwise than Structurizr (``!impliedRelationships false``, ...) is appended to ``warnings``."""
    p = Path(path)
    shown = name or str(path)
    return parse_dsl_text(read_text(p, shown), shown, p.resolve().parent, warnings)


def parse_dsl_text(text: str, name: str, folder: Path, warnings: list[str] | None = None,
                   located: list[tuple[str, dict[str, Any], str]] | None = None) -> dict[str, Any]:
    """:func:`parse_dsl` of text already read; includes are looked up in, and confined to, ``folder``;
    where each element, relationship, view and style is defined is appended to ``located`` (:mod:`.located`)."""
    sources = Sources(folder.resolve(), name)
    state = State(Workspace(), sources)
    tree = parse_tree(text, name, sources)
    _workspace(state, tree, name)
    if warnings is not None:
        warnings.extend(state.warnings)
    if located is not None:
        located.extend(state.located)
    if not sources.files:  # Structurizr keeps the source when it is one file
        state.ws.data["properties"] = {**state.ws.data.get("properties", {}),
                                       "structurizr.dsl": base64.b64encode(text.rstrip("\n").encode()).decode()}
    return state.ws.data


def dsl_inputs(path: str | Path) -> list[Path]:
    """Every file the DSL file at ``path`` reads besides itself (includes, docs, ADRs): build fingerprints."""
    p = Path(path)
    sources = Sources(p.resolve().parent, str(p))
    state = State(Workspace(), sources)
    _workspace(state, parse_tree(read_text(p, str(p)), str(p), sources), str(p))
    return list(dict.fromkeys(sources.files))


def _workspace(state: State, tree: list[Node], name: str) -> None:
    while tree and tree[0].children is None and tree[0].statement.words[0].lower() in ("!const", "!constant",
                                                                                         "!var"):
        state.define_constant(state.words(tree[0].statement))  # constants may come before the workspace
        tree = tree[1:]
    blocks = [n for n in tree if n.statement.words[0].lower() == "workspace"]
    if len(tree) != 1 or not blocks or blocks[0].children is None:
        node = next((n for n in tree if n not in blocks), tree[0] if tree else None)
        if node is None:
            state.fail("no 'workspace { ... }' block", "start the file with 'workspace {'")
        state.unexpected(node, "one 'workspace [name] [description] {' block holding the whole file")
    node = blocks[0]
    words = state.words(node.statement)[1:-1]
    state.locate("workspace", {})
    if words and words[0].lower() == "extends":
        _extends(state, words, name)
        words = []
    if len(words) > 2:
        state.fail("too many tokens", "expected 'workspace [name] [description] {'")
    for key, value in zip(("name", "description"), words, strict=False):
        state.ws.data[key] = value
    state.seen_blocks = set()  # per file: an extending workspace has its own model and views blocks
    for child in node.children or []:
        _workspace_statement(state, child)


def _extends(state: State, words: list[str], name: str) -> None:
    if len(words) != 2:
        state.fail("expected 'workspace extends <file> {'", "name the workspace file to extend")
    if words[1].lower().startswith(_URL_PREFIXES):
        state.fail(f"'workspace extends {words[1]}' would download a workspace", "extend a local .dsl file")
    if not words[1].lower().endswith(".dsl"):
        state.fail(f"'workspace extends {words[1]}': archkit extends only .dsl files",
                   "extend the workspace's .dsl file")
    base = state.confined(words[1], "workspace extends")
    if str(base) == str(Path(name).resolve()):
        state.fail("a workspace cannot extend itself", "name another file")
    state.sources.files.append(base)
    shown = str(base)
    _workspace(state, parse_tree(read_text(base, shown), shown, state.sources), shown)


def _workspace_statement(state: State, node: Node) -> None:
    words = state.words(node.statement)
    if node.children is not None:
        words = words[:-1]
    head = state.keyword(words)
    if head in ("model", "views") and node.children is not None:
        if head in state.seen_blocks:
            state.fail(f"a second '{words[0]}' block", f"a workspace has one {head} block: merge the two")
        state.seen_blocks.add(head)
        (model_block if head == "model" else views_block)(state, node.children)
    elif head in ("name", "description") and len(words) == 2:
        state.ws.data[head] = words[1]
    elif head == "!identifiers" and len(words) == 2 and words[1].lower() in ("flat", "hierarchical"):
        state.hierarchical = words[1].lower() == "hierarchical"
    elif head == "!impliedrelationships":
        implied(state, words)
    elif head in ("!const", "!constant", "!var"):
        state.define_constant(words)
    elif head == "properties" and node.children is not None:
        state.ws.data.setdefault("properties", {}).update(pairs(state, node))
    elif head == "configuration" and node.children is not None:
        workspace_configuration(state, node)
    elif head == "!docs":
        state.ws.data["documentation"].update(docs(state, words))
    elif head in ("!adrs", "!decisions"):
        state.ws.data["documentation"].update(adrs(state, words))
    else:
        state.unexpected(node, "model, views, configuration, properties, name, description, !identifiers, "
                         "!impliedRelationships, !const, !var, !docs or !adrs")
