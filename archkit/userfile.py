"""Reading a file a user named, safely: regular files only, and never more than a limit.

Every file archkit reads on a user's word (a model, a sibling module it imports, an ADR, a
template override) comes through :func:`read_user_file`. A path that is not a regular file
(a folder, a FIFO, a socket, a device such as ``/dev/zero``) is refused before it is opened
for reading, since its size says nothing about what a read would return (``st_size`` is 0)
and a read could hang or never end. A regular file is read with a bounded read, so one that
grows while it is read is capped as well. Standard library only: ``archkit build``'s no-op
path uses it without importing anything heavy.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from archkit.errors import LoadError

MAX_BYTES = 10 * 1024 * 1024
"""The largest file archkit reads (a model of 5000 elements is about 2 MB)."""

_CHUNK = 1 << 20
_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def not_a_regular_file(mode: int) -> str | None:
    """What a file of ``mode`` is when it is not a regular file (``"a FIFO (named pipe)"``), else None."""
    if stat.S_ISREG(mode):
        return None
    return next((kind for test, kind in _KINDS if test(mode)), "not a regular file")


def too_large(name: str, size: int | None, limit: int = MAX_BYTES) -> LoadError:
    """The error for a file over ``limit`` bytes (``size`` None: unknown, e.g. it grew while it was read)."""
    shown = f"file is {size / 1e6:.1f} MB, larger than" if size is not None else "file is larger than"
    return LoadError(f"{name}: {shown} the {limit // 2**20} MiB archkit reads — split the model or check "
                     "that this is the right file")


def read_user_file(path: str | os.PathLike[str], *, name: str | None = None, limit: int = MAX_BYTES) -> bytes:
    """The bytes of the regular file at ``path``, at most ``limit`` of them.

    Raises :class:`LoadError` (naming ``name``, default: the path) when the path is missing, is
    not a regular file, is larger than ``limit`` or cannot be read. Symbolic links are followed:
    what counts is the file they lead to.
    """
    shown = str(path) if name is None else name
    try:
        kind = not_a_regular_file(os.stat(path).st_mode)
        if kind is not None:  # checked before opening: opening a device or a FIFO can block or act
            raise _not_regular(shown, kind)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
                     | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise LoadError(f"{shown}: file not found — check the path") from None
    except OSError as exc:
        raise LoadError(f"{shown}: cannot read ({exc.strerror}) — check the path and its permissions") from None
    try:
        st = os.fstat(fd)
        kind = not_a_regular_file(st.st_mode)  # the path may have been swapped since the stat above
        if kind is not None:
            raise _not_regular(shown, kind)
        if st.st_size > limit:
            raise too_large(shown, st.st_size, limit)
        return _read_at_most(fd, limit, shown)
    except OSError as exc:
        raise LoadError(f"{shown}: cannot read ({exc.strerror}) — check the path and its permissions") from None
    finally:
        os.close(fd)


def _read_at_most(fd: int, limit: int, name: str) -> bytes:
    """Read until the end of the file; more than ``limit`` bytes is an error (the file grew)."""
    chunks: list[bytes] = []
    total = 0
    while True:
        chunk = os.read(fd, min(_CHUNK, limit + 1 - total))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        total += len(chunk)
        if total > limit:
            raise too_large(name, None, limit)


def _not_regular(name: str, kind: str) -> LoadError:
    return LoadError(f"{name}: is {kind}, not a regular file — archkit reads only regular files; "
                     "check the path")


def read_user_text(path: Path, *, limit: int = MAX_BYTES) -> str:
    """:func:`read_user_file` decoded as UTF-8 (ADR files, template overrides)."""
    raw = read_user_file(path, limit=limit)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path}: not UTF-8 text (byte {exc.start}) — save the file as UTF-8") from None
