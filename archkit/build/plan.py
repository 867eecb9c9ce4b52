"""What a build has to do: which models, where their output goes, and which are up to date.

A model is up to date when the fingerprint stored in ``out/<model>/.archkit-build.json``
equals the fingerprint of its sources (the model file and the sibling modules it imports, or for
a Structurizr ``.dsl`` file the files it includes and the docs and ADRs it names)
and of the toolkit (archkit's version and its own files: code, templates, themes), every file the
model read while it was built that its sources do not name (the local pictures of its image views, the
code a model that maps code is compared with) still has the content recorded then, and every file the
last build wrote is still the very file it wrote (its :data:`~archkit.diskfile.Signature`).

This module must stay cheap to import: a no-op build runs only this (stdlib only).
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from archkit import __version__
from archkit.diskfile import Signature, in_progress, read_plain, signature_of
from archkit.errors import LoadError, OutputError
from archkit.output import CACHE_LIMIT, model_name
from archkit.userfile import read_user_file

STAMP = ".archkit-build.json"
MODEL_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".dsl")
_PACKAGE = Path(__file__).resolve().parent.parent
_TOOLKIT_DIRS = (_PACKAGE, _PACKAGE.parent / "templates")
_SKIP_DIRS = {"__pycache__", ".mypy_cache", ".pytest_cache"}
# the paths a DSL file reads besides itself; a match inside a text block only adds an input, never hides one
_DSL_REFERENCE = re.compile(r'^\s*(?:!include|!docs|!adrs|!decisions|workspace\s+extends)\s+"?([^"\s{]+)', re.I | re.M)
# an image view's source file (`plantuml diagram.puml`, `kroki graphviz a.dot`, `image logo.png`), when it is one
_DSL_IMAGE = re.compile(r'^\s*(?:plantuml|mermaid|image|kroki\s+\S+)\s+"?([^"\s{]+)"?\s*$', re.I | re.M)


@dataclass(frozen=True)
class ModelJob:
    """One model to build: its file, its output folder and its fingerprint."""

    path: Path
    name: str
    out_dir: Path
    fingerprint: str
    up_to_date: bool


def discover(folder: Path = Path("models")) -> list[Path]:
    """Every model file directly in ``folder``, sorted; files starting with ``_`` are helpers."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.suffix.lower() in MODEL_SUFFIXES and not p.name.startswith(("_", ".")))


def plan(models: Sequence[Path], out: Path, *, force: bool = False, layout: str | None = None) -> list[ModelJob]:
    """A job per model, in the given order, each marked up to date or not (``layout``: ``build --layout``)."""
    jobs = []
    for path in models:
        name = model_name(path)
        out_dir = out / name
        fingerprint = model_fingerprint(path, layout)
        jobs.append(ModelJob(path, name, out_dir, fingerprint, not force and _fresh(out_dir, fingerprint, path.parent)))
    return jobs


def read_stamp(out_dir: Path) -> dict[str, object]:
    """The last build's record (fingerprint, files); empty when there is none or it is unreadable."""
    try:  # a plain file only: a link in its place (to /dev/zero, say) is not read
        data = json.loads((read_plain(out_dir / STAMP, CACHE_LIMIT) or b"").decode("utf-8"))
    except (OSError, ValueError, RecursionError):  # RecursionError: a stamp of 100,000 "["
        return {}
    return data if isinstance(data, dict) else {}


def file_signature(path: Path) -> list[int] | None:
    """The :data:`~archkit.diskfile.Signature` of an output file now, as a list (None when there is no plain file
    there): device, inode, size, mtime and ctime, so an edit whose size and mtime were restored (``touch -r``,
    ``cp -p``) or a file another process renamed into place still changes it. A symbolic link put in its place
    has none (the link is not followed)."""
    found = signature_of(path)
    return None if found is None else list(found)


def stamp_bytes(fingerprint: str, out_dir: Path, files: Iterable[str],
                inputs: Mapping[str, str] | None = None, signatures: Mapping[str, Signature] | None = None) -> bytes:
    """The record a build leaves in ``out/<model>/``: the fingerprint, each file it wrote with its signature, and
    the ``inputs`` the model read beyond its sources (path relative to the model's folder -> sha256 of the bytes
    read, :func:`input_digest`). ``signatures``: those of the files as the build wrote (or read) them, taken from
    their descriptors (:func:`archkit.diskfile.write_signed`): a file another build renamed into place since then
    does not match, so the model is not up to date; a file without one is signed as it is on disk now. The stamp
    is a cache (ignored by git), not an output, so file times are fine."""
    known = signatures or {}
    data = {"archkit": __version__, "fingerprint": fingerprint,
            "files": {rel: list(known[rel]) if rel in known else file_signature(out_dir / rel)
                      for rel in sorted(files)},
            "inputs": dict(sorted((inputs or {}).items()))}
    return (json.dumps(data, indent=2, sort_keys=True) + "\n").encode()


OWNED = ("diagrams", "exports", "site")
"""Folders of ``out/<model>/`` that a build owns whole (``site/``: :mod:`archkit.site`): a file there that it does
not generate is removed.
(In ``arc42/`` hand-written text and pages are kept; the arc42 generator decides what stays.)"""


def orphans(out_dir: Path, generated: Collection[str]) -> list[str]:
    """Files and symbolic links in the folders a build owns that it no longer generates (relative,
    sorted). Links are never followed: a link to a folder (or a loop) is one entry, to be removed itself."""
    found = []
    for folder in OWNED:
        root = out_dir / folder
        if root.is_symlink():
            raise OutputError(f"{root} is a symbolic link — archkit never writes or removes files through a link "
                              "inside the output folder; replace it with a real folder")
        for here, dirs, names in os.walk(root):  # followlinks=False: links to folders land in dirs, unvisited
            # another build's write in progress is not an orphan: removing its temporary file would fail that build
            entries = [*(n for n in names if not in_progress(Path(here, n))),
                       *(d for d in dirs if os.path.islink(os.path.join(here, d)))]
            found += [Path(here, name).relative_to(out_dir).as_posix() for name in entries]
    return sorted(rel for rel in found if rel not in generated)


def input_digest(data: bytes) -> str:
    """How the stamp records an input's content."""
    return hashlib.sha256(data).hexdigest()


def input_key(path: Path, folder: Path) -> str:
    """An input's name in the stamp: its path relative to the model's ``folder`` (``..`` where it is outside)."""
    return Path(os.path.relpath(path.resolve(), folder.resolve())).as_posix()


def code_digest(root: Path) -> str:
    """How the stamp records a package folder a model's code mapping reads (its key ends in ``/``): the name
    and content of every ``.py`` file in it, so an added, removed or edited module each changes it."""
    digest = hashlib.sha256()
    for file in sorted(f for f in root.rglob("*.py") if "__pycache__" not in f.parts):
        try:  # a regular file of at most 10 MiB only, as the code mapping reads it
            content = read_user_file(file)
        except LoadError:
            content = b"<unreadable>"
        digest.update(b"\0" + file.relative_to(root).as_posix().encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


def _inputs_unchanged(inputs: object, folder: Path) -> bool:
    """Every input the last build recorded still has the content it read (one gone or unreadable: changed)."""
    if not isinstance(inputs, dict):
        return False
    for rel, digest in inputs.items():
        try:  # a regular file of at most 10 MiB only, as the build read it
            if rel.endswith("/"):
                if not (folder / rel).is_dir() or code_digest(folder / rel) != digest:
                    return False
            elif input_digest(read_user_file(folder / rel)) != digest:
                return False
        except LoadError:
            return False
    return True


def _fresh(out_dir: Path, fingerprint: str, folder: Path) -> bool:
    """Same fingerprint, the model's other inputs (``folder``: the model's) unchanged, every file written
    last time still there, untouched (a page edited by hand is an input: the build merges it and regenerates
    what depends on it), and no other file in the folders the build owns (``build --check`` reports such a
    file stale, so ``build`` must not call it up to date)."""
    stamp = read_stamp(out_dir)
    files = stamp.get("files")
    if stamp.get("fingerprint") != fingerprint or not isinstance(files, dict):
        return False
    if not _inputs_unchanged(stamp.get("inputs"), folder):
        return False
    if not all(isinstance(sig, list) and file_signature(out_dir / rel) == sig for rel, sig in files.items()):
        return False
    try:  # a file put into a folder the build owns (`render -f pdf`) is one the build removes: not fresh
        return not orphans(out_dir, files)
    except OutputError:  # a link in place of an owned folder: the build reports it
        return False


def model_fingerprint(path: Path, layout: str | None = None) -> str:
    """sha256 over the toolkit, the model's sources (names relative to the model's folder) and the
    ``--layout`` a build was given, if any (it overrides the model's ``archkit.layout``)."""
    digest = hashlib.sha256(toolkit_fingerprint().encode())
    if layout is not None:
        digest.update(b"\0--layout\0" + layout.encode())
    for rel, content in sorted(model_sources(path).items()):
        digest.update(b"\0" + rel.encode() + b"\0" + hashlib.sha256(content).digest())
    return digest.hexdigest()


@cache
def toolkit_fingerprint() -> str:
    """archkit's version and the content of every file of the package and its templates."""
    digest = hashlib.sha256(__version__.encode())
    for root in _TOOLKIT_DIRS:
        if not root.is_dir():
            continue
        for file in sorted(_files(root)):
            digest.update(b"\0" + file.relative_to(root.parent).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()


def _files(root: Path) -> Iterable[Path]:
    for p in root.iterdir():
        if p.is_dir():
            if p.name not in _SKIP_DIRS:
                yield from _files(p)
        elif p.is_file() and not p.name.endswith((".pyc", ".tmp")):
            yield p


def model_sources(path: Path) -> dict[str, bytes]:
    """The bytes of a model file and of the sibling modules it imports, transitively.

    Only the import statements are looked at (to find siblings); the model is not run.
    A file that cannot be read (or is not a regular file) is fingerprinted as missing, so the build
    reports it.
    """
    folder = path.parent
    sources: dict[str, bytes] = {}
    pending = [path]
    while pending:
        current = pending.pop()
        rel = _relative(current, folder)
        if rel in sources:
            continue
        try:  # a regular file of at most 10 MiB only: a FIFO or /dev/zero must not hang the plan
            sources[rel] = read_user_file(current)
        except LoadError:
            sources[rel] = b"<missing>"
            continue
        if current.suffix == ".py":
            pending.extend(_sibling_imports(sources[rel], folder))
        elif path.suffix.lower() == ".dsl":
            pending.extend(_dsl_references(sources[rel], current, folder.resolve()))
    return sources


def _relative(path: Path, folder: Path) -> str:
    if path.is_relative_to(folder):
        return path.relative_to(folder).as_posix()
    resolved, root = path.resolve(), folder.resolve()
    return resolved.relative_to(root).as_posix() if resolved.is_relative_to(root) else path.name


def _dsl_references(source: bytes, current: Path, root: Path) -> list[Path]:
    """The files a DSL file includes or names (``!include``, ``!docs``, ``!adrs``, ``workspace extends``),
    folders expanded, inside the workspace folder ``root`` only (the parser refuses the others)."""
    found: list[Path] = []
    text = source.decode("utf-8", "replace")
    matches = [(m, False) for m in _DSL_REFERENCE.finditer(text)] + [(m, True) for m in _DSL_IMAGE.finditer(text)]
    for match, only_files in matches:
        if "://" in match.group(1):
            continue
        target = (current.parent / match.group(1)).resolve()
        if not target.is_relative_to(root) or (only_files and not target.is_file()):
            continue
        if target.is_dir():
            found.extend(sorted(f for f in target.rglob("*") if f.is_file() and f.resolve().is_relative_to(root)))
        else:
            found.append(target)
    return found


def _sibling_imports(source: bytes, folder: Path) -> list[Path]:
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return []
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    found: list[Path] = []
    for name in sorted(names):
        module, package = folder / f"{name}.py", folder / name
        if module.is_file():
            found.append(module)
        elif package.is_dir():
            found.extend(sorted(p for p in package.rglob("*.py") if "__pycache__" not in p.parts))
    return found
