"""`archkit build`: incremental, parallel, stale-output gate; the whole pipeline over every example."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from archkit.build import (
    EXPORTS_PROPERTY,
    STAMP,
    BuildReport,
    build,
    check_outputs,
    discover,
    job as build_job,
    model_sources,
    run,
)
from archkit.build.progress import PlainReporter
from archkit.build.shortcut import plain_arguments
from archkit.cli import app
from archkit.model import Workspace
from archkit.output import Artifact

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = discover(ROOT / "models")


def _pipeline_ready() -> bool:
    """The renderer and the arc42 generator are both importable (they are built in parallel with this)."""
    try:
        from archkit.arc42 import generate_docs  # noqa: F401
        from archkit.render import render_workspace  # noqa: F401
    except ImportError:
        return False
    return True

MODEL = '''\
from archkit import Workspace

workspace = Workspace(name="{name}")
m = workspace.model
user = m.person("User", "Uses it.")
system = m.software_system("{name}", "Does things.")
api = system.container("API", "Serves.", "Python")
user.uses(api, "Calls", "HTTPS")
'''


def fake_generate(ws: Workspace, out_dir: Path, render_jobs: int = 1) -> tuple[list[Artifact], list[str]]:
    """A stand-in for render + docs: one diagram per container and an index page."""
    names = sorted(c.name for s in ws.model.software_systems for c in s.containers)
    files = [Artifact(f"diagrams/{n.lower()}.svg", f"<svg>{ws.name} {n}</svg>".encode()) for n in names]
    return [*files, Artifact("arc42/index.md", f"# {ws.name}\n".encode())], []


def fake_batches(ws: Workspace, out_dir: Path, render_jobs: int = 1, cache: object = None, *,
                 layout: str | None = None, early: object = None,
                 authoring: str = "python") -> Iterator[tuple[list[Artifact], list[str]]]:
    """``fake_generate`` in two batches, as the real build streams views then docs."""
    files, notes = fake_generate(ws, out_dir, render_jobs)
    yield files[:-1], notes
    yield files[-1:], []


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder with models/alpha.py and models/beta.py; the renderer replaced by ``fake_generate``."""
    monkeypatch.setattr(build_job, "generate_batches", fake_batches)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "models").mkdir()
    for name in ("alpha", "beta"):
        (tmp_path / "models" / f"{name}.py").write_text(MODEL.format(name=name.title()))
    return tmp_path


def quiet_build(project: Path, force: bool = False) -> dict[str, str]:
    with open(os.devnull, "w") as devnull:
        report = build(discover(project / "models"), project / "out", PlainReporter(devnull), jobs=1, force=force)
    return {Path(o.path).name: o.status for o in report.outcomes}


def test_build_writes_every_artifact_and_a_stamp(project: Path) -> None:
    assert quiet_build(project) == {"alpha.py": "built", "beta.py": "built"}
    assert (project / "out/alpha/diagrams/api.svg").read_text() == "<svg>Alpha API</svg>"
    stamp = json.loads((project / "out/alpha" / STAMP).read_text())
    assert sorted(stamp["files"]) == ["arc42/index.md", "diagrams/api.svg"]
    assert set(stamp) == {"archkit", "fingerprint", "files", "inputs"}  # no absolute paths
    assert stamp["inputs"] == {}  # no picture, no code: nothing read beyond its sources


def test_second_build_is_a_no_op(project: Path) -> None:
    quiet_build(project)
    before = (project / "out/alpha/diagrams/api.svg").stat().st_mtime_ns
    assert quiet_build(project) == {"alpha.py": "up to date", "beta.py": "up to date"}
    assert (project / "out/alpha/diagrams/api.svg").stat().st_mtime_ns == before


def test_after_editing_one_model_only_that_model_rebuilds(project: Path) -> None:
    quiet_build(project)
    model = project / "models/beta.py"
    model.write_text(model.read_text().replace('"API"', '"Gateway"'))
    assert quiet_build(project) == {"alpha.py": "up to date", "beta.py": "built"}
    assert (project / "out/beta/diagrams/gateway.svg").is_file()
    assert not (project / "out/beta/diagrams/api.svg").exists()  # no longer generated: removed


def test_an_output_file_edited_by_hand_makes_the_model_rebuild(project: Path) -> None:
    quiet_build(project)
    page = project / "out/alpha/arc42/index.md"
    page.write_text(page.read_text() + "Written by a person.\n")
    assert quiet_build(project) == {"alpha.py": "built", "beta.py": "up to date"}


def test_force_rebuilds_up_to_date_models(project: Path) -> None:
    quiet_build(project)
    assert quiet_build(project, force=True) == {"alpha.py": "built", "beta.py": "built"}


def test_a_deleted_output_file_makes_the_model_rebuild(project: Path) -> None:
    quiet_build(project)
    (project / "out/alpha/arc42/index.md").unlink()
    assert quiet_build(project)["alpha.py"] == "built"
    assert (project / "out/alpha/arc42/index.md").is_file()


def test_editing_an_imported_sibling_module_rebuilds_the_model(project: Path) -> None:
    models = project / "models"
    (models / "_common.py").write_text('TECH = "Python"\n')
    (models / "alpha.py").write_text(MODEL.format(name="Alpha").replace('"Python"', "TECH")
                                     .replace("from archkit import Workspace", "from _common import TECH\n"
                                              "from archkit import Workspace"))
    assert sorted(model_sources(models / "alpha.py")) == ["_common.py", "alpha.py"]
    assert discover(models) == [models / "alpha.py", models / "beta.py"]  # _common.py is a helper
    quiet_build(project)
    (models / "_common.py").write_text('TECH = "Rust"\n')
    assert quiet_build(project) == {"alpha.py": "built", "beta.py": "up to date"}


def test_a_failing_model_fails_the_build_and_the_others_still_build(project: Path) -> None:
    (project / "models/alpha.py").write_text(MODEL.format(name="Alpha").replace("user.uses(api", "user.uses('nope'"))
    result = CliRunner().invoke(app, ["build", "-j", "1"], env={"CI": "true"})
    assert result.exit_code == 1
    assert "relationship.unknown-destination" in result.stderr
    assert (project / "out/beta/diagrams/api.svg").is_file()
    assert not (project / "out/alpha").exists()


def test_build_check_passes_when_fresh_and_names_the_stale_file_after_an_edit(project: Path) -> None:
    assert CliRunner().invoke(app, ["build", "-j", "1"], env={"CI": "true"}).exit_code == 0
    fresh = CliRunner().invoke(app, ["build", "--check", "-j", "1"], env={"CI": "true"})
    assert fresh.exit_code == 0, fresh.output
    model = project / "models/alpha.py"
    model.write_text(model.read_text().replace('"Does things."', '"Does more."').replace('"Alpha")', '"Alpha 2")'))
    snapshot = {p: p.read_bytes() for p in (project / "out").rglob("*") if p.is_file()}

    stale = CliRunner().invoke(app, ["build", "--check", "-j", "1"], env={"CI": "true"})

    assert stale.exit_code == 1
    assert f"stale: {Path('out/alpha/diagrams/api.svg')} (differs)" in stale.stdout
    assert "out/beta" not in stale.stdout
    assert {p: p.read_bytes() for p in (project / "out").rglob("*") if p.is_file()} == snapshot  # changed nothing


def test_the_build_writes_each_batch_before_the_next_is_generated(project: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    log = project / "seen.txt"  # the model is built in a worker process: it reports through a file

    def batches(ws: Workspace, out_dir: Path, render_jobs: int = 1, cache: object = None, *,
                layout: str | None = None, early: object = None,
                authoring: str = "python") -> Iterator[tuple[list[Artifact], list[str]]]:
        for n in range(3):
            with log.open("a") as fh:
                fh.write(f"{all((out_dir / f'diagrams/v{k}.svg').is_file() for k in range(n))}\n")
            yield [Artifact(f"diagrams/v{n}.svg", b"<svg/>")], [f"view v{n}"]

    monkeypatch.setattr(build_job, "generate_batches", batches)
    with open(os.devnull, "w") as devnull:
        report = build(discover(project / "models")[:1], project / "out", PlainReporter(devnull), jobs=1)
    assert log.read_text().split() == ["True"] * 3  # the earlier views were on disk: no process holds them all
    assert [(o.files, o.messages) for o in report.outcomes] == [(3, ["view v0", "view v1", "view v2"])]
    assert sorted(json.loads((project / "out/alpha" / STAMP).read_text())["files"]) == [
        "diagrams/v0.svg", "diagrams/v1.svg", "diagrams/v2.svg"]


def test_build_check_reports_missing_and_orphaned_files(project: Path) -> None:
    quiet_build(project)
    (project / "out/alpha/arc42/index.md").unlink()
    (project / "out/alpha/diagrams/old.svg").write_text("<svg/>")
    with open(os.devnull, "w") as devnull:
        report = check_outputs(discover(project / "models"), project / "out", PlainReporter(devnull), jobs=1)
    assert report.stale == [
        (str(project / "out/alpha/arc42/index.md"), "missing"),
        (str(project / "out/alpha/diagrams/old.svg"), "not generated any more"),
    ]


def test_plain_progress_lines_and_summary_table_when_ci_is_set(project: Path) -> None:
    result = CliRunner().invoke(app, ["build", "-j", "1"], env={"CI": "true"})
    assert "[1/2] models/alpha.py: built (2 files," in result.stderr
    header = result.stdout.splitlines()[0].split()
    assert header == ["model", "status", "files", "errors", "warnings", "seconds"]


def test_run_without_models_folder_is_a_clean_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build"])
    assert result.exit_code == 2
    assert "no model files found" in result.stderr


def test_no_op_build_from_the_command_line_imports_no_heavy_module(project: Path) -> None:
    quiet_build(project)
    code = (
        "import sys\n"
        "sys.argv = ['archkit', 'build', '-o', 'out']\n"
        "from archkit.cli import main\n"
        "main()\n"
        "heavy = sorted(m for m in ('pydantic', 'graphviz', 'jinja2', 'rich', 'archkit.model', 'archkit.render')\n"
        "               if m in sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    env = {**os.environ, "CI": "true"}
    done = subprocess.run([sys.executable, "-c", code], cwd=project, capture_output=True, text=True, check=False,
                          env=env)
    assert done.returncode == 0, done.stderr
    assert "[2/2] models/beta.py: up to date" in done.stderr
    assert "up to date" in done.stdout  # the summary table


def test_only_plain_arguments_take_the_no_op_shortcut() -> None:
    assert plain_arguments([]) == ([], Path("out"))
    assert plain_arguments(["m/a.py", "-o", "site", "m/b.py"]) == ([Path("m/a.py"), Path("m/b.py")], Path("site"))
    assert plain_arguments(["--out=x"]) == ([], Path("x"))
    for argv in (["--force"], ["--check"], ["-j", "2"], ["--help"], ["-o"], ["a.py", "--"]):
        assert plain_arguments(argv) is None


REAL = pytest.mark.skipif(not EXAMPLES or not _pipeline_ready(), reason="no example models, renderer or arc42 yet")


@pytest.fixture(scope="module")
def built_examples(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, BuildReport]:
    """Every example built for real (render + docs), in parallel, once for this module."""
    out = tmp_path_factory.mktemp("examples") / "out"
    with open(os.devnull, "w") as devnull:
        return out, build(EXAMPLES, out, PlainReporter(devnull), jobs=2)


@REAL
def test_every_example_builds_in_parallel_with_diagrams_and_arc42(built_examples: tuple[Path, BuildReport]) -> None:
    out, report = built_examples
    assert [(o.path, o.status, o.messages) for o in report.outcomes if o.status != "built"] == []
    for example in EXAMPLES:
        files = {p.relative_to(out / example.stem).as_posix() for p in (out / example.stem).rglob("*") if p.is_file()}
        assert any(f.startswith("diagrams/") and f.endswith(".svg") for f in files)
        assert any(f.startswith("diagrams/") and f.endswith(".png") for f in files)
        assert "arc42/index.md" in files


@REAL
def test_no_op_build_of_every_example_rebuilds_nothing(built_examples: tuple[Path, BuildReport]) -> None:
    # its speed is measured in benchmarks/ (run.py's noop_build_s), never asserted here
    out, _ = built_examples
    again = run(EXAMPLES, out=out, fancy=False)
    assert {o.status for o in again.outcomes} == {"up to date"}


@REAL
def test_real_build_check_is_fresh_keeps_hand_written_text_and_names_the_stale_file(tmp_path: Path) -> None:
    model = tmp_path / "models" / EXAMPLES[0].name
    model.parent.mkdir()
    model.write_text(EXAMPLES[0].read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "out"
    with open(os.devnull, "w") as devnull:
        assert build([model], out, PlainReporter(devnull)).ok
        index = out / model.stem / "arc42" / "index.md"
        index.write_text(index.read_text(encoding="utf-8") + "\nWritten by a person.\n", encoding="utf-8")
        rebuilt = build([model], out, PlainReporter(devnull))  # the edited page is an input: arc42.md takes it in
        assert [o.status for o in rebuilt.outcomes] == ["built"]
        assert check_outputs([model], out, PlainReporter(devnull)).stale == []  # hand-written text is not stale
        with model.open("a", encoding="utf-8") as fh:
            fh.write('\nworkspace.name = "Renamed Workspace"\n')
        stale = check_outputs([model], out, PlainReporter(devnull)).stale
    assert (str(index), "differs") in stale
    assert "Written by a person." in index.read_text(encoding="utf-8")  # --check changed nothing


@REAL
def test_iter_render_hands_out_one_view_at_a_time_and_adds_up_to_render_workspace() -> None:
    from archkit.load import load
    from archkit.render import render_workspace
    from archkit.render.pipeline import file_stem, iter_render

    ws = load(EXAMPLES[0])
    batches = list(iter_render(ws, formats=("dot", "dot"), jobs=2))
    keys = [view.key for view in ws.effective_views()]
    assert [[a.relpath for a in files] for files, _ in batches] == [[f"diagrams/{file_stem(k)}.dot"] for k in keys]
    artifacts, messages = render_workspace(ws, formats=("dot",))
    assert sorted((a for files, _ in batches for a in files), key=lambda a: a.relpath) == artifacts
    assert [m for _, notes in batches for m in notes] == messages


def test_configured_exports_are_part_of_the_build() -> None:
    ws = Workspace(name="Shop", properties={EXPORTS_PROPERTY: "mermaid, structurizr,, mermaid"})
    shop = ws.model.software_system("Shop", "Sells things.")
    ws.model.person("Customer", "Buys.").uses(shop, "Buys from")
    assert build_job.configured_exports(ws) == ["mermaid", "structurizr"]
    paths = [a.relpath for a in build_job.exports(ws)]
    assert paths and all(p.startswith(("exports/mermaid/", "exports/structurizr/")) for p in paths)
    assert any(p.startswith("exports/structurizr/") for p in paths)
    assert build_job.exports(Workspace(name="Plain")) == []


def test_views_after_a_slow_one_are_drawn_while_it_is_drawn_and_handed_out_in_order() -> None:
    import threading

    from archkit.render.schedule import ordered_map as _ordered_map

    done_after_first: list[int] = []
    others = threading.Event()
    handed_out: list[int] = []

    def draw(n: int) -> int:
        if n == 0:  # the large view: only finishes once the next four were drawn beside it
            others.wait(timeout=30)
            assert len(handed_out) == 0
        else:
            done_after_first.append(n)
            if len(done_after_first) == 4:
                others.set()
        return n

    for n in _ordered_map(draw, range(10), jobs=2, window=8):
        handed_out.append(n)
    assert others.is_set(), "the second thread sat idle behind the slow first view"
    assert handed_out == list(range(10))


def test_render_views_draws_every_other_view_while_a_slow_one_is_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    """``render_views`` keeps every view's bytes anyway, so it has no window: behind a view that takes as long
    as all the others (the largest container view of a large model), the second thread draws all of them."""
    import threading

    from archkit import Workspace
    from archkit.render import pipeline

    ws = Workspace(name="Many views")
    ws.model.person("User")
    keys = [f"v{n:02d}" for n in range(3 * pipeline.WINDOW_PER_JOB * 2)]
    for key in keys:
        ws.views.system_landscape(key)
    drawn: list[str] = []
    others = threading.Event()
    real = pipeline._draw_prepared

    def draw_prepared(prepared: Any, formats: Any, laid: Any) -> Any:
        if prepared.spec.key == keys[0]:  # the slow view: finishes once every other view was drawn beside it
            assert others.wait(timeout=60), "a thread sat idle behind the slow first view"
        result = real(prepared, formats, laid)
        drawn.append(prepared.spec.key)
        if len(drawn) == len(keys) - 1:
            others.set()
        return result

    monkeypatch.setattr(pipeline, "_draw_prepared", draw_prepared)
    done = pipeline.render_views(ws, formats=("dot",), jobs=2)
    assert [a.relpath for a in done.artifacts] == [f"diagrams/{k}.dot" for k in keys]
    assert drawn[-1] == keys[0]


def test_a_build_draws_on_behind_a_slow_view_while_the_bytes_waiting_stay_within_the_budget() -> None:
    """``iter_render``'s map: past its window of views in progress, bounded by the bytes drawn and waiting."""
    import threading

    from archkit.render.schedule import ordered_map as _ordered_map

    many, done_behind = threading.Event(), []
    handed_out: list[int] = []

    def draw(n: int) -> int:
        if n == 0:  # the slow view: the others are drawn beside it, up to the budget
            many.wait(timeout=2)
            done_behind.append(len(done))
        else:
            done.append(n)
            if len(done) == 20:
                many.set()
        return n

    done: list[int] = []
    for n in _ordered_map(draw, range(30), jobs=2, window=2, weigh=lambda n: 1, budget=25):
        handed_out.append(n)
    assert many.is_set(), "the second thread stopped at the window behind the slow first view"
    assert handed_out == list(range(30))

    many.clear()
    done.clear()
    assert list(_ordered_map(draw, range(30), jobs=2, window=2, weigh=lambda n: 1, budget=3)) == list(range(30))
    assert done_behind[-1] <= 3 + 2  # drawn while the slow view was: the budget, and the window still drawing
