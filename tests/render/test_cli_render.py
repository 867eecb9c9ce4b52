"""`archkit render`: where files go, options, progress, and nothing half-written on failure."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit.cli import app
from archkit.errors import RenderError
from archkit.render import graphviz
from archkit.render.quality import MEASURES

MODEL = Path(__file__).resolve().parents[1] / "models" / "gallery.py"
runner = CliRunner()


def test_render_writes_out_model_diagrams_view_ext(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(MODEL), "-o", str(tmp_path), "--view", "container-orders",
                                 "--view", "system-landscape", "--format", "svg,dot"])
    assert result.exit_code == 0, result.output
    written = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    assert written == ["gallery/diagrams/container-orders.dot", "gallery/diagrams/container-orders.svg",
                       "gallery/diagrams/system-landscape.dot", "gallery/diagrams/system-landscape.svg"]
    assert "rendering [1/2]" in result.output and "4 diagram files" in result.output


def test_render_dark_theme_and_pdf(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(MODEL), "-o", str(tmp_path), "-v", "system-landscape",
                                 "--format", "pdf,dot", "--theme", "dark"])
    assert result.exit_code == 0, result.output
    diagrams = tmp_path / "gallery" / "diagrams"
    assert (diagrams / "system-landscape.pdf").read_bytes().startswith(b"%PDF")
    assert 'bgcolor="#1b1f24"' in (diagrams / "system-landscape.dot").read_text()


@pytest.mark.parametrize(("args", "message"), [
    (["--view", "nope"], "view 'nope': no such view"),
    (["--format", "gif"], "format 'gif': unknown diagram format"),
    (["--theme", "neon"], "theme 'neon': unknown theme"),
])
def test_render_errors_are_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["render", str(MODEL), "-o", str(tmp_path), *args])
    assert result.exit_code == 2 and message in result.output
    assert "Traceback" not in result.output and not list(tmp_path.rglob("*.svg"))


def test_a_failing_view_leaves_nothing_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = graphviz.render_formats

    def fail_on_deployment(dot: str, formats: Sequence[str], **kw: object) -> dict[str, graphviz.Output]:
        if "deployment-live" in dot.splitlines()[0]:
            raise RenderError("dot: Graphviz failed (simulated)")
        return real(dot, formats, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(graphviz, "render_formats", fail_on_deployment)
    result = runner.invoke(app, ["render", str(MODEL), "-o", str(tmp_path), "--format", "svg"])
    assert result.exit_code == 2 and "view 'deployment-live'" in result.output
    assert not any(p.is_file() for p in tmp_path.rglob("*"))


def test_render_quality_json_prints_every_figure_of_every_view_and_their_totals(tmp_path: Path) -> None:
    result = runner.invoke(app, ["render", str(MODEL), "-o", str(tmp_path), "--format", "svg", "--quality", "json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    keys = sorted(p.stem for p in (tmp_path / "gallery" / "diagrams").glob("*.svg"))
    assert sorted(report["views"]) == keys
    for figures in report["views"].values():
        assert set(MEASURES) | {"fill", "width", "height", "score", "defects"} == set(figures)
        assert 0 < figures["fill"] < 1 and figures["width"] > 0
    for measure in MEASURES:
        assert report["totals"][measure] == sum(v[measure] for v in report["views"].values())
    assert "diagram files" in result.stderr  # stdout is the JSON alone


def test_render_names_each_view_with_defects_once_with_what_and_where(tmp_path: Path) -> None:
    measured = runner.invoke(app, ["render", str(MODEL), "-o", str(tmp_path), "-f", "svg", "--quality", "json"])
    views = json.loads(measured.stdout)["views"]
    result = runner.invoke(app, ["render", str(MODEL), "-o", str(tmp_path), "-f", "svg"])
    lines = [line for line in result.stderr.splitlines() if "rendering" not in line]
    for key, figures in views.items():
        mine = [line for line in lines if line.startswith(f"archkit: {MODEL}: {key}: ")]
        assert len(mine) == (1 if figures["defects"] else 0), (key, mine)
        for defect in figures["defects"]:
            assert defect["subject"] in mine[0] or "more" in mine[0]
    quiet = runner.invoke(app, ["render", str(MODEL), "-o", str(tmp_path), "-f", "svg", "--quality", "off"])
    assert not [line for line in quiet.stderr.splitlines() if "rendering" not in line]


def test_render_says_when_asking_for_dot_alone_leaves_nothing_to_measure(tmp_path: Path) -> None:
    args = ["render", str(MODEL), "-o", str(tmp_path), "--view", "system-landscape", "-f", "dot"]
    result = runner.invoke(app, [*args, "--quality", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["totals"]["views"] == 0
    assert (f"archkit: {MODEL}: the layout quality is not measured: DOT alone is written without a layout "
            "(add svg or png to the formats to measure it)") in result.stderr.splitlines()
    quiet = runner.invoke(app, [*args, "--quality", "off"])
    assert "not measured" not in quiet.stderr
    measured = runner.invoke(app, [*args[:-1], "dot,svg"])
    assert "not measured" not in measured.stderr
