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
    r'<image xlink:href="([^"]*)" width="([0-9.]+)px" height="([0-9.]+)px" '
    r'preserveAspectRatio="([^"]*)" x="(-?[0-9.]+)" y="(-?[0-9.]+)"/>'
)
_HREF = re.compile(r'(xlink:href|href)="([^"]*)"')
_HREF_VALUE = re.compile(r'href="([^"]*)"')  # the same values; a literal prefix makes it fast to scan
_SVG_OPEN = re.compile(r"<svg\b[^>]*>")
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)\d{14}")


@lru_cache(maxsize=1024)  # the same few icons recur in every view of a workspace
def _data_uri(content: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(content).decode("ascii")


def _png_size(content: bytes) -> tuple[int, int]:
    if content[:8] == b"\x89PNG\r\n\x1a\n" and content[12:16] == b"IHDR":
        width, height = struct.unpack(">II", content[16:24])
        return width, height
    return 1, 1


def _symbols(svg: str, read_icon: ReadIcon) -> tuple[str, str]:
    """Icons drawn by ``<image>`` as ``<use>`` of one symbol per icon, and the symbols' ``<defs>``.

    Only the element name and its href change (``<image xlink:href="p.png" ...`` becomes
    ``<use xlink:href="#archkit-icon-0" ...``): one ``str.replace`` per distinct icon instead
    of rewriting every ``<image>`` (a view at N=1000 draws hundreds).
    """
    paths = sorted({groups[0] for groups in _IMAGE.findall(svg)})
    found = {p: c for p in paths if (c := read_icon(p)) is not None}
    symbols = []
    for n, path in enumerate(sorted(found)):
        symbol_id = f"archkit-icon-{n}"
        svg = svg.replace(f'<image xlink:href="{path}" ', f'<use xlink:href="#{symbol_id}" ')
        w, h = _png_size(found[path])
        symbols.append(f'<symbol id="{symbol_id}" viewBox="0 0 {w} {h}" preserveAspectRatio="xMinYMin meet">'
                       f'<image width="{w}" height="{h}" xlink:href="{_data_uri(found[path])}"/></symbol>')
    defs = f"<defs>\n{chr(10).join(symbols)}\n</defs>\n" if symbols else ""
    return svg, defs


def _allowed(value: str, links: Collection[str]) -> bool:
    return value.startswith(("data:image/", "#archkit-icon-")) or value in links


def inline_images(svg: str, read_icon: ReadIcon, links: Collection[str]) -> tuple[str, list[str]]:
    """The SVG with icons inlined and foreign hrefs removed, and the hrefs that were removed."""
    svg, defs = _symbols(svg, read_icon)
    dropped: list[str] = []

    def check(match: re.Match[str]) -> str:
        attr, value = match.group(1), match.group(2)
        if _allowed(value, links):
            return match.group(0)
        content = read_icon(value)
        if content is not None:  # an <image> in a layout the symbol pattern did not recognise
            return f'{attr}="{_data_uri(content)}"'
        dropped.append(value)
        return ""

    if not all(_allowed(value, links) for value in set(_HREF_VALUE.findall(svg))):  # rare: rewrite them
        svg = _HREF.sub(check, svg)
    opening = _SVG_OPEN.search(svg)
    if defs and opening is not None:
        svg = svg[: opening.end()] + "\n" + defs + svg[opening.end():].lstrip("\n")
    return svg, dropped


def plain_dashes(svg: str) -> str:
    """Graphviz's ``&#45;`` as a plain ``-`` (the same to an XML parser), so ``id="el-shop.api"``
    can be found as typed; kept inside comments, where ``--`` is not allowed."""
    head, *rest = svg.split("<!--")
    parts = [head.replace("&#45;", "-")]
    for chunk in rest:
        comment, end, after = chunk.partition("-->")
        parts.append(comment + end + after.replace("&#45;", "-"))
    return "<!--".join(parts)


def fixed_pdf_dates(pdf: bytes) -> bytes:
    """Cairo stamps PDFs with the current time; use a fixed date of the same length instead."""
    return _PDF_DATE.sub(rb"\g<1>20000101000000", pdf)
