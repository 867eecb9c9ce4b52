"""`archkit site`: publish models as a static, explorable architecture site (issue 20)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from archkit.cli_common import app, clean_errors, echo, load_checked


@app.command()
@clean_errors
def site(
    models: Annotated[list[Path], typer.Argument(help="Model files (.py, .yaml, .json, .dsl).", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Site folder; each model goes to OUT/<model>/, "
                                      "OUT/index.html lists them.")] = Path("site"),
    format: Annotated[str, typer.Option("--format", "-f", metavar="FORMATS", help="Comma-separated diagram formats "
                                        "offered for download (svg is always drawn).")] = "svg,png,pdf,dot",
    layout: Annotated[str | None, typer.Option("--layout", help="Layout search, as for render: 'best' or 'fast' "
                                               "(default: each model's archkit.layout property, else best).",
                                               show_default=False)] = None,
    timeout: Annotated[float, typer.Option(help="Seconds a .py model may run.")] = 60.0,
) -> None:
    """Publish MODELS as a static site: views to pan, zoom and click through, a page per element, the
    arc42 pages, client-side search; light and dark; no server and no network needed (GitHub Pages, a CI
    artifact, or opened from disk). `archkit serve -o OUT` previews it."""
    from archkit.site.pipeline import publish

    if layout not in (None, "best", "fast"):
        raise typer.BadParameter(f"'{layout}' is not one of 'best', 'fast'", param_hint="--layout")
    formats = ["svg", *[f.strip().lower() for f in format.split(",") if f.strip() and f.strip().lower() != "svg"]]
    done = publish(models, out, formats=formats, layout=layout, timeout=timeout,
                   load=lambda path: load_checked(path, timeout),
                   progress=lambda line: echo(f"archkit: rendering {line}", err=True))
    for message in done.messages:
        echo(f"archkit: {message}", err=True)
    for name, count in done.models:
        echo(f"site of {name} in {out / name} ({count} files)")
    echo(f"open {out / 'index.html'}, or preview it: archkit serve -o {out}", err=True)
