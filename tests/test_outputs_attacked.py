"""Attacks on what a build writes and re-uses in ``out/``, each a defect found and fixed (README, Security model).

- Model text that reads as a marker line in an output that is not an arc42 page (the DSL export writes a
  description's lines as they are) was merged like a page: the next build failed, or kept stale text.
- A diagram edited with its size and mtime restored (``touch -r``, ``cp -p``, a tar or rsync) was taken as up
  to date by the stamp, which recorded only size and mtime; and a file another build renamed into place
  between a worker's write and its parent's stamp was recorded as the build's own.
- Two builds at once on one ``out/``: one's orphan clean-up removed the other's temporary file in progress,
  or raced it on an emptied folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit.build import runner
from archkit.build.plan import orphans, plan
from archkit.cli import app
from archkit.diskfile import in_progress, write_bytes_atomic
from archkit.output import remove_files

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")

MODEL = """\
name: Shop
properties:
  archkit.exports: "dsl"
model:
  people:
  - {id: customer, name: "CustomerFORGED", description: Buys things.}
  software_systems:
  - id: shop
    name: SYSTEM
    description: Sells things.
    containers:
    - {id: shop.api, name: API, description: Takes orders., technology: Python}
  relationships:
  - {source: customer, destination: shop.api, description: Places orders, technology: HTTPS}
views:
- {type: system_context, key: context, software_system: shop}
"""
BALANCED = "\\n<!-- archkit:begin x -->\\nmodel text\\n<!-- archkit:end x -->"
UNBALANCED = "\\n<!-- archkit:begin x -->\\n# archkit:begin y\\n// archkit:end z"


def archkit(work: Path, *args: str) -> str:
    cwd = Path.cwd()
    os.chdir(work)
    try:
        result = CliRunner().invoke(app, list(args), env={"CI": "true"})
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0 and "Traceback" not in result.output, result.output
    return result.output


def build(work: Path, system: str = "Shop", forged: str = "") -> Path:
    (work / "shop.yaml").write_text(MODEL.replace("SYSTEM", system).replace("FORGED", forged), encoding="utf-8")
    archkit(work, "build", "shop.yaml", "-o", "out", "-j", "1")
    return work / "out" / "shop"


@pytest.mark.parametrize("forged", [BALANCED, UNBALANCED])
def test_marker_lines_that_model_text_forges_in_an_export_never_merge_it(tmp_path: Path, forged: str) -> None:
    out = build(tmp_path, forged=forged)
    export = out / "exports" / "dsl" / "workspace.dsl"
    assert "\n<!-- archkit:begin x -->\n" in export.read_text(encoding="utf-8")  # a name: a text block
    build(tmp_path, system="Shop Renamed", forged=forged)  # the name is outside the forged "block"
    archkit(tmp_path, "export", "shop.yaml", "--to", "dsl", "-o", "expected.dsl")
    assert export.read_bytes() == (tmp_path / "expected.dsl").read_bytes()
    archkit(tmp_path, "build", "shop.yaml", "-o", "out", "-j", "1", "--check")


def test_an_output_edited_with_its_size_and_mtime_restored_is_not_up_to_date(tmp_path: Path) -> None:
    out = build(tmp_path)
    svg = out / "diagrams" / "context.svg"
    original, st = svg.read_bytes(), svg.stat()
    tampered = original.replace(b"Customer", b"Cuxtomer")
    assert len(tampered) == len(original)
    svg.write_bytes(tampered)
    os.utime(svg, ns=(st.st_atime_ns, st.st_mtime_ns))  # touch -r: size and mtime as the build left them
    assert "built" in archkit(tmp_path, "build", "shop.yaml", "-o", "out", "-j", "1")
    assert svg.read_bytes() == original


def test_a_file_another_build_renames_into_place_before_the_stamp_is_not_taken_for_this_builds(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    build(tmp_path)
    svg = tmp_path / "out" / "shop" / "diagrams" / "context.svg"
    theirs = svg.read_bytes().replace(b"Customer", b"Cuxtomer")
    finish = runner._finish

    def another_build_writes_first(*args, **kwargs):  # type: ignore[no-untyped-def]
        write_bytes_atomic(svg, theirs)  # e.g. an older build of the model, at once, ending its view now
        finish(*args, **kwargs)

    monkeypatch.setattr(runner, "_finish", another_build_writes_first)
    build(tmp_path, system="Shop Renamed")
    monkeypatch.undo()
    assert svg.read_bytes() == theirs
    [job] = plan([tmp_path / "shop.yaml"], tmp_path / "out")
    assert not job.up_to_date  # the stamp vouches for the file the worker wrote, not for this one
    assert "built" in archkit(tmp_path, "build", "shop.yaml", "-o", "out", "-j", "1")
    assert b"Cuxtomer" not in svg.read_bytes()


def test_another_writes_temporary_file_in_progress_is_no_orphan(tmp_path: Path) -> None:
    folder = tmp_path / "diagrams"
    folder.mkdir()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()
    live, stale = f".context.svg.{os.getpid()}.ab_cd12.tmp", f".context.svg.{dead}.ab_cd12.tmp"
    planted = f".context.png.{os.getpid()}.ab_cd12.tmp"  # a running process's name, but written long ago
    for name in (live, stale, planted, "old.svg"):
        (folder / name).write_bytes(b"x")
    os.utime(folder / planted, (0, 0))
    assert in_progress(folder / live)
    assert not any(in_progress(folder / name) for name in (stale, planted, "old.svg"))
    assert orphans(tmp_path, set()) == sorted([f"diagrams/{stale}", f"diagrams/{planted}", "diagrams/old.svg"])


def test_removing_files_while_another_build_writes_into_their_folder(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "exports" / "d2").mkdir(parents=True)
    (tmp_path / "exports" / "d2" / "old.d2").write_bytes(b"old")
    rmdir = Path.rmdir

    def another_build_writes_now(self: Path) -> None:  # between the last removal and the folder's
        if self.name == "d2":
            (self / "new.d2").write_bytes(b"theirs")
        rmdir(self)

    monkeypatch.setattr(Path, "rmdir", another_build_writes_now)
    assert remove_files(tmp_path, ["exports/d2/old.d2", "exports/d2/gone.d2"]) == [tmp_path / "exports/d2/old.d2"]
    assert (tmp_path / "exports" / "d2" / "new.d2").read_bytes() == b"theirs"


def test_two_builds_at_once_on_one_output_folder_then_one_build_repairs_everything(tmp_path: Path) -> None:
    (tmp_path / "other").mkdir()
    for folder, system in ((tmp_path, "Shop"), (tmp_path / "other", "Shop Two")):
        (folder / "shop.yaml").write_text(MODEL.replace("SYSTEM", system).replace("FORGED", ""), encoding="utf-8")
    command = [str(Path(sys.executable).with_name("archkit")), "build", "-o", str(tmp_path / "out"), "-j", "1"]
    both = [subprocess.Popen([*command, str(folder / "shop.yaml")], cwd=tmp_path, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True) for folder in (tmp_path, tmp_path / "other")]
    for process in both:
        output = process.communicate(timeout=120)[0]
        assert process.returncode == 0 and "Traceback" not in output, output
    archkit(tmp_path, "build", "shop.yaml", "-o", "out", "-j", "1")
    archkit(tmp_path, "build", "shop.yaml", "-o", "out", "-j", "1", "--check")


def test_an_output_never_writes_through_a_hard_link_and_gets_a_name_of_its_own(tmp_path: Path) -> None:
    out = build(tmp_path)
    outside = tmp_path / "outside"
    outside.mkdir()
    for rel in ("diagrams/context.svg", "exports/dsl/workspace.dsl", "arc42/01_introduction_and_goals.md"):
        page, twin = out / rel, outside / Path(rel).name
        twin.write_bytes(page.read_bytes() if rel.endswith(".svg") else b"theirs, not the build's\n")
        page.unlink()
        os.link(twin, page)  # the same bytes as the output (the SVG), or a file that is not it
    archkit(tmp_path, "build", "shop.yaml", "-o", "out", "-j", "1", "--force")
    for rel in ("diagrams/context.svg", "exports/dsl/workspace.dsl", "arc42/01_introduction_and_goals.md"):
        assert (out / rel).stat().st_nlink == 1, rel
    assert (outside / "workspace.dsl").read_bytes() == b"theirs, not the build's\n"
    assert (outside / "context.svg").read_bytes() == (out / "diagrams" / "context.svg").read_bytes()


def test_huge_files_in_place_of_the_caches_and_outputs_are_never_read_into_memory(tmp_path: Path) -> None:
    """Sparse files of 4 GB (no disk used) in place of every cache and of outputs: under a 2 GB address-space limit a
    build that read one would fail; the caches are taken as none, the outputs as differing, and replaced."""
    import resource

    out = build(tmp_path)
    huge = [".archkit-build.json", ".archkit-views/.files.json", ".archkit-views/context.json",
            ".archkit-views/.arc42-pages.json", "diagrams/context.svg", "exports/dsl/workspace.dsl"]
    for rel in huge:
        os.truncate(out / rel, 4 << 30)

    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    archkit_command = [str(Path(sys.executable).with_name("archkit")), "build", "shop.yaml", "-o", "out", "-j", "1"]
    for extra, expected in ((["--check"], 1), ([], 0), (["--check"], 0)):  # stale, repaired, fresh
        done = subprocess.run([*archkit_command, *extra], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                              preexec_fn=limited, check=False)
        assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr, done.stderr
        assert done.returncode == expected, done.stdout + done.stderr
    assert all((out / rel).stat().st_size < 1 << 20 for rel in ("diagrams/context.svg", "exports/dsl/workspace.dsl"))


def run_build(work: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`archkit build` as a process of its own: a FIFO opened for reading would hang it, not the tests."""
    command = [str(Path(sys.executable).with_name("archkit")), "build", "shop.yaml", "-o", "out", "-j", "1", *extra]
    done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=300, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_fifos_where_outputs_and_caches_go_are_replaced_never_opened(tmp_path: Path) -> None:
    out = build(tmp_path)
    planted = [".archkit-build.json", ".archkit-views/.files.json", ".archkit-views/context.json",
               ".archkit-views/.arc42-pages.json", "arc42/.archkit-manifest.json", "arc42/01_introduction_and_goals.md",
               "diagrams/context.svg", "exports/dsl/workspace.dsl"]
    for rel in planted:
        (out / rel).unlink()
        os.mkfifo(out / rel)
    assert run_build(tmp_path).returncode == 0
    assert all((out / rel).is_file() for rel in planted)
    assert run_build(tmp_path, "--check").returncode == 0


@pytest.mark.parametrize(("rel", "says"), [("diagrams/context.svg", "a folder is in its place: remove it"),
                                           ("exports", "a file is in place of a folder on its path: remove it")])
def test_a_folder_where_an_output_goes_or_a_file_where_a_folder_goes_is_one_clean_error(
        tmp_path: Path, rel: str, says: str) -> None:
    out = build(tmp_path)
    if rel.endswith(".svg"):
        (out / rel).unlink()
        (out / rel).mkdir()
    else:
        shutil.rmtree(out / rel)
        (out / rel).write_text("not a folder", encoding="utf-8")
    done = run_build(tmp_path)
    assert done.returncode == 1 and says in done.stderr and str(out / rel) in done.stderr, done.stderr


DSL = 'workspace {\n  model {\n    u = person "User"\n    s = softwareSystem "Shop"\n    u -> s "Uses"\n  }\n}\n'


def test_import_and_discover_never_replace_a_model_people_edited(tmp_path: Path) -> None:
    """``import -o`` and ``discover -o`` write a model people edit from then on: an existing file there (a dangling
    link too) is refused before anything is read, byte for byte kept; ``--force`` replaces it, a link itself."""
    (tmp_path / "workspace.dsl").write_text(DSL)
    edited = tmp_path / "shop.py"
    edited.write_text("# the model, with a week of edits\n")
    outside = tmp_path / "outside.py"
    outside.write_text("# not archkit's\n")
    dangling = tmp_path / "dangling.py"
    dangling.symlink_to(tmp_path / "nowhere.py")
    linked = tmp_path / "linked.py"
    linked.symlink_to(outside)
    runner_ = CliRunner()
    for target in (edited, dangling, linked):
        for args in (["import", str(tmp_path / "workspace.dsl"), "-o", str(target)],
                     ["discover", "no_such_package", "-o", str(target)]):
            result = runner_.invoke(app, args)
            assert result.exit_code == 2 and "already exists — a model people may have edited; pass --force" in \
                result.output, result.output
    assert edited.read_text() == "# the model, with a week of edits\n" and dangling.is_symlink()
    result = runner_.invoke(app, ["import", str(tmp_path / "workspace.dsl"), "-o", str(linked), "--force"])
    assert result.exit_code == 0, result.output
    assert not linked.is_symlink() and "Shop" in linked.read_text() and outside.read_text() == "# not archkit's\n"
    assert runner_.invoke(app, ["import", str(tmp_path / "workspace.dsl"), "-o", str(edited), "--force"]).exit_code == 0
    assert "Shop" in edited.read_text()
