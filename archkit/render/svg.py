"""Post-processing of Graphviz output: self-contained SVG, reproducible PDF.

Graphviz writes ``<image xlink:href="onprem/queue/kafka.png" .../>`` for icons.
Each distinct icon becomes one ``<symbol>`` holding the PNG as a
``data:image/png;base64,...`` URI, and every place it is drawn a ``<use>`` of
that symbol, so the SVG works on any machine and a view with 700 Kafka icons
carries the PNG once. Any other href that is not a link to a sibling diagram
(``container-shop.svg``) is dropped. Dashes are written as a plain ``-``
(Graphviz writes ``&#45;``), so ``id="el-shop.api"`` can be found as typed.
"""

from __future__ import annotations

import base64
import re
import struct
from collections.abc import Callable, Collection
from functools import lru_cache

ReadIcon = Callable[[str], bytes | None]

_IMAGE = re.compile(
    rb'<image xlink:href="([^"]*)" width="([0-9.]+)px" height="([0-9.]+)px" '
    rb'preserveAspectRatio="([^"]*)" x="(-?[0-9.]+)" y="(-?[0-9.]+)"/>'
)
_IMAGE_OPEN = re.compile(rb'<image xlink:href="([^"]*)" ')  # where an <image> becomes a <use> of its symbol
_HREF = re.compile(rb'(xlink:href|href)="([^"]*)"')
_HREF_VALUE = re.compile(rb'href="([^"]*)"')  # the same values; a literal prefix makes it fast to scan
_SVG_OPEN = re.compile(rb"<svg\b[^>]*>")
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)\d{14}")
#: A boundary's cluster written counted (:func:`archkit.render.dot.counted_cluster_name`): Graphviz titles it by
#: its number; its id names the boundary.
_COUNTED_TITLE = re.compile(rb'(<g id="boundary(?:-|&#45;)([^"]*)" class="cluster">\n<title>)%\d+(</title>)')


@lru_cache(maxsize=1024)  # the same few icons recur in every view of a workspace
def _data_uri(content: bytes) -> bytes:
    return b"data:image/png;base64," + base64.b64encode(content)


def _png_size(content: bytes) -> tuple[int, int]:
    if content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR":
        width, height = struct.unpack(">II", content[16:24])
        return width, height
    return 1, 1


def _text(value: bytes) -> str:
    return value.decode("utf-8", "replace")


def _symbols(svg: bytes, read_icon: ReadIcon) -> tuple[bytes, bytes]:
    """Icons drawn by ``<image>`` as ``<use>`` of one symbol per icon, and the symbols' ``<defs>``.

    Only the element name and its href change (``<image xlink:href="p.png" ...`` becomes
    ``<use xlink:href="#archkit-icon-0" ...``), in one pass over the SVG (a view at N=1000 draws hundreds).
    The SVG stays bytes throughout: Graphviz writes UTF-8, every pattern here is ASCII, and a ``str`` of a
    drawing with one non-ASCII character would take two or four bytes per character to scan.
    """
    paths = sorted({_text(groups[0]) for groups in _IMAGE.findall(svg)})
    found = {p: c for p in paths if (c := read_icon(p)) is not None}
    symbols = []
    uses: dict[bytes, bytes] = {}
    for n, path in enumerate(sorted(found)):
        symbol_id = f"archkit-icon-{n}"
        uses[path.encode("utf-8")] = f'<use xlink:href="#{symbol_id}" '.encode()
        w, h = _png_size(found[path])
        symbols.append(f'<symbol id="{symbol_id}" viewBox="0 0 {w} {h}" preserveAspectRatio="xMinYMin meet">'
                       f'<image width="{w}" height="{h}" xlink:href="'.encode() + _data_uri(found[path])
                       + b'"/></symbol>')
    if uses:
        svg = _IMAGE_OPEN.sub(lambda m: uses.get(m.group(1), m.group(0)), svg)
    defs = b"<defs>\n" + b"\n".join(symbols) + b"\n</defs>\n" if symbols else b""
    return svg, defs


def _allowed(value: str, links: Collection[str]) -> bool:
    return value.startswith(("data:image/", "#archkit-icon-")) or value in links


def inline_images(svg: bytes, read_icon: ReadIcon, links: Collection[str]) -> tuple[bytes, list[str]]:
    """The SVG (UTF-8) with icons inlined and foreign hrefs removed, and the hrefs that were removed."""
    svg, defs = _symbols(svg, read_icon)
    dropped: list[str] = []

    def check(match: re.Match[bytes]) -> bytes:
        attr, value = match.group(1), _text(match.group(2))
        if _allowed(value, links):
            return match.group(0)
        content = read_icon(value)
        if content is not None:  # an <image> in a layout the symbol pattern did not recognise
            return attr + b'="' + _data_uri(content) + b'"'
        dropped.append(value)
        return b""

    if not all(_allowed(_text(value), links) for value in set(_HREF_VALUE.findall(svg))):  # rare: rewrite them
        svg = _HREF.sub(check, svg)
    opening = _SVG_OPEN.search(svg)
    if defs and opening is not None:
        svg = svg[: opening.end()] + b"\n" + defs + svg[opening.end():].lstrip(b"\n")
    return svg, dropped


def plain_dashes(svg: bytes) -> bytes:
    """Graphviz's ``&#45;`` as a plain ``-`` (the same to an XML parser), so ``id="el-shop.api"``
    can be found as typed; kept inside comments, where ``--`` is not allowed."""
    head, *rest = svg.split(b"<!--")
    parts = [head.replace(b"&#45;", b"-")]
    for chunk in rest:  # each: "<!--", the comment, "-->", what follows it up to the next comment
        comment, end, after = chunk.partition(b"-->")
        parts += (b"<!--", comment, end, after.replace(b"&#45;", b"-"))
    return b"".join(parts)


def cluster_titles(svg: bytes) -> bytes:
    """The ``<title>`` of each cluster written counted (``%3``, Graphviz's number for it) as the cluster's
    usual name, ``cluster_<boundary id>``: what a browser shows on hovering the boundary, and the bytes a
    cluster written by name draws (its dashes as Graphviz writes them in the id, ``&#45;``, or as typed after
    :func:`plain_dashes`)."""
    return _COUNTED_TITLE.sub(rb"\1cluster_\2\3", svg) if b"<title>%" in svg else svg


def fixed_pdf_dates(pdf: bytes) -> bytes:
    """Cairo stamps PDFs with the current time; use a fixed date of the same length instead."""
    return _PDF_DATE.sub(rb"\g<1>20000101000000", pdf)
