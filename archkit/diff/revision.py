"""Which two models to compare: two files, or one file at a git revision and in the work tree.

The revision is read with ``git show REV:./file`` (no shell), then parsed by ``load_bytes``.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from archkit.diff.compare import WorkspaceDiff, diff_workspaces
from archkit.errors import LoadError
from archkit.load import DEFAULT_TIMEOUT, load, load_bytes
from archkit.model import Workspace

GIT_TIMEOUT = 30.0


def read_revision(path: Path, rev: str) -> bytes:
    """The bytes of ``path`` at ``rev`` in the git repository that holds it."""
    git = shutil.which("git")
    if git is None:
        raise LoadError(f"{path}: git is not installed — install git, or pass two model files: archkit diff OLD NEW")
    if rev.startswith("-"):
        raise LoadError(f"{path}: '{rev}' is not a revision — pass a commit, branch or tag, e.g. HEAD~1 or main")
    folder = path.parent if str(path.parent) else Path(".")
    try:
        done = subprocess.run(
            [git, "-C", str(folder), "show", f"{rev}:./{path.name}"],
            capture_output=True, timeout=GIT_TIMEOUT, check=False,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise LoadError(f"{path}: git show failed ({exc}) — check that {folder} is inside a git repository") from None
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()
        why = reason[-1] if reason else f"exit code {done.returncode}"
        raise LoadError(f"{path}: cannot read it at revision '{rev}' ({why}) — check the revision and that the "
                        "file existed then")
    return done.stdout


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
