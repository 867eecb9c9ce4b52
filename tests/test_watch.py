"""`archkit watch`: builds at start, then rebuilds exactly the model whose sources changed."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from archkit.build import BuildReport, Outcome
from archkit.build.plan import STAMP, stamp_bytes
from archkit.build.watch import affected, watch

MODEL = 'from archkit import Workspace\nworkspace = Workspace(name="{name}")\n'


def test_affected_maps_changed_files_to_the_models_that_use_them(tmp_path: Path) -> None:
    (tmp_path / "_shared.py").write_text("X = 1\n")
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text("import _shared\n" + MODEL.format(name="A"))
    b.write_text(MODEL.format(name="B"))
    assert affected([a, b], {(tmp_path / "_shared.py").resolve()}) == [a]
    assert affected([a, b], {b.resolve()}) == [b]
    assert affected([a, b], {(tmp_path / "notes.txt").resolve()}) == []


def test_affected_follows_the_inputs_the_last_build_recorded(tmp_path: Path) -> None:
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text(MODEL.format(name="A"))
    b.write_text(MODEL.format(name="B"))
    (tmp_path / "out" / "a").mkdir(parents=True)
    (tmp_path / "out" / "a" / STAMP).write_bytes(stamp_bytes("f", tmp_path / "out" / "a", [], {
        "img/pic.png": "x", "../src/pkg/": "y"}))
    picture, module = (tmp_path / "img" / "pic.png").resolve(), (tmp_path.parent / "src" / "pkg" / "m.py").resolve()
    assert affected([a, b], {picture}, tmp_path / "out") == [a]
    assert affected([a, b], {module}, tmp_path / "out") == [a]  # any file of a recorded package folder
    assert affected([a, b], {picture}) == []  # without the output folder: the sources only


def test_watch_builds_then_rebuilds_only_the_edited_model(tmp_path: Path) -> None:
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text(MODEL.format(name="A"))
    b.write_text(MODEL.format(name="B"))
    calls: list[list[str]] = []
    stop = threading.Event()

    def rebuild(paths: Sequence[Path]) -> BuildReport:
        calls.append([p.name for p in paths])
        return BuildReport([Outcome(str(p), p.stem, "built") for p in paths])

    thread = threading.Thread(target=watch, args=([a, b], rebuild, stop), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not calls and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)  # let the watcher settle before the edit
        b.write_text(MODEL.format(name="B2"))
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert calls[:2] == [["a.py", "b.py"], ["b.py"]]
    assert not thread.is_alive()


def test_watch_without_watchfiles_is_a_clean_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import builtins

    from archkit.errors import ArchkitError

    real_import = builtins.__import__

    def no_watchfiles(name: str, *args: object, **kwargs: object) -> object:
        if name == "watchfiles":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "__import__", no_watchfiles)
    with pytest.raises(ArchkitError, match="pip install 'archkit\\[watch\\]'"):
        watch([tmp_path / "a.py"], lambda paths: BuildReport([]))


def test_a_save_during_the_first_build_is_seen_and_a_failing_rebuild_does_not_stop_watching(tmp_path: Path) -> None:
    from archkit.errors import LoadError

    a = tmp_path / "a.py"
    a.write_text(MODEL.format(name="A"))
    calls: list[str] = []
    stop = threading.Event()

    def rebuild(paths: Sequence[Path]) -> BuildReport:
        calls.append(a.read_text())
        if len(calls) == 1:  # the first build: the watcher is already on, so this save is not lost
            a.write_text(MODEL.format(name="A2"))
            time.sleep(0.3)
        if len(calls) == 2:
            raise LoadError(f"{a}: file not readable — check it")
        return BuildReport([Outcome(str(p), p.stem, "built") for p in paths])

    thread = threading.Thread(target=watch, args=([a], rebuild, stop), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        a.write_text(MODEL.format(name="A3"))  # after the failed rebuild: still watched
        while len(calls) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert [c.split('"')[1] for c in calls[:3]] == ["A", "A2", "A3"]
    assert not thread.is_alive()


def test_watch_refuses_a_model_in_a_folder_that_is_not_there(tmp_path: Path) -> None:
    from archkit.errors import LoadError

    with pytest.raises(LoadError, match=r"a\.py: file not found \(no folder .*nope\) — check the path"):
        watch([tmp_path / "nope" / "a.py"], lambda paths: BuildReport([]))


def test_watch_follows_inputs_outside_the_models_folder_once_a_build_records_them(tmp_path: Path) -> None:
    """A model mapping code in ../src/pkg (as models/hexagonal.py maps ../examples): the watcher watched
    only the models' folders, so an edit of the mapped code never rebuilt it. What a build's stamp records
    as an input is watched from the next moment on."""
    from archkit.build.plan import code_digest, model_fingerprint

    models, package = tmp_path / "models", tmp_path / "src" / "pkg"
    models.mkdir()
    package.mkdir(parents=True)
    (package / "m.py").write_text("X = 1\n")
    a, b = models / "a.py", models / "b.py"
    a.write_text(MODEL.format(name="A"))
    b.write_text(MODEL.format(name="B"))
    out = tmp_path / "out"
    calls: list[list[str]] = []
    stop = threading.Event()

    def rebuild(paths: Sequence[Path]) -> BuildReport:  # as a build does: a's stamp names the package it read
        calls.append([p.name for p in paths])
        for path in paths:
            (out / path.stem).mkdir(parents=True, exist_ok=True)
            inputs = {"../src/pkg/": code_digest(package)} if path == a else {}
            (out / path.stem / STAMP).write_bytes(stamp_bytes(model_fingerprint(path), out / path.stem, [], inputs))
        return BuildReport([Outcome(str(p), p.stem, "built") for p in paths])

    thread = threading.Thread(target=watch, args=([a, b], rebuild, stop, out), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not calls and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(1.0)  # the watcher on again, now over src/ too
        (package / "m.py").write_text("X = 2\n")
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        (package / "n.py").write_text("Y = 1\n")  # a module added to the package
        while len(calls) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert calls == [["a.py", "b.py"], ["a.py"], ["a.py"]]  # nothing rebuilt on the restart: all up to date
    assert not thread.is_alive()


def test_watch_roots_are_the_models_folders_and_the_recorded_inputs_outside_them(tmp_path: Path) -> None:
    from archkit.build.watch import watch_roots

    models, package, pictures = tmp_path / "models", tmp_path / "src" / "pkg", tmp_path / "pictures"
    for folder in (models / "img", package, pictures):
        folder.mkdir(parents=True)
    a = models / "a.py"
    (tmp_path / "out" / "a").mkdir(parents=True)
    (tmp_path / "out" / "a" / STAMP).write_bytes(stamp_bytes("f", tmp_path / "out" / "a", [], {
        "img/pic.png": "x", "../src/pkg/": "y", "../pictures/p.png": "z", "../gone/": "w"}))
    assert watch_roots([a], tmp_path / "out") == [models.resolve(), pictures.resolve(), package.resolve()]
    assert watch_roots([a]) == [models.resolve()]


def test_a_model_that_failed_is_rebuilt_by_any_file_put_in_its_folder(tmp_path: Path) -> None:
    """Its error may name a file to put there ("image 'pic.png': file not found — put the image there"):
    a build that failed recorded no inputs, so the picture was no file the watcher followed."""
    a, b = tmp_path / "a.py", tmp_path / "b.py"
    a.write_text(MODEL.format(name="A"))
    b.write_text(MODEL.format(name="B"))
    out = tmp_path / "out"
    picture, backup, written = tmp_path / "img" / "pic.png", tmp_path / "a.py~", out / "b" / "x.svg"
    git, compiled = tmp_path / ".git" / "index", tmp_path / "__pycache__" / "b.cpython-311.pyc"
    for path in (picture, backup, written, git, compiled):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    changed = {p.resolve() for p in (picture, backup, written, git, compiled)}
    assert affected([a, b], {picture.resolve()}, out, failing={"a"}) == [a]
    assert affected([a, b], changed - {picture.resolve()}, out, failing={"a", "b"}) == []  # incidental files, outputs
    assert affected([a, b], changed, out) == []  # neither failed: only sources and recorded inputs count


def test_watch_rebuilds_a_failed_model_when_the_file_its_error_names_appears(tmp_path: Path) -> None:
    a = tmp_path / "a.py"
    a.write_text(MODEL.format(name="A"))
    picture = tmp_path / "pic.png"
    calls: list[bool] = []
    stop = threading.Event()

    def rebuild(paths: Sequence[Path]) -> BuildReport:
        calls.append(picture.exists())
        return BuildReport([Outcome(str(p), p.stem, "built" if picture.exists() else "failed") for p in paths])

    thread = threading.Thread(target=watch, args=([a], rebuild, stop, tmp_path / "out"), daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not calls and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.5)
        picture.write_bytes(b"\x89PNG")
        while len(calls) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stop.set()
        thread.join(timeout=10)
    assert calls == [False, True]
    assert not thread.is_alive()
