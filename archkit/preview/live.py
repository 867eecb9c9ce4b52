"""Live preview: ``archkit serve --watch`` (also ``archkit watch --serve``) rebuilds on save and the open
pages follow by themselves.

- :class:`EventBus`: what the watcher publishes after each rebuild (a generation number, the models just
  built, and the error lines of each model that failed), and what the server's event streams wait on.
- :data:`EVENTS_PATH`: the server-sent events endpoint (``text/event-stream``). A hidden name, so it can
  never shadow a file of ``out/`` (the server serves no hidden name). Each stream sends the current
  generation at once, then one event per rebuild and a comment every :data:`KEEP_ALIVE` seconds; it ends
  when the bus closes (Ctrl-C) or the browser goes away.
- :meth:`LiveReload.inject`: every HTML answer gets a ``<meta>`` with the generation it was made at and
  :data:`SCRIPT` (allowed by the hash in :meth:`LiveReload.policy`, no other script runs). A page of a model
  whose last build failed gets the error lines (escaped) in place of its stale content (the index: above
  the models, unless every one failed). Done at serve time only: the files a build writes never hold any
  of it. A page with a Content-Security-Policy of its own (``archkit site``'s ``<meta>``) gets the hash there too.
- :data:`SCRIPT`: on an event for its model (or a generation it missed), the page fetches its own URL
  and swaps in the new ``<body>``, keeping the view shown (same URL) and the scroll position; a page with
  script files of its own (the site's pan/zoom, search) reloads instead, since they set it up once.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from html import escape, unescape
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from archkit.errors import ArchkitError, printable

if TYPE_CHECKING:
    from archkit.build.job import Outcome
    from archkit.build.runner import Announce, BuildReport

LiveRebuild = Callable[[Sequence[Path], "Announce | None"], "BuildReport"]
"""How a live preview rebuilds: ``rebuild(models, drawn)``, calling ``drawn(model, view)`` (unless None) when a
view's new SVG is written, before the build ends (:func:`archkit.build.run`'s ``announce``)."""

EVENTS_PATH = "/.archkit-live"
KEEP_ALIVE = 15.0
"""Seconds between keep-alive comments on an idle event stream (a dead connection is noticed then)."""
ERROR_ID = "archkit-live-error"

SCRIPT = """(() => {
  const meta = document.querySelector('meta[name="archkit-live"]');
  let generation = meta ? meta.content : "";
  let kept = null, busy = false, again = false;
  const mine = decodeURIComponent(location.pathname.split("/")[1] || "");
  const failing = () => document.querySelector("#archkit-live-error[data-replace]") !== null;
  const settled = () => Promise.all(Array.from(document.images, (image) => image.complete ? null
    : new Promise((done) => { image.addEventListener("load", done); image.addEventListener("error", done); })));
  const swap = async () => {
    if (document.querySelector("script[src]")) { location.reload(); return; }  // its scripts set it up once
    const response = await fetch(location.href, {cache: "no-store"});
    const doc = new DOMParser().parseFromString(await response.text(), "text/html");
    if (!failing()) kept = [window.scrollX, window.scrollY];
    const root = document.documentElement;
    root.style.minHeight = root.scrollHeight + "px";
    document.title = doc.title;
    document.body.replaceWith(doc.body);
    if (kept && !failing()) window.scrollTo(kept[0], kept[1]);
    await settled();
    root.style.minHeight = "";
    if (kept && !failing()) window.scrollTo(kept[0], kept[1]);
  };
  const refresh = async () => {
    if (busy) { again = true; return; }
    busy = true;
    try {
      do { again = false; await swap(); } while (again);
    } catch (error) {
      console.warn("archkit live preview:", error);
    } finally {
      busy = false;
    }
    document.documentElement.dataset.archkitLive = generation;
  };
  const events = new EventSource("/.archkit-live");
  events.onmessage = (message) => {
    const data = JSON.parse(message.data);
    if (String(data.generation) === generation) return;
    generation = String(data.generation);
    if (data.models && data.watched.includes(mine) && !data.models.includes(mine)) {
      document.documentElement.dataset.archkitLive = generation;
      return;
    }
    refresh();
  };
})();"""
"""The script injected into every HTML answer of a live preview (static: its hash is in the policy)."""

_SCRIPT_HASH = base64.b64encode(hashlib.sha256(SCRIPT.encode()).digest()).decode()
_HEAD_END = re.compile(rb"</head\s*>", re.IGNORECASE)
_BODY_START = re.compile(rb"<body\b[^>]*>", re.IGNORECASE)
_META_POLICY = re.compile(rb'(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")', re.IGNORECASE)


@dataclass(frozen=True)
class Snapshot:
    """The bus at one moment: ``generation`` counts rebuilds; ``models`` were built in the last one (None:
    not known, as in the first event of a stream); ``failures`` maps each failed model to its error lines."""

    generation: int
    models: tuple[str, ...] | None
    failures: Mapping[str, tuple[str, ...]] = field(default_factory=dict)


class EventBus:
    """Rebuild results from the watcher to every open event stream (thread-safe; waiting never spins)."""

    def __init__(self, watched: Sequence[str] = ()) -> None:
        self.watched = tuple(sorted(set(watched)))
        self._changed = threading.Condition()
        self._now = Snapshot(0, None, {})
        self._closed = False

    def publish(self, outcomes: Iterable[Outcome]) -> Snapshot:
        """Record one rebuild: each outcome's model is built, or failed with its messages."""
        with self._changed:
            failures = dict(self._now.failures)
            models = []
            for outcome in outcomes:
                models.append(outcome.name)
                if outcome.status == "failed":
                    failures[outcome.name] = tuple(outcome.messages) or ("the build failed",)
                else:
                    failures.pop(outcome.name, None)
            self._now = Snapshot(self._now.generation + 1, tuple(sorted(set(models))), failures)
            self._changed.notify_all()
            return self._now

    def drawn(self, model: str) -> Snapshot:
        """Record that a build of ``model`` in progress has written a view's new SVG: its pages follow now, and
        again when the build ends (:meth:`publish`). The model loaded and passed its check to get there: its
        last failure is not shown any more (if the build fails after all, :meth:`publish` says so)."""
        with self._changed:
            failures = {name: lines for name, lines in self._now.failures.items() if name != model}
            self._now = Snapshot(self._now.generation + 1, (model,), failures)
            self._changed.notify_all()
            return self._now

    def snapshot(self) -> Snapshot:
        with self._changed:
            return self._now

    def wait(self, seen: int, timeout: float) -> Snapshot | None:
        """The snapshot once its generation is not ``seen``, or after ``timeout`` seconds; None once closed."""
        with self._changed:
            self._changed.wait_for(lambda: self._closed or self._now.generation != seen, timeout)
            return None if self._closed else self._now

    def close(self) -> None:
        """End every stream (they return at once) and every later :meth:`wait`."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    @property
    def closed(self) -> bool:
        with self._changed:
            return self._closed


def event_data(now: Snapshot, watched: Sequence[str]) -> str:
    """One event's JSON: the generation, the models it rebuilt (null: any) and the models watched."""
    models = None if now.models is None else list(now.models)
    return json.dumps({"generation": now.generation, "models": models, "watched": list(watched)})


class LiveReload:
    """The live part of one preview server: its bus, its endpoint, what it adds to HTML answers."""

    def __init__(self, bus: EventBus, keep_alive: float = KEEP_ALIVE) -> None:
        self.bus, self.keep_alive = bus, keep_alive

    @staticmethod
    def owns(target: str) -> bool:
        """True for a request to the event endpoint (with or without a query)."""
        try:
            return urlsplit(target).path == EVENTS_PATH
        except ValueError:
            return False

    @staticmethod
    def policy(base: str) -> str:
        """``base`` (the server's Content-Security-Policy) allowing :data:`SCRIPT` to run as well: its hash
        added to ``script-src`` (in place of ``'none'``; without ``script-src``, to ``default-src``'s sources)."""
        directives = [d.strip() for d in base.split(";") if d.strip()]
        names = [d.split()[0].lower() for d in directives]
        if "script-src" not in names:
            default = next((d.split()[1:] for d in directives if d.split()[0].lower() == "default-src"), [])
            directives.append(" ".join(["script-src", *default]))
            names.append("script-src")
        at = names.index("script-src")
        sources = [src for src in directives[at].split()[1:] if src.lower() != "'none'"]
        directives[at] = " ".join(["script-src", *sources, f"'sha256-{_SCRIPT_HASH}'"])
        return "; ".join(directives)

    def stream(self, handler: BaseHTTPRequestHandler, *, head: bool = False) -> None:
        """Answer an event-stream request until the bus closes or the client goes away."""
        handler.close_connection = True
        handler.send_response(HTTPStatus.OK)
        handler.send_header("Content-Type", "text/event-stream; charset=utf-8")
        handler.send_header("Cache-Control", "no-store")
        handler.send_header("X-Content-Type-Options", "nosniff")
        handler.end_headers()
        if head:
            return
        write = handler.wfile.write
        now = self.bus.snapshot()
        try:
            write(f"retry: 1000\ndata: {event_data(Snapshot(now.generation, None), self.bus.watched)}\n\n".encode())
            seen = now.generation
            while (now_or_none := self.bus.wait(seen, self.keep_alive)) is not None:
                if now_or_none.generation == seen:
                    write(b": keep-alive\n\n")
                    continue
                seen = now_or_none.generation
                write(f"data: {event_data(now_or_none, self.bus.watched)}\n\n".encode())
        except OSError:  # the browser went away (closed tab, reload): nothing to answer
            return

    def inject(self, html: bytes, parts: Sequence[str]) -> bytes:
        """``html`` with the generation, :data:`SCRIPT` and, when the page's model failed, its errors."""
        now = self.bus.snapshot()
        live = (f'<meta name="archkit-live" content="{now.generation}">\n'
                f"<script>{SCRIPT}</script>\n").encode()
        panel = error_panel(*page_failures(now.failures, self.bus.watched, parts)).encode()
        body, head = _BODY_START.search(html), _HEAD_END.search(html)
        after_body = body.end() if body is not None else 0
        at = head.start() if head is not None and head.start() < after_body else (body.start() if body else 0)
        html = html[:at] + live + html[at:after_body] + panel + html[after_body:]
        # a page's own policy (the published site's <meta>) must let SCRIPT run too: both policies apply
        return _META_POLICY.sub(lambda m: m[1] + escape(self.policy(unescape(m[2].decode()))).encode() + m[3], html)


def page_failures(failures: Mapping[str, tuple[str, ...]], watched: Sequence[str],
                  parts: Sequence[str]) -> tuple[dict[str, tuple[str, ...]], bool]:
    """The failures a page shows (a page below ``/<model>/`` its model's, any other page, such as the index,
    all) and whether they replace its content: when every model the page shows failed."""
    shown = {parts[0]} if parts and parts[0] in watched else set(watched)
    found = {name: lines for name, lines in failures.items() if name in shown or not shown}
    return found, bool(found) and shown <= set(found)


def error_panel(failures: Mapping[str, tuple[str, ...]], replace: bool = True) -> str:
    """The errors (every text escaped), in place of the page's stale content when ``replace``, else above
    it; nothing without failures."""
    if not failures:
        return ""
    items = "".join(f"<h2>{escape(printable(name))}</h2>\n<pre>{escape(printable(chr(10).join(lines)))}</pre>\n"
                    for name, lines in sorted(failures.items()))
    hide = f"body > :not(#{ERROR_ID}) {{ display: none; }}\n" if replace else ""
    stale = "What was shown here is out of date" if replace else "Pages of the models below are out of date"
    return (f'<section id="{ERROR_ID}" role="alert"{" data-replace" if replace else ""}>\n<style>{hide}'
            f"#{ERROR_ID} pre {{ background: #fdecea; color: #611a15; padding: 1rem; white-space: pre-wrap; }}"
            f"</style>\n<h1>The model failed to build</h1>\n"
            f"<p>{stale}. Fix the model and save: this page follows by itself.</p>\n{items}</section>\n")


def publishing(rebuild: LiveRebuild, bus: EventBus) -> Callable[[Sequence[Path]], BuildReport]:
    """``rebuild`` that publishes to ``bus`` each view's SVG as it is written (:meth:`EventBus.drawn`) and each
    result; a build that raises (a model file gone mid-save, two models writing one folder) is a failure of its
    models, shown in their pages, and watching goes on. The first build (the watcher's start) announces no
    view: it draws every view that is not fresh, and a PNG in a run of its own would cost each one more layout,
    while no page waits on a single view then."""
    from archkit.build.job import Outcome
    from archkit.build.runner import BuildReport
    from archkit.output import model_name

    def drawn(model: str, view: str) -> None:
        bus.drawn(model)

    started = [False]

    def publish(paths: Sequence[Path]) -> BuildReport:
        try:
            report = rebuild(paths, drawn if started[0] else None)
        except ArchkitError as exc:
            for line in exc.lines:
                sys.stderr.write(printable(f"archkit: {line}") + "\n")
            report = BuildReport([Outcome(str(p), model_name(p), "failed", messages=exc.lines) for p in paths])
        bus.publish(report.outcomes)
        started[0] = True
        return report

    return publish
