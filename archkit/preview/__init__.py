"""Local preview of built output: ``archkit serve`` (HTTP) and ``archkit watch`` (rebuild on change)."""

from __future__ import annotations

from pathlib import Path

from archkit.errors import OutputError, printable
from archkit.preview.server import PreviewHandler, make_server
from archkit.preview.site import ModelSite, doc_page, index_page, scan, view_page

__all__ = ["ModelSite", "PreviewHandler", "doc_page", "index_page", "make_server", "scan", "serve", "view_page"]


def serve(out: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``out`` until interrupted (Ctrl-C)."""
    if not out.is_dir():
        raise OutputError(f"{out}: no such folder — run `archkit build` first, or pass -o with the output folder")
    try:
        server = make_server(out, host, port)
    except OSError as exc:
        raise OutputError(f"{host}:{port}: cannot listen ({exc.strerror}) — choose another --port") from None
    url_host = host if ":" not in host else f"[{host}]"
    print(printable(f"archkit: serving {out} at http://{url_host}:{server.server_address[1]}/ (Ctrl-C stops)"),
          flush=True)
    with server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print(printable("archkit: stopped"), flush=True)
