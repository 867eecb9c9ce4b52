"""pydantic's validation errors in archkit's format, for :mod:`archkit.load`: one line per problem,
``file[:line]: where: what — fix``, naming the element and the key (``model.software_systems[0] ('shop').url``),
the allowed keys or values, and a did-you-mean."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, RootModel, ValidationError

from archkit.ids import did_you_mean
from archkit.model import Workspace


def format_validation_error(exc: ValidationError, name: str, data: Any,
                            line_of: Callable[[Sequence[Any]], int | None] | None = None) -> list[str]:
    """pydantic's errors in archkit's format, one line per problem: ``file: where: what — fix``,
    naming the element and the key, the allowed keys or values and a did-you-mean; with ``line_of`` (the line
    of a data path in the file: :func:`archkit.yamlfile.line_finder`), ``file:line: where: ...``."""
    lines = []
    for err in exc.errors(include_url=False):
        loc = _data_location(list(err["loc"]), data, missing=err["type"] == "missing")
        at = line_of(loc) if line_of is not None else None
        where = _describe_location(loc, data)
        problem = _problem(err, where, Workspace)
        comma = _comma_hint(loc, data, name, list(err["loc"])) if err["type"] == "extra_forbidden" else ""
        if comma:  # not a misspelt key: the slip is in the value before it
            problem = problem.partition(" — remove it")[0] + comma
        lines.append(f"{name}{f':{at}' if at else ''}: {problem}")
    return lines


def format_python_validation_error(exc: ValidationError, at: str) -> list[str]:
    """The same lines for a value the Python authoring API refused (``Person(location="externel")``):
    ``at`` is ``file:line`` of the model's call, the element type and field stand for the key path."""
    import archkit.model

    root = getattr(archkit.model, exc.title, None)
    lines = []
    for err in exc.errors(include_url=False):
        loc = [p for p in err["loc"] if not (isinstance(p, str) and p in _UNION_TAGS)]
        where = exc.title + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc)
        if err["type"] == "missing" and len(loc) == 1:  # a keyword argument left out
            lines.append(f"{at}: {where}: missing — pass {loc[0]}=...")
        else:
            lines.append(f"{at}: {_problem(err, where, root)}")
    return lines


def _one_word_of(key: str, allowed: Sequence[str]) -> str:
    """``"; did you mean 'technical_debts'?"`` for ``debts`` (or ``debt``): the one allowed key that has the
    key as one of its ``_``-separated words, singular or plural; else an empty string."""
    word = key.casefold().removesuffix("s")
    hits = [a for a in allowed if word and word in (part.removesuffix("s") for part in a.casefold().split("_"))]
    return f"; did you mean '{hits[0]}'?" if len(hits) == 1 else ""


def _problem(err: Any, where: str, root: Any) -> str:
    """One pydantic error as ``where: what is wrong — how to fix``; ``root`` is the model class its
    location starts from (None: unknown)."""
    kind = err["type"]
    if kind == "extra_forbidden":
        key = err["loc"][-1]
        allowed = _allowed_keys(list(err["loc"][:-1]), root) if root is not None else []
        mean = did_you_mean(str(key), allowed) or _one_word_of(str(key), allowed)
        known = "" if mean or not allowed else f" (allowed: {', '.join(allowed)})"
        return f"{where}: unknown key '{key}'{mean} — remove it or fix its spelling{known}"
    if kind == "missing":
        return f"{where}: missing required key — add it"
    if kind == "value_error" and "ctx" in err:  # our validators' messages are complete already
        return f"{where}: {err['ctx']['error']}"
    choices = _choices(err)
    if choices:
        value = err["ctx"]["tag"] if kind == "union_tag_invalid" else err.get("input")
        if kind == "union_tag_invalid":
            where += f".{err['ctx']['discriminator'].strip(chr(39))}"
        listed = ", ".join(f"'{c}'" for c in choices)
        return f"{where}: unknown value {_short(value)}{did_you_mean(str(value), choices)} — use one of {listed}"
    return f"{where}: {err['msg']} (got {_short(err.get('input'))})"


def _comma_hint(loc: list[Any], data: Any, name: str, raw: list[Any]) -> str:
    """The classic YAML slip behind an unknown key with no value: ``{technology: Go, gRPC}`` (a comma
    inside an unquoted value of a ``{...}`` mapping ends the value, and ``gRPC`` becomes a key of its
    own). Names the value to quote, or the list to bracket when the key before takes a list
    (``elements: a, b``); empty when the key has a value or follows no key. ``raw``: pydantic's location."""
    parent: Any = data
    for part in loc[:-1]:
        try:
            parent = parent[part]
        except (KeyError, IndexError, TypeError):
            return ""
    key = loc[-1]
    if not isinstance(parent, dict) or parent.get(key, "") is not None or not name.endswith((".yaml", ".yml")):
        return ""
    keys = list(parent)
    before = keys[keys.index(key) - 1] if keys.index(key) > 0 else None
    if before is None or not isinstance(parent[before], str):
        return ""
    if _is_list([*raw[:-1], before]):
        return (f" — a comma ends an unquoted value inside {{...}}: write the list in brackets, "
                f"{before}: [{parent[before]}, {key}]")
    whole = f"{parent[before]}, {key}"
    return (f" — a comma ends an unquoted value inside {{...}}: quote it, {before}: \"{whole}\" "
            "(and write a list in brackets, [a, b])")


def _choices(err: Any) -> list[str]:
    """The values a Literal, an enum or a tagged union allows, from pydantic's error context."""
    ctx = err.get("ctx") or {}
    expected = ctx.get("expected_tags") if err["type"] == "union_tag_invalid" else ctx.get("expected")
    if err["type"] not in ("literal_error", "enum", "union_tag_invalid") or not isinstance(expected, str):
        return []
    return re.findall(r"'([^']*)'", expected)


_UNION_TAGS = {
    "system_landscape", "system_context", "container", "component", "dynamic", "deployment",
    "filtered", "custom", "DynamicStep", "ParallelSteps", "list[DynamicStep]",
    "forbid", "layers", "independent", "only_via",
}


def _data_location(loc: list[Any], data: Any, *, missing: bool) -> list[Any]:
    """pydantic's location without the union tags it inserts (``component``, ``DynamicStep``); a
    tag-like part is kept when it is a real key of the data (``container: ...``)."""
    out: list[Any] = []
    node = data
    for i, part in enumerate(loc):
        is_key = isinstance(node, dict) and part in node
        last_missing = missing and i == len(loc) - 1
        if isinstance(part, str) and part in _UNION_TAGS and not is_key and not last_missing:
            continue
        out.append(part)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
    return out


def _describe_location(loc: list[Any], data: Any) -> str:
    """``model.software_systems[0] ('shop').technolgy`` — dotted path plus the nearest id."""
    text, node, nearest = "", data, ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            node = None
        if isinstance(node, dict):
            ident = node.get("id") or node.get("key") or node.get("name")
            if isinstance(ident, str | int):
                nearest = f" ('{ident}')"
                text += nearest
    return text or "workspace"


def _allowed_keys(loc: list[Any], root: Any = Workspace) -> list[str]:
    """Field names of the model class at ``loc`` below ``root`` (pydantic's raw location, union tags
    included)."""
    tp: Any = root
    for part in loc:
        tp = _step(tp, part)
        if tp is None:
            return []
    cls = _model_class(tp, None)
    return [f.alias or n for n, f in cls.model_fields.items()] if cls else []


def _is_list(loc: list[Any]) -> bool:
    """Whether the field at ``loc`` (pydantic's raw location) holds a list."""
    tp: Any = Workspace
    for part in loc:
        tp = _step(tp, part)
        if tp is None:
            return False
    while get_origin(tp) in (Annotated, Union, UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        if get_origin(tp) is not Annotated and len(args) != 1:
            return any(get_origin(a) is list for a in args)
        tp = args[0]
    return get_origin(tp) is list


def _model_class(tp: Any, tag: Any) -> type[BaseModel] | None:
    """The pydantic class ``tp`` stands for (unwrapping Annotated, Optional, unions by tag)."""
    origin = get_origin(tp)
    if origin is Annotated:
        return _model_class(get_args(tp)[0], tag)
    if origin in (Union, UnionType):
        members = [m for m in (_model_class(a, None) for a in get_args(tp)) if m is not None]
        for m in members:
            literal = m.model_fields.get("type")
            if m.__name__ == tag or (literal is not None and literal.default == tag):
                return m
        return members[0] if len(members) == 1 else None
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return tp
    return None


def _step(tp: Any, part: Any) -> Any:
    origin = get_origin(tp)
    if origin is Annotated:
        return _step(get_args(tp)[0], part)
    if isinstance(tp, type) and issubclass(tp, RootModel):
        return _step(tp.model_fields["root"].annotation, part)
    if origin in (list, dict):
        return get_args(tp)[-1]
    if origin in (Union, UnionType):
        chosen = _model_class(tp, part)
        if chosen is not None:
            return chosen if not isinstance(part, str) or part not in chosen.model_fields else _step(chosen, part)
        lists = [a for a in get_args(tp) if get_origin(a) is list]
        return get_args(lists[0])[0] if lists and isinstance(part, int) else None
    cls = _model_class(tp, None)
    if cls is not None and isinstance(part, str):
        field = cls.model_fields.get(part) or next(
            (f for f in cls.model_fields.values() if f.alias == part), None)
        return field.annotation if field else None
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# ---- documentation inputs: ADR folders and arc42 template overrides -------------------------------
