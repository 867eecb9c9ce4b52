"""An image view's files: the picture itself when archkit has it, else a page that says what the view references.

archkit draws no PlantUML, Mermaid or Kroki source and downloads nothing (:mod:`archkit.images`). Every
image view gets a *card*: a one-node Graphviz drawing with its title, what it is about, its description
and its reference (the image's URL or file, or the diagram's source, its first lines in full), drawn
like any view in every format, so a build, the arc42 pages and ``serve`` always have a file to show.
When the view's picture is at hand (a ``data:`` URI, or a local file read at load, inside the model's
folder), the SVG shows it instead (embedded as a ``data:`` URI in an ``<image>``: an SVG picture
shown that way runs no script and loads nothing) and a PNG picture is the PNG, byte for byte. The
DOT file is always the card's; it carries the picture's sha256, so a changed picture is drawn again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from archkit.images import Picture, dimensions, is_data_uri, is_url, view_picture
from archkit.model import ImageView
from archkit.render import graphviz
from archkit.render.labels import cell, clean, font, html, quoted, table, wrap
from archkit.views import ComputedView

#: Lines of a diagram's source a card shows; the rest is counted.
SOURCE_LINES = 40
_LANGUAGE = {"plantuml": "PlantUML", "mermaid": "Mermaid", "kroki": "Kroki"}
_DEFAULT_SIZE = (800, 600)


def reference(view: ImageView) -> str:
    """What the view references, in a few words: ``PlantUML source (12 lines)``, ``the image at <url>``."""
    if view.source_type != "image":
        kind = _LANGUAGE[view.source_type] + (f" ({view.kroki_format})" if view.kroki_format else "")
        lines = len(view.source.strip("\n").splitlines())
        return f"{kind} source ({lines} line{'s' if lines != 1 else ''})"
    if is_url(view.source):
        return f"the image at {view.source}"
    if is_data_uri(view.source):
        picture = view_picture(view)
        return f"an embedded {picture.extension.upper() if picture else ''} image".replace("  ", " ")
    return f"the image file {view.source}"


def card_dot(view: ImageView, computed: ComputedView, about: str) -> str:
    """The DOT of the view's card (``about``: the name of the element it is about, or empty)."""
    rows = [cell(font(html(computed.title), 16, bold=True), ALIGN="LEFT"),
            cell(font(html("Image view" + (f" of {about}" if about else "")), 11, "#555555"), ALIGN="LEFT")]
    rows += [cell(font(html(line), 11), ALIGN="LEFT") for line in wrap(computed.description, 80)]
    note = _note(view)
    rows += [cell(font(html(line), 11, "#555555"), ALIGN="LEFT") for line in wrap(note[:1].upper() + note[1:], 90)]
    if view.source_type != "image":
        lines = view.source.strip("\n").splitlines()
        shown = [html(line[:120]) or " " for line in lines[:SOURCE_LINES]]
        if len(lines) > SOURCE_LINES:
            shown.append(html(f"... {len(lines) - SOURCE_LINES} more lines"))
        code = '<BR ALIGN="LEFT"/>'.join(shown) + '<BR ALIGN="LEFT"/>'
        rows.append(cell(f'<FONT FACE="Courier" POINT-SIZE="10">{code}</FONT>', ALIGN="LEFT", BGCOLOR="#f4f4f4",
                         CELLPADDING="8"))
    picture = view_picture(view)
    digest = hashlib.sha256(picture.data).hexdigest() if picture else "none"
    label = table(rows, CELLPADDING="4", CELLSPACING="2")
    return "\n".join([
        f"// archkit image view {quoted(view.key)}; picture sha256 {digest}",
        f"digraph {quoted(view.key)} {{",
        '  graph [bgcolor="#ffffff" margin="0.2" fontname="Helvetica"];',
        '  node [shape=box style="rounded" color="#999999" fontname="Helvetica" margin="0.2"];',
        f"  card [label=<{label}>];",
        "}",
        "",
    ])


def _note(view: ImageView) -> str:
    if view.source_type != "image":
        server = f"; Structurizr draws it with {view.server}" if view.server else ""
        return f"{reference(view)} — archkit runs no diagram tool and contacts no server{server}"
    if is_url(view.source):
        return f"{reference(view)} — archkit downloads nothing: open the link to see it"
    if view_picture(view) is None:
        return f"{reference(view)} — not read: the workspace was not loaded from its model file"
    return f"{reference(view)} — shown in the SVG diagram of this view"


def picture_svg(view: ImageView, title: str, picture: Picture) -> bytes:
    """An SVG that shows ``picture`` at its own size, embedded (nothing in it is loaded or run)."""
    from xml.sax.saxutils import quoteattr  # here: it imports urllib.request, http and ssl (~30 ms) for every render

    width, height = dimensions(picture) or _DEFAULT_SIZE
    if not (0 < width <= 20000 and 0 < height <= 20000):
        width, height = _DEFAULT_SIZE
    text = (f'<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
            f'xmlns:xlink="http://www.w3.org/1999/xlink" width="{width}px" height="{height}px" '
            f'viewBox="0 0 {width} {height}">\n<title>{_xml(title)}</title>\n'
            f'<image width="{width}" height="{height}" preserveAspectRatio="xMidYMid meet" '
            f'xlink:href={quoteattr(picture.data_uri())}/>\n</svg>\n')
    return text.encode("utf-8")


def _xml(text: str) -> str:
    return clean(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def image_files(view: ImageView, computed: ComputedView, about: str, formats: Sequence[str], *,
                timeout: float) -> tuple[dict[str, bytes], list[str]]:
    """The view's file in every format (svg, png, pdf, dot) and a message saying what it shows."""
    dot = card_dot(view, computed, about)
    picture = view_picture(view)
    files: dict[str, bytes] = {"dot": dot.encode("utf-8")}
    if picture is not None and "svg" in formats:
        files["svg"] = picture_svg(view, computed.title, picture)
    if picture is not None and picture.mime == "image/png" and "png" in formats:
        files["png"] = picture.data
    cards = [f for f in formats if f not in files]
    messages: list[str] = []
    if cards:
        outs = graphviz.render_formats(dot, cards, timeout=timeout)
        files.update((fmt, out.content) for fmt, out in outs.items())
        messages += [f"view '{view.key}': {w}" for out in outs.values() for w in out.warnings]
    if picture is None:
        messages.append(f"view '{view.key}': an image view of {reference(view)} — archkit draws a page that says "
                        "what it references")
    return {f: files[f] for f in formats}, messages
