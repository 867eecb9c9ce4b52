"""A build killed at any instant loses nothing: the next plain `archkit build` recovers.

Each test kills a real `archkit build` process (and its workers) with SIGKILL at the k-th change it
makes on disk (a rename into place or a removal under the work folder), for every k, either just
before the change (its temporary file written) or just after it. Then `archkit build --check`
must fail while the outputs are incomplete, and a plain `archkit build` must give exactly the
outputs of a build that was never interrupted, hand-written text and pages deleted by hand
included: the arc42 manifest never claims a page that was not written.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit.build import STAMP
from archkit.cli import app
from archkit.render.freshness import FILES_PATH

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
pytestmark = needs_dot

BUILD = ["build", "shop.yaml", "--out", "out", "--jobs", "1"]
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
    - {id: shop.db, name: DB, description: Keeps orders., technology: PostgreSQL}
  relationships:
  - {source: customer, destination: shop.api, description: Places orders, technology: HTTPS}
  - {source: shop.api, destination: shop.db, description: Stores orders, technology: SQL}
views:
- {type: system_context, key: context, software_system: shop}
VIEWS
arc42:
  decisions:
  - {id: "0001", title: Keep orders in PostgreSQL, context: Orders are relational., decision: Use PostgreSQL.}
DECISIONS
"""
FIRST = (MODEL.replace("DESCRIPTION", "Sells things.")
         .replace("VIEWS", "- {type: container, key: containers, software_system: shop}").replace("DECISIONS", ""))
SECOND = (MODEL.replace("DESCRIPTION", "Sells other things now.").replace("VIEWS\n", "")
          .replace("DECISIONS", '  - {id: "0002", title: Publish order events, context: Others need orders., '
                                "decision: Publish events.}"))
HAND = "\nWritten by a person, outside the markers.\n"


def outputs(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` with its bytes, temporary files included, but the caches holding file times
    and inodes (the build's stamp and its temporaries, the diagrams' signatures)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if (path.is_file() and not path.name.startswith((STAMP, f".{STAMP}."))
                and not path.relative_to(root).as_posix().endswith(f"/{FILES_PATH}")):
            found[path.relative_to(root).as_posix()] = path.read_bytes()
    return found


def archkit(work: Path, args: list[str]) -> int:
    cwd = Path.cwd()
    os.chdir(work)
    try:
        result = CliRunner().invoke(app, args, env={"CI": "true"})
    finally:
        os.chdir(cwd)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert "Traceback" not in result.output, result.output
    return result.exit_code


def killed_build(work: Path, k: int, when: str) -> int:
    """Run `archkit build` in a new process (session) and SIGKILL it, its workers included, at its k-th
    change under ``work`` (never, when k is 0); returns how many changes it reached."""
    counter = work.parent / f"{work.name}.changes"
    counter.write_bytes(b"")
    pid = os.fork()
    if pid == 0:  # the child never returns into pytest
        try:
            os.setsid()
            os.chdir(work)
            _kill_at_change(str(work), str(counter), k, when)
            sys.stdout = sys.stderr = open(os.devnull, "w")  # noqa: SIM115
            sys.argv = ["archkit", *BUILD]
            from archkit.cli import main

            main()
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    if k:
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, f"never reached change {k}"
    return counter.stat().st_size


def _kill_at_change(work: str, counter: str, k: int, when: str) -> None:
    """Count (in ``counter``, shared by the build and its workers) each rename into place and removal
    under ``work``; at the k-th, SIGKILL the whole process group, just ``before`` or ``after`` it."""
    real_replace, real_unlink = os.replace, os.unlink

    def reached() -> bool:
        fd = os.open(counter, os.O_WRONLY | os.O_APPEND)
        try:
            os.write(fd, b".")
            return os.fstat(fd).st_size == k
        finally:
            os.close(fd)

    def change(real, path, *args, **kwargs):  # type: ignore[no-untyped-def]
        target = os.fspath(args[0] if real is real_replace else path)
        hit = target.startswith(work) and reached()
        if hit and when == "before":
            os.killpg(0, signal.SIGKILL)
        real(path, *args, **kwargs)
        if hit and when == "after":
            os.killpg(0, signal.SIGKILL)

    os.replace = lambda src, dst, **kw: change(real_replace, src, dst, **kw)  # type: ignore[assignment]
    os.unlink = lambda path, **kw: change(real_unlink, path, **kw)  # type: ignore[assignment]
    os.remove = os.unlink


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The model built once, its pages then edited and one deleted by hand, and the model changed (a view
    dropped, an ADR added, a description changed): the state a rebuild starts from."""
    work = tmp_path_factory.mktemp("edited") / "work"
    work.mkdir()
    (work / "shop.yaml").write_text(FIRST, encoding="utf-8")
    assert archkit(work, BUILD) == 0
    docs = work / "out/shop/arc42"
    for page in (docs / "01_introduction_and_goals.md", *docs.glob("decisions/0001-*.md")):
        page.write_text(page.read_text(encoding="utf-8") + HAND, encoding="utf-8")
    (docs / "11_technical_risks.md").unlink()
    (work / "shop.yaml").write_text(SECOND, encoding="utf-8")
    return work


@pytest.fixture(scope="module")
def reference(edited: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The outputs of a rebuild that was never interrupted."""
    work = tmp_path_factory.mktemp("reference") / "work"
    shutil.copytree(edited, work, symlinks=True)
    assert archkit(work, BUILD) == 0
    assert archkit(work, ["build", "--check", "--out", "out", "-j", "1", "shop.yaml"]) == 0
    assert dangling_links(work / "out") == []
    found = outputs(work / "out")
    pages = {rel: text.decode() for rel, text in found.items() if rel.endswith(".md")}
    assert HAND in pages["shop/arc42/01_introduction_and_goals.md"]
    assert sum(HAND in text for rel, text in pages.items() if "/decisions/" in rel) == 1
    assert "shop/arc42/11_technical_risks.md" not in found  # deleted by hand: stays deleted
    assert any(re.search(r"decisions/0002-", rel) for rel in found)  # the ADR added
    assert not any("containers" in rel for rel in found)  # the dropped view's diagrams are gone
    return found


def changes(edited: Path, tmp_path: Path) -> Iterator[tuple[int, str, Path]]:
    """``(k, when, work)`` for every change an uninterrupted rebuild makes, a fresh copy each time."""
    work = tmp_path / "count"
    shutil.copytree(edited, work, symlinks=True)
    total = killed_build(work, 0, "after")
    assert total >= 10, total  # renames of changed pages and diagrams, removals of the dropped view's files
    for k in range(1, total + 1):
        for when in ("before", "after"):
            copy = tmp_path / f"k{k}-{when}"
            shutil.copytree(edited, copy, symlinks=True)
            yield k, when, copy


def dangling_links(out: Path) -> list[str]:
    """Relative links in the Markdown pages under ``out`` whose file does not exist."""
    found = []
    for page in out.rglob("*.md"):
        for target in re.findall(r"\]\(([^)#\s:]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if not (page.parent / target).exists():
                found.append(f"{page.relative_to(out)} -> {target}")
    return found


def test_a_rebuild_killed_at_any_change_is_recovered_by_the_next_plain_build(
        edited: Path, reference: dict[str, bytes], tmp_path: Path) -> None:
    killed = 0
    for k, when, work in changes(edited, tmp_path):
        killed_build(work, k, when)
        killed += 1
        incomplete = outputs(work / "out") != reference
        if when == "after":  # the gate sees what the kill left
            assert archkit(work, ["build", "--check", "--out", "out", "-j", "1", "shop.yaml"]) == int(incomplete), \
                f"build --check after a kill at change {k}"
        assert archkit(work, BUILD) == 0, f"the build after a kill {when} change {k}"
        assert outputs(work / "out") == reference, f"killed {when} change {k}: not recovered"
        assert dangling_links(work / "out") == [], f"killed {when} change {k}"
        shutil.rmtree(work)
    assert killed >= 20


def test_a_first_build_killed_at_any_change_is_recovered_by_the_next_plain_build(tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    clean.mkdir()
    (clean / "shop.yaml").write_text(SECOND, encoding="utf-8")
    total = killed_build(clean, 0, "after")
    expected = outputs(clean / "out")
    assert "shop/arc42/11_technical_risks.md" in expected
    for k in range(1, total + 1):
        work = tmp_path / f"k{k}"
        work.mkdir()
        (work / "shop.yaml").write_text(SECOND, encoding="utf-8")
        killed_build(work, k, "after")
        incomplete = outputs(work / "out") != expected
        assert archkit(work, ["build", "--check", "--out", "out", "-j", "1", "shop.yaml"]) == int(incomplete), \
            f"build --check after a first build killed at change {k}"
        assert archkit(work, BUILD) == 0
        assert outputs(work / "out") == expected, f"first build killed at change {k}: not recovered"
        shutil.rmtree(work)
