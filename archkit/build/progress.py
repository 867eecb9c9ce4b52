"""How a build shows progress: a rich progress bar on a terminal, plain lines otherwise (or in CI).

Both end with a summary table. Progress goes to stderr, the summary to stdout. Model file names and
messages are printed through :func:`archkit.errors.printable` (no raw control or bidi character) and
never read as rich markup.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, TextIO

from archkit.build.job import Outcome
from archkit.errors import printable

if TYPE_CHECKING:
    from archkit.build.runner import BuildReport, Reporter

HEADERS = ("model", "status", "files", "errors", "warnings", "seconds")


def interactive(stream: TextIO | None = None) -> bool:
    """True on a terminal, unless the ``CI`` environment variable is set (to anything but empty/false)."""
    ci = os.environ.get("CI", "").strip().lower()
    return (stream or sys.stderr).isatty() and ci in ("", "0", "false", "no")


def make_reporter(fancy: bool) -> Reporter:
    return RichReporter() if fancy else PlainReporter(sys.stderr)


def outcome_line(o: Outcome) -> str:
    if o.status == "up to date":
        return f"{o.path}: up to date"
    if o.status == "failed":
        return f"{o.path}: FAILED"
    return f"{o.path}: {o.status} ({o.files} files, {o.seconds:.1f} s)"


class PlainReporter:
    """One line per model as it finishes: ``[2/4] models/kappa.py: built (23 files, 1.9 s)``."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.total, self.count = stream, 0, 0

    def start(self, total: int, todo: int, title: str) -> None:
        self.total, self.count = total, 0
        if total:
            print(printable(f"archkit: {title} {todo} of {total} model{'s' if total != 1 else ''}"),
                  file=self.stream, flush=True)

    def done(self, outcome: Outcome) -> None:
        self.count += 1
        print(printable(f"[{self.count}/{self.total}] {outcome_line(outcome)}"), file=self.stream, flush=True)
        for message in outcome.messages:
            print(printable(f"  {message}"), file=self.stream, flush=True)

    def stop(self) -> None:
        return None


class RichReporter:
    """A rich progress bar on stderr; messages of failed models print above it."""

    def __init__(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.console = Console(stderr=True)
        self.progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                                 TimeElapsedColumn(), TextColumn("{task.fields[last]}", markup=False),
                                 console=self.console,
                                 transient=True)
        self.task = self.progress.add_task("archkit", total=0, last="")

    def start(self, total: int, todo: int, title: str) -> None:
        self.progress.update(self.task, description=f"archkit: {title}", total=total, completed=0)
        self.progress.start()

    def done(self, outcome: Outcome) -> None:
        self.progress.update(self.task, advance=1, last=printable(outcome.path))
        for message in outcome.messages:
            line = f"{outcome.path}: {message}" if not message.startswith(outcome.path) else message
            self.progress.console.print(printable(line), markup=False, highlight=False)

    def stop(self) -> None:
        self.progress.stop()


def summary_rows(report: BuildReport) -> list[tuple[str, ...]]:
    """The summary table's cells, each one printable line."""
    return [tuple(printable(cell) for cell in (o.path, str(o.status), str(o.files), str(o.errors), str(o.warnings),
                                                f"{o.seconds:.1f}"))
            for o in report.outcomes]


def plain_table(rows: list[tuple[str, ...]]) -> str:
    """A fixed-width text table (no colours, no box drawing) for logs."""
    table = [HEADERS, *rows]
    widths = [max(len(r[i]) for r in table) for i in range(len(HEADERS))]
    numeric = {2, 3, 4, 5}
    lines = []
    for n, row in enumerate(table):
        cells = [c.rjust(w) if i in numeric else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def print_summary(report: BuildReport, fancy: bool) -> None:
    """The summary table, then stale files (for ``--check``), on stdout."""
    rows = summary_rows(report)
    if fancy:
        from rich.console import Console
        from rich.table import Table
        from rich.text import Text

        table = Table(*HEADERS, title="archkit build")
        for row in rows:
            table.add_row(*(Text(cell) for cell in row))  # Text: a file name is never rich markup
        Console().print(table)
    elif rows:
        sys.stdout.write(printable(plain_table(rows), keep_newlines=True))
    for path, reason in report.stale:
        sys.stdout.write(printable(f"stale: {path} ({reason})") + "\n")
    if report.stale:
        sys.stdout.write(printable("out/ is stale — run `archkit build` and commit the result") + "\n")
