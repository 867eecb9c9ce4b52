"""Post-processing of Graphviz output: self-contained SVG, reproducible PDF.

Graphviz writes ``<image xlink:href="onprem/queue/kafka.png">`` for icons; this
module replaces each such reference by a ``data:image/png;base64,...`` URI, so
the SVG works on any machine, and drops any other href that is not a link to
a sibling diagram (``container-shop.svg``). It also writes ids with a plain
``-`` (Graphviz writes ``&#45;``), so ``id="el-shop.api"`` can be found as typed.
"""

from __future__ import annotations

import base64
import re
from collections.abc import Callable, Collection

_HREF = re.compile(r'(xlink:href|href)="([^"]*)"')
_ID = re.compile(r'\bid="([^"]*)"')
_PDF_DATE = re.compile(rb"(/(?:CreationDate|ModDate) \(D:)\d{14}")


def inline_images(svg: str, read_icon: Callable[[str], bytes | None], links: Collection[str]) -> tuple[str, list[str]]:
    """The SVG with icons inlined and foreign hrefs removed, and what was removed."""
    cache: dict[str, str | None] = {}
    dropped: list[str] = []

    def data_uri(path: str) -> str | None:
        if path not in cache:
            content = read_icon(path)
            cache[path] = None if content is None else "data:image/png;base64," + base64.b64encode(content).decode()
        return cache[path]

    def replace(match: re.Match[str]) -> str:
        attr, value = match.group(1), match.group(2)
        if value.startswith("data:image/") or value in links:
            return match.group(0)
        uri = data_uri(value)
        if uri is not None:
            return f'{attr}="{uri}"'
        dropped.append(value)
        return ""

    return _HREF.sub(replace, svg), dropped


def plain_ids(svg: str) -> str:
    """``id="el&#45;shop.api"`` -> ``id="el-shop.api"`` (the same value to an XML parser)."""
    return _ID.sub(lambda m: 'id="' + m.group(1).replace("&#45;", "-") + '"', svg)


def fixed_pdf_dates(pdf: bytes) -> bytes:
    """Cairo stamps PDFs with the current time; use a fixed date of the same length instead."""
    return _PDF_DATE.sub(rb"\g<1>20000101000000", pdf)
