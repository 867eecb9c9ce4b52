"""``archkit build``: check, render, document and export every model, incrementally and in parallel.

Importing this package is cheap (stdlib only): a build with nothing to do never imports
pydantic, Graphviz or the renderer.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from archkit.build.job import EXPORTS_PROPERTY, Outcome, build_model, generate
from archkit.build.plan import STAMP, ModelJob, discover, model_fingerprint, model_sources, plan
from archkit.build.progress import interactive, make_reporter, print_summary
from archkit.build.runner import Announce, BuildReport, build, check_outputs, stale_files
from archkit.errors import LoadError

__all__ = [
    "EXPORTS_PROPERTY",
    "STAMP",
    "BuildReport",
    "ModelJob",
    "Outcome",
    "build",
    "build_model",
    "check_outputs",
    "discover",
    "generate",
    "model_fingerprint",
    "model_sources",
    "plan",
    "run",
    "stale_files",
]

DEFAULT_MODELS = Path("models")


def run(models: Sequence[Path] = (), *, out: Path = Path("out"), force: bool = False, check: bool = False,
        jobs: int | None = None, timeout: float = 60.0, fancy: bool | None = None,
        layout: str | None = None, announce: Announce | None = None) -> BuildReport:
    """What ``archkit build`` does: build (or with ``check``, compare) and print the summary.

    ``models`` defaults to every model in ``models/``; ``fancy`` (default: on a terminal
    and not in CI) picks the rich progress bar over plain lines; ``layout`` (``best`` or ``fast``)
    overrides each model's ``archkit.layout`` and is part of the fingerprint; ``announce``: told of each
    view's new SVG as soon as it is written (the live preview, :data:`archkit.build.runner.Announce`).
    """
    paths = list(models) or discover(DEFAULT_MODELS)
    if not paths:
        raise LoadError(f"{DEFAULT_MODELS}/: no model files found — pass model files, e.g. archkit build shop.py")
    show = interactive() if fancy is None else fancy
    reporter = make_reporter(show)
    if check:
        report = check_outputs(paths, out, reporter, jobs=jobs, timeout=timeout, layout=layout)
    else:
        report = build(paths, out, reporter, force=force, jobs=jobs, timeout=timeout, layout=layout,
                       announce=announce)
    print_summary(report, show)
    return report
