"""Build one model in memory: load, check, render every view, generate the arc42 docs, export.

``build_model`` runs in a worker process and returns everything it made (artifacts and
findings); the parent process writes. It raises nothing on purpose: an
:class:`ArchkitError` becomes a failed outcome with its one-line message.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from archkit.errors import ArchkitError

if TYPE_CHECKING:
    from archkit.model import Workspace
    from archkit.output import Artifact

Status = Literal["built", "up to date", "failed", "stale", "fresh"]
EXPORTS_PROPERTY = "archkit.exports"
"""Workspace property naming the exports a build makes, comma-separated (e.g. ``"mermaid, d2"``)."""


@dataclass
class Outcome:
    """What building one model gave: artifacts (until written), findings, timing."""

    path: str
    name: str
    status: Status
    artifacts: list[Artifact] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0
    files: int = 0


def build_model(path: str, out_dir: str, timeout: float = 60.0, render_jobs: int = 1) -> Outcome:
    """Everything ``archkit build`` generates for the model file ``path`` into ``out_dir``.

    Pages on disk are read (never written) so that hand-written text in them is kept.
    ``render_jobs`` is how many views are drawn at once (threads, each running ``dot``).
    """
    from archkit.check import check
    from archkit.load import load

    start = time.perf_counter()
    outcome = Outcome(path, Path(out_dir).name, "built")
    try:
        ws = load(path, timeout=timeout)
        findings = check(ws, path)
        outcome.errors = sum(f.severity == "error" for f in findings)
        outcome.warnings = sum(f.severity == "warning" for f in findings)
        outcome.messages = [f.line() for f in findings if f.severity in ("error", "warning")]
        if outcome.errors:
            outcome.status = "failed"
        else:
            outcome.artifacts, notes = generate(ws, Path(out_dir), render_jobs)
            outcome.messages.extend(notes)
    except ArchkitError as exc:
        outcome.status = "failed"
        outcome.messages.append(str(exc))
    outcome.files = len(outcome.artifacts)
    outcome.seconds = time.perf_counter() - start
    return outcome


def generate(ws: Workspace, out_dir: Path, render_jobs: int = 1) -> tuple[list[Artifact], list[str]]:
    """Diagrams, arc42 docs (hand-written text from ``out_dir`` merged in) and configured exports of
    ``ws``, sorted by path, and messages for the user."""
    from archkit.arc42 import generate_docs
    from archkit.arc42.pipeline import keep_hand_written
    from archkit.output import read_existing
    from archkit.render import render_workspace

    diagrams, messages = render_workspace(ws, jobs=render_jobs)
    keys = [view.key for view in ws.effective_views()]
    docs = generate_docs(ws, model_name=out_dir.name, diagrams=keys)
    docs, notes = keep_hand_written(docs, lambda rel: read_existing(out_dir, rel))
    artifacts = [*diagrams, *docs, *exports(ws)]
    return sorted(artifacts, key=lambda a: a.relpath), [*messages, *notes]


def configured_exports(ws: Workspace) -> list[str]:
    """The export formats the workspace asks for in its ``archkit.exports`` property."""
    value = ws.properties.get(EXPORTS_PROPERTY, "")
    return sorted({part.strip() for part in value.split(",") if part.strip()})


def exports(ws: Workspace) -> list[Artifact]:
    formats = configured_exports(ws)
    if not formats:
        return []
    from archkit.export import export_artifacts

    return export_artifacts(ws, formats)
