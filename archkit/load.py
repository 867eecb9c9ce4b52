"""The only reader of user model files: ``.py`` modules, ``.yaml``/``.yml`` and ``.json`` data, Structurizr ``.dsl``.

``.py`` models are code and are executed (like ``setup.py``), in a child process with a
hard time limit and their stdout sent to stderr (``archkit/pymodel.py``). YAML is read with ``yaml.safe_load`` only, so
YAML and JSON models are data and never executed. A Structurizr DSL workspace is parsed by
``archkit/importers/dsl/`` (never run: ``!script`` and ``!plugin`` are refused) and imported like its JSON.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path, PurePath
from typing import Any

from pydantic import ValidationError

from archkit.datafile import check_shape, is_structurizr_workspace, parse_data
from archkit.errors import LoadError, ModelError
from archkit.gcpause import gc_paused
from archkit.load_errors import format_validation_error
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
