"""What ``archkit serve`` may read from ``out/``: regular files and folders below the root, reached
without following a single symbolic link, and no hidden (dot) name on the way.

A request path becomes a list of names (:func:`request_parts`), which are opened one by one from the
served root with ``O_NOFOLLOW`` relative to the folder above (``dir_fd``): a link anywhere on the
way, even one that points back inside ``out/``, is not found, and a link swapped in while the
request runs cannot redirect it. The build writes no links, so a link in ``out/`` was put there by
hand. A file with more than one (hard) link is not found either: it may be any file of the disk under
another name, and every file the build writes has one name (:func:`archkit.diskfile.write_signed`).
Hidden names (``.archkit-manifest.json``, ``.archkit-build.json``, the ``.*.tmp`` of a
write in progress, ``.git``) are not found either.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path
from urllib.parse import unquote_to_bytes, urlsplit

MAX_PATH = 2048
"""Longest request path (as sent, percent-encoded) the preview answers; longer ones get 414."""
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_FOLLOW_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
_FOLDER_FLAGS = _FOLLOW_FLAGS | getattr(os, "O_DIRECTORY", 0)


class Refused(Exception):
    """A request the preview answers with ``status`` (4xx/5xx) and a short ``reason``."""

    def __init__(self, status: HTTPStatus, reason: str) -> None:
        super().__init__(reason)
        self.status, self.reason = status, reason


def request_parts(target: str) -> list[str]:
    """The names in a request target (``/a/b%20c?q`` -> ``["a", "b c"]``), or :class:`Refused`.

    400 for bad percent-encoding, text that is not UTF-8 or a control character (``/%00``);
    414 for a path over :data:`MAX_PATH`; 404 for ``..``, a hidden name or a backslash.
    """
    try:
        raw = urlsplit(target).path
    except ValueError:
        raise Refused(HTTPStatus.BAD_REQUEST, "malformed request target") from None
    if len(raw) > MAX_PATH:
        raise Refused(HTTPStatus.REQUEST_URI_TOO_LONG, f"path longer than {MAX_PATH} characters")
    if not raw.startswith("/") or _BAD_PERCENT.search(raw):
        raise Refused(HTTPStatus.BAD_REQUEST, "malformed path")
    try:  # http.server reads the request line as Latin-1: back to its bytes, then UTF-8 after %-decoding
        path = unquote_to_bytes(raw.encode("latin-1")).decode("utf-8")
    except UnicodeError:
        raise Refused(HTTPStatus.BAD_REQUEST, "path is not UTF-8") from None
    if _CONTROL.search(path):
        raise Refused(HTTPStatus.BAD_REQUEST, "control character in the path")
    parts = [p for p in path.split("/") if p]
    if any(p.startswith(".") or "\\" in p for p in parts):
        raise Refused(HTTPStatus.NOT_FOUND, "not found")
    return parts


@dataclass(frozen=True)
class Opened:
    """An open regular file or folder below the root (``fd`` is closed by :func:`open_inside`)."""

    fd: int
    is_folder: bool
    size: int
    mtime: float


@contextmanager
def open_inside(root: Path, parts: list[str]) -> Iterator[Opened]:
    """Open ``root/parts...`` without following a link on the way; :class:`Refused` (404/403) when a
    name is missing, a link, hidden, or neither a regular file nor a folder (a FIFO, a device)."""
    if any(name.startswith(".") for name in parts):
        raise Refused(HTTPStatus.NOT_FOUND, "not found")
    fds: list[int] = []
    try:
        if os.open in os.supports_dir_fd:
            fds.append(_open(str(root), _FOLDER_FLAGS))
            for i, name in enumerate(parts):
                fds.append(_open(name, _FOLLOW_FLAGS if i == len(parts) - 1 else _FOLDER_FLAGS, fds[-1]))
        else:  # pragma: no cover - no dir_fd (Windows): look at every name, then open
            for i in range(len(parts)):
                if root.joinpath(*parts[: i + 1]).is_symlink():
                    raise Refused(HTTPStatus.NOT_FOUND, "not found")
            fds.append(_open(str(root.joinpath(*parts)), os.O_RDONLY | getattr(os, "O_BINARY", 0)))
        st = os.fstat(fds[-1])
        if not ((stat.S_ISREG(st.st_mode) and st.st_nlink == 1) or stat.S_ISDIR(st.st_mode)):
            raise Refused(HTTPStatus.NOT_FOUND, "not found")
        yield Opened(fds[-1], stat.S_ISDIR(st.st_mode), st.st_size, st.st_mtime)
    finally:
        for fd in reversed(fds):
            os.close(fd)


def _open(name: str, flags: int, dir_fd: int | None = None) -> int:
    try:
        return os.open(name, flags, dir_fd=dir_fd)
    except OSError as exc:
        if exc.errno in (errno.EACCES, errno.EPERM):
            raise Refused(HTTPStatus.FORBIDDEN, "forbidden") from None
        raise Refused(HTTPStatus.NOT_FOUND, "not found") from None  # missing, a link (ELOOP), too long


def read_inside(root: Path, parts: list[str]) -> bytes:
    """The bytes of the regular file ``root/parts...`` (see :func:`open_inside`)."""
    with open_inside(root, parts) as opened:
        if opened.is_folder:
            raise Refused(HTTPStatus.NOT_FOUND, "not found")
        with os.fdopen(os.dup(opened.fd), "rb") as fh:
            return fh.read()


def text_inside(root: Path, parts: list[str]) -> str:
    """A generated page's source (an SVG, an arc42 page) as text; 500 when it is not UTF-8."""
    try:
        return read_inside(root, parts).decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(HTTPStatus.INTERNAL_SERVER_ERROR,
                      f"{'/'.join(parts)} is not UTF-8 text — rebuild it with archkit build") from None


def folder_entries(folder: int | Path) -> list[tuple[str, bool]]:
    """``(name, is_folder)`` of the regular files (of one name: no hard link) and folders in ``folder`` (an open
    folder, or a path that is not a link), sorted; no links, no hidden names; nothing when the path is missing or
    a link."""
    if isinstance(folder, Path) and (folder.is_symlink() or not folder.is_dir()):
        return []
    entries = []
    with os.scandir(folder) as it:
        for entry in it:
            if entry.name.startswith(".") or entry.is_symlink():
                continue
            try:
                st = entry.stat(follow_symlinks=False)
            except OSError:  # removed meanwhile (a build at work)
                continue
            if stat.S_ISDIR(st.st_mode) or (stat.S_ISREG(st.st_mode) and st.st_nlink == 1):
                entries.append((entry.name, stat.S_ISDIR(st.st_mode)))
    return sorted(entries)
