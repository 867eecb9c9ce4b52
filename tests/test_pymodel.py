""".py models run in a child process (archkit/pymodel.py): what a model does to its process (time,
threads, subprocesses, exits, crashes, working directory, environment, modules) stays there. Most
tests run the real `archkit` command, as a user or CI does."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from archkit.cli import app
from archkit.errors import LoadError
from archkit.load import load, load_bytes
from tests.test_bad_inputs import CASES, case_id, run_case

ARCHKIT = Path(sys.executable).with_name("archkit")
ESCAPES = {"py/bare-except-sleep.py", "py/serialisation-loops.py", "py/non-daemon-thread.py", "py/os-exit.py",
           "py/segfault.py", "py/chdir.py", "py/swallows-timeout.py", "py/exits.py"}
GOOD = "from archkit import Workspace\nworkspace = Workspace(name='{name}')\n" \
       "workspace.model.person('User', 'Uses it.').uses(workspace.model.software_system('Shop', 'Sells.'), 'Buys')\n"


def archkit(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ARCHKIT), *args], cwd=cwd, capture_output=True, text=True, timeout=300, check=False)


def gone(pid: int) -> bool:
    """The process no longer runs (it does not exist, or it is a zombie waiting for its parent)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except FileNotFoundError:
        return True
    return stat.rsplit(")", 1)[1].split()[0] in ("Z", "X")


@pytest.mark.parametrize("case", [c for c in CASES if c.get("file") in ESCAPES], ids=case_id)
def test_escape_cases_through_the_real_archkit_process(case: dict[str, Any], tmp_path: Path) -> None:
    """The corpus cases for the escapes, through a real process: a non-daemon thread would keep it
    alive (subprocess.run's timeout fails the test), os._exit would end it with exit status 0."""
    run_case(case, tmp_path, subprocess_mode=True)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_the_model_process_and_its_threads_are_gone_when_check_returns(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    (tmp_path / "m.py").write_text(
        "import os, threading, time\n"
        "threading.Thread(target=lambda: time.sleep(3600), daemon=False).start()\n"
        f"open({str(pid_file)!r}, 'w').write(str(os.getpid()))\n" + GOOD.format(name="Threads"),
        encoding="utf-8")
    done = archkit(["check", "m.py"], tmp_path)
    assert done.returncode == 0, done.stderr
    pid = int(pid_file.read_text(encoding="utf-8"))
    assert pid != os.getpid()
    assert gone(pid), f"the model's process {pid} still runs"


@pytest.mark.skipif(not Path("/proc/self/stat").exists() or shutil.which("sleep") is None,
                    reason="needs /proc and sleep")
def test_a_subprocess_the_model_started_is_killed_with_it(tmp_path: Path) -> None:
    pid_file = tmp_path / "pid"
    (tmp_path / "m.py").write_text(
        "import subprocess\n"
        f"open({str(pid_file)!r}, 'w').write(str(subprocess.Popen(['sleep', '3600']).pid))\n"
        + GOOD.format(name="Spawns"), encoding="utf-8")
    done = archkit(["check", "m.py"], tmp_path)
    assert done.returncode == 0, done.stderr
    pid = int(pid_file.read_text(encoding="utf-8"))
    for _ in range(300):  # SIGKILL was sent before archkit exited; its delivery is asynchronous
        if gone(pid):
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        pytest.fail(f"the model's subprocess {pid} still runs")


def test_a_model_printing_more_than_a_pipe_holds_keeps_stdout_clean(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("print('x' * 1_000_000)\nprint('LAST-LINE')\n" + GOOD.format(name="Loud"),
                                   encoding="utf-8")
    done = archkit(["check", "m.py", "--format", "json"], tmp_path)
    assert done.returncode == 0, done.stderr[-500:]
    assert "LAST-LINE" in done.stderr and "x" * 1_000_000 in done.stderr
    assert "xxx" not in done.stdout and "LAST-LINE" not in done.stdout


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_model_that_ends_its_process_fails_only_its_own_build(tmp_path: Path, jobs: str) -> None:
    (tmp_path / "good.py").write_text(GOOD.format(name="Good"), encoding="utf-8")
    (tmp_path / "gone.py").write_text("import os\nos._exit(0)\n", encoding="utf-8")
    done = archkit(["build", "good.py", "gone.py", "--out", "out", "--jobs", jobs], tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "gone.py: the model ended its process without returning a workspace (exit status 0)" in \
        done.stdout + done.stderr
    assert list((tmp_path / "out" / "good" / "diagrams").glob("*.svg"))
    assert "Traceback" not in done.stdout + done.stderr


def test_a_relative_out_stays_where_archkit_started_when_the_model_changes_directory(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    (work / "m.py").write_text("import os\nos.chdir('..')\n" + GOOD.format(name="Moved"), encoding="utf-8")
    done = archkit(["build", "m.py", "--out", "out", "--jobs", "1"], work)
    assert done.returncode == 0, done.stderr
    assert (work / "out" / "m" / "arc42").is_dir()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["work"]


def test_loading_leaves_the_callers_directory_environment_threads_and_modules_alone(tmp_path: Path) -> None:
    (tmp_path / "helper_for_pymodel_test.py").write_text("NAME = 'From the helper'\n", encoding="utf-8")
    (tmp_path / "m.py").write_text(
        "import os, signal, sys, threading, time\n"
        "from helper_for_pymodel_test import NAME\n"
        "os.chdir('/')\n"
        "os.environ['ARCHKIT_PYMODEL_TEST'] = 'set by the model'\n"
        "sys.path.append('/nowhere')\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "threading.Thread(target=lambda: time.sleep(3600)).start()\n"
        "from archkit import Workspace\nworkspace = Workspace(name=NAME)\n", encoding="utf-8")
    before = (os.getcwd(), dict(os.environ), list(sys.path), threading.active_count(),
              signal.getsignal(signal.SIGTERM))
    ws = load(tmp_path / "m.py")
    assert ws.name == "From the helper"
    after = (os.getcwd(), dict(os.environ), list(sys.path), threading.active_count(),
             signal.getsignal(signal.SIGTERM))
    assert after == before
    assert "helper_for_pymodel_test" not in sys.modules and "__archkit_model__" not in sys.modules


def test_the_time_limit_holds_outside_the_main_thread(tmp_path: Path) -> None:
    """A signal-based timer works only in the main thread; the child's hard kill works anywhere."""
    (tmp_path / "m.py").write_text("while True:\n    pass\n", encoding="utf-8")
    raised: list[BaseException] = []

    def run() -> None:
        try:
            load(tmp_path / "m.py", timeout=0.5)
        except LoadError as exc:
            raised.append(exc)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join(120)
    assert not worker.is_alive(), "the time limit did not stop the model"
    assert raised and "m.py: the model did not finish within 0.5 s" in str(raised[0])


def test_load_bytes_runs_a_model_from_a_revision_with_its_siblings_and_the_same_errors(tmp_path: Path) -> None:
    (tmp_path / "common.py").write_text("NAME = 'Sibling'\n", encoding="utf-8")
    source = b"from common import NAME\nfrom archkit import Workspace\nworkspace = Workspace(name=NAME)\n"
    assert load_bytes(source, "HEAD:m.py", folder=tmp_path).name == "Sibling"
    with pytest.raises(LoadError, match=r"^HEAD:m\.py:2: the model raised ZeroDivisionError: division by zero$"):
        load_bytes(b"x = 1\n1 / 0\n", "HEAD:m.py", folder=tmp_path)
    with pytest.raises(LoadError, match=r"^HEAD:m\.py: the model ended its process without returning a workspace"):
        load_bytes(b"import os\nos._exit(3)\n", "HEAD:m.py")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_diff_git_of_a_model_that_imports_a_sibling(tmp_path: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True)

    (tmp_path / "names.py").write_text("SHOP = 'Shop'\n", encoding="utf-8")
    model = tmp_path / "m.py"
    model.write_text("from names import SHOP\n" + GOOD.replace("'Shop'", "SHOP").format(name="Diffed"),
                     encoding="utf-8")
    git("init", "-q")
    git("config", "user.email", "t@example.com")
    git("config", "user.name", "t")
    git("add", ".")
    git("commit", "-q", "-m", "v1")
    model.write_text(model.read_text(encoding="utf-8") + "workspace.model.software_system('Bank', 'Pays.')\n",
                     encoding="utf-8")
    done = archkit(["diff", "m.py", "--git", "HEAD"], tmp_path)
    assert done.returncode in (0, 1), done.stderr
    assert "bank" in done.stdout.lower() and "Traceback" not in done.stderr
    result = CliRunner().invoke(app, ["diff", str(model), "--git", "HEAD", "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    assert '"added": 1' in result.stdout


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS and MAP_NORESERVE are Linux's")
def test_a_model_cannot_take_more_address_space_than_the_limit(tmp_path: Path) -> None:
    """64 GiB reserved but never touched (MAP_NORESERVE: no memory is used, with or without the
    limit): only the address-space limit refuses it."""
    (tmp_path / "m.py").write_text(
        "import mmap\n"
        "mmap.mmap(-1, 64 * 2**30, flags=mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | 0x4000)\n"
        + GOOD.format(name="Greedy"), encoding="utf-8")
    done = archkit(["check", "m.py"], tmp_path)
    assert done.returncode == 2, done.stderr
    assert "m.py:2: the model raised OSError: [Errno 12] Cannot allocate memory" in done.stderr


def test_loading_again_sees_an_edited_sibling_module(tmp_path: Path) -> None:
    """`archkit watch` loads a model again after its sibling module changed: the sibling is imported
    afresh in each child, not served from the caller's sys.modules."""
    (tmp_path / "names_for_reload_test.py").write_text("NAME = 'One'\n", encoding="utf-8")
    (tmp_path / "m.py").write_text("from names_for_reload_test import NAME\nfrom archkit import Workspace\n"
                                   "workspace = Workspace(name=NAME)\n", encoding="utf-8")
    assert load(tmp_path / "m.py").name == "One"
    (tmp_path / "names_for_reload_test.py").write_text("NAME = 'The second'\n", encoding="utf-8")
    assert load(tmp_path / "m.py").name == "The second"


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux's")
def test_a_model_does_not_outlive_an_archkit_killed_from_outside(tmp_path: Path) -> None:
    """The model's process group is its own, so a kill of archkit (CI cancelling a job) does not
    reach it; the kernel kills it when archkit dies."""
    pid_file = tmp_path / "pid"
    (tmp_path / "m.py").write_text(
        f"import os\nopen({str(pid_file)!r} + '.tmp', 'w').write(str(os.getpid()))\n"
        f"os.rename({str(pid_file)!r} + '.tmp', {str(pid_file)!r})\nwhile True:\n    pass\n", encoding="utf-8")
    proc = subprocess.Popen([str(ARCHKIT), "check", "m.py", "--timeout", "0"], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):  # wait for the model to run (archkit starts in well under a minute)
            if pid_file.exists() or proc.poll() is not None:
                break
            time.sleep(0.1)
        assert pid_file.exists(), "the model never ran"
        pid = int(pid_file.read_text(encoding="utf-8"))
    finally:
        proc.kill()
        proc.wait(timeout=30)
    for _ in range(300):
        if gone(pid):
            return
        time.sleep(0.1)
    os.kill(pid, signal.SIGKILL)
    pytest.fail(f"the model's process {pid} outlived archkit")


def test_a_model_printing_control_characters_reaches_stderr_escaped(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text("print('one\\x1b[31m red\\u202e line')\nprint('two')\n" + GOOD.format(name="Esc"),
                                   encoding="utf-8")
    done = archkit(["check", "m.py"], tmp_path)
    assert done.returncode == 0, done.stderr
    assert "one\\u001b[31m red\\u202e line\ntwo\n" in done.stderr
    assert "\x1b" not in done.stderr and "\u202e" not in done.stderr
