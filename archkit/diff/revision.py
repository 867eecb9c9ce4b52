"""Which two models to compare: two files, or one file at a git revision and in the work tree.

The revision is read with ``git cat-file blob REV:./file`` (no shell; at most 10 MiB), then parsed by
``load_bytes``.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

from archkit.diff.compare import WorkspaceDiff, diff_workspaces
from archkit.errors import LoadError
from archkit.load import DEFAULT_TIMEOUT, load, load_bytes
from archkit.model import Workspace
from archkit.userfile import MAX_BYTES, too_large

GIT_TIMEOUT = 30.0


def read_revision(path: Path, rev: str) -> bytes:
    """The bytes of ``path`` at ``rev`` in the git repository that holds it (at most 10 MiB, read as
    they come: a huge file in the history is refused without being held in memory)."""
    git = shutil.which("git")
    if git is None:
        raise LoadError(f"{path}: git is not installed — install git, or pass two model files: archkit diff OLD NEW")
    if rev.startswith("-"):
        raise LoadError(f"{path}: '{rev}' is not a revision — pass a commit, branch or tag, e.g. HEAD~1 or main")
    folder = path.parent if str(path.parent) else Path(".")
    try:  # the blob itself, as committed: `cat-file blob` (a folder at that revision is refused)
        code, out, err = _run_bounded([git, "-C", str(folder), "cat-file", "blob", f"{rev}:./{path.name}"],
                                      MAX_BYTES)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LoadError(f"{path}: git failed ({exc}) — check that {folder} is inside a git repository") from None
    if len(out) > MAX_BYTES:
        raise too_large(f"{rev}:{path}", None)
    if code != 0:
        reason = err.decode("utf-8", "replace").strip().splitlines()
        why = reason[-1] if reason else f"exit code {code}"
        raise LoadError(f"{path}: cannot read it at revision '{rev}' ({why}) — check the revision and that the "
                        "file existed then")
    return out


def _run_bounded(argv: list[str], limit: int) -> tuple[int, bytes, bytes]:
    """Run ``argv``; ``(exit code, at most limit + 1 bytes of stdout, stderr)``. Killed after
    :data:`GIT_TIMEOUT` (``TimeoutExpired``) or as soon as stdout passes ``limit``."""
    with subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        expired = threading.Event()

        def stop() -> None:
            expired.set()
            proc.kill()

        timer = threading.Timer(GIT_TIMEOUT, stop)
        timer.start()
        try:
            assert proc.stdout is not None and proc.stderr is not None
            out = proc.stdout.read(limit + 1)
            if len(out) > limit:
                proc.kill()
            err = proc.stderr.read(64 * 1024)
            code = proc.wait()
        finally:
            timer.cancel()
    if expired.is_set():
        raise subprocess.TimeoutExpired(argv, GIT_TIMEOUT)
    return code, out, err


def load_revision(path: Path, rev: str, *, timeout: float = DEFAULT_TIMEOUT) -> Workspace:
    """Load ``path`` as it was at ``rev``. A ``.py`` model imports its siblings from the work tree."""
    return load_bytes(read_revision(path, rev), f"{rev}:{path}", suffix=path.suffix, folder=path.parent,
                      timeout=timeout)


def diff_files(old: Path, new: Path | None = None, *, rev: str | None = None,
               timeout: float = DEFAULT_TIMEOUT) -> WorkspaceDiff:
    """``diff_files(a, b)`` compares two files; ``diff_files(m, rev="HEAD~1")`` compares ``m`` at a
    revision with ``m`` in the work tree."""
    if (new is None) == (rev is None):
        raise LoadError(f"{old}: pass either a second model file or --git REV — e.g. archkit diff {old} --git HEAD")
    if rev is not None:
        return diff_workspaces(load_revision(old, rev, timeout=timeout), load(old, timeout=timeout),
                               f"{rev}:{old}", str(old))
    assert new is not None
    return diff_workspaces(load(old, timeout=timeout), load(new, timeout=timeout), str(old), str(new))
