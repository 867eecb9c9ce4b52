"""Nothing lost: outputs are written atomically, and a render or build that is killed with
SIGKILL, or whose `dot` fails or hangs, leaves the previous outputs byte for byte intact."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from archkit.diskfile import write_bytes_atomic
from archkit.errors import OutputError, RenderError
from archkit.output import Artifact, write_artifacts

ARCHKIT = Path(sys.executable).with_name("archkit")
REAL_DOT = "/usr/bin/dot"
needs_dot = pytest.mark.skipif(not Path(REAL_DOT).exists(), reason="Graphviz dot is not installed")

MODEL = """\
name: Shop
model:
  people:
  - {id: customer, name: Customer, description: Buys things.}
  software_systems:
  - id: shop
    name: Shop
    description: DESCRIPTION
    containers:
    - {id: shop.api, name: API, description: Takes orders., technology: Python}
  relationships:
  - {source: customer, destination: shop.api, description: Places orders, technology: HTTPS}
"""


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (temporary files included) with its bytes."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def fake_dot(folder: Path, body: str) -> dict[str, str]:
    """An environment whose PATH finds a `dot` that runs ``body`` (sh) before the real one."""
    folder.mkdir(exist_ok=True)
    script = folder / "dot"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(0o755)
    return {**os.environ, "PATH": f"{folder}{os.pathsep}{os.environ['PATH']}"}


def archkit(args: list[str], cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ARCHKIT), *args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=300, check=False)


@pytest.fixture(scope="module", params=["render", "build"])
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    """A folder with the model built once by the real dot, then changed so that a rebuild would
    differ: (command, folder). Each test works on its own copy."""
    command = str(request.param)
    folder = tmp_path_factory.mktemp(f"built-{command}")
    model = folder / "shop.yaml"
    model.write_text(MODEL.replace("DESCRIPTION", "Sells things."), encoding="utf-8")
    done = archkit(build_args(command), folder)
    assert done.returncode == 0, done.stderr
    assert any(name.endswith(".svg") for name in files(folder / "out"))
    model.write_text(MODEL.replace("DESCRIPTION", "Sells other things now."), encoding="utf-8")
    return command, folder


def copy_of(built: tuple[str, Path], tmp_path: Path) -> tuple[str, Path, dict[str, bytes]]:
    command, folder = built
    work = tmp_path / "work"
    shutil.copytree(folder, work, symlinks=True)
    return command, work, files(work / "out")


def build_args(command: str) -> list[str]:
    if command == "render":
        return ["render", "shop.yaml", "--out", "out", "--format", "svg"]
    return ["build", "shop.yaml", "--out", "out", "--jobs", "1"]


# ---- atomic writes ----------------------------------------------------------------------------


def test_write_goes_through_a_temporary_file_and_a_rename(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.svg"
    target.write_bytes(b"old")
    seen: list[tuple[str, str]] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append((Path(src).name, Path(dst).name))
        assert Path(src).read_bytes() == b"new" and target.read_bytes() == b"old"
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy)
    assert write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert len(seen) == 1 and seen[0][0].startswith(".a.svg.") and seen[0][0].endswith(".tmp")
    assert [p.name for p in tmp_path.iterdir()] == ["a.svg"]


def test_a_write_that_fails_halfway_keeps_the_old_file_and_leaves_no_temporary(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "a.svg"
    target.write_bytes(b"old")

    def broken_fsync(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OutputError, match="No space left on device"):
        write_artifacts(tmp_path, [Artifact("a.svg", b"new" * 1000)])
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.svg"]


def test_an_unwritable_path_is_refused_before_any_file_is_written(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="refusing to write"):
        write_artifacts(tmp_path, [Artifact("diagrams/ok.svg", b"x"), Artifact("../escape.svg", b"x")])
    assert files(tmp_path) == {}


def test_writer_killed_during_a_write_leaves_the_previous_file(tmp_path: Path) -> None:
    """A real SIGKILL while the new bytes are on their way to disk: the old file stays whole."""
    out = tmp_path / "out"
    write_artifacts(out, [Artifact("diagrams/a.svg", b"<svg>old</svg>")])
    marker = tmp_path / "writing"
    harness = textwrap.dedent(f"""
        import os, pathlib, time
        from archkit.output import Artifact, write_artifacts
        def slow_fsync(fd):
            pathlib.Path({str(marker)!r}).touch()
            time.sleep(60)
        os.fsync = slow_fsync
        write_artifacts({str(out)!r}, [Artifact("diagrams/a.svg", b"<svg>" + b"new" * 100000 + b"</svg>")])
    """)
    proc = subprocess.Popen([sys.executable, "-c", harness])
    try:
        wait_for(marker, proc)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    assert (out / "diagrams" / "a.svg").read_bytes() == b"<svg>old</svg>"
    left = [p.name for p in (out / "diagrams").iterdir() if p.name != "a.svg"]
    assert len(left) == 1 and left[0].startswith(f".a.svg.{proc.pid}."), left  # the killed writer's temporary
    write_artifacts(out, [Artifact("diagrams/a.svg", b"<svg>again</svg>")])
    assert [p.name for p in (out / "diagrams").iterdir()] == ["a.svg"], "the next write removes the leftover"


def wait_for(marker: Path, proc: subprocess.Popen[bytes] | subprocess.Popen[str], limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while not marker.exists():
        assert proc.poll() is None, "the process ended before reaching the point to kill it at"
        assert time.monotonic() < deadline, "the process never reached the point to kill it at"
        time.sleep(0.02)


# ---- killed or failing renders and builds ---------------------------------------------------------


@needs_dot
def test_sigkill_during_dot_leaves_the_previous_outputs_intact(built: tuple[str, Path], tmp_path: Path) -> None:
    command, work, before = copy_of(built, tmp_path)
    marker = tmp_path / "dot-started"
    env = fake_dot(tmp_path / "bin", f'touch "{marker}"\nexec sleep 60')
    proc = subprocess.Popen([str(ARCHKIT), *build_args(command)], cwd=work, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        wait_for(marker, proc)
    finally:
        os.killpg(proc.pid, signal.SIGKILL)  # archkit, its workers and the fake dot
        proc.wait(timeout=30)
    assert files(work / "out") == before


@needs_dot
def test_failing_dot_leaves_the_previous_outputs_intact(built: tuple[str, Path], tmp_path: Path) -> None:
    command, work, before = copy_of(built, tmp_path)
    env = fake_dot(tmp_path / "bin", 'echo "Error: syntax error in line 1 near \'x\'" >&2\nexit 1')
    done = archkit(build_args(command), work, env)
    assert done.returncode in (1, 2), done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "syntax error in line 1" in done.stderr + done.stdout
    assert files(work / "out") == before


def test_dot_that_hangs_is_stopped_by_the_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from archkit.render import graphviz

    env = fake_dot(tmp_path / "bin", "exec sleep 60")
    monkeypatch.setenv("PATH", env["PATH"])
    graphviz.dot_executable.cache_clear()
    try:
        started = time.monotonic()
        with pytest.raises(RenderError, match=r"longer than 0\.5 s"):
            graphviz.run_dot("digraph { a -> b }", "svg", timeout=0.5)
        assert time.monotonic() - started < 10
    finally:
        graphviz.dot_executable.cache_clear()


def test_dot_runs_without_a_shell_and_gets_the_dot_text_on_stdin(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """Shell metacharacters in a model reach dot as data: argv is a list, the DOT goes to stdin."""
    from archkit.render import graphviz

    log = tmp_path / "argv.txt"
    env = fake_dot(tmp_path / "bin", f'printf "%s\\n" "$@" > "{log}"\ncat > "{log}.stdin"\n'
                   "echo '<svg xmlns=\"http://www.w3.org/2000/svg\"/>'")
    monkeypatch.setenv("PATH", env["PATH"])
    calls: list[dict[str, object]] = []
    real_run = subprocess.run

    def spy(*args: object, **kwargs: object) -> object:
        calls.append({"args": args[0], **kwargs})
        return real_run(*args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(subprocess, "run", spy)
    graphviz.dot_executable.cache_clear()
    hostile = 'digraph { a [label="$(touch pwned); `touch pwned` | touch pwned"] }'
    try:
        graphviz.run_dot(hostile, "svg", timeout=10)
    finally:
        graphviz.dot_executable.cache_clear()
    assert len(calls) == 1 and isinstance(calls[0]["args"], list) and not calls[0].get("shell")
    assert log.read_text(encoding="utf-8").splitlines()[0] == "-Tsvg"
    assert (tmp_path / "argv.txt.stdin").read_text(encoding="utf-8") == hostile
    assert not (tmp_path / "pwned").exists() and not Path("pwned").exists()
