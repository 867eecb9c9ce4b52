"""Terminal and machine-readable output carry no raw control or bidi character, whatever a model's
names, descriptions or FILE NAME hold: every command and format through the real `archkit` process,
the rich progress bar and summary, `watch`; and every place output leaves the program goes through
`archkit.errors.printable` (checked on the source, so a new print cannot forget it)."""

from __future__ import annotations

import ast
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from archkit.build.job import Outcome
from archkit.build.runner import BuildReport
from archkit.cli import app
from archkit.errors import printable, printable_json

ARCHKIT = Path(sys.executable).with_name("archkit")
PACKAGE = Path(__file__).parent.parent / "archkit"
RAW = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")
HOSTILE = "\x1b]0;pwned\x07\x1b[2J\x9b31m\u202eevil\u2066\u200f\u061c\x7f\x00\r\u2028"
# a model FILE NAME with an escape sequence, a C1 CSI, bidi overrides and rich markup
FILE_NAME = "m\x1b]0;pwned\x07\x9b31m\u202egpj.\u2066[bold][link=https:evil.example]x.json"


def hostile_model(name: str = "Shop") -> dict[str, Any]:
    return {
        "name": f"{name}{HOSTILE}",
        "description": f"desc{HOSTILE}",
        "model": {
            "people": [{"id": "customer", "name": f"Customer{HOSTILE}", "description": f"buys{HOSTILE}"}],
            "software_systems": [
                {"id": "shop", "name": f"{name}{HOSTILE}\n[error fake.rule]", "description": f"sells{HOSTILE}",
                 "containers": [{"id": "shop.api", "name": f"API{HOSTILE}", "technology": f"Py{HOSTILE}"}]},
                {"id": "orphan", "name": f"Orphan{HOSTILE}"},
            ],
            "relationships": [{"source": "customer", "destination": "shop.api", "description": f"uses{HOSTILE}",
                               "technology": f"HTTPS{HOSTILE}"}],
        },
        "arc42": {"decisions": [{"id": "D1", "title": f"Use{HOSTILE}", "status": "accepted",
                                 "context": f"ctx{HOSTILE}\n\n    code\tblock", "decision": f"dec{HOSTILE}",
                                 "consequences": f"con{HOSTILE}"}],
                  "glossary": [{"term": f"T{HOSTILE}", "definition": f"D{HOSTILE}"}]},
        "views": [{"type": "system_context", "key": "context", "software_system": "shop",
                   "title": f"Context{HOSTILE}"},
                  {"type": "container", "key": "containers", "software_system": "shop"}],
    }


def strings(data: Any) -> str:
    """Every string in loaded JSON, joined: to find a model's text as it was."""
    if isinstance(data, dict):
        return "\n".join(strings(k) + "\n" + strings(v) for k, v in data.items())
    if isinstance(data, list):
        return "\n".join(strings(v) for v in data)
    return data if isinstance(data, str) else ""


def assert_no_raw(text: str, what: str) -> None:
    raw = RAW.search(text)
    assert raw is None, f"{what}: raw {raw.group()!r} in {text!r}"


# ---- every output call goes through printable ------------------------------------------------------

_STREAM = re.compile(r"(stdout|stderr|stream|log)$")


def _output_calls(tree: ast.AST) -> list[ast.Call]:
    """print(...), typer.echo(...), console.print(...) and <stdout|stderr|stream|log>.write(...)."""
    calls = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        named = ast.unparse(func).split(".")[-1]
        receiver = ast.unparse(func.value) if isinstance(func, ast.Attribute) else ""
        if named in ("print", "echo", "secho") or (named == "write" and _STREAM.search(receiver)):
            calls.append(node)
    return calls


def _escaped(arg: ast.expr) -> bool:
    """The argument is printable(...)/printable_json(...) (or that plus a literal line end)."""
    if isinstance(arg, ast.BinOp) and isinstance(arg.op, ast.Add):
        return _escaped(arg.left) and isinstance(arg.right, ast.Constant)
    return isinstance(arg, ast.Call) and ast.unparse(arg.func).endswith(("printable", "printable_json"))


# calls whose argument is escaped elsewhere, with the reason
_ESCAPED_ELSEWHERE = {
    **{(f"archkit/{module}.py", "echo"): "cli_common.echo is printable() itself; the CLI modules print only "
       "through it" for module in ("cli", "cli_common", "cli_code", "cli_interop", "cli_site")},
    ("archkit/build/progress.py", "Console().print(table)"): "every cell is Text(printable(...)) (summary_rows)",
}


def test_every_output_call_in_archkit_goes_through_printable() -> None:
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in _output_calls(tree):
            text = ast.unparse(call)
            if (rel, text) in _ESCAPED_ELSEWHERE or (rel, ast.unparse(call.func).split(".")[-1]) in _ESCAPED_ELSEWHERE:
                continue
            if not call.args or not _escaped(call.args[0]):
                missing.append(f"{rel}:{call.lineno}: {text}")
    assert missing == [], "output that does not go through archkit.errors.printable:\n" + "\n".join(missing)


def test_printable_escapes_and_json_round_trips() -> None:
    assert printable("a\x1b[31m\u202eb\nc") == "a\\u001b[31m\\u202eb\\nc"
    assert printable("a\x9b\nb", keep_newlines=True) == "a\\u009b\nb"
    data = {"k": HOSTILE + "\ud800", "list": [HOSTILE]}
    text = printable_json(data, indent=2)
    assert_no_raw(text.replace("\n", ""), "printable_json")
    assert json.loads(text) == data


# ---- through the real archkit process ----------------------------------------------------------------


def archkit(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "CI": "true", "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run([str(ARCHKIT), *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8",
                          errors="surrogateescape", timeout=180, env=env, check=False)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert_no_raw(proc.stdout.replace("\n", ""), f"archkit {' '.join(args)!r} stdout")
    assert_no_raw(proc.stderr.replace("\n", ""), f"archkit {' '.join(args)!r} stderr")
    return proc


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("hostile")
    (work / FILE_NAME).write_text(json.dumps(hostile_model(), indent=1), encoding="utf-8")
    (work / "new.json").write_text(json.dumps(hostile_model("Store"), indent=1), encoding="utf-8")
    return work


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_check_in_every_format_escapes_names_and_the_file_name(hostile_project: Path, fmt: str) -> None:
    proc = archkit("check", "-f", fmt, FILE_NAME, cwd=hostile_project)
    assert proc.returncode == 0, proc.stderr
    if fmt in ("json", "sarif"):
        data = json.loads(proc.stdout)  # still valid JSON, and the text loads back as the model had it
        assert f"Orphan{HOSTILE}" in strings(data)
        assert FILE_NAME in strings(data) or fmt == "sarif"
    else:
        assert "\\u001b]0;pwned\\u0007" in proc.stdout and "\\u202e" in proc.stdout
    if fmt == "github":
        assert all(line.startswith("::") for line in proc.stdout.splitlines())  # no forged line


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_diff_in_every_format_escapes_names_and_file_names(hostile_project: Path, fmt: str) -> None:
    proc = archkit("diff", "-f", fmt, FILE_NAME, "new.json", cwd=hostile_project)
    assert proc.returncode == 0, proc.stderr
    if fmt == "json":
        assert f"Store{HOSTILE}" in strings(json.loads(proc.stdout))
    else:
        assert "\\u001b" in proc.stdout and "[error fake.rule]" not in proc.stdout.splitlines()


def test_build_render_and_docs_messages_escape_the_model_file_name(hostile_project: Path) -> None:
    build = archkit("build", "-j", "1", "-o", "out-build", FILE_NAME, cwd=hostile_project)
    assert build.returncode == 0, build.stderr
    assert "\\u001b]0;pwned\\u0007" in build.stderr + build.stdout  # progress and summary name it, escaped
    render = archkit("render", "-f", "dot", "-o", "out", FILE_NAME, cwd=hostile_project)
    docs = archkit("docs", "--no-render", "-o", "out", FILE_NAME, cwd=hostile_project)
    report = archkit("docs", "--no-render", "--report", "json", "-o", "out", FILE_NAME, cwd=hostile_project)
    assert render.returncode == docs.returncode == report.returncode == 0
    json.loads(report.stdout)


def test_no_file_the_build_writes_holds_a_raw_control_character(hostile_project: Path) -> None:
    """Diagrams, arc42 pages (ADR bodies too), exports, mkdocs.yml: `cat` or `git diff` of out/ is safe."""
    build = archkit("build", "-j", "1", "-o", "out-files", FILE_NAME, cwd=hostile_project)
    assert build.returncode == 0, build.stderr
    files = [p for p in sorted((hostile_project / "out-files").rglob("*")) if p.is_file() and p.suffix != ".png"]
    assert any(p.parent.name == "decisions" for p in files) and any(p.suffix == ".svg" for p in files)
    for path in files:
        text = path.read_text(encoding="utf-8")
        if path.parent.name == "decisions":
            assert "ctx\\u001b]0;pwned" in text and "\tblock" in text  # escaped; the tab is Markdown's
            text = text.replace("\tblock", "")
        assert_no_raw(text.replace("\n", ""), str(path.relative_to(hostile_project)))


def test_site_escapes_the_file_name_and_no_page_holds_a_raw_control_character(hostile_project: Path) -> None:
    proc = archkit("site", "--layout", "fast", "--format", "svg", "-o", "site", FILE_NAME, cwd=hostile_project)
    assert proc.returncode == 0, proc.stderr
    assert_no_raw(proc.stdout + proc.stderr, "archkit site")
    files = [p for p in sorted((hostile_project / "site").rglob("*")) if p.is_file()]
    assert any(p.parent.name == "elements" for p in files) and any(p.name == "search-index.js" for p in files)
    for path in files:
        assert_no_raw(path.read_text(encoding="utf-8").replace("\n", "").replace("\t", ""),
                      str(path.relative_to(hostile_project)))


@pytest.mark.parametrize("to", ["structurizr", "dsl", "plantuml", "mermaid", "mermaid-flowchart", "d2", "dot",
                                "python"])
def test_export_to_stdout_and_to_files_escapes_model_text(hostile_project: Path, to: str) -> None:
    proc = archkit("export", "--to", to, FILE_NAME, cwd=hostile_project)
    assert proc.returncode == 0, proc.stderr
    if to == "structurizr":
        assert f"Orphan{HOSTILE}" in strings(json.loads(proc.stdout))
    written = archkit("export", "--to", to, "-o", f"exports-{to}", FILE_NAME, cwd=hostile_project)
    assert written.returncode == 0, written.stderr
    folder = hostile_project / f"exports-{to}"
    for path in sorted(folder.rglob("*")) if folder.is_dir() else [folder]:
        assert_no_raw(path.read_text(encoding="utf-8").replace("\n", ""), str(path.name))


def test_a_hostile_workspace_round_trips_through_structurizr_json_and_python(hostile_project: Path) -> None:
    from archkit.load import load

    exported = archkit("export", "--to", "structurizr", "-o", "ws.json", FILE_NAME, cwd=hostile_project)
    assert exported.returncode == 0
    proc = archkit("import", "ws.json", cwd=hostile_project)
    assert proc.returncode == 0, proc.stderr
    (hostile_project / "imported.py").write_text(proc.stdout, encoding="utf-8")
    original, imported = load(hostile_project / FILE_NAME), load(hostile_project / "imported.py")
    names = {e.id: e.name for e, _ in imported.model.walk()}
    assert names == {e.id: e.name for e, _ in original.model.walk()}  # the escapes are escapes
    assert names["orphan"] == f"Orphan{HOSTILE}"


# ---- the rich progress bar and table; watch -------------------------------------------------------------


def test_rich_progress_and_summary_never_pass_a_file_name_raw_or_as_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    import rich.console

    from archkit.build import progress

    sink = io.StringIO()
    real_console = rich.console.Console
    monkeypatch.setattr(rich.console, "Console", lambda **kw: real_console(file=sink, force_terminal=True,
                                                                            width=200, **kw))
    outcome = Outcome(FILE_NAME, "m", "failed", messages=[f"{FILE_NAME}: view 'x{HOSTILE}': failed"])
    reporter = progress.RichReporter()
    reporter.start(1, 1, "building")
    reporter.done(outcome)
    reporter.stop()

    monkeypatch.setattr(sys, "stdout", sink)
    progress.print_summary(BuildReport([outcome], [(f"a{HOSTILE}.svg", "changed")]), fancy=True)
    text = sink.getvalue()
    for forged in ("\x1b]0;", "\x1b]8;", "\x9b", "\u202e", "\u2066", "\x07"):  # no title, no hyperlink, ...
        assert forged not in text, repr(forged)
    assert "[bold][link=https:evil.example]" in text  # shown as written, not read as rich markup


def test_watch_prints_the_model_file_names_escaped(hostile_project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from archkit.build import watch as watch_module

    def once(models: list[Path], rebuild: Any, stop: Any = None, out: Path | None = None) -> None:
        rebuild(models)

    monkeypatch.setattr(watch_module, "watch", once)
    monkeypatch.chdir(hostile_project)
    result = CliRunner().invoke(app, ["watch", "-o", "out-watch", FILE_NAME], env={"CI": "true"})
    assert result.exit_code == 0, result.output
    assert "\\u001b]0;pwned" in result.stderr
    assert_no_raw(result.stdout.replace("\n", "") + result.stderr.replace("\n", ""), "watch")
