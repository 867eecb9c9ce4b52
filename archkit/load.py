"""The only reader of user model files: ``.py`` modules, ``.yaml``/``.yml`` and ``.json`` data, Structurizr ``.dsl``.

``.py`` models are code and are executed (like ``setup.py``), in a child process with a
hard time limit and their stdout sent to stderr (``archkit/pymodel.py``). YAML is read with ``yaml.safe_load`` only, so
YAML and JSON models are data and never executed. A Structurizr DSL workspace is parsed by
``archkit/importers/dsl/`` (never run: ``!script`` and ``!plugin`` are refused) and imported like its JSON.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path, PurePath
from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, RootModel, ValidationError

from archkit.datafile import check_shape, is_structurizr_workspace, parse_data
from archkit.errors import LoadError, ModelError
from archkit.gcpause import gc_paused
from archkit.ids import did_you_mean
from archkit.model import Decision, Workspace
from archkit.userfile import MAX_BYTES, read_user_file, read_user_text, too_large

DEFAULT_TIMEOUT = 60.0
SUFFIXES = (".py", ".yaml", ".yml", ".json", ".dsl")


def load(path: str | Path, *, timeout: float = DEFAULT_TIMEOUT) -> Workspace:
    """Read a model file into a validated :class:`Workspace`.

    Raises :class:`LoadError` when the file cannot be read or run, and
    :class:`ModelError` when its content is structurally invalid.
    """
    p = Path(path)
    name = str(path)
    if not p.exists():
        raise LoadError(f"{name}: file not found — check the path (model files end in {', '.join(SUFFIXES)})")
    if p.is_dir():
        raise LoadError(f"{name}: is a directory — pass a model file, e.g. {name.rstrip('/')}/model.py")
    if p.suffix.lower() not in SUFFIXES:
        raise LoadError(f"{name}: unsupported file type '{p.suffix}' — use one of {', '.join(SUFFIXES)}")
    # only a regular file (not a FIFO or /dev/zero), read with a bounded read: archkit/userfile.py
    ws = load_bytes(read_user_file(p, name=name), name, suffix=p.suffix, folder=p.parent, timeout=timeout)
    if any(v.type == "image" for v in ws.views):  # image views' local files, inside the model's folder only
        from archkit.images import attach_images

        attach_images(ws, p.parent, name)
    return ws


def load_bytes(
    raw: bytes,
    name: str,
    *,
    suffix: str | None = None,
    folder: Path | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> Workspace:
    """Read model content that is not a file of its own, e.g. ``git show REV:models/shop.py``.

    ``name`` stands for the file in messages and tracebacks; ``suffix`` (default: the
    suffix of ``name``) picks the format; ``folder`` goes on ``sys.path`` while a ``.py``
    model runs, so that it can import its sibling modules.
    """
    kind = (suffix if suffix is not None else PurePath(name).suffix).lower()
    if kind not in SUFFIXES:
        raise LoadError(f"{name}: unsupported file type '{kind}' — use one of {', '.join(SUFFIXES)}")
    if len(raw) > MAX_BYTES:
        raise too_large(name, len(raw))
    if not raw.strip():
        raise LoadError(f"{name}: file is empty — write a workspace (run `archkit new NAME` for a starter)")
    if b"\x00" in raw:
        raise LoadError(f"{name}: looks like a binary file, not a model — pass a .py, .yaml or .json model")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{name}: not UTF-8 text (byte {exc.start}) — save the file as UTF-8") from None
    if kind == ".py":
        return _load_python(text, name, folder, timeout)
    if kind == ".dsl":
        return _load_dsl(text, name, folder)
    with gc_paused():
        data = parse_data(text, kind, name)
        return workspace_from_data(data, name, json_text=text if kind == ".json" else None,
                                   yaml_text=text if kind in (".yaml", ".yml") else None)


def workspace_from_data(data: Any, name: str, *, json_text: str | None = None,
                        yaml_text: str | None = None) -> Workspace:
    """Validate parsed YAML/JSON data; a Structurizr workspace is recognised and imported. ``json_text``: the
    JSON text the data was parsed from, when it was (:func:`archkit.datafile.check_shape` checks it faster);
    ``yaml_text``: the YAML text, when it was, so that each problem names its line."""
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        raise ModelError(
            f"{name}: the top level must be a mapping describing a workspace (name, model, views, "
            f"...), not {kind} — see `archkit schema` for the format"
        )
    check_shape(data, name, json_text=json_text)
    if is_structurizr_workspace(data):
        from archkit.importers import import_reported

        return import_reported(data, name)
    try:
        return Workspace.model_validate(data)
    except ValidationError as exc:
        lines = None
        if yaml_text is not None:
            from archkit.yamlfile import line_finder

            lines = line_finder(yaml_text)
        raise ModelError(format_validation_error(exc, name, data, lines)) from None


def _load_dsl(text: str, name: str, folder: Path | None) -> Workspace:
    """A Structurizr DSL workspace: parsed into Structurizr's JSON (its includes read from ``folder``,
    default: the folder of ``name``), then imported as that JSON is."""
    from archkit.importers import import_reported
    from archkit.importers.dsl import parse_dsl_text, readable_ids
    from archkit.importers.dsl.located import places

    warnings: list[str] = []  # what the DSL says that archkit reads otherwise, by file and line
    located: list[tuple[str, dict[str, Any], str]] = []  # and where what the JSON import warns about is
    with gc_paused():  # the author's identifiers become the ids (archkit/importers/dsl/ids.py)
        data = readable_ids(parse_dsl_text(text, name, folder if folder is not None else Path(name).parent,
                                           warnings, located))
        data.get("properties", {}).pop("structurizr.dsl", None)  # the source itself: nothing to warn about
        return import_reported(data, name, warnings, places(located))


def _load_python(text: str, name: str, folder: Path | None, timeout: float) -> Workspace:
    """Run the model in a child process (``archkit/pymodel.py``), then validate the workspace data it
    returned as a YAML or JSON model's: structure built by hand (lists appended to directly) is caught."""
    from archkit.pymodel import run_model

    data = run_model(text, name, folder, timeout)
    with gc_paused():
        return workspace_from_data(data, name)


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


def _read_text_file(p: Path) -> str:
    """A regular file of at most :data:`MAX_BYTES`, as UTF-8 text (``archkit.userfile``)."""
    return read_user_text(p)


def _folder(path: str | Path, what: str) -> Path:
    p = Path(path)
    if not p.exists():
        raise LoadError(f"{path}: folder not found — check the path of the {what}")
    if not p.is_dir():
        raise LoadError(f"{path}: is a file, not a folder — pass the folder that holds the {what}")
    return p


def _files_inside(folder: Path, wanted: Callable[[str], bool], what: str) -> list[Path]:
    """The regular files directly in ``folder`` whose name is ``wanted``, sorted. Inputs from a folder
    stay in that folder: a wanted name that is a symbolic link to a file outside it is refused (a link
    to a file beside it is read); sub-folders, linked or not, are never read."""
    inside = folder.resolve()
    files = []
    for f in sorted(folder.iterdir()):
        if not wanted(f.name) or not f.is_file():
            continue
        if f.is_symlink() and not f.resolve().is_relative_to(inside):
            raise LoadError(f"{f}: is a symbolic link to {f.resolve()}, outside {folder} — archkit reads {what} "
                            "only from inside the folder: copy the file into it, or remove the link")
        files.append(f)
    return files


def load_decisions(path: str | Path) -> list[Decision]:
    """Read an ADR folder (adr-tools / Nygard or MADR layout) into a list of :class:`Decision`, by number.

    ADR files are named ``NNNN-title.md``; other files (README.md, templates) are ignored.
    """
    from archkit.arc42.adr import FILE_PATTERN, parse_adr
    from archkit.errors import ImportFormatError

    folder = _folder(path, "ADR files (NNNN-title.md)")
    files = _files_inside(folder, lambda name: FILE_PATTERN.match(name) is not None, "ADR files")
    if not files:
        raise LoadError(f"{path}: no ADR files in this folder — ADR files are named NNNN-title.md "
                        "(as adr-tools and MADR write them)")
    decisions: list[Decision] = []
    seen: dict[str, str] = {}
    for f in files:
        try:
            decision = parse_adr(_read_text_file(f), str(f))
        except ImportFormatError as exc:
            raise LoadError(str(exc)) from None
        if decision.id in seen:
            raise LoadError(f"{f}: ADR number {decision.id} is also used by {seen[decision.id]} — renumber one "
                            "of the two files")
        seen[decision.id] = f.name
        decisions.append(decision)
    return decisions


def load_templates(path: str | Path) -> dict[str, str]:
    """Read a folder of arc42 template overrides: file name (``03_context_and_scope.md.j2``) -> source."""
    folder = _folder(path, "arc42 templates (*.j2)")
    files = _files_inside(folder, lambda name: name.endswith(".j2"), "templates")
    if not files:
        raise LoadError(f"{path}: no templates (*.j2) in this folder — copy the built-in ones from "
                        "templates/arc42/ and edit them")
    return {f.name: _read_text_file(f) for f in files}
