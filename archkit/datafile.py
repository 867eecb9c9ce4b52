"""YAML and JSON model text to plain data, safely: located errors, no code, bounded work.

JSON is read here, a key written twice refused; YAML by :mod:`archkit.yamlfile` (PyYAML's safe
constructors only), imported when a YAML model is read.
Before pydantic sees the data, :func:`check_shape` refuses what it cannot walk
safely: an alias that contains itself, aliases that expand far beyond the file
("billion laughs"), and nesting deeper than any model needs.
"""

from __future__ import annotations

import json
import re
from typing import Any

from archkit.errors import LoadError, ModelError

MAX_DEPTH = 200
"""Deepest nesting of mappings and lists a model may have (a model needs about 20)."""

MAX_ALIAS_EXPANSION = 100_000
"""How many entries YAML aliases may add beyond those written in the file."""


def parse_data(text: str, suffix: str, name: str) -> Any:
    """Parse ``text`` as JSON (``suffix == ".json"``) or YAML (:mod:`archkit.yamlfile`, which imports PyYAML:
    only for a YAML model); raise one clean :class:`LoadError`."""
    if suffix != ".json":
        from archkit.yamlfile import parse_yaml

        return parse_yaml(text, name)
    try:
        return _load_json(text, name)
    except json.JSONDecodeError as exc:
        raise LoadError(f"{name}:{exc.lineno}:{exc.colno}: invalid JSON: {exc.msg} — fix the syntax") from None
    except RecursionError:
        raise LoadError(f"{name}: nested too deeply to read — flatten the structure") from None


def parse_json_value(text: str, name: str) -> Any:
    """JSON text found inside a model (an ``archkit.json.*`` property of a Structurizr workspace), read
    with the limits of a model file: :func:`check_shape`'s depth and text checks, and no
    ``RecursionError`` however deep it nests. ``name`` says where it is in messages (``file: element:
    property 'x'``). Invalid JSON raises ``json.JSONDecodeError``: the caller decides what it means."""
    try:
        data = _load_json(text, name)
    except RecursionError:
        raise LoadError(f"{name}: nested too deeply to read — flatten the structure") from None
    check_shape(data, name)
    return data


def _load_json(text: str, name: str) -> Any:
    return json.loads(text, parse_int=_json_int(text, name), object_pairs_hook=_json_object(name))


def _json_object(name: str) -> Any:
    """``object_pairs_hook`` for ``json.loads``: a key written twice is an error, not a silent loss."""

    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        data = dict(pairs)
        if len(data) != len(pairs):
            twice = next(k for i, (k, _) in enumerate(pairs) if any(k == k2 for k2, _ in pairs[:i]))
            raise LoadError(f"{name}: invalid JSON: key {short(twice)} appears twice in the same object "
                            "— keep one of them (the first would be lost)")
        return data

    return build


def clip(text: str) -> str:
    """The first line of ``text``, at most 60 characters (a value quoted in a message)."""
    text = text.splitlines()[0] if text.strip() else text
    return text if len(text) <= 60 else text[:57] + "..."


def short(text: str) -> str:
    """:func:`clip`, quoted."""
    return repr(clip(text))


def _json_int(text: str, name: str) -> Any:
    """``parse_int`` for ``json.loads``: Python refuses integers over 4300 digits; say where."""

    def parse(literal: str) -> int:
        try:
            return int(literal)
        except ValueError:
            offset = max(text.find(literal), 0)
            line = text.count("\n", 0, offset) + 1
            col = offset - text.rfind("\n", 0, offset)
            raise LoadError(
                f"{name}:{line}:{col}: invalid JSON: a number with {len(literal)} digits is too long "
                "— write it as a string"
            ) from None

    return parse


def check_shape(data: Any, name: str, *, json_text: str | None = None) -> None:
    """Refuse data that validation could not walk in bounded time and stack.

    Walks the data as pydantic will (following every alias), iteratively, and stops
    at the first cycle, the first level deeper than :data:`MAX_DEPTH`, or once aliases
    have added more than :data:`MAX_ALIAS_EXPANSION` entries.

    ``json_text``: the JSON text ``data`` was parsed from, when it was. Such data shares no node (JSON has
    no aliases) and holds a lone surrogate only where the text does or escapes one, so when the text does
    neither, only the depth is left to check: a walk of its mappings and lists, a third of the full walk
    at 5000 elements. Anything it finds is reported by the full walk, with the same message.
    """
    if json_text is not None and _plain_json(data, json_text):
        return
    budget = _distinct_entries(data) + MAX_ALIAS_EXPANSION
    on_path: set[int] = set()
    # (node, depth, leaving, location as a linked list (key, parent))
    stack: list[tuple[Any, int, bool, Any]] = [(data, 0, False, None)]
    while stack:
        node, depth, leaving, loc = stack.pop()
        if leaving:
            on_path.discard(id(node))
            continue
        if isinstance(node, str):
            _check_text(node, data, loc, name)
            continue
        if not isinstance(node, _NESTED):
            continue
        if id(node) in on_path:
            raise ModelError(f"{name}: {_location(loc)}: a YAML alias contains itself (a cycle) — "
                             "copy the content instead of referring back to an enclosing anchor")
        if depth > MAX_DEPTH:
            raise ModelError(f"{name}: {_location(loc)}: nested more than {MAX_DEPTH} levels deep — "
                             "flatten the structure")
        budget -= len(node)
        if budget < 0:
            raise ModelError(f"{name}: {_location(loc)}: YAML aliases expand to more than {MAX_ALIAS_EXPANSION} "
                             "extra entries — write the repeated parts out, or split the model")
        on_path.add(id(node))
        stack.append((node, depth, True, loc))
        items = node.items() if isinstance(node, dict) else enumerate(node)
        stack.extend((value, depth + 1, False, (key, loc)) for key, value in items)
        for key in node if isinstance(node, dict) else ():
            if isinstance(key, str):
                _check_text(key, data, loc, name, key=True)


def _check_text(text: str, data: Any, loc: Any, name: str, *, key: bool = False) -> None:
    """A lone surrogate (``"\\ud800"`` in JSON, a YAML or Python escape) is text no file can hold:
    every page, diagram and message written from it would fail. Refused here, naming where it is."""
    if text.isascii():
        return
    found = _SURROGATE.search(text)
    if found is None:
        return
    what = f"the key {escape_surrogates(repr(text))}" if key else "the text"
    where = _describe(data, loc)
    raise ModelError(escape_surrogates(
        f"{name}: {where + ': ' if where else ''}{what} holds a lone surrogate ({found.group()!r} at character "
        f"{found.start() + 1}), which no file can store — write the whole character instead (in JSON a pair "
        'such as "\\ud83d\\ude00"), or remove the escape'))


_SURROGATE = re.compile("[\ud800-\udfff]")


def has_lone_surrogate(text: str) -> bool:
    """True when ``text`` holds a lone surrogate: text that cannot be encoded, so written nowhere."""
    return not text.isascii() and _SURROGATE.search(text) is not None


def escape_surrogates(text: str) -> str:
    """``text`` with each lone surrogate written as its escape (``\\ud800``), safe to print and store."""
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _describe(data: Any, loc: Any) -> str:
    """``views[0] ('ctx').key``: :func:`_location` with the id (or key, or name) of the nearest entry
    that has one, so that the message names the element ("" for the top level)."""
    parts: list[Any] = []
    while loc is not None:
        part, loc = loc
        parts.append(part)
    parts.reverse()
    node, nearest = data, -1
    label = ""
    for i, part in enumerate(parts):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        ident = next((node.get(k) for k in ("id", "key", "name") if isinstance(node, dict)
                      and isinstance(node.get(k), str | int)), None)
        if ident is not None:
            nearest, label = i, f" ('{ident}')"
    path = _location(_linked(parts[:nearest + 1])) + label if nearest >= 0 else ""
    rest = _location(_linked(parts[nearest + 1:])) if nearest + 1 < len(parts) else ""
    return f"{path}.{rest}" if path and rest and not rest.startswith("[") else path + rest


def _linked(parts: list[Any]) -> Any:
    loc: Any = None
    for part in parts:
        loc = (part, loc)
    return loc


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_NESTED = (dict, list)  # a constant: ``dict | list`` written in the loop is built again for every value


def _plain_json(data: Any, text: str) -> bool:
    """Whether ``data``, parsed from the JSON ``text``, certainly passes :func:`check_shape`: no lone
    surrogate can be in it, and no mapping or list is deeper than :data:`MAX_DEPTH`."""
    if not text.isascii() and _SURROGATE.search(text) is not None:
        return False
    if _SURROGATE_ESCAPE.search(text) is not None:  # maybe a pair, maybe not: the full walk tells
        return False
    level: list[Any] = [data] if isinstance(data, _NESTED) else []
    for _depth in range(MAX_DEPTH + 1):
        deeper = [v for node in level for v in (node.values() if isinstance(node, dict) else node)
                  if isinstance(v, _NESTED)]
        if not deeper:
            return True
        level = deeper
    return False


def _distinct_entries(data: Any) -> int:
    """Entries of every distinct mapping and list (each alias target counted once)."""
    seen: set[int] = set()
    total = 0
    stack = [data]
    while stack:
        node = stack.pop()
        if not isinstance(node, _NESTED) or id(node) in seen:
            continue
        seen.add(id(node))
        total += len(node)
        stack.extend(node.values() if isinstance(node, dict) else node)
    return total


def _location(loc: Any) -> str:
    parts: list[str] = []
    while loc is not None:
        key, loc = loc
        parts.append(f"[{key}]" if isinstance(key, int) else f".{key}")
    parts.reverse()
    if len(parts) > 12:  # a path 200 levels deep: its start and its end say enough
        parts = [*parts[:8], ".…", *parts[-3:]]
    return "".join(parts).lstrip(".") or "top level"


def is_structurizr_workspace(data: Any) -> bool:
    """True when parsed JSON looks like a Structurizr workspace rather than archkit's own format.

    Here rather than in :mod:`archkit.importers`, so that loading an archkit model does not
    import the importer (and the view computation it uses) only to ask.
    """
    if not isinstance(data, dict):
        return False
    if isinstance(data.get("views"), dict) or "configuration" in data or "documentation" in data:
        return True
    model = data.get("model")
    if not isinstance(model, dict):
        return False
    if "softwareSystems" in model or "deploymentNodes" in model or "enterprise" in model:
        return True
    people = model.get("people")
    return isinstance(people, list) and any(
        isinstance(p, dict) and (isinstance(p.get("tags"), str) or "relationships" in p) for p in people)
