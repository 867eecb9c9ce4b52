"""One ``dot`` process kept open for the candidate layouts of the view being drawn.

The layout search lays out a view's candidates one after another, each only in its geometry (``-Tjson0`` or
``-Tjson``), and which one comes next depends on the measure of the one before, so they cannot all be handed
to one ``dot`` run at once (:func:`archkit.render.drafts.together` does that for those a stage knows at once).
A process start and Graphviz's font set-up cost ~13 ms of CPU each, more than laying out a small view. Within
:func:`session` (one view's search, on the thread drawing it), :func:`layout` gives each such layout to a
``dot`` process that stays open: ``dot`` reads one graph after another from its stdin and writes each one's
document as soon as it is laid out, so the search writes a graph, reads its document, measures it and writes
the next.

The layouts are those of a process of its own: the first graph of a process is laid out as alone (nothing ran
before it), and a later one only when it is :func:`graphviz.order_free` (no sibling subgraphs whose order the
memory of the process decides); a graph that is not starts a new process, as its first. As in a batch
(:func:`graphviz.run_batch_json`), Graphviz numbers counted and anonymous subgraphs on from graph to graph
(``"name": "%9"``): archkit reads boundaries by their ids (:func:`archkit.render.drawing.cluster_of`). The
files drawn are byte for byte those of a run per candidate (``benchmarks/render_cpu.py --compare``). Anything unexpected
(``dot`` exits, writes an error or a document that does not end where one should) closes the process and
answers None: the caller lays the graph out in a process of its own, with its own error message. Warnings
are the graph's own: the search waits for each document before writing the next graph, and ``dot`` writes
its warnings while it lays out, before the document.
"""

from __future__ import annotations

import os
import re
import select
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from archkit.errors import RenderError
from archkit.render import graphviz

_local = threading.local()
#: How much of ``dot``'s output is read at once.
_CHUNK = 1 << 16


class _Process:
    """A ``dot -T<fmt>`` process reading graphs from its stdin, one at a time."""

    def __init__(self, fmt: str) -> None:
        self.fmt = fmt
        self.proc = subprocess.Popen(graphviz.process_args(fmt), stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def layout(self, text: str, timeout: float) -> graphviz.Output | None:
        """``text``'s document and warnings, or None when the process could not give them (it is then
        closed). Raises :class:`graphviz.DotTimeout` after ``timeout`` seconds without a whole document."""
        proc = self.proc
        assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
        try:
            proc.stdin.write(text.encode("utf-8") + b"\n")
            proc.stdin.flush()
        except OSError:
            return None
        out, err = bytearray(), bytearray()
        streams = {proc.stdout.fileno(): out, proc.stderr.fileno(): err}
        deadline = _now() + timeout
        while not _whole(out):
            left = deadline - _now()
            if left <= 0:
                raise graphviz.DotTimeout(f"dot: layout took longer than {timeout:g} s")
            ready, _, _ = select.select(list(streams), [], [], left)
            for fd in ready:
                chunk = os.read(fd, _CHUNK)
                if not chunk:  # dot exited
                    return None
                streams[fd] += chunk
            if _failed(err):
                return None
        while select.select([proc.stderr.fileno()], [], [], 0)[0]:  # what it wrote before the document
            chunk = os.read(proc.stderr.fileno(), _CHUNK)
            if not chunk:
                return None
            err += chunk
        if _failed(err):
            return None
        messages = [line.strip() for line in err.decode("utf-8", "replace").splitlines() if line.strip()]
        return graphviz.Output(bytes(out), graphviz.json_messages(messages, [self.fmt]))

    def close(self, kill: bool = False) -> None:
        """End the process: its stdin closed so that it exits, or (``kill``: a layout ran out of time) killed."""
        proc = self.proc
        if kill:
            proc.kill()
        try:
            if proc.stdin is not None:
                proc.stdin.close()
            proc.wait(timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            proc.kill()
            proc.wait()
        for stream in (proc.stdout, proc.stderr):
            if stream is not None:
                stream.close()


def _now() -> float:
    return time.monotonic()


def _whole(out: bytearray) -> bool:
    """Whether ``out`` holds one whole JSON document of ``dot``: it ends with a line of its closing brace
    alone (Graphviz indents what is inside it, and JSON text holds no line break in a string)."""
    return out == b"}\n" or out.endswith(b"\n}\n")


#: A line of ``dot``'s messages that says a graph could not be laid out.
_ERROR = re.compile(rb"^Error", re.MULTILINE)


def _failed(err: bytearray) -> bool:
    return _ERROR.search(err) is not None


class _Session:
    """The ``dot`` processes of one view's search, by format."""

    def __init__(self) -> None:
        self.processes: dict[str, _Process] = {}

    def layout(self, text: str, fmt: str, timeout: float, anywhere: bool = False) -> graphviz.Output | None:
        process = self.processes.get(fmt)
        if process is not None and not anywhere and not graphviz.order_free(text):
            self._close(fmt)  # laid out as the first graph of a process of its own
            process = None
        if process is None:
            try:
                process = self.processes[fmt] = _Process(fmt)
            except OSError:
                return None
        try:
            out = process.layout(text, timeout)
        except graphviz.DotTimeout:
            self._close(fmt, kill=True)  # still laying the graph out: not waited for
            raise
        if out is None:
            self._close(fmt)
        return out

    def _close(self, fmt: str, kill: bool = False) -> None:
        process = self.processes.pop(fmt, None)
        if process is not None:
            process.close(kill)

    def close(self) -> None:
        for fmt in list(self.processes):
            self._close(fmt)


@contextmanager
def session() -> Iterator[None]:
    """Within it, :func:`layout` on this thread keeps its ``dot`` processes open; they close at its end."""
    outer = getattr(_local, "session", None)
    _local.session = _Session()
    try:
        yield
    finally:
        _local.session.close()
        _local.session = outer


def active() -> bool:
    """Whether this thread is in a :func:`session`."""
    return getattr(_local, "session", None) is not None


def sizes(text: str, fmt: str, timeout: float) -> bytes | None:
    """The document of :func:`archkit.render.band.sizing`'s graph (text boxes alone, no subgraph: laid out the
    same after any graph) by this thread's open process; None when it cannot give it."""
    out = layout(text, fmt, timeout, anywhere=True)
    return None if out is None else out.content


def layout(text: str, fmt: str, timeout: float, anywhere: bool = False) -> graphviz.Output | None:
    """``text`` laid out as ``fmt`` (``json`` or ``json0``) by the open ``dot`` process of this thread's
    :func:`session`: the layout and warnings :func:`graphviz.run_dot` gives it. None outside a session, or when
    the process cannot give it (the caller then runs ``dot`` on its own)."""
    current: _Session | None = getattr(_local, "session", None)
    if current is None or not fmt.startswith("json"):
        return None
    try:
        return current.layout(text, fmt, timeout, anywhere)
    except graphviz.DotTimeout:
        raise
    except (OSError, RenderError):
        return None
