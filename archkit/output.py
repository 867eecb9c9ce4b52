"""The only writer: artifacts go to disk atomically, confined to the output folder.

An :class:`Artifact` is a relative path and its bytes. ``write_artifacts``
writes each one to a temporary file in the destination folder, then renames
it into place, so a killed process leaves either the old file or the new one,
never half of either. A generated page that a person edited keeps their text:
only the blocks between ``archkit:begin`` and ``archkit:end`` markers are replaced.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

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


def is_windows_device(name: str) -> bool:
    """True when Windows takes ``name`` for a device (``CON``, ``nul.txt``, ``com1.tar.gz``)."""
    return _WINDOWS_DEVICE.fullmatch(name.partition(".")[0].rstrip(" ")) is not None


def model_name(path: str | os.PathLike[str]) -> str:
    """The output folder name of a model file: its stem, made safe (``lambda_architecture``)."""
    return safe_name(Path(path).stem)


def confined(root: Path, relpath: str) -> Path:
    """``root / relpath``, refusing absolute paths, ``..`` and anything resolving outside ``root``."""
    rel = PurePosixPath(relpath)
    if rel.is_absolute() or any(part in ("..", "") for part in rel.parts) or "\\" in relpath:
        raise OutputError(f"{relpath}: output path is not a plain relative path — refusing to write it")
    root_real = root.resolve()
    target = (root_real / rel).resolve()
    if root_real != target and root_real not in target.parents:
        raise OutputError(f"{relpath}: output path resolves outside {root} — refusing to write it")
    return target


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


def write_bytes_atomic(target: Path, content: bytes) -> bool:
    """Write ``content`` to ``target`` via a temporary file and rename; False when unchanged.

    The temporary file is ``.<name>.<pid>.<random>.tmp`` beside the target; one left by a
    writer that was killed (its process is gone) is removed the next time the target is written.
    """
    _remove_stale_temporaries(target)
    if target.is_file() and target.read_bytes() == content:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def _remove_stale_temporaries(target: Path) -> None:
    if not target.parent.is_dir():
        return
    for tmp in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        pid = tmp.name[len(target.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                tmp.unlink()


def _running(pid: int) -> bool:
    if os.name != "posix":  # os.kill would terminate the process on Windows, not probe it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return True


def with_hand_written_text(target: Path, content: bytes) -> bytes:
    """``content``, with the text a person wrote in the file already at ``target`` kept.

    Generated pages (arc42 docs) mark their generated blocks with ``archkit:begin``/``archkit:end``
    lines; whatever the file on disk holds outside those blocks is kept byte for byte
    (:func:`archkit.arc42.markers.merge`). Content without markers is returned unchanged.
    """
    if b"archkit:begin" not in content or not target.is_file():
        return content
    from archkit.arc42.markers import merge_bytes

    try:
        old = target.read_bytes()
    except OSError as exc:
        raise OutputError(f"{target}: cannot read the page to keep its hand-written text ({exc.strerror}) "
                          "— check permissions") from None
    return merge_bytes(old, content, str(target))


def read_existing(root: str | os.PathLike[str], relpath: str) -> bytes | None:
    """The bytes of the output file ``root/relpath`` as a previous run (or a person) left it; None if absent."""
    target = confined(Path(root), relpath)
    if not target.is_file():
        return None
    try:
        return target.read_bytes()
    except OSError as exc:
        raise OutputError(f"{target}: cannot read ({exc.strerror}) — check permissions") from None


def write_artifacts(root: str | os.PathLike[str], artifacts: Iterable[Artifact]) -> list[Path]:
    """Write every artifact under ``root``; all paths are checked before the first write.

    Returns the paths whose content changed.
    """
    base = Path(root)
    planned = [(fits_on_disk(confined(base, a.relpath), a.relpath), a.content) for a in artifacts]
    planned = [(target, with_hand_written_text(target, content)) for target, content in planned]
    changed = []
    for target, content in planned:
        try:
            if write_bytes_atomic(target, content):
                changed.append(target)
        except OSError as exc:
            raise OutputError(f"{target}: cannot write ({exc.strerror}) — check permissions and free space") from None
    return changed


def remove_files(root: str | os.PathLike[str], relpaths: Iterable[str]) -> list[Path]:
    """Delete files a previous build wrote under ``root`` and a new one no longer makes.

    Paths are confined like writes; folders left empty are removed up to ``root``.
    Returns the paths that were removed.
    """
    base = Path(root)
    removed = []
    for target in [confined(base, rel) for rel in relpaths]:
        if not target.is_file():
            continue
        try:
            target.unlink()
        except OSError as exc:
            raise OutputError(f"{target}: cannot remove ({exc.strerror}) — check permissions") from None
        removed.append(target)
        folder, top = target.parent, base.resolve()
        while folder != top and top in folder.parents and not any(folder.iterdir()):
            folder.rmdir()
            folder = folder.parent
    return removed
