"""``archkit serve``: a local preview of ``out/`` with the standard library's HTTP server.

Generated pages (index, view pages, arc42 pages) are made on each request from what is on
disk, so a rebuild shows on reload; every other path is a file served from ``out/``.
It binds to 127.0.0.1 unless told otherwise, and writes nothing.

What it answers (the README's Security model):

- only requests whose ``Host`` names an address it listens on (``localhost``, ``127.0.0.1``,
  ``[::1]``, the ``--host`` given, any IP address when it listens on all of them) and its port:
  anything else is 421, so a web page cannot read ``out/`` through DNS rebinding;
- only regular files and folders below ``out/``, reached without following a link and without a
  hidden name (:mod:`archkit.preview.files`);
- a clean 4xx/5xx for everything else (``/%00``, bad percent-encoding, a page that is not UTF-8,
  a folder named ``x.md``, a path too long) and one escaped log line, never a traceback or a
  dropped connection;
- at most :data:`MAX_CONNECTIONS` connections at once (one more gets 503 at once), each with
  :data:`HEAD_TIME` seconds to send its request line and headers: slow or idle clients (slowloris) hold
  neither every thread nor every file descriptor, which the watcher's rebuild needs.
"""

from __future__ import annotations

import contextlib
import ipaddress
import mimetypes
import os
import shutil
import socket
import sys
import threading
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from archkit.errors import printable
from archkit.preview.files import Refused, folder_entries, open_inside, request_parts, text_inside
from archkit.preview.site import awaited_page, doc_page, folder_page, index_page, scan, view_page

if TYPE_CHECKING:
    from archkit.preview.live import LiveReload

_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
_ANY_ADDRESS = frozenset({"", "0.0.0.0", "::"})
_TYPES = {".svg": "image/svg+xml", ".md": "text/markdown; charset=utf-8", ".adoc": "text/plain; charset=utf-8",
          ".json": "application/json", ".dot": "text/plain; charset=utf-8", ".yml": "text/plain; charset=utf-8"}
# every answer: no script at all (also no javascript: link, nor in an SVG opened by itself), inline styles
# of the SVGs allowed
_POLICY = ("default-src 'self'; script-src 'none'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
           "object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
# an HTML file of out/ is a page of a published site (archkit site, archkit/site/): its own script files run
# (pan and zoom, search), never an inline one
_SITE_POLICY = _POLICY.replace("script-src 'none'", "script-src 'self'")
MAX_CONNECTIONS = 64
"""Connections served at once: a browser opens at most six to one address, and each open page of a live preview
holds one. One more is answered 503 at once and closed, so clients that connect and wait (or send a byte now
and then) cannot take every thread and file descriptor of the process, which a rebuild needs to open files."""
HEAD_TIME = 10.0
"""Seconds a client has to send its request line and headers; a slower one is disconnected. (The 30 s
timeout of :class:`PreviewHandler` is per read: a client sending a byte every 29 s would hold its connection
for days, up to the 6.5 MB of headers ``http.server`` reads.)"""
_BUSY = (b"HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain\r\nContent-Length: 44\r\n"
         b"Retry-After: 1\r\nConnection: close\r\n\r\narchkit serve: too many connections at once\n")


class PreviewServer(ThreadingHTTPServer):
    """The HTTP server of one preview: the folder it serves, the hosts it answers, where it logs."""

    daemon_threads = True

    def __init__(self, out: Path, host: str, port: int, log: TextIO | None, live: LiveReload | None = None) -> None:
        self.out, self.log, self.live = out, log, live
        if ":" in host:
            self.address_family = socket.AF_INET6
        super().__init__((host, port), PreviewHandler)
        self.hosts = allowed_hosts(host)
        self._slots = threading.BoundedSemaphore(MAX_CONNECTIONS)

    def process_request(self, request: Any, client_address: Any) -> None:
        """Serve the connection on a thread of its own while fewer than :data:`MAX_CONNECTIONS` are; else 503."""
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.settimeout(1)
                request.sendall(_BUSY)
            self.write_log(f"{client_address[0]}: refused: more than {MAX_CONNECTIONS} connections at once")
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:  # no thread started: the slot is free again
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def write_log(self, line: str) -> None:
        if self.log is not None:
            self.log.write(printable(f"archkit serve: {line}") + "\n")
            self.log.flush()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A request that failed outside the handler's own answer: one line, not a traceback."""
        exc = sys.exc_info()[1]
        self.write_log(f"{client_address[0]}: request failed: {type(exc).__name__}: {exc}")


@dataclass(frozen=True)
class Hosts:
    """What a ``Host`` header may name: one of ``names`` (lower case, IPv6 without brackets), or, when
    the server listens on every address (``any_ip``), any IP address — never another name, since a
    name is what DNS rebinding points at the machine."""

    names: frozenset[str]
    any_ip: bool


def allowed_hosts(host: str) -> Hosts:
    """The hosts a request to a server listening on ``host`` may name."""
    bare = host.strip("[]").lower()
    every = bare in _ANY_ADDRESS
    names = set(_LOOPBACK) | ({socket.gethostname().lower()} if every else {bare})
    return Hosts(frozenset(names), every)


def host_matches(header: str | None, hosts: Hosts, port: int) -> bool:
    """True when a ``Host`` header names one of ``hosts`` and ``port`` (no port: 80)."""
    value = (header or "").strip().lower()
    if value.startswith("["):
        name, _, rest = value[1:].partition("]")
        if rest and not rest.startswith(":"):
            return False
        port_text = rest[1:]
    else:
        name, _, port_text = value.partition(":")
    if not name or (port_text or "80") != str(port):
        return False
    if name in hosts.names:
        return True
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return hosts.any_ip


class PreviewHandler(BaseHTTPRequestHandler):
    """Serves ``out/`` plus the preview's generated pages."""

    server: PreviewServer
    default_request_version = "HTTP/1.0"  # a malformed request line still gets a status line, not HTTP/0.9
    timeout = 30  # seconds a client may stay silent before its connection is closed

    def setup(self) -> None:
        super().setup()
        self._late = threading.Timer(HEAD_TIME, self._too_slow)
        self._late.daemon = True
        self._late.start()

    def _too_slow(self) -> None:
        """The request line and headers took longer than :data:`HEAD_TIME`: the connection is shut, so the read
        that waits for them ends (and the thread and descriptor are freed)."""
        self.server.write_log(f"{self.client_address[0]}: request not sent within {HEAD_TIME:g} s: disconnected")
        with contextlib.suppress(OSError):
            self.connection.shutdown(socket.SHUT_RDWR)

    def parse_request(self) -> bool:
        parsed = super().parse_request()  # reads the headers
        self._late.cancel()
        return parsed

    def finish(self) -> None:
        self._late.cancel()
        super().finish()

    def do_GET(self) -> None:
        self._answer(head=False)

    def do_HEAD(self) -> None:
        self._answer(head=True)

    def _answer(self, *, head: bool) -> None:
        try:
            if not host_matches(self.headers.get("Host"), self.server.hosts, self.server.server_address[1]):
                raise Refused(HTTPStatus.MISDIRECTED_REQUEST, "unknown Host header (only the addresses "
                              "archkit serve listens on are answered)")
            if self.server.live is not None and self.server.live.owns(self.path):  # serve --watch: the events
                self.server.live.stream(self, head=head)
                return
            self._serve(request_parts(self.path), head=head)
        except Refused as refused:
            self._refuse(refused.status, refused.reason)
        except ConnectionError:  # the client went away mid-answer
            self.close_connection = True
        except Exception as exc:  # a bug must not drop the connection or print a traceback
            self._refuse(HTTPStatus.INTERNAL_SERVER_ERROR, f"{type(exc).__name__}: {exc}")

    def _serve(self, parts: list[str], *, head: bool) -> None:
        try:
            self._serve_found(parts, head=head)
        except Refused as refused:
            if refused.status != HTTPStatus.NOT_FOUND or not self._awaited(parts):
                raise
            page = awaited_page(parts[0], "/".join(parts)).encode("utf-8")
            self._send_html(parts, page, head=head, status=HTTPStatus.NOT_FOUND)

    def _awaited(self, parts: list[str]) -> bool:
        """True for a page (not a file such as an SVG) below a model that ``serve --watch`` watches: one its
        last build did not write (it never built, or not this view yet) is a page that follows the model."""
        live = self.server.live
        return (live is not None and bool(parts) and parts[0] in live.bus.watched
                and (len(parts) == 1 or parts[-1].endswith(".html") or self.path.split("?", 1)[0].endswith("/")))

    def _serve_found(self, parts: list[str], *, head: bool) -> None:
        html = self._generated(parts)
        if html is not None:
            self._send_html(parts, html.encode("utf-8"), head=head)
            return
        with open_inside(self.server.out, parts) as opened:
            if opened.is_folder:
                if not self.path.split("?", 1)[0].endswith("/"):
                    self._redirect("/" + "/".join(parts) + "/")
                    return
                entries = folder_entries(opened.fd)
                if ("index.html", False) in entries:  # a published site (archkit site): its own index
                    self._serve_found([*parts, "index.html"], head=head)
                    return
                page = folder_page("/".join(parts), entries)
                self._send_html(parts, page.encode("utf-8"), head=head)
                return
            if self.server.live is not None and _content_type(parts[-1]).startswith("text/html"):
                with os.fdopen(os.dup(opened.fd), "rb") as fh:
                    self._send_html(parts, fh.read(), head=head, site=True)
                return
            self.send_response(HTTPStatus.OK)
            self._headers(_content_type(parts[-1]), opened.size, site=parts[-1].endswith(".html"))
            self.send_header("Last-Modified", self.date_time_string(int(opened.mtime)))
            self.end_headers()
            if not head:
                with os.fdopen(os.dup(opened.fd), "rb") as fh:
                    shutil.copyfileobj(fh, self.wfile)

    def _generated(self, parts: list[str]) -> str | None:
        """A generated page, or None when the path is a file (or folder) from ``out/``."""
        out = self.server.out
        sites = {s.name: s for s in scan(out)}
        if parts in ([], ["index.html"]):  # a folder that archkit site wrote has its own index
            return None if ("index.html", False) in folder_entries(out) else index_page(list(sites.values()))
        if len(parts) < 3 or parts[0] not in sites or not parts[-1].endswith(".html"):
            return None
        site, area, rest = sites[parts[0]], parts[1], "/".join(parts[2:]).removesuffix(".html")
        if area == "diagrams" and rest in site.views:
            return view_page(site, rest, text_inside(out, [site.name, "diagrams", f"{rest}.svg"]))
        if area == "arc42" and rest in site.pages:
            return doc_page(site, rest, text_inside(out, [site.name, "arc42", *f"{rest}.md".split("/")]))
        return None

    def _headers(self, content_type: str, length: int, *, site: bool = False) -> None:
        live = self.server.live if content_type.startswith("text/html") else None
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        policy = _SITE_POLICY if site else _POLICY
        self.send_header("Content-Security-Policy", live.policy(policy) if live else policy)

    def _send_html(self, parts: list[str], page: bytes, *, head: bool, site: bool = False,
                   status: HTTPStatus = HTTPStatus.OK) -> None:
        """An HTML page (``site``: a file of ``out/``, whose own script files may run); with ``serve
        --watch``, with the live-reload script (and errors) added."""
        if self.server.live is not None:
            page = self.server.live.inject(page, parts)
        self._send(status, "text/html; charset=utf-8", page, head=head, site=site)

    def _send(self, status: HTTPStatus, content_type: str, data: bytes, *, head: bool, site: bool = False) -> None:
        self.send_response(status)
        self._headers(content_type, len(data), site=site)
        self.end_headers()
        if not head:
            self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", quote(location))
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _refuse(self, status: HTTPStatus, reason: str) -> None:
        self.close_connection = True
        if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
            self.log_error("%s", reason)
        with contextlib.suppress(OSError):  # the client went away
            # the reason goes into the page (escaped); the status line keeps the standard phrase
            self.send_error(status, None, printable(reason))

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """The request line as UTF-8 (http.server holds it as Latin-1), escaped by :meth:`log_message`."""
        line = self.requestline.encode("latin-1", "replace").decode("utf-8", "backslashreplace")
        self.log_message('"%s" %s %s', line, int(code) if isinstance(code, HTTPStatus) else code, size)

    def log_message(self, format: str, *args: Any) -> None:
        self.server.write_log(f"{self.address_string()} {format % args}")


def _content_type(name: str) -> str:
    suffix = Path(name).suffix.lower()
    return _TYPES.get(suffix) or mimetypes.guess_type(name)[0] or "application/octet-stream"


def make_server(out: Path, host: str = "127.0.0.1", port: int = 8000, quiet: bool = False,
                log: TextIO | None = None, live: LiveReload | None = None) -> PreviewServer:
    """A server for ``out`` (port 0 picks a free port: read it from ``server.server_address``).

    Each request logs one escaped line to ``log`` (default stderr); ``quiet`` logs nothing. With ``live``
    (``serve --watch``), HTML answers follow rebuilds (:mod:`archkit.preview.live`)."""
    return PreviewServer(out.resolve(), host, port, None if quiet else (log or sys.stderr), live)
