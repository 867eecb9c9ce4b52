"""What every `archkit` command shares: the typer app, output through :func:`printable`, one-line
errors and exit codes, the refusal of a model with errors, and the findings report of `check` and
`conform`. The commands are in :mod:`archkit.cli` (model, diagrams, docs, build), :mod:`archkit.cli_code`
(the code a model maps) and :mod:`archkit.cli_interop` (other tools' formats)."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import typer

from archkit.errors import ArchkitError, printable, printable_json

if TYPE_CHECKING:
    from archkit.check import Finding
    from archkit.model import Workspace

app = typer.Typer(
    name="archkit",
    help="Architecture as code: check a C4 + arc42 model, render its diagrams, generate its docs.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])


def echo(text: str, *, err: bool = False, nl: bool = True, document: bool = False) -> None:
    """Every output of the CLI goes out here, through :func:`printable`: one line, or a ``document``
    (several lines, JSON, SARIF, an export) whose line breaks are kept and nothing else raw."""
    typer.echo(printable(text, keep_newlines=document), err=err, nl=nl)


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one clean line to stderr and return the Exit to raise."""
    echo(f"archkit: {message}", err=True)
    return typer.Exit(code)


def refuse_to_replace(target: Path, force: bool) -> None:
    """Fail when ``target``, a model source to write (``import -o``, ``discover -o``), exists already (a dangling
    link too): it is a file people edit from then on, and replacing it would lose their work. ``force``: replace
    it (a link is replaced, never written through)."""
    if not force and (target.exists() or target.is_symlink()):
        raise fail(f"{target}: already exists — a model people may have edited; pass --force to replace it, "
                   "or write to another file")


def refuse_own_input(target: Path, source: Path) -> None:
    """Fail when ``target``, a file to write, is the model ``source`` the command reads (``export -o``
    naming it, under this name or another: a link, a hard link)."""
    try:
        same = target.exists() and os.path.samefile(target, source)
    except OSError:
        same = False
    if same:
        raise fail(f"{target}: is the model {source} this command reads — write to another file; nothing was "
                   "written")


def clean_errors(func: F) -> F:
    """Turn every ArchkitError into one line on stderr and exit 2."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ArchkitError as exc:
            for line in exc.lines[:-1]:
                echo(f"archkit: {line}", err=True)
            raise fail(exc.lines[-1]) from None

    return wrapper  # type: ignore[return-value]


def load_checked(model: Path, timeout: float) -> Workspace:
    """Load ``model`` and refuse it when ``check`` finds errors (:func:`refuse_errors`)."""
    from archkit.load import load

    ws = load(model, timeout=timeout)
    refuse_errors(ws, model)
    return ws


def refuse_errors(ws: Workspace, model: Path) -> None:
    """Run ``check`` as ``archkit check`` does: a command that draws, documents or exports a model stops on
    one with errors (each on stderr, exit 1) instead of dropping what is broken."""
    from archkit.check import check as run_check

    errors = [f for f in run_check(ws, str(model)) if f.severity == "error"]
    for finding in errors:
        echo(finding.line(), err=True)
    if errors:
        count = f"{len(errors)} error{'s' if len(errors) != 1 else ''}"
        raise fail(f"{model}: {count} in the model (listed above), nothing written — fix them; "
                   f"`archkit check {model}` lists every finding", 1)


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    github = "github"


def report_findings(findings: Sequence[Finding], failures: list[tuple[str, str]], format: CheckFormat, loaded: int,
                    strict: bool, noun: str = "checked") -> None:
    """Print findings in ``format`` and set the exit code (2: a file did not load; 1: a failing finding)."""
    if format is CheckFormat.json:
        echo(printable_json([f.to_dict() for f in findings], indent=2), document=True)
    elif format in (CheckFormat.sarif, CheckFormat.github):
        from archkit.check.formats import to_github, to_sarif

        render = to_sarif if format is CheckFormat.sarif else to_github
        echo(render(findings, failures), nl=False, document=True)
    elif loaded:
        for f in findings:
            echo(f.line())
        counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
        summary = ", ".join(f"{n} {s}{'s' if n != 1 else ''}" for s, n in counts.items())
        echo(f"{loaded} model{'s' if loaded != 1 else ''} {noun}: {summary}", err=True)
    if failures:
        raise typer.Exit(2)
    failing = {"error", "warning"} if strict else {"error"}
    if any(f.severity in failing for f in findings):
        raise typer.Exit(1)
