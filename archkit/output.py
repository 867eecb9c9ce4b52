"""The only writer: artifacts go to disk atomically, confined to the output folder.

An :class:`Artifact` is a relative path and its bytes. ``write_artifacts``
checks every path first, then writes each one to a temporary file in the destination folder and renames
it into place (:func:`archkit.diskfile.write_signed`), so a killed process leaves either the old file or the
new one, never half of either. A generated page that a person edited keeps their text:
only the blocks between ``archkit:begin`` and ``archkit:end`` markers are replaced.

Hard links are never written through either: a file with two names where an output goes is replaced by the
output's own file, even when its bytes are already the output's. Symbolic links below the output folder are
never followed: a link where a file goes is replaced
by the file (the rename replaces the link, its target is untouched), a link removed as an orphan
is removed itself, existing outputs are read only when they are plain files, and a link in place
of a folder on the way to a file is refused before anything is written. The output folder itself
may be a link (``out -> /mnt/docs``): it is the user's choice.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import stat
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from archkit.diskfile import Signature, read_plain, signature_of, write_new as write_new_file, write_signed
from archkit.errors import OutputError

_SAFE_SEGMENT = re.compile(r"[^A-Za-z0-9._-]+")
# names Windows gives to devices, with any extension ("NUL.txt" is NUL too)
_WINDOWS_DEVICE = re.compile(r"con|prn|aux|nul|com[0-9]|lpt[0-9]", re.IGNORECASE)
MAX_NAME = 100
"""Longest file name made from model text (view keys, model names); with an extension and the
temporary file's suffix it stays far below the 255 bytes every disk allows."""
_HASH = 10
MAX_SEGMENT = 200
"""Longest output file or folder name :func:`write_artifacts` writes (its temporary file adds ~30)."""
MAX_PATH = 4000
"""Longest output path :func:`write_artifacts` writes (Linux allows 4096 bytes)."""
CACHE_LIMIT = 256 * 1024 * 1024
"""The largest cache file (a stamp, a view's freshness entry, the diagrams' signatures, the arc42 pages' memo) a
build reads: archkit writes them far smaller (under 1 MB for 5,000 elements); a larger one was put there by
something else, and is taken as no cache at all rather than read into memory."""
PAGES_DIR = "arc42"
"""The folder of the generated pages (arc42 docs) below a model's output folder: the only files whose
hand-written text :func:`write_artifacts` keeps. Any other output (a diagram, an export, the site) may quote
model text that reads as a marker line (a DSL export writes a description's lines as they are), and is
written as generated, never merged with what is on disk."""


@dataclass(frozen=True)
class Artifact:
    """One output file: a POSIX path relative to the output folder, and its content."""

    relpath: str
    content: bytes


def safe_name(name: str) -> str:
    """A single path segment made safe on every disk: no separators, no leading or trailing dots,
    never empty, at most :data:`MAX_NAME` characters (a longer name is cut and ends in a hash of
    the whole, so two long names stay apart), and never a Windows device name (``CON``, ``nul.txt``
    become ``CON_``, ``nul_.txt``)."""
    cleaned = _SAFE_SEGMENT.sub("-", name).strip("-.") or "unnamed"
    if len(cleaned) > MAX_NAME:
        digest = hashlib.sha256(name.encode("utf-8", "surrogatepass")).hexdigest()[:_HASH]
        cleaned = f"{cleaned[:MAX_NAME - _HASH - 1].rstrip('-.')}-{digest}"
    if is_windows_device(cleaned):
        stem, dot, rest = cleaned.partition(".")
        cleaned = f"{stem}_{dot}{rest}"
    return cleaned


def fold(name: str) -> str:
    """The form under which a case-insensitive, normalisation-insensitive disk (APFS, NTFS) compares names:
    two names with one fold are one file there."""
    return unicodedata.normalize("NFC", name).casefold()


def is_windows_device(name: str) -> bool:
    """True when Windows takes ``name`` for a device (``CON``, ``nul.txt``, ``com1.tar.gz``)."""
    return _WINDOWS_DEVICE.fullmatch(name.partition(".")[0].rstrip(" ")) is not None


def model_name(path: str | os.PathLike[str]) -> str:
    """The output folder name of a model file: its stem, made safe (``lambda_architecture``)."""
    return safe_name(Path(path).stem)


def confined(root: Path, relpath: str) -> Path:
    """``root / relpath`` (``root`` resolved), refusing absolute paths, ``..``, and a symbolic link in
    place of any folder between ``root`` and the file (wherever it leads). The last part is returned
    as it is, never followed: a link there is the caller's to replace or remove, never to go through."""
    rel = PurePosixPath(relpath)
    if rel.is_absolute() or any(part in ("..", "", ".") for part in rel.parts) or "\\" in relpath:
        raise OutputError(f"{relpath}: output path is not a plain relative path — refusing to write it")
    refuse_dangling(root)
    try:
        root_real = root.resolve()
    except (OSError, RuntimeError) as exc:  # a link loop: RuntimeError before Python 3.13
        raise OutputError(f"{root}: cannot resolve the output folder ({exc}) — fix or remove the link") from None
    existing = next((p for p in (root_real, *root_real.parents) if _mode(p) is not None), root_real)
    mode = _mode(existing)
    if mode is not None and not stat.S_ISDIR(mode):
        raise OutputError(f"{root}: the output folder is a file{'' if existing == root else f' ({existing})'} — "
                          "choose another folder")
    folder = root_real
    for part in rel.parts[:-1]:
        folder = folder / part
        mode = _mode(folder)  # lstat errors (a name too long, say) are fits_on_disk's to report
        if mode is not None and stat.S_ISLNK(mode):
            where = "outside" if not _inside(folder, root_real) else "inside"
            raise OutputError(f"{relpath}: {folder} is a symbolic link (it resolves {where} {root}) — archkit "
                              "never writes through a link inside the output folder; replace it with a real folder")
        if mode is not None and not stat.S_ISDIR(mode):
            raise OutputError(f"{folder}: cannot write {relpath} — a file is in place of a folder on its path: "
                              "remove it")
    return root_real / rel


def _mode(path: Path) -> int | None:
    try:
        return os.lstat(path).st_mode
    except OSError:
        return None


def refuse_dangling(folder: Path) -> None:
    """An :class:`OutputError` when ``folder`` (an output folder, perhaps not made yet) lies behind a symbolic
    link to nothing: followed, archkit would make the folders it names, wherever they are."""
    for path in (folder, *folder.parents):
        if os.path.lexists(path):  # the nearest name that is there: the link, when one dangles on the way
            if os.path.islink(path) and _stat_error(path) == errno.ENOENT:  # a loop: resolve() reports it
                raise OutputError(f"{path}: is a symbolic link to {os.readlink(path)}, which does not exist — "
                                  "make that folder, or remove the link")
            return


def _stat_error(path: Path) -> int | None:
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno
    return None


def _inside(link: Path, root: Path) -> bool:
    try:
        target = link.resolve()
    except (OSError, RuntimeError):
        return False
    return target == root or root in target.parents


def _is_link(path: Path) -> bool:
    try:
        return stat.S_ISLNK(os.lstat(path).st_mode)
    except OSError:
        return False


def signature_on_disk(root: str | os.PathLike[str], relpath: str) -> Signature | None:
    """The :data:`Signature` of the plain file at ``root/relpath`` now (``lstat``: a link is never followed;
    None when there is no plain file there)."""
    try:
        return signature_of(confined(Path(root), relpath))
    except OutputError:
        return None


def fits_on_disk(target: Path, relpath: str) -> Path:
    """``target`` (``root/relpath``), when no name in ``relpath`` and not the whole path is too long for
    a disk; else :class:`OutputError`, raised while planning, before anything is written."""
    too_long = next((part for part in PurePosixPath(relpath).parts if _size(part) > MAX_SEGMENT), None)
    if too_long is not None:
        raise OutputError(f"{relpath[:60]}...: the file name is longer than {MAX_SEGMENT} bytes — refusing to "
                          "write it; use a shorter name")
    if _size(str(target)) > MAX_PATH:
        raise OutputError(f"{str(target)[:60]}...: the output path is longer than {MAX_PATH} bytes — refusing to "
                          "write it; use an output folder with a shorter path")
    return target


def _size(text: str) -> int:
    return len(text.encode("utf-8", "surrogatepass"))


def with_hand_written_text(target: Path, content: bytes) -> bytes:
    """``content``, with the text a person wrote in the file already at ``target`` kept.

    Generated pages (arc42 docs) mark their generated blocks with ``archkit:begin``/``archkit:end``
    lines; whatever the file on disk holds outside those blocks is kept byte for byte
    (:func:`archkit.arc42.markers.merge`). Content without markers is returned unchanged.
    """
    try:
        old = read_plain(target)
    except OSError as exc:
        raise OutputError(f"{target}: cannot read the page to keep its hand-written text ({exc.strerror}) "
                          "— check permissions") from None
    if old is None:  # nothing there, or a link: never read through
        return content
    from archkit.arc42.markers import block_ids, decode_page, merge_bytes

    if b"archkit:begin" not in content:  # the single file, the manifest; or a page of a template without markers
        if b"archkit:begin" in old and block_ids(decode_page(old, str(target))[0], str(target)):
            raise OutputError(f"{target}: the page to write has no archkit markers and would replace the text "
                              "written outside the markers of the page there — generate it with markers "
                              "(archkit.arc42.write_docs refuses a template without them)")
        return content
    return merge_bytes(old, content, str(target))


def is_page(relpath: str) -> bool:
    """True for a generated page, whose hand-written text a write keeps: a file in :data:`PAGES_DIR`."""
    return relpath.startswith(f"{PAGES_DIR}/")


def read_existing(root: str | os.PathLike[str], relpath: str, limit: int | None = None) -> bytes | None:
    """The bytes of the output file ``root/relpath`` as a previous run (or a person) left it; None when
    there is no plain file there (absent, or a symbolic link: never read through), or one over ``limit`` bytes."""
    target = confined(Path(root), relpath)
    try:
        return read_plain(target, limit)
    except OSError as exc:
        hint = _write_hint(exc) if exc.errno == errno.ENOTDIR else "check permissions"
        raise OutputError(f"{target}: cannot read ({exc.strerror}) — {hint}") from None


def occupied(root: str | os.PathLike[str], relpath: str) -> bool:
    """True when anything is at ``root/relpath``: a file, a folder, a link (even a dangling one or a loop)."""
    return os.path.lexists(confined(Path(root), relpath))


def regular_file(root: str | os.PathLike[str], relpath: str) -> bool:
    """True when ``root/relpath`` is a plain file (not a link, wherever it leads)."""
    try:
        return stat.S_ISREG(os.lstat(confined(Path(root), relpath)).st_mode)
    except OSError:
        return False


def write_artifacts(root: str | os.PathLike[str], artifacts: Iterable[Artifact], *, merge: bool = True,
                    signatures: dict[str, tuple[Signature, str]] | None = None) -> list[Path]:
    """Write every artifact under ``root``; all paths are checked before the first write. A generated page
    (a file in :data:`PAGES_DIR`) keeps the hand-written text of the file it replaces
    (:func:`with_hand_written_text`) unless ``merge`` is off (archkit's own caches: their content is never a
    page, whatever text it quotes); every other file is written as generated. With ``signatures``,
    each artifact's relpath gets the :func:`signature` of the file that holds it and the sha256 of the bytes
    there (:func:`write_signed`).

    Returns the paths whose content changed.
    """
    base = Path(root)
    relpaths = []
    planned = []
    for a in artifacts:
        target = fits_on_disk(confined(base, a.relpath), a.relpath)
        mode = _mode(target)
        if mode is not None and stat.S_ISDIR(mode):
            raise OutputError(f"{target}: cannot write — a folder is in its place: remove it")
        planned.append((target, a.content))
        relpaths.append(a.relpath)
    if merge:
        planned = [(target, with_hand_written_text(target, content) if is_page(relpath) else content)
                   for relpath, (target, content) in zip(relpaths, planned, strict=True)]
    changed = []
    for relpath, (target, content) in zip(relpaths, planned, strict=True):
        try:
            written, sig = write_signed(target, content)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write ({exc.strerror}) — {_write_hint(exc)}") from None
        if written:
            changed.append(target)
        if signatures is not None:
            signatures[relpath] = (sig, hashlib.sha256(content).hexdigest())
    return changed


def write_new(target: Path, content: bytes) -> None:
    """Create the file ``target`` (a file people edit from then on: ``archkit new``) only when nothing has its
    name (:func:`archkit.diskfile.write_new`); an :class:`OutputError` saying what is in the way otherwise,
    nothing written."""
    try:
        refuse_dangling(target.parent)
    except OutputError as exc:
        raise OutputError(f"{exc}; nothing was written") from None
    try:
        write_new_file(target, content)
    except FileExistsError:
        raise OutputError(f"{target}: {_in_the_way(target)}; nothing was written") from None
    except OSError as exc:
        raise OutputError(f"{target}: cannot write ({exc.strerror}) — {_write_hint(exc)}; nothing was written"
                          ) from None


def _in_the_way(target: Path) -> str:
    """What a file to create meets at its name (or on the way to it)."""
    try:
        mode = os.lstat(target).st_mode
    except OSError:
        return "a file is in place of a folder on its path — remove it, or choose another --dir"
    if stat.S_ISLNK(mode):
        return (f"is a symbolic link (to {os.readlink(target)}) — archkit never writes through a link; remove "
                "the link, or choose another name")
    if stat.S_ISDIR(mode):
        return "a folder has this name — choose another name, or move the folder"
    return "already exists — choose another name, or delete the file first"


def _write_hint(exc: OSError) -> str:
    """What to do when an output cannot be written: something not a file, or not a folder, may be in the way."""
    if exc.errno == errno.EISDIR:
        return "a folder is in its place: remove it"
    if exc.errno in (errno.EEXIST, errno.ENOTDIR):
        return "a file is in place of a folder on its path: remove it"
    return "check permissions and free space"


def remove_files(root: str | os.PathLike[str], relpaths: Iterable[str]) -> list[Path]:
    """Delete files a previous build wrote under ``root`` and a new one no longer makes.

    Paths are confined like writes; folders left empty are removed up to ``root``.
    Returns the paths that were removed.
    """
    base = Path(root)
    removed = []
    for target in [confined(base, rel) for rel in relpaths]:
        if not (_is_link(target) or target.is_file()):  # a link is removed itself, never its target
            continue
        try:
            target.unlink()
        except FileNotFoundError:  # another build at once removed it first
            continue
        except OSError as exc:
            raise OutputError(f"{target}: cannot remove ({exc.strerror}) — check permissions") from None
        removed.append(target)
        folder, top = target.parent, base.resolve()
        while folder != top and top in folder.parents:
            try:  # refused when not empty: another build may be writing into it at this very moment
                folder.rmdir()
            except OSError:
                break
            folder = folder.parent
    return removed


