"""One file on disk, read and written safely: the layer below :mod:`archkit.output`.

``read_plain``/``read_signed`` read a plain file only (never through a link, never a FIFO or device, bounded),
with the :data:`Signature` of the very file read. ``write_signed`` writes one file atomically: a temporary file
beside it, renamed into place, so a killed process leaves either the old file or the new one, never half of
either; a file with two names (a hard link) is replaced by a file of its own, never written through. The
temporaries of writers that were killed are removed at the next write of their target, and those of a write
in progress elsewhere (another build at once) are recognised as such (:func:`in_progress`).

Paths here are already confined: :mod:`archkit.output` decides where a file may go, this module how it gets
there.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
import time
from pathlib import Path

Signature = tuple[int, int, int, int, int]
"""What tells one file on disk from another without reading it: device, inode, size, and the times of its
last change of content (``mtime``) and of its inode (``ctime``: set by the kernel on every write, rename,
``chmod`` or ``utime``, so restoring a file's mtime after an edit changes it)."""


def read_plain(path: Path, limit: int | None = None) -> bytes | None:
    """The bytes of ``path`` when it is a plain file (not a link, folder, FIFO or device) of at most ``limit``
    bytes, if given; else None.

    The file is opened without following a link, so a link swapped in meanwhile is not read either.
    """
    found = read_signed(path, limit)
    return None if found is None else found[0]


def read_signed(path: Path, limit: int | None = None) -> tuple[bytes, Signature] | None:
    """:func:`read_plain`, with the :func:`signature` of the very file read (taken from its descriptor)."""
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode):
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:  # became a link after the lstat
            return None
        raise
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or (limit is not None and st.st_size > limit):
            return None
        # bounded though the file grow meanwhile: one byte over the limit tells it differs
        return fh.read() if limit is None else fh.read(limit + 1), signature(st)


def signature(st: os.stat_result) -> Signature:
    """The :data:`Signature` of a file from its ``stat``."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def signature_of(path: Path) -> Signature | None:
    """The :data:`Signature` of the plain file at ``path`` now (``lstat``: a link is never followed; None when
    there is no plain file there)."""
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return signature(st) if stat.S_ISREG(st.st_mode) else None



def write_bytes_atomic(target: Path, content: bytes) -> bool:
    """Write ``content`` to ``target`` via a temporary file and rename; False when unchanged.

    The temporary file is ``.<name>.<pid>.<random>.tmp`` beside the target; one left by a
    writer that was killed (its process is gone) is removed the next time the target is written.
    """
    return write_signed(target, content)[0]


def write_signed(target: Path, content: bytes) -> tuple[bool, Signature]:
    """:func:`write_bytes_atomic`, with the :func:`signature` of the file that holds ``content`` at ``target``:
    taken from the descriptor that wrote it, after the rename into place (or that read it, when unchanged),
    so it is never that of a file another process put there meanwhile."""
    _remove_stale_temporaries(target)
    found = read_signed(target, len(content))  # a larger file differs: never read (a sparse file of terabytes)
    if found is not None and found[0] == content and _one_name(target):  # a hard link is replaced: see below
        return False, found[1]
    fd, tmp = _temporary(target)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
            os.chmod(tmp, 0o644)
            if os.name == "posix":  # renamed while open: the rename's own change of ctime is in the signature
                os.replace(tmp, target)
            st = os.fstat(fh.fileno())
        if os.name != "posix":  # Windows renames no open file
            os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True, signature(st)


def write_new(target: Path, content: bytes) -> None:
    """Create ``target`` holding ``content``, only when nothing is there: :class:`FileExistsError` when any name
    is (a file, a folder, a symbolic link, dangling or not: never written through, never replaced).

    Whole or not at all: ``content`` goes to a temporary file beside it, which is then given the name
    ``target`` with ``link(2)``, which fails when the name exists and follows no link there; a process killed
    meanwhile leaves no ``target`` (its temporary file is removed at the next write). Where a disk has no hard
    links, the file is created with ``O_CREAT | O_EXCL | O_NOFOLLOW`` and written in place.
    """
    _remove_stale_temporaries(target)
    fd, tmp = _temporary(target)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        try:
            os.link(tmp, target)  # EEXIST for any name there, a dangling link included
        except OSError as exc:  # a disk without hard links (FAT, some network shares)
            if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.EMLINK, errno.EXDEV):
                raise
            _create_exclusive(target, content)
    finally:
        Path(tmp).unlink(missing_ok=True)


def _create_exclusive(target: Path, content: bytes) -> None:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(target, flags, 0o644)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(content)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        target.unlink(missing_ok=True)
        raise


def _temporary(target: Path) -> tuple[int, str]:
    """A new temporary file beside ``target`` (its folder made first), open for writing."""
    for attempt in range(3):
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            return tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".tmp", dir=target.parent)
        except FileNotFoundError:  # another build at once removed the folder, empty for an instant: again
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _one_name(path: Path) -> bool:
    """True when the file at ``path`` has no other (hard) link: written in place of one, an output gets a name
    of its own, the other file untouched (``archkit serve`` serves no file with two names)."""
    try:
        return os.lstat(path).st_nlink == 1
    except OSError:
        return False


def _remove_stale_temporaries(target: Path) -> None:
    prefix = f".{target.name}."
    try:  # one listing, not a glob: a folder of a thousand diagrams is listed at every write
        names = [n for n in os.listdir(target.parent) if n.startswith(prefix) and n.endswith(".tmp")]
    except OSError:  # no folder yet (or not a folder: the write reports it)
        return
    for name in names:
        pid = name[len(prefix):].split(".", 1)[0]
        if pid.isdigit() and not _running(int(pid)):
            with contextlib.suppress(OSError):
                (target.parent / name).unlink()


def _running(pid: int) -> bool:
    if os.name != "posix":  # os.kill would terminate the process on Windows, not probe it
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # exists, owned by someone else
        return True
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """True when ``pid`` has ended but nobody reaped it (a killed build's worker under an init that does
    not reap): it writes nothing any more."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            state = fh.read().rsplit(b")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state in (b"Z", b"X")



IN_PROGRESS = 600.0
"""Seconds a temporary file may be in writing: a write renames it into place as soon as its bytes are on disk."""


def in_progress(path: Path) -> bool:
    """True when ``path`` is the temporary file of a write still in progress (:func:`write_signed`'s
    ``.<name>.<pid>.<random>.tmp``, of a process that runs, changed in the last :data:`IN_PROGRESS` seconds:
    another build's at once), which no clean-up removes. One named after a process that runs but older (put
    there, or left by a process whose number came back) is not."""
    name = path.name
    if not (name.startswith(".") and name.endswith(".tmp")):
        return False
    parts = name[1:-len(".tmp")].rsplit(".", 2)
    if len(parts) != 3 or not parts[1].isdigit() or not _running(int(parts[1])):
        return False
    try:
        return time.time() - os.lstat(path).st_mtime < IN_PROGRESS
    except OSError:
        return False
