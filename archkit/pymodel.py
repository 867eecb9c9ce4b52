"""Run a ``.py`` model in a child process whose time, threads, exits and working directory cannot
reach the caller; only the workspace comes back, as JSON data for ``load.py`` to validate.

The child is forked (archkit and pydantic are already imported, so it starts in a few
milliseconds), puts itself in its own process group and runs the model with its stdout and stderr
sent down a pipe that the parent copies to its own ``sys.stderr`` (so ``print()`` in a model never
reaches stdout). Inside the time limit it dumps the workspace to JSON and writes it down a second
pipe, framed by its length. The parent kills the whole process group with SIGKILL when the result
is in, when the time is up, or when the child ended without a result, so nothing the model started
(threads, ``time.sleep`` in a bare ``except:``, a subprocess in its group) outlives the load; on
Linux the kernel kills the child if archkit itself is killed. The parent never unpickles
anything: it reads JSON text, and ``load.workspace_from_data`` validates it.
"""

from __future__ import annotations

import codecs
import contextlib
import faulthandler
import functools
import gc
import io
import json
import math
import os
import re
import selectors
import signal
import struct
import sys
import time
import traceback
import types
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from archkit.errors import ArchkitError, LoadError, printable

try:
    import resource
except ImportError:  # not a POSIX system: no memory limit (and no fork: see run_model)
    resource = None  # type: ignore[assignment]

MAX_RESULT_BYTES = 1024 * 1024 * 1024
"""The largest workspace (as JSON) a model may return; far above any real model (5000 elements
are about 3 MB), low enough that a runaway model cannot make the parent allocate without bound."""
MEMORY_LIMIT_BYTES = 4 * 1024**3
"""How much more address space than archkit had when it started the model the model may take
(RLIMIT_AS, Linux): past it an allocation fails with MemoryError, a clean error, instead of
the machine running out of memory."""
_RUN_NAME = "__archkit_model__"
_HEADER = struct.Struct(">cQ")  # b"W" (workspace JSON) or b"E" (one-line error), then the length
_CHUNK = 1 << 20
_FAILED_EXIT = 70  # the child's exit code when archkit's own child code failed (never expected)


def run_model(text: str, name: str, folder: Path | None, timeout: float) -> Any:
    """Run model source ``text`` (named ``name`` in messages and tracebacks) in a child process and
    return its workspace as plain JSON data; ``folder`` goes first on the child's ``sys.path`` so
    that the model can import its sibling modules. ``timeout`` <= 0 means no time limit.

    Raises :class:`LoadError` with one line naming the file (and the line, when the model raised).
    """
    if not hasattr(os, "fork"):
        raise LoadError(f"{name}: .py models run in a child process made with fork(), which this system "
                        "lacks — write the model as YAML or JSON instead")
    search = str(folder.resolve()) if folder is not None else None
    on_parent_death = _parent_death_signal()
    parent = os.getpid()
    result_r, result_w = os.pipe()
    output_r, output_w = os.pipe()
    for stream in (sys.stdout, sys.stderr):  # else the child would write the parent's buffered text again
        with contextlib.suppress(Exception):
            stream.flush()
    with warnings.catch_warnings():
        # Python 3.12+ warns when a process with threads forks: the child runs only the model and
        # leaves with os._exit, and a child stuck on a lock copied mid-use is killed at the time limit
        warnings.simplefilter("ignore", DeprecationWarning)
        pid = os.fork()
    if pid == 0:  # the child: never returns into the caller's code
        code = _FAILED_EXIT
        try:
            os.close(result_r)
            os.close(output_r)
            if on_parent_death is not None:
                on_parent_death()
            if os.getppid() != parent:  # archkit died before the line above: nobody waits for a result
                os._exit(_FAILED_EXIT)
            _child(text, name, search, result_w, output_w)
            code = 0
        except BaseException:  # archkit's own child code failed: a bug, shown with its traceback
            with contextlib.suppress(BaseException):
                traceback.print_exc()
        finally:
            os._exit(code)
    os.close(result_w)
    os.close(output_w)
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)  # as the child does itself: whichever runs first, the group exists for the kill
    return _parent(pid, result_r, output_r, name, timeout)


@functools.cache
def _parent_death_signal() -> Callable[[], None] | None:
    """Linux: a function that asks the kernel to SIGKILL the calling (child) process when archkit
    dies, so that a model cannot outlive an archkit killed from outside (CI cancelling a job) —
    the model's process group is its own, out of reach of a signal to archkit's group. Made
    once, in the parent (loading ctypes in every child would cost each model ~3 ms)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        import ctypes

        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (ImportError, OSError, AttributeError):
        return None
    pr_set_pdeathsig = 1
    return lambda: prctl(pr_set_pdeathsig, signal.SIGKILL.value, 0, 0, 0)


# ---- the parent ---------------------------------------------------------------------------------


def _parent(pid: int, result_r: int, output_r: int, name: str, timeout: float) -> Any:
    relay = _Relay()
    status: int | None = None
    try:
        deadline = time.monotonic() + timeout if 0 < timeout < math.inf else None
        frame = _collect(result_r, output_r, relay, deadline)
        if frame is None:
            raise LoadError(
                f"{name}: the model did not finish within {timeout:g} s — look for an endless loop, "
                "or raise the limit with --timeout"
            )
    finally:
        status = _end(pid)
        relay.drain(output_r)
        os.close(result_r)
        os.close(output_r)
    kind, payload = frame
    if kind == b"E":  # the child's error: its lines, each escaped again here
        raise LoadError(payload.decode("utf-8", "replace").split("\n"))
    if kind == b"L":
        raise LoadError(f"{name}: the workspace the model returned is larger than {MAX_RESULT_BYTES // 2**20} MiB "
                        "as JSON — split the model")
    if kind != b"W":
        raise LoadError(f"{name}: the model ended its process without returning a workspace "
                        f"({_how(status)}) — a model must not call os._exit() or crash the interpreter; "
                        f"run `python {name}` to see how it ends")
    try:
        return json.loads(payload)
    except (ValueError, RecursionError):
        raise LoadError(f"{name}: the workspace the model returned is not valid JSON — build it with the "
                        "authoring API (archkit.Workspace)") from None


def _collect(result_r: int, output_r: int, relay: _Relay, deadline: float | None) -> tuple[bytes, bytes] | None:
    """Read the child's framed result while copying its output; ``(b"X", b"")`` when the result pipe
    closed before a whole frame came (the child ended), None when the deadline passed."""
    selector = selectors.DefaultSelector()
    selector.register(result_r, selectors.EVENT_READ, "result")
    selector.register(output_r, selectors.EVENT_READ, "output")
    buffer = bytearray()
    with selector:
        while True:
            wait = None if deadline is None else deadline - time.monotonic()
            if wait is not None and wait <= 0:
                return None
            for key, _ in selector.select(wait):
                chunk = os.read(key.fd, _CHUNK)
                if key.data == "output":
                    if chunk:
                        relay.write(chunk)
                    else:
                        selector.unregister(output_r)
                    continue
                if not chunk:
                    return b"X", b""
                buffer += chunk
                frame = _frame(buffer)
                if frame is not None:
                    return frame


def _frame(buffer: bytearray) -> tuple[bytes, bytes] | None:
    if len(buffer) < _HEADER.size:
        return None
    kind, length = _HEADER.unpack_from(buffer)
    if length > MAX_RESULT_BYTES:
        return b"L", b""
    if len(buffer) < _HEADER.size + length:
        return None
    return kind, bytes(buffer[_HEADER.size:_HEADER.size + length])


def _end(pid: int) -> int | None:
    """Kill the child's process group (whatever it left running) and reap the child; its wait status."""
    for kill, target in ((os.killpg, pid), (os.kill, pid)):
        with contextlib.suppress(OSError):
            kill(target, signal.SIGKILL)
    try:
        return os.waitpid(pid, 0)[1]
    except ChildProcessError:  # reaped elsewhere (SIGCHLD ignored)
        return None


def _how(status: int | None) -> str:
    if status is None:
        return "its exit status is unknown"
    code = os.waitstatus_to_exitcode(status)
    if code < 0:
        return f"killed by {signal.Signals(-code).name}" if -code in signal.valid_signals() else f"signal {-code}"
    return f"exit status {code}"


class _Relay:
    """Copies the child's output to this process's ``sys.stderr`` (whatever it is: a terminal, or
    a test's capture), decoding UTF-8 across chunk boundaries; control and bidi characters are
    escaped (line breaks kept) as in everything archkit prints."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")

    def write(self, chunk: bytes) -> None:
        text = self._decoder.decode(chunk)
        if text and sys.stderr is not None:
            with contextlib.suppress(Exception):
                sys.stderr.write(printable(text, keep_newlines=True))
                sys.stderr.flush()

    def drain(self, fd: int) -> None:
        """What the child wrote before it ended (a bounded read: something the model left outside
        its process group may still be writing)."""
        os.set_blocking(fd, False)
        for _ in range(64):
            try:
                chunk = os.read(fd, _CHUNK)
            except (BlockingIOError, OSError):
                break
            if not chunk:
                break
            self.write(chunk)
        tail = self._decoder.decode(b"", final=True)
        if tail and sys.stderr is not None:
            with contextlib.suppress(Exception):
                sys.stderr.write(printable(tail, keep_newlines=True))


# ---- the child ----------------------------------------------------------------------------------


def _child(text: str, name: str, search: str | None, result_w: int, output_w: int) -> None:
    """Run the model and send its frame: the workspace as JSON, or the one-line error."""
    with contextlib.suppress(OSError):
        os.setpgid(0, 0)
    faulthandler.disable()  # a crash of the model is one clean line in the parent, not a stack dump
    _limit_memory()
    gc.freeze()  # the objects inherited from the parent: not walked (and so not copied) by the collector
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    os.dup2(output_w, 1)
    os.dup2(output_w, 2)
    os.close(output_w)
    stream = io.TextIOWrapper(open(2, "wb", buffering=0, closefd=False), encoding="utf-8",  # noqa: SIM115
                              errors="backslashreplace", write_through=True)
    sys.stdout = sys.stderr = stream
    sys.stdin = open(0, encoding="utf-8", closefd=False)  # noqa: SIM115
    if search is not None:
        sys.path.insert(0, search)
    try:
        kind, payload = b"W", _workspace_json(text, name)
    except ArchkitError as exc:  # already one line naming the file
        kind, payload = b"E", str(exc).encode("utf-8", "backslashreplace")
    with contextlib.suppress(Exception):
        stream.flush()
    view = memoryview(_HEADER.pack(kind, len(payload)) + payload)
    while view:
        view = view[os.write(result_w, view):]


def _limit_memory() -> None:
    """Cap the child's address space at its size now plus :data:`MEMORY_LIMIT_BYTES`, soft and hard
    limit alike (the model cannot raise it again); where /proc or RLIMIT_AS is missing, no cap."""
    if resource is None:
        return
    try:
        with open("/proc/self/statm", encoding="ascii") as statm:
            size = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
        hard = resource.getrlimit(resource.RLIMIT_AS)[1]
        limit = size + MEMORY_LIMIT_BYTES
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (OSError, ValueError, AttributeError):
        return


def _workspace_json(text: str, name: str) -> bytes:
    """The model's workspace as JSON (``Workspace.to_data``, lone surrogates escaped), or a :class:`LoadError`."""
    from archkit.model import Workspace

    try:
        namespace = _run_source(text, name)
        ws = namespace.get("workspace")
        build = namespace.get("build")
        if ws is None and callable(build):
            ws = build()
    except ArchkitError as exc:  # one line per problem, each naming the file and the model's line
        at = f"{name}{_model_line(exc, name)}"
        raise LoadError([line if line.startswith(name) else f"{at}: {line}" for line in exc.lines]) from None
    except ValidationError as exc:  # a value the authoring API refused: said as for a YAML model
        from archkit.load_errors import format_python_validation_error

        raise LoadError(format_python_validation_error(exc, f"{name}{_model_line(exc, name)}")) from None
    except SyntaxError as exc:
        raise LoadError(f"{name}:{exc.lineno}: syntax error: {exc.msg} — fix the Python syntax") from None
    except BaseException as exc:  # a model is user code: whatever it raises is a load error
        raise LoadError(
            f"{name}{_model_line(exc, name)}: the model raised "
            + ": ".join(filter(None, (type(exc).__name__, _one_line(exc)))) + _keyword_hint(exc)
        ) from None
    if ws is None:
        raise LoadError(
            f"{name}: defines no workspace — assign `workspace = Workspace(...)` or define "
            "`build() -> Workspace` at module level"
        )
    if not isinstance(ws, Workspace):
        raise LoadError(f"{name}: `workspace` is a {type(ws).__name__}, not an archkit.Workspace")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pydantic warns about each hand-built oddity
            return json.dumps(ws.to_data()).encode("ascii")
    except Exception as exc:
        raise LoadError(
            f"{name}: the workspace cannot be read back ({_one_line(exc)}) — build it with the "
            "authoring API (ws.model.person(...), system.container(...)) instead of editing lists by hand"
        ) from None


def _run_source(text: str, filename: str) -> dict[str, Any]:
    """Run model code as ``runpy.run_path`` does: in a module ``__archkit_model__`` registered in
    ``sys.modules`` (so that classes defined in a model work)."""
    code = compile(text, filename, "exec", dont_inherit=True)
    module = types.ModuleType(_RUN_NAME)
    module.__file__ = filename
    sys.modules[_RUN_NAME] = module
    exec(code, module.__dict__)
    return dict(module.__dict__)


def _model_line(exc: BaseException, filename: str) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename == filename]
    return f":{frames[-1].lineno}" if frames else ""


_UNEXPECTED_KEYWORD = re.compile(r"^(\w+)\.(\w+)\(\) got an unexpected keyword argument '(\w+)'$")


def _keyword_hint(exc: BaseException) -> str:
    """``; did you mean 'technology'? — ...`` for a misspelt keyword argument of the authoring API
    (``system.container(..., technolgy=...)``), as for a misspelt YAML key."""
    import inspect

    import archkit.model
    from archkit.ids import did_you_mean

    found = _UNEXPECTED_KEYWORD.match(str(exc)) if isinstance(exc, TypeError) else None
    method = getattr(getattr(archkit.model, found[1], None), found[2], None) if found else None
    if found is None or not callable(method):
        return ""
    try:
        names = [p for p in inspect.signature(method).parameters if p != "self"]
    except (TypeError, ValueError):
        return ""
    return f"{did_you_mean(found[3], names)} — the keyword arguments are {', '.join(names)}"


def _one_line(exc: BaseException) -> str:
    """The exception's message on one line (and something readable when ``str()`` fails)."""
    try:
        text = str(exc)
    except Exception:
        text = "(its message could not be shown)"
    return " ".join(text.split())[:500]
