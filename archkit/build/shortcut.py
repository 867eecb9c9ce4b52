"""The no-op ``archkit build``, answered before the CLI framework parses anything.

typer (0.29) imports pydantic to coerce command-line arguments, which costs more than
the whole no-op build. When the arguments are only model files and ``-o/--out``, and
every model is up to date, :func:`try_no_op` prints the usual report and the CLI is
never built; in every other case it returns False and the normal ``build`` command runs
(and plans again: planning is cheap).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from archkit.build import DEFAULT_MODELS, run
from archkit.build.plan import discover, plan


def plain_arguments(argv: Sequence[str]) -> tuple[list[Path], Path] | None:
    """``(models, out)`` when ``argv`` holds only model paths and ``-o/--out DIR``; else None."""
    models: list[Path] = []
    out = Path("out")
    args = iter(argv)
    for arg in args:
        if arg in ("-o", "--out"):
            value = next(args, None)
            if value is None:
                return None
            out = Path(value)
        elif arg.startswith("--out="):
            out = Path(arg.removeprefix("--out="))
        elif arg.startswith("-"):
            return None
        else:
            models.append(Path(arg))
    return models, out


def try_no_op(argv: Sequence[str]) -> bool:
    """True when ``archkit build ARGV`` had nothing to do and its report is printed."""
    parsed = plain_arguments(argv)
    if parsed is None:
        return False
    models, out = parsed
    paths = models or discover(DEFAULT_MODELS)
    jobs = plan(paths, out)
    if not jobs or not all(job.up_to_date for job in jobs) or len({j.name for j in jobs}) != len(jobs):
        return False
    return run(paths, out=out).ok
