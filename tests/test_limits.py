"""Limits on what archkit reads and writes: only regular files are read, never more than 10 MiB even
when the file grows; output names fit every disk and are checked before the first write; a model
whose text no file can hold is refused at load, also while `archkit watch` runs."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit import userfile
from archkit.cli import app
from archkit.errors import LoadError, OutputError
from archkit.load import load_decisions, load_templates
from archkit.output import MAX_NAME, Artifact, safe_name, write_artifacts
from tests.test_bad_inputs import make_special

ARCHKIT = Path(sys.executable).with_name("archkit")
MODEL = "name: Shop\nmodel:\n  software_systems:\n  - {id: shop, name: Shop, description: Sells things.}\n"


@pytest.mark.parametrize(("kind", "says"), [("fifo", "is a FIFO (named pipe)"), ("device", "is a character device"),
                                            ("socket", "is a socket"), ("folder", "is a folder")])
def test_a_path_that_is_not_a_regular_file_is_refused_before_it_is_opened(
        kind: str, says: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "model.yaml"
    make_special(path.parent, path.name, kind)
    opened: list[object] = []
    real_open = os.open
    monkeypatch.setattr(userfile.os, "open", lambda *a, **k: opened.append(a) or real_open(*a, **k))
    with pytest.raises(LoadError, match=re.escape(f"model.yaml: {says}, not a regular file")):
        userfile.read_user_file(path)
    assert opened == []


def test_a_file_that_grows_while_it_is_read_is_capped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The size is known only when the read starts: a file appended to meanwhile (its size said 10 bytes)
    is read up to the limit and one byte more, then refused."""
    path = tmp_path / "model.yaml"
    path.write_bytes(b"#" * 5000)
    real_fstat = os.fstat

    class Small:
        def __init__(self, st: os.stat_result) -> None:
            self.st_mode, self.st_size = st.st_mode, 10

    monkeypatch.setattr(userfile.os, "fstat", lambda fd: Small(real_fstat(fd)))
    read: list[int] = []
    real_read = os.read
    monkeypatch.setattr(userfile.os, "read", lambda fd, n: read.append(n) or real_read(fd, n))
    with pytest.raises(LoadError, match=re.escape("model.yaml: file is larger than the")):
        userfile.read_user_file(path, limit=1000)
    assert sum(read) <= 1001


def test_adr_and_template_files_are_read_within_the_limit(tmp_path: Path) -> None:
    adrs, templates = tmp_path / "adr", tmp_path / "templates"
    adrs.mkdir()
    templates.mkdir()
    padding = "x" * (11 * 2**20)
    (adrs / "0001-use-postgres.md").write_text("# 1. Use Postgres\n\n## Status\n\nAccepted\n\n" + padding)
    (templates / "12_glossary.md.j2").write_text(padding)
    with pytest.raises(LoadError, match=re.escape("0001-use-postgres.md: file is 11.5 MB, larger than the 10 MiB")):
        load_decisions(adrs)
    with pytest.raises(LoadError, match=re.escape("12_glossary.md.j2: file is 11.5 MB, larger than the 10 MiB")):
        load_templates(templates)


def test_output_names_are_cut_with_a_hash_and_never_name_a_windows_device() -> None:
    long_a, long_b = "k" * 300, "k" * 299 + "x"
    assert len(safe_name(long_a)) == MAX_NAME and safe_name(long_a) != safe_name(long_b)
    assert safe_name(long_a) == safe_name(long_a)  # stable: the same key, the same file, every run
    assert [safe_name(n) for n in ("CON", "nul.txt", "Com1", "lpt9.tar.gz", "aux ", "console", "nul-x")] == \
        ["CON_", "nul_.txt", "Com1_", "lpt9_.tar.gz", "aux_", "console", "nul-x"]


def test_a_name_too_long_for_the_disk_is_refused_before_any_file_is_written(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="the file name is longer than 200 bytes — refusing to write it"):
        write_artifacts(tmp_path, [Artifact("diagrams/a.svg", b"x"), Artifact(f"diagrams/{'k' * 300}.svg", b"x")])
    deep = "/".join(["d" * 150] * 30)
    with pytest.raises(OutputError, match="the output path is longer than 4000 bytes"):
        write_artifacts(tmp_path, [Artifact("diagrams/a.svg", b"x"), Artifact(f"{deep}/b.svg", b"x")])
    assert list(tmp_path.iterdir()) == []


def test_a_manifest_nested_too_deeply_is_a_clean_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("shop.yaml").write_text(MODEL)
    assert CliRunner().invoke(app, ["docs", "shop.yaml", "--no-render"]).exit_code == 0
    Path("out/shop/arc42/.archkit-manifest.json").write_text("[" * 100_000)
    result = CliRunner().invoke(app, ["docs", "shop.yaml", "--no-render"])
    assert result.exit_code == 2, result.output
    assert ".archkit-manifest.json: not a manifest archkit wrote" in result.stderr


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.email=a@b.c", "-c", "user.name=t", *args], check=True,
                   capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_git_revision_is_read_up_to_the_limit_and_must_be_a_file(tmp_path: Path) -> None:
    _git(tmp_path, "init", "-q")
    (tmp_path / "shop.yaml").write_bytes(b"name: Shop\n" + b"#" * (11 * 2**20) + b"\n")
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "folder.yaml" / "x").write_text("x\n")
    _git(tmp_path, "add", ".")
    _git(tmp_path, "commit", "-qm", "big")
    (tmp_path / "shop.yaml").write_text(MODEL)
    runner = CliRunner()
    big = runner.invoke(app, ["diff", str(tmp_path / "shop.yaml"), "--git", "HEAD"])
    assert big.exit_code == 2, big.output
    assert "shop.yaml: file is larger than the 10 MiB archkit reads" in big.stderr
    folder = runner.invoke(app, ["diff", str(tmp_path / "folder.yaml"), "--git", "HEAD"])
    assert folder.exit_code == 2 and "cannot read it at revision 'HEAD'" in folder.stderr, folder.output


class _Lines:
    """The lines a process writes to stderr, read by a thread (so that waiting can end)."""

    def __init__(self, proc: subprocess.Popen[str]) -> None:
        self.lines: list[str] = []
        self._new = threading.Condition()
        self._thread = threading.Thread(target=self._read, args=(proc,), daemon=True)
        self._thread.start()

    def _read(self, proc: subprocess.Popen[str]) -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            with self._new:
                self.lines.append(line)
                self._new.notify_all()

    def seen(self, text: str, since: int, wait: float) -> bool:
        """True once a line from ``since`` on holds ``text``; False when ``wait`` seconds pass first."""
        with self._new:
            return self._new.wait_for(lambda: any(text in line for line in self.lines[since:]), timeout=wait)


def _save_until(lines: _Lines, model: Path, content: str, expected: str) -> None:
    """Save ``model`` until the watcher reports ``expected``: a save made while the watcher is still
    starting is not seen, so it is made again (a minute without the report fails the test)."""
    since = len(lines.lines)
    for _ in range(30):
        model.write_text(content)
        if lines.seen(expected, since, wait=2):
            return
    raise AssertionError(f"no {expected!r} after saving:\n" + "".join(lines.lines))


def test_watch_keeps_running_when_a_save_puts_a_lone_surrogate_in_the_model(tmp_path: Path) -> None:
    """Through the real process: the bad save is one failed build naming the field, the next good
    save builds again."""
    model = tmp_path / "shop.json"
    good = '{"name": "Shop%s", "model": {"software_systems": [{"id": "shop", "name": "Shop"}]}}'
    model.write_text(good % "")
    proc = subprocess.Popen([str(ARCHKIT), "watch", "shop.json", "--out", "out"], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    lines = _Lines(proc)
    try:
        assert lines.seen("shop.json: built", 0, wait=120), "".join(lines.lines)
        _save_until(lines, model, good % " \\ud800", "lone surrogate")
        _save_until(lines, model, good % " 2", "shop.json: built")
        assert proc.poll() is None, "".join(lines.lines)
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    text = "".join(lines.lines)
    assert "shop.json: name: the text holds a lone surrogate ('\\ud800' at character 6)" in text
    assert "Traceback" not in text


def test_docs_that_fail_write_nothing_not_even_the_diagrams_they_drew(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The missing diagrams are drawn in memory and written with the pages: a template that fails after
    they were drawn leaves the output folder as it was."""
    monkeypatch.chdir(tmp_path)
    Path("shop.yaml").write_text(MODEL)
    Path("templates").mkdir()
    Path("templates/12_glossary.md.j2").write_text('{{ "\\ud800" }}\n')
    result = CliRunner().invoke(app, ["docs", "shop.yaml", "--templates", "templates"])
    assert result.exit_code == 2, result.output
    assert "12_glossary.md.j2: the template writes a lone surrogate" in result.stderr
    assert not Path("out").exists() or [p for p in Path("out").rglob("*") if p.is_file()] == []


def test_a_build_stamp_nested_too_deeply_is_ignored_and_the_model_rebuilt(tmp_path: Path,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("shop.yaml").write_text(MODEL)
    assert CliRunner().invoke(app, ["build", "shop.yaml", "--jobs", "1"]).exit_code == 0
    Path("out/shop/.archkit-build.json").write_text("[" * 100_000)
    result = CliRunner().invoke(app, ["build", "shop.yaml", "--jobs", "1"])
    assert result.exit_code == 0 and result.exception is None, result.output
    assert "shop.yaml: built" in result.output
