"""`archkit site`: publish models as a static, explorable architecture site (issue 20)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from archkit.cli import LayoutMode
from archkit.cli_common import app, clean_errors, echo, load_checked


@app.command()
@clean_errors
def site(
    models: Annotated[list[Path], typer.Argument(help="Model files (.py, .yaml, .json, .dsl).", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Site folder; each model goes to OUT/<model>/, "
                                      "OUT/index.html lists them.")] = Path("site"),
    format: Annotated[str, typer.Option("--format", "-f", metavar="FORMATS", help="Comma-separated diagram formats "
                                        "offered for download (svg is always drawn).")] = "svg,png,pdf,dot",
    layout: Annotated[LayoutMode | None, typer.Option("--layout", help="Layout search, as for render: 'best' or "
                                                      "'fast' (default: each model's archkit.layout property, else "
                                                      "best).", show_default=False)] = None,
    docs: Annotated[Path | None, typer.Option("--docs", metavar="OUT", help="Keep the text people wrote in the "
                                              "arc42 pages of OUT/<model>/arc42/ (the folder archkit build writes; "
                                              "only read).", show_default=False)] = None,
    timeout: Annotated[float, typer.Option(help="Seconds a .py model may run.")] = 60.0,
) -> None:
    """Publish MODELS as a static site: views to pan, zoom and click through, a page per element, the
    arc42 pages, client-side search; light and dark; no server and no network needed (GitHub Pages, a CI
    artifact, or opened from disk). `archkit serve -o OUT` previews it."""
    from archkit.site.pipeline import publish

    formats = ["svg", *[f.strip().lower() for f in format.split(",") if f.strip() and f.strip().lower() != "svg"]]
    done = publish(models, out, formats=formats, layout=layout.value if layout is not None else None,
                   timeout=timeout, docs_from=docs, load=lambda path: load_checked(path, timeout),
                   progress=lambda line: echo(f"archkit: rendering {line}", err=True))
    for message in done.messages:
        echo(f"archkit: {message}", err=True)
    for name, count in done.models:
        echo(f"site of {name} in {out / name} ({count} files)")
    echo(f"open {out / 'index.html'}, or preview it: archkit serve -o {out}", err=True)
