"""Local preview of built output: ``archkit serve`` (HTTP), ``archkit watch`` (rebuild on change) and both
at once, ``archkit serve --watch`` (open pages follow each rebuild: :mod:`archkit.preview.live`)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from archkit.errors import OutputError, printable
from archkit.preview.server import PreviewHandler, PreviewServer, make_server
from archkit.preview.site import ModelSite, doc_page, index_page, scan, view_page

if TYPE_CHECKING:
    from archkit.preview.live import LiveRebuild, LiveReload

__all__ = ["ModelSite", "PreviewHandler", "doc_page", "index_page", "make_server", "scan", "serve", "serve_watch",
           "view_page"]


def serve(out: Path, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve ``out`` until interrupted (Ctrl-C)."""
    if not out.is_dir():
        raise OutputError(f"{out}: no such folder — run `archkit build` first, or pass -o with the output folder")
    with _listen(out, host, port) as server:
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            print(printable("archkit: stopped"), flush=True)


def serve_watch(models: Sequence[Path], out: Path, rebuild: LiveRebuild, host: str = "127.0.0.1", port: int = 8000,
                stop: threading.Event | None = None) -> None:
    """Serve ``out`` and watch ``models``: ``rebuild(models, drawn)`` now and after each change (as ``watch``
    does), and every open page follows: once when a view's new SVG is written (``drawn(model, view)``, called
    by the build before it draws the view's other formats; None for the first build) and once when the build
    ends. Ctrl-C (or ``stop``)
    ends the watcher after the build in progress, then the event streams and the server, and joins its thread."""
    from archkit.build.watch import watch
    from archkit.output import model_name
    from archkit.preview.live import EventBus, LiveReload, publishing

    bus = EventBus([model_name(m) for m in models])
    server = _listen(out, host, port, LiveReload(bus))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.25}, name="archkit-serve")
    thread.start()
    try:
        watch(models, publishing(rebuild, bus), stop, out)
    finally:
        bus.close()  # every event stream returns
        server.shutdown()
        server.server_close()
        thread.join()
        print(printable("archkit: stopped"), flush=True)


def _listen(out: Path, host: str, port: int, live: LiveReload | None = None) -> PreviewServer:
    try:
        server = make_server(out, host, port, live=live)
    except OSError as exc:
        raise OutputError(f"{host}:{port}: cannot listen ({exc.strerror}) — choose another --port") from None
    url_host = host if ":" not in host else f"[{host}]"
    what = f"serving {out} at http://{url_host}:{server.server_address[1]}/"
    print(printable(f"archkit: {what}{' (pages follow each rebuild)' if live else ''} (Ctrl-C stops)"), flush=True)
    return server
