"""``archkit serve``: a local preview of ``out/`` with the standard library's HTTP server.

Generated pages (index, view pages, arc42 pages) are made on each request from what is on
disk, so a rebuild shows on reload; every other path is a file served from ``out/``.
It binds to 127.0.0.1 unless told otherwise, and writes nothing.
"""

from __future__ import annotations

import sys
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from archkit.preview.site import ModelSite, doc_page, index_page, scan, view_page


class PreviewHandler(SimpleHTTPRequestHandler):
    """Serves ``out/`` plus the preview's generated pages."""

    out: Path

    def __init__(self, *args: Any, out: Path, **kwargs: Any) -> None:
        self.out = out
        super().__init__(*args, directory=str(out), **kwargs)

    def do_GET(self) -> None:
        if not self._generated(head=False):
            super().do_GET()

    def do_HEAD(self) -> None:
        if not self._generated(head=True):
            super().do_HEAD()

    def _generated(self, *, head: bool) -> bool:
        """Answer a generated page; False when the path is a plain file for the base class."""
        path = unquote(urlsplit(self.path).path)
        sites = {s.name: s for s in scan(self.out)}
        html = self._route(path, sites)
        if html is None:
            return False
        data = html.encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if not head:
            self.wfile.write(data)
        return True

    def _route(self, path: str, sites: dict[str, ModelSite]) -> str | None:
        if path in ("/", "/index.html"):
            return index_page(list(sites.values()))
        parts = path.strip("/").split("/", 2)
        if len(parts) != 3 or parts[0] not in sites or not parts[2].endswith(".html"):
            return None
        site, area, rest = sites[parts[0]], parts[1], parts[2].removesuffix(".html")
        if area == "diagrams" and rest in site.views:
            svg = (self.out / site.name / "diagrams" / f"{rest}.svg").read_text(encoding="utf-8")
            return view_page(site, rest, svg)
        if area == "arc42" and rest in site.pages:
            text = (self.out / site.name / "arc42" / f"{rest}.md").read_text(encoding="utf-8")
            return doc_page(site, rest, text)
        return None

    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"archkit serve: {format % args}\n")


def make_server(out: Path, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False) -> ThreadingHTTPServer:
    """A server for ``out`` (port 0 picks a free port: read it from ``server.server_address``)."""
    handler = partial(QuietHandler if quiet else PreviewHandler, out=out.resolve())
    return ThreadingHTTPServer((host, port), handler)


class QuietHandler(PreviewHandler):
    """The same, without a log line per request (for tests)."""

    def log_message(self, format: str, *args: Any) -> None:
        return None
