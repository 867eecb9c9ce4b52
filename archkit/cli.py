"""The `archkit` command line: parse arguments, call the library, print, set the exit code.

Exit codes: 0 clean; 1 findings that fail the check (errors, or warnings with
--strict) or a failed build; 2 an input could not be loaded or another
:class:`ArchkitError`. Library errors print as one line, never a traceback.
"""

from __future__ import annotations

import gc
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from archkit import __version__
from archkit.cli_common import CheckFormat, app, clean_errors, echo, fail, load_checked, refuse_errors, report_findings
from archkit.errors import ArchkitError, printable, printable_json
from archkit.gcpause import gc_paused
from archkit.usage import ReadableCommand

if TYPE_CHECKING:
    from archkit.check import Finding

__all__ = ["app", "echo", "fail", "main"]


def _version(value: bool) -> None:
    if value:
        echo(f"archkit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")
    ] = False,
) -> None:
    """Architecture as code: check a C4 + arc42 model, render its diagrams, generate its docs."""


@app.command()
def check(
    files: Annotated[list[Path], typer.Argument(help="Model files (.py, .yaml, .json, .dsl).", show_default=False)],
    format: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Warnings fail the check too.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds a .py model may run.")] = 60.0,
) -> None:
    """Validate models and report findings (rule, severity, element, hint).

    Exit 0 when clean, 1 when a finding fails the check (errors; warnings too
    with --strict), 2 when a file cannot be loaded.
    """
    findings: list[Finding] = []
    failures: list[tuple[str, str]] = []
    loaded = 0
    with gc_paused():
        from archkit.check import check as run_check
        from archkit.load import load

        for n, path in enumerate(files):
            if n:
                gc.collect()  # the cycles of the model before
            try:
                ws = load(path, timeout=timeout)
            except ArchkitError as exc:
                for line in exc.lines:
                    echo(f"archkit: {line}", err=True)
                failures.append((str(path), str(exc)))
                continue
            loaded += 1
            findings.extend(run_check(ws, str(path)))
    report_findings(findings, failures, format, loaded, strict)


@app.command()
@clean_errors
def schema() -> None:
    """Print the JSON Schema of the YAML/JSON model format (for editor autocompletion)."""
    from archkit.model import Workspace

    echo(printable_json(Workspace.model_json_schema(by_alias=True), indent=2, sort_keys=True), document=True)


@app.command()
@clean_errors
def new(
    name: Annotated[str, typer.Argument(help="Name of the system, e.g. 'payments'.")],
    directory: Annotated[Path, typer.Option("--dir", "-d", help="Folder to write the model into.")] = Path("."),
) -> None:
    """Scaffold a starter model NAME.py that passes `archkit check --strict`."""
    from archkit.output import write_new
    from archkit.scaffold import starter_model

    filename, source = starter_model(name)
    target = directory / filename
    write_new(target, source.encode())  # never over anything there: a file, a folder, a link (dangling too)
    echo(f"wrote {target}; next: archkit check {target}")


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
@clean_errors
def diff(
    old: Annotated[Path, typer.Argument(help="The old model file (with --git: the model).", show_default=False)],
    new: Annotated[Path | None, typer.Argument(help="The new model file.", show_default=False)] = None,
    git: Annotated[str | None, typer.Option("--git", metavar="REV", help="Compare OLD at git revision REV "
                                            "with OLD in the work tree.")] = None,
    format: Annotated[DiffFormat, typer.Option("--format", "-f", help="Output format.")] = DiffFormat.text,
    diagram: Annotated[Path | None, typer.Option(help="Also draw the diff diagram (added green, removed red, "
                                                 "changed amber) to this .svg, .png or .dot file.")] = None,
    exit_code: Annotated[bool, typer.Option("--exit-code", help="Exit 1 when the models differ.")] = False,
    timeout: Annotated[float, typer.Option(help="Seconds a .py model may run.")] = 60.0,
) -> None:
    """Show added, removed and changed elements, relationships, views and arc42 content.

    `archkit diff OLD NEW` compares two files; `archkit diff MODEL --git REV` compares
    MODEL at a git revision with the work tree. Markdown output is ready for a PR comment.
    """
    from archkit.diff import diagram_artifact, diff_files, to_json, to_markdown, to_text
    from archkit.output import write_artifacts

    result = diff_files(old, new, rev=git, timeout=timeout)
    if diagram is not None:
        write_artifacts(diagram.parent, [diagram_artifact(result, diagram.name)])
    if format is DiffFormat.markdown:
        echo(to_markdown(result, diagram.name if diagram else None), nl=False, document=True)
    else:
        echo((to_json if format is DiffFormat.json else to_text)(result), nl=False, document=True)
    if exit_code and result:
        raise typer.Exit(1)


@app.command()
@clean_errors
def build(
    models: Annotated[list[Path] | None, typer.Argument(help="Model files (default: every model in models/).",
                                                        show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder; each model goes to OUT/<model>/.")] = Path(
        "out"),
    force: Annotated[bool, typer.Option("--force", help="Rebuild models that are up to date.")] = False,
    check: Annotated[bool, typer.Option("--check", help="Change nothing; exit 1 when OUT differs from what "
                                        "a build would write, listing the stale files.")] = False,
    jobs: Annotated[int | None, typer.Option("--jobs", "-j", help="Worker processes (default: one per core).")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds a .py model may run.")] = 60.0,
    layout: Annotated[LayoutMode | None, typer.Option(
        "--layout", help="Layout search, as for render: 'best' or 'fast' (default: each model's archkit.layout "
        "property, else best). Part of the fingerprint: --check takes the same option.",
        show_default=False)] = None,
) -> None:
    """Check, render every view, generate the arc42 docs and configured exports of each model.

    Incremental: a model whose sources, templates and archkit version are unchanged is
    skipped (--force rebuilds). Exit 0 when all is built (or fresh), 1 when a model fails
    or, with --check, when OUT is stale.
    """
    from archkit.build import run

    if not run(models or [], out=out, force=force, check=check, jobs=jobs, timeout=timeout,
               layout=layout.value if layout is not None else None).ok:
        raise typer.Exit(1)


@app.command()
@clean_errors
def watch(
    models: Annotated[list[Path], typer.Argument(help="Model files to build and watch.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out"),
    timeout: Annotated[float, typer.Option(help="Seconds a .py model may run.")] = 60.0,
    serve: Annotated[bool, typer.Option("--serve", help="Also preview OUT, as `archkit serve --watch` does: "
                                        "open pages follow each rebuild.")] = False,
    port: Annotated[int, typer.Option("--port", "-p", help="With --serve: port (0 picks a free one).")] = 8000,
    host: Annotated[str, typer.Option(help="With --serve: address to listen on.")] = "127.0.0.1",
) -> None:
    """Build MODELS, then rebuild each one when it (or a sibling module it imports, or a file its last build
    read: an image view's picture, the code it maps) changes. Ctrl-C stops."""
    from archkit.build import run
    from archkit.build.watch import watch as watch_models

    echo(f"archkit: watching {', '.join(map(str, models))} (Ctrl-C stops)", err=True)
    if serve:
        from archkit.preview import serve_watch

        serve_watch(models, out, lambda paths, drawn: run(paths, out=out, timeout=timeout, announce=drawn), host,
                    port)
        return
    watch_models(models, lambda paths: run(paths, out=out, timeout=timeout), out=out)


@app.command()
@clean_errors
def serve(
    models: Annotated[list[Path] | None, typer.Argument(
        help="With --watch: the model files to build and watch (default: every model in models/).",
        show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="The built output folder to preview.")] = Path("out"),
    port: Annotated[int, typer.Option("--port", "-p", help="Port (0 picks a free one).")] = 8000,
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    watch: Annotated[bool, typer.Option("--watch", help="Build MODELS, rebuild each on save, and refresh the "
                                        "open pages by themselves (scroll kept; a failing model shows its "
                                        "errors).")] = False,
    timeout: Annotated[float, typer.Option(help="With --watch: seconds a .py model may run.")] = 60.0,
) -> None:
    """Preview OUT in a browser: an index of models, views and arc42 pages, with drill-down links."""
    from archkit.preview import serve as serve_out

    if not watch:
        if models:
            raise fail("serve: model files are only read with --watch — add --watch, or run `archkit build` first")
        serve_out(out, host, port)
        return
    from archkit.build import DEFAULT_MODELS, discover, run
    from archkit.errors import LoadError
    from archkit.preview import serve_watch

    paths = list(models or []) or discover(DEFAULT_MODELS)
    if not paths:
        raise LoadError(f"{DEFAULT_MODELS}/: no model files found — pass model files: archkit serve --watch shop.py")
    echo(f"archkit: watching {', '.join(map(str, paths))} (Ctrl-C stops)", err=True)
    serve_watch(paths, out, lambda changed, drawn: run(changed, out=out, timeout=timeout, announce=drawn), host,
                port)


class LayoutMode(StrEnum):
    best = "best"
    fast = "fast"


class QualityReport(StrEnum):
    text = "text"
    json = "json"
    off = "off"


@app.command()
@clean_errors
def render(
    model: Annotated[Path, typer.Argument(help="Model file (.py, .yaml, .json, .dsl).", show_default=False)],
    view: Annotated[list[str] | None, typer.Option("--view", "-v", help="Render only this view key "
                                                   "(repeatable).", show_default=False)] = None,
    format: Annotated[str | None, typer.Option("--format", "-f", metavar="FORMATS", help="Comma-separated: svg, "
                                               "png, pdf, dot (default: the model's archkit.formats, else svg,png).",
                                               show_default=False)] = None,
    theme: Annotated[str | None, typer.Option(help="light or dark (default: the model's styles.theme).",
                                              show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder; diagrams go to "
                                      "OUT/<model>/diagrams/.")] = Path("out"),
    timeout: Annotated[float, typer.Option(help="Seconds a .py model may run.")] = 60.0,
    quality: Annotated[QualityReport, typer.Option(
        "--quality", help="Layout quality: 'text' names each view's defects (crossings, edges through "
        "elements, label defects and hidden arrowheads, boundary titles crossed by edges, edges against the "
        "flow) on stderr; 'json' prints every figure and defect "
        "of every view, with totals, on stdout; 'off'.")] = QualityReport.text,
    layout: Annotated[LayoutMode | None, typer.Option(
        "--layout", help="Layout search: 'best' lays small views out in several candidate encodings and draws "
        "the best (never one that keeps fewer of the view's layout hints); 'fast' lays every view out once, "
        "for CI (default: the model's archkit.layout property, else best).", show_default=False)] = None,
) -> None:
    """Draw the model's views (C4 diagrams) to OUT/<model>/diagrams/<view>.<format>.

    Every view is drawn in memory first; files are written only when all succeeded.
    """
    from archkit.output import model_name, write_artifacts
    from archkit.render import render_views
    from archkit.render.formats import diagram_formats
    from archkit.render.quality_text import describe, report

    ws = load_checked(model, timeout)
    if format is None:
        formats = diagram_formats(ws.properties, str(model))
    else:
        formats = [f.strip().lower() for f in format.split(",") if f.strip()]
    try:
        done = render_views(
            ws, formats=formats, theme=theme, views=view,
            progress=lambda line: echo(f"archkit: rendering {line}", err=True),
            layout=layout.value if layout is not None else None, measure=quality is not QualityReport.off,
        )
    except ArchkitError as exc:  # name the model: "shop.py: view 'x': ..."
        raise fail(f"{model}: {exc}") from None
    for message in done.messages:
        echo(f"archkit: {model}: {message}", err=True)
    if quality is not QualityReport.off and set(formats) <= {"dot"}:
        echo(f"archkit: {model}: the layout quality is not measured: DOT alone is written without a layout "
             "(add svg or png to the formats to measure it)", err=True)
    if quality is QualityReport.text:
        for key, measured in done.quality.items():
            if line := describe(measured):
                echo(f"archkit: {model}: {key}: {line}", err=True)
    root = out / model_name(model)
    changed = write_artifacts(root, done.artifacts)
    count = len(done.artifacts)
    echo(f"{count} diagram file{'s' if count != 1 else ''} in {root / 'diagrams'} ({len(changed)} changed)",
         err=quality is QualityReport.json)
    if quality is QualityReport.json:
        echo(printable_json(report(done.quality), indent=2), document=True)


class DocsFormat(StrEnum):
    md = "md"
    adoc = "adoc"


class DocsReport(StrEnum):
    text = "text"
    json = "json"


class AdrFormat(StrEnum):
    nygard = "nygard"
    madr = "madr"


@app.command()
@clean_errors
def docs(
    model: Annotated[Path, typer.Argument(help="Model file (.py, .yaml, .json, .dsl).", show_default=False)],
    format: Annotated[DocsFormat, typer.Option("--format", "-f", help="Markdown or AsciiDoc.")] = DocsFormat.md,
    templates: Annotated[Path | None, typer.Option("--templates", help="Folder of templates that replace the "
                                                   "built-in ones of the same name.", show_default=False)] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder; the docs go to "
                                      "OUT/<model>/arc42/.")] = Path("out"),
    adr_format: Annotated[AdrFormat, typer.Option("--adr-format", help="Layout of the ADR files: adr-tools "
                                                  "(nygard) or MADR.")] = AdrFormat.nygard,
    adr_dir: Annotated[Path | None, typer.Option("--adr-dir", help="Read the decisions of this ADR folder "
                                                 "(adr-tools or MADR) into the model.", show_default=False)] = None,
    report: Annotated[DocsReport, typer.Option("--report", help="Completeness report as text or json "
                                               "(json: stdout holds only the report).")] = DocsReport.text,
    render: Annotated[bool, typer.Option("--render/--no-render", help="Draw the diagrams that are missing.")] = True,
    system: Annotated[str | None, typer.Option("--system", help="Id of the software system the docs describe "
                                               "(default: the model's arc42.system, or its only internal "
                                               "system).", show_default=False)] = None,
    timeout: Annotated[float, typer.Option(help="Seconds a .py model may run.")] = 60.0,
) -> None:
    """Generate the arc42 documentation to OUT/<model>/arc42/: a page per section, an index, ADR files,
    a single-file variant and (Markdown) an mkdocs.yml; text written outside the archkit markers is kept."""
    from archkit.arc42 import add_decisions, write_docs
    from archkit.arc42.guidance import authoring_of
    from archkit.arc42.layout import choose_system
    from archkit.load import load, load_decisions, load_templates
    from archkit.output import model_name

    ws = load(model, timeout=timeout)
    if system is not None:
        ws.arc42.system = system
    choice = choose_system(ws, ws.model.index(), str(model), "--system" if system is not None else "arc42.system")
    if choice.guessed:
        echo(f"archkit: {model}: the docs describe '{choice.system}', one of {len(choice.candidates)} internal "
             "systems: name the one they describe with --system ID or arc42.system", err=True)
    if adr_dir is not None:
        add_decisions(ws, load_decisions(adr_dir), str(adr_dir))
    refuse_errors(ws, model)
    overrides = load_templates(templates) if templates is not None else None
    root = out / model_name(model)
    if overrides:  # a template that drops archkit's markers: refused before a stale diagram is drawn again
        from archkit.arc42 import build_docset
        from archkit.arc42.pipeline import refuse_unmarked

        refuse_unmarked(build_docset(ws, format.value, templates=overrides, adr_format=adr_format.value,
                                     authoring=authoring_of(model)), overrides, adr_format.value, str(templates))
    if render:
        from archkit.cli_docs import redraw_stale

        stale, drawing = redraw_stale(ws, root)
        for note in drawing:
            echo(f"archkit: {model}: {note}", err=True)
        if stale:
            echo(f"archkit: {model}: drew again {len(stale)} diagram{'s' if len(stale) != 1 else ''} a build "
                 f"drew from an older model: {', '.join(stale)}", err=True)
    result = write_docs(ws, root, format.value, templates=overrides, adr_format=adr_format.value, render=render,
                        authoring=authoring_of(model), templates_from=str(templates))
    for note in result.notes:
        echo(f"archkit: {model}: {note}", err=True)
    if report is DocsReport.json:
        echo(printable_json({**result.report.to_dict(), "notes": result.notes}, indent=2), document=True)
        return
    for line in result.report.lines():
        echo(f"{model}: {line}")
    echo(f"arc42 docs in {root / 'arc42'} ({len(result.written)} files changed); {result.report.summary()}",
         err=True)


# the commands of the other modules register on the same app
import archkit.cli_code  # noqa: E402
import archkit.cli_interop  # noqa: E402
import archkit.cli_site  # noqa: E402,F401

for _info in app.registered_commands:  # every command's --help written for people (archkit/usage.py)
    _info.cls = ReadableCommand


def main() -> None:
    """Console-script entry point."""
    if sys.argv[1:] == ["--version"]:  # fast path: no imports beyond the version string
        print(printable(f"archkit {__version__}"))
        return
    if sys.argv[1:2] == ["build"]:  # a no-op build answers before typer imports pydantic
        from archkit.build.shortcut import try_no_op

        if try_no_op(sys.argv[2:]):
            return
    if sys.argv[1:2] == ["check"]:
        _check_process()
        return
    app()


def _check_process() -> None:
    """``archkit check`` as a process of its own: the collector off from the start, and the loaded models left
    to the operating system at the end (``os._exit`` once the output is flushed and the ``atexit`` handlers
    have run). Every model object lives until the command ends, so collecting is wasted work: the collector
    walking the modules and the model, and the interpreter freeing a 5000-element model object by object at
    exit, were 0.12-0.18 s of 0.8 s (benchmarks/README.md, issue 18, ``h/check5000``). The ordinary exit
    when the command ends any other way than with an exit code, another thread still runs, or flushing fails."""
    import atexit
    import os
    import threading

    gc.disable()
    try:
        app()
    except SystemExit as exc:
        if not isinstance(exc.code, int) or threading.active_count() > 1:
            raise
        try:
            atexit._run_exitfuncs()
            for stream in (sys.stdout, sys.stderr):
                if stream is not None:
                    stream.flush()
        except (OSError, ValueError):  # e.g. a closed pipe: the ordinary exit reports it as ever
            raise exc from None
        os._exit(exc.code)


if __name__ == "__main__":
    main()
