"""Timing whole processes: wall time and peak memory of each run, medians over several runs.

Every run is a fresh process, started through ``/usr/bin/time -f %M``: GNU time
forks it from a small process and reports its peak resident memory, which
includes the children it waited for (the ``dot`` runs of a render, for
instance). Reading ``ru_maxrss`` straight from ``os.wait4`` would not do: a
child forked from this (large) Python process inherits its resident size as
its high-water mark. Without GNU time, ``wait4``'s figure is used and noted.
CPU time (user + system, children included) comes from ``wait4``; it is less
disturbed than wall time when other work shares the machine.
One warm-up run comes first and is not counted, so the disk cache and Python's
bytecode cache are warm, as they are for a user running the command twice.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import statistics
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Run:
    """One process: wall seconds, peak memory (MiB), exit status, the stage's JSON marks, CPU seconds."""

    seconds: float
    peak_mib: float
    returncode: int
    marks: dict[str, Any] = field(default_factory=dict)
    stderr: str = ""
    timed_out: bool = False
    cpu: float = 0.0
    stdout: str = ""


@dataclass
class Sample:
    """Several runs of one command."""

    name: str
    command: list[str]
    runs: list[Run] = field(default_factory=list)
    discarded: int = 0

    @property
    def ok(self) -> bool:
        return bool(self.runs) and all(r.returncode == 0 and not r.timed_out for r in self.runs)

    @property
    def unavailable(self) -> bool:
        return bool(self.runs) and self.runs[0].returncode == 3

    @property
    def median(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def min(self) -> float:
        return min(r.seconds for r in self.runs)

    @property
    def max(self) -> float:
        return max(r.seconds for r in self.runs)

    @property
    def cpu(self) -> float:
        """Median CPU seconds (user + system, children included)."""
        return statistics.median(r.cpu for r in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(r.peak_mib for r in self.runs)

    def mark(self, key: str) -> float | None:
        """Median of an in-process mark (e.g. ``load``) over the runs that reported it."""
        values = [r.marks[key] for r in self.runs if isinstance(r.marks.get(key), int | float)]
        return statistics.median(values) if values else None

    def failure(self) -> str:
        """Why the sample is not ok, in a few words."""
        bad = next((r for r in self.runs if r.returncode != 0 or r.timed_out), None)
        if bad is None:
            return ""
        if bad.timed_out:
            return f"timed out after {bad.seconds:.0f} s"
        # a peer's Python traceback quotes Graphviz's stderr, whose first error says why
        graphviz = re.search(r"(?:^|b'|\\n)Error: ([^\\\n']{1,120})", bad.stderr, re.MULTILINE)
        if graphviz is not None:
            return f"Graphviz: Error: {graphviz.group(1).strip()}"
        timeout = re.search(r"TimeoutExpired: Command '\['?([^' ]+).*timed out after ([0-9.]+) seconds", bad.stderr)
        if timeout is not None:
            return f"its `{Path(timeout.group(1)).name}` subprocess timed out after {float(timeout.group(2)):g} s"
        last = (bad.stderr.strip().splitlines()[-1:] or [f"exit {bad.returncode}"])[0]
        if len(last) <= 160:
            return last
        # a Python exception may quote a whole Graphviz stderr: keep its name and first line
        quoted = re.search(r"\[stderr: b'([^\\]*)", last)
        head, _, rest = last.partition(":")
        return f"{head}: {(quoted.group(1) if quoted else rest).strip()}"[:160]


TIME = "/usr/bin/time"


def run_once(command: Sequence[str], *, timeout: float, cwd: Path | None = None,
             env: dict[str, str] | None = None) -> Run:
    """Run ``command`` once as its own process group; kill the group on timeout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err, \
            tempfile.NamedTemporaryFile("r") as peak:
        wrapped = [TIME, "-f", "%M", "-o", peak.name, *command] if os.path.exists(TIME) else list(command)
        start = time.perf_counter()
        proc = subprocess.Popen(wrapped, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                cwd=cwd, env=env, start_new_session=True)
        expired = threading.Event()

        def _kill() -> None:
            expired.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, _kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
        reported = peak.read().strip().splitlines()
    kib = int(reported[-1]) if reported and reported[-1].isdigit() else usage.ru_maxrss
    return Run(seconds, kib / 1024, proc.returncode, _last_json(stdout), _ends(stderr), expired.is_set(),
               usage.ru_utime + usage.ru_stime, stdout[-20_000:])


def _ends(text: str, keep: int = 20_000) -> str:
    """The start and the end of a long output: the first error and the last words both matter
    (Graphviz prints its error, then a debug dump of many thousand lines)."""
    return text if len(text) <= 2 * keep else f"{text[:keep]}\n[...]\n{text[-keep:]}"


def _last_json(stdout: str) -> dict[str, Any]:
    lines = stdout.strip().splitlines()
    if not lines:
        return {}
    try:
        value = json.loads(lines[-1])
    except json.JSONDecodeError:
        return {}
    return value if isinstance(value, dict) else {}


def measure(name: str, command: Sequence[str], *, runs: int, warmup: int = 1, timeout: float = 120.0,
            cwd: Path | None = None, env: dict[str, str] | None = None,
            valid: Callable[[Run], bool] | None = None) -> Sample:
    """``warmup`` uncounted runs, then ``runs`` counted ones; stops early when a run fails.

    A run for which ``valid`` says False (a "no-op" build that rebuilt because someone changed
    archkit meanwhile) is not counted and is tried again, up to ``runs`` more times.
    """
    sample = Sample(name, list(command))
    for _ in range(warmup):
        first = run_once(command, timeout=timeout, cwd=cwd, env=env)
        if first.returncode != 0 or first.timed_out:
            sample.runs.append(first)
            return sample
    retries = runs
    while len(sample.runs) < runs:
        run = run_once(command, timeout=timeout, cwd=cwd, env=env)
        if run.returncode == 0 and not run.timed_out and valid is not None and not valid(run) and retries:
            retries -= 1
            sample.discarded += 1
            continue
        sample.runs.append(run)
        if run.returncode != 0 or run.timed_out:
            break
    return sample
