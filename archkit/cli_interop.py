"""`archkit export` and `archkit import`: the model in other tools' formats, and Structurizr workspaces
(JSON or DSL) migrated to a Python model."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from archkit.cli_common import app, clean_errors, echo, load_checked, refuse_own_input, refuse_to_replace


@app.command()
@clean_errors
def export(
    model: Annotated[Path, typer.Argument(help="Model file (.py, .yaml, .json, .dsl).", show_default=False)],
    to: Annotated[str, typer.Option("--to", "-t", help="structurizr, dsl, plantuml, mermaid, mermaid-flowchart, "
                                    "d2, dot, python or importlinter.", show_default=False)],
    view: Annotated[str | None, typer.Option("--view", "-v", help="Export only this view key.",
                                             show_default=False)] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (a folder, one file per "
                                                "view, for per-view formats without --view); default: stdout.",
                                                show_default=False)] = None,
    timeout: Annotated[float, typer.Option(help="Seconds a .py model may run.")] = 60.0,
) -> None:
    """Export the model to another tool's format: Structurizr JSON or DSL, C4-PlantUML, Mermaid, D2, DOT."""
    from archkit.export import export as run_export, export_notes, export_text, is_per_view
    from archkit.output import Artifact, safe_name, write_artifacts

    if output is not None:
        refuse_own_input(output, model)
    ws = load_checked(model, timeout)
    for note in export_notes(ws, to, view):
        echo(f"archkit: note: {note}", err=True)
    if output is None:
        echo(export_text(ws, to, view), nl=False, document=True)
        return
    diagrams = run_export(ws, to, view)
    if is_per_view(to) and view is None:
        artifacts = [Artifact(f"{safe_name(d.key)}.{d.extension}", d.definition.encode()) for d in diagrams]
        write_artifacts(output, artifacts)
        echo(f"{len(artifacts)} {to} file{'s' if len(artifacts) != 1 else ''} in {output}", err=True)
        return
    write_artifacts(output.parent, [Artifact(output.name, diagrams[0].definition.encode())])
    echo(f"wrote {output}", err=True)


@app.command("import")
@clean_errors
def import_(
    workspace: Annotated[Path, typer.Argument(help="Structurizr workspace (.json or .dsl) or any archkit model.",
                                              show_default=False)],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Python model file to write, e.g. "
                                                "models/bigbank.py; default: stdout.", show_default=False)] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the -o file when it exists (it may hold edits).")
                     ] = False,
) -> None:
    """Migrate a Structurizr workspace to a readable Python model; every part it cannot keep is listed."""
    from archkit.check import check as run_check
    from archkit.export.python_source import to_python_checked
    from archkit.importers import collected_warnings
    from archkit.load import load
    from archkit.output import Artifact, write_artifacts

    if output is not None:
        refuse_to_replace(output, force)
    with collected_warnings() as warnings:
        ws = load(workspace)
    for line in warnings:
        echo(f"archkit: warning: {line}", err=True)
    failing = [f for f in run_check(ws, workspace.name) if f.severity == "error"]
    for finding in failing:  # the model is written anyway (it loads), but it will fail `archkit check`
        echo(f"archkit: warning: the imported model fails archkit check: {finding.line()}", err=True)
    source = to_python_checked(ws, workspace.name)  # loaded back first: never a model that fails to load
    if output is None:
        echo(source, nl=False, document=True)
        return
    write_artifacts(output.parent, [Artifact(output.name, source.encode())])
    count = len(warnings) + len(failing)
    echo(f"wrote {output} ({count} warning{'s' if count != 1 else ''}); "
         f"next: archkit check {output}", err=True)
