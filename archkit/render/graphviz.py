"""Where archkit runs Graphviz: DOT text in, SVG/PNG/PDF bytes out (and :mod:`archkit.render.resident`, which keeps
one `dot` open for the candidate layouts of a view, with the arguments of :func:`process_args`).

``dot`` runs as a subprocess with a list of arguments (never a shell), the DOT
on stdin, and a timeout. The icon folders are passed as ``-Gimagepath`` so the
DOT text itself holds no absolute path; SVG output then gets every icon
inlined as a data URI. Graphviz's warnings are returned for the caller to
show. A missing ``dot`` raises :class:`GraphvizNotFoundError`.

The graphviz package reads ``dot``'s version (:func:`version`) and quotes DOT strings
(:func:`archkit.render.labels.quoted`). Its ``pipe`` cannot run the layouts: it has no timeout
(a layout that hangs would hang archkit), passes no option beyond ``-K``/``-T`` (``-Gimagepath``,
``-Gdpi``, several ``-T… -o …`` drawings of one layout), and prints Graphviz's warnings to stderr
or drops them instead of returning them. The README's design notes say the same.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import NoReturn

import graphviz as graphviz_package

from archkit.errors import GraphvizNotFoundError, RenderError
from archkit.render.icons import icon_root
from archkit.render.svg import cluster_titles, fixed_pdf_dates, inline_images, plain_dashes

FORMATS = ("svg", "png", "pdf")
DEFAULT_TIMEOUT = 120.0
#: PNGs larger than this are drawn at a lower resolution (see :func:`png_dpi`).
MAX_PNG_PIXELS = 16e6
_SIZE = re.compile(r'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"')
_GLYPHS = Path(__file__).parent
_NO_JSON_IMAGES = re.compile(r'Warning: No loadimage plugin for "[a-z]+:json0?"')


class DotTimeout(RenderError):
    """``dot`` ran longer than its timeout (the caller may retry with a cheaper layout)."""


@dataclass
class Output:
    """Graphviz's result for one format, with its warnings."""

    content: bytes
    warnings: list[str] = field(default_factory=list)


@cache
def dot_executable() -> str:
    found = shutil.which("dot")
    if found is None:
        raise GraphvizNotFoundError(
            "dot: Graphviz is not installed (the `dot` command is not on PATH) — install it "
            "(Debian/Ubuntu: sudo apt-get install graphviz; macOS: brew install graphviz; "
            "https://graphviz.org/download/) or run `make demo`, which installs it"
        )
    return found


def image_dirs() -> list[Path]:
    """Folders Graphviz resolves icon paths against: archkit's glyphs, then the diagrams icon set."""
    root = icon_root()
    return [_GLYPHS, *([root] if root is not None else [])]


@lru_cache(maxsize=1024)  # icons are read-only package data; a workspace draws the same few again and again
def read_icon(path: str) -> bytes | None:
    """The bytes of an icon referenced by relative path, looked up like Graphviz does."""
    if path.startswith("/") or ".." in path.split("/") or not path.endswith(".png"):
        return None
    for folder in image_dirs():
        candidate = folder / path
        if candidate.is_file():
            return candidate.read_bytes()
    return None


def _args(outputs: list[str], dpi: int | None = None) -> list[str]:
    """``dot``, the output options, the icon folders, and the resolution when one is set."""
    imagepath = "-Gimagepath=" + os.pathsep.join(str(d) for d in image_dirs())
    return [dot_executable(), *outputs, imagepath, *([f"-Gdpi={dpi}"] if dpi is not None else [])]


def process_args(fmt: str) -> list[str]:
    """The arguments of a ``dot`` process that draws each graph of its stdin as ``fmt`` to its stdout
    (:mod:`archkit.render.resident`)."""
    return _args([f"-T{fmt}"])


def _invoke(args: list[str], dot: str, timeout: float) -> tuple[bytes, list[str]]:
    """Run ``dot`` with ``args`` and the DOT text on stdin: its stdout and its messages."""
    try:
        proc = subprocess.run(args, input=dot.encode("utf-8"), capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        raise DotTimeout(f"dot: layout took longer than {timeout:g} s") from None
    except OSError as exc:
        raise RenderError(f"dot: cannot run Graphviz ({exc.strerror}) — check the Graphviz installation") from None
    messages = [line.strip() for line in proc.stderr.decode("utf-8", "replace").splitlines() if line.strip()]
    if proc.returncode != 0:
        _fail(messages, proc.returncode)
    return proc.stdout, messages


def _titled(fmt: str, content: bytes) -> bytes:
    """``dot``'s drawing with the ``<title>`` of each counted cluster (Graphviz's number for it, which depends on
    what the process laid out before) as the cluster's usual name (:func:`archkit.render.svg.cluster_titles`):
    the same bytes whether a graph was laid out alone or after others."""
    return cluster_titles(content) if fmt == "svg" else content


def _fail(messages: list[str], returncode: int) -> NoReturn:
    errors = [m for m in messages if m.startswith("Error")] or messages[:1]  # not the debug dump after it
    detail = "; ".join(errors[:2]) or f"exit code {returncode}"
    raise RenderError(f"dot: Graphviz failed ({detail}; Graphviz {version_text()})")


def run_dot(dot: str, fmt: str, *, timeout: float = DEFAULT_TIMEOUT, dpi: int | None = None) -> Output:
    """Lay out and draw ``dot`` as ``fmt`` (svg, png, pdf, or any format `dot -T` knows).

    The engine is the DOT's ``layout`` attribute (``dot`` when absent); ``dpi`` sets the
    resolution of bitmap output.
    """
    content, messages = _invoke(_args([f"-T{fmt}"], dpi), dot, timeout)
    if not content:
        _fail(messages, 0)
    return Output(_titled(fmt, content), messages)


def run_dot_formats(dot: str, formats: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT) -> dict[str, Output]:
    """Lay out ``dot`` once and draw it in each of ``formats`` (``dot -Tsvg -o A -Tpng -o B``).

    Each drawing has the same bytes as a run of its own (checked on every golden view by the
    tests); the layout, often most of the time, and the start of a ``dot`` process are paid once.
    The drawings go to files in a temporary folder, removed afterwards.
    """
    if len(formats) == 1:
        out = run_dot(dot, formats[0], timeout=timeout)
        return {formats[0]: Output(out.content, json_messages(out.warnings, formats))}
    with tempfile.TemporaryDirectory(prefix="archkit-dot-") as folder:
        paths = {fmt: Path(folder) / f"drawing.{fmt}" for fmt in formats}
        outputs = [arg for fmt in formats for arg in (f"-T{fmt}", "-o", str(paths[fmt]))]
        _, messages = _invoke(_args(outputs), dot, timeout)
        contents = {fmt: _titled(fmt, path.read_bytes()) if path.is_file() else b"" for fmt, path in paths.items()}
    if not all(contents.values()):
        _fail(messages, 0)
    messages = json_messages(messages, formats)
    return {fmt: Output(content, list(messages)) for fmt, content in contents.items()}


def json_messages(messages: list[str], formats: Sequence[str]) -> list[str]:
    """``messages`` without Graphviz's note that the geometry (``json``, ``json0``) has no use for icon bytes."""
    if any(f.startswith("json") for f in formats):
        return [m for m in messages if not _NO_JSON_IMAGES.fullmatch(m)]
    return messages


def run_json_then(dot: str, fmt: str, then: str, *, timeout: float = DEFAULT_TIMEOUT) -> tuple[Output, bytes | None]:
    """``dot`` laid out as ``fmt`` (``json`` or ``json0``), then ``then`` in the same ``dot`` process: ``dot``'s
    geometry, the same bytes as :func:`run_dot`'s (it is the first graph of its process, as there), and
    ``then``'s (None when the run does not give exactly two documents). One process start, ~10 ms of CPU,
    instead of two, for a small graph to measure after a layout (:func:`archkit.render.band.sizing`).

    Warnings are ``dot``'s (``then`` is archkit's own, and writes none). When the run fails, ``dot`` is run on
    its own, so its error is its own."""
    try:
        content, messages = _invoke(_args([f"-T{fmt}"]), dot + "\n" + then, timeout)
    except DotTimeout:
        raise
    except RenderError as exc:
        if isinstance(exc, GraphvizNotFoundError):
            raise
        return run_dot(dot, fmt, timeout=timeout), None
    text = content.decode("utf-8")
    try:
        _, end = json.JSONDecoder().raw_decode(text)
    except ValueError:
        return run_dot(dot, fmt, timeout=timeout), None
    while end < len(text) and text[end].isspace():
        end += 1
    first, rest = text[:end].encode("utf-8"), text[end:].encode("utf-8")
    return Output(first, json_messages(messages, [fmt])), rest or None


def run_batch_json(dots: Sequence[str], fmt: str, *, timeout: float = DEFAULT_TIMEOUT) -> list[Output] | None:
    """Each of ``dots`` laid out as ``fmt`` (``json`` or ``json0``) by ONE ``dot`` process, in order: a layout
    search's candidates, without a process start and Graphviz's font set-up each (~14 ms of CPU, more than
    laying out a small view takes). Every text after the first must be :func:`order_free`, so that each is laid
    out as by a process of its own (the first is: nothing ran before it).

    None when the run fails, runs out of time (``timeout`` per graph), writes a warning (it cannot be told
    apart by graph), or does not give one document per graph: the caller then lays out each on its own, with
    its own timeout, warnings and error message."""
    try:
        content, messages = _invoke(_args([f"-T{fmt}"]), "\n".join(dots), timeout * len(dots))
    except GraphvizNotFoundError:
        raise
    except RenderError:
        return None
    if json_messages(messages, [fmt]):
        return None
    # each document ends with a line of its closing brace alone: Graphviz indents what is inside it, and JSON text
    # holds no line break in a string
    *docs, rest = _DOC_END.split(content)
    return [Output(doc + b"}\n") for doc in docs] if len(docs) == len(dots) and not rest.strip() else None


#: The end of one document of ``dot``'s JSON output (``-Tjson``, ``-Tjson0``).
_DOC_END = re.compile(rb"^\}\n", re.MULTILINE)
#: A subgraph written by its name (``subgraph "cluster_x" {``, ``subgraph legend {``), not counted.
_NAMED_SUBGRAPH = re.compile(r'^\s*subgraph (?!"%)', re.MULTILINE)


def order_free(dot: str) -> bool:
    """Whether ``dot`` is laid out the same after other graphs in one ``dot`` process as in one of its own
    (:func:`run_batch_json`): archkit's DOT of the ``dot`` engine whose subgraphs are all counted
    (:func:`archkit.render.dot.counted_cluster_name`) or anonymous (``{rank=same; ...}``), so that no sibling
    subgraphs are visited in an order the memory of the process decides (:func:`batchable`). Graphviz 2.43 lays
    out every candidate of the examples and of the untuned models that the search lays out together exactly as
    alone (``benchmarks/README.md``, "Candidates laid out together"); in ONE process of all 350 of the untuned
    models' candidate texts, 7 dense ones (about 120 edges) came out otherwise: Graphviz keeps other state that
    depends on memory, so a batch stays one view's few candidates."""
    return 'graph [id="view-' in dot and "layout=" not in dot and _NAMED_SUBGRAPH.search(dot) is None


#: The start of every drawing in ``dot``'s SVG output: one per graph of a batch (:func:`run_batch`).
_SVG_START = b"<?xml version="
#: What a graph after the first of a batch gets before its id, from the page of the graph before it
#: (Graphviz 2.43 does not reset the page it is on between graphs); a graph drawn alone has none.
_PAGE_PREFIX = re.compile(rb'(<g id=")page\d+,\d+_(view&#45;)')


def batchable(dot: str) -> bool:
    """Whether ``dot`` draws with the same bytes when ``dot`` lays it out after other graphs in one process
    (:func:`run_batch`) as in a process of its own: archkit's DOT of the ``dot`` engine (``id="view-..."``,
    one statement per line) in which no graph or subgraph has more than one subgraph named the usual way.

    Graphviz 2.43 visits the subgraphs of a graph in the order of their ids, and a named subgraph's id is
    the address of its name in memory, which depends on what the process did before: a second cluster
    beside the first may be laid out in another order in a shared process (seen on the container and
    context views of synth-1000). A chain of clusters (a component view: system, container) has no order to
    lose, nor do counted clusters (:func:`archkit.render.dot.counted_cluster_name`: archkit's, unless an edge
    ends at a boundary's border), which are not counted here. Anything else in the text (another engine, an
    unexpected line) answers False. The first graph of a batch need not be batchable: nothing ran before it in
    its process."""
    if 'graph [id="view-' not in dot or "layout=" in dot:
        return False
    children: list[int] = []  # per graph or subgraph open around the line: how many subgraphs it has
    graphs = 0
    for line in dot.splitlines():
        text = line.strip()
        if text.startswith("digraph ") and text.endswith("{"):
            graphs += 1
            children.append(0)
            continue
        if not children:
            if text and not text.startswith("//"):
                return False
            continue
        if text.startswith("subgraph ") and text.endswith("{"):
            children[-1] += 0 if text.startswith('subgraph "%') else 1  # counted: in the order it is read
            children.append(0)
        elif text == "}":
            children.pop()
        elif text.startswith("{") or text.endswith("{"):
            if not (text.startswith("{") and text.endswith("}")):
                return False
            children[-1] += 1  # an anonymous subgraph (rank=same) on one line
        if children and children[-1] > 1:
            return False
    return graphs == 1 and not children


def run_batch(dots: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT) -> list[Output] | None:
    """Lay out and draw each of ``dots`` as SVG in ONE ``dot`` process: the same bytes as :func:`run_dot` draws
    each in a process of its own (tested on every view of the examples and the synthetic models), without a
    process start and Graphviz's font set-up per graph (~15 ms of CPU each, as much as laying out a small
    view). The first may be any DOT text (nothing ran before it in the process: a process of its own, so far);
    every other must be :func:`batchable`.

    None when the batch does not give exactly one drawing per graph and nothing else: ``dot`` failed, ran
    out of ``timeout``, or wrote a warning (which cannot be told apart by graph): the caller then draws each
    graph on its own, with its own timeout, warnings and error message."""
    try:
        proc = subprocess.run(_args(["-Tsvg"]), input="\n".join(dots).encode("utf-8"), capture_output=True,
                              timeout=timeout, check=False)
    except (subprocess.TimeoutExpired, OSError):
        return None
    if proc.returncode != 0 or proc.stderr.strip():
        return None
    parts = proc.stdout.split(_SVG_START)
    if len(parts) != len(dots) + 1 or parts[0]:
        return None
    drawings = [_SVG_START + parts[1]] + [_PAGE_PREFIX.sub(rb"\1\2", _SVG_START + p, count=1) for p in parts[2:]]
    return [Output(_titled("svg", svg)) for svg in drawings]


def layout_json(dot: str, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The geometry Graphviz gives ``dot`` as ``-Tjson`` (positions, splines, label boxes), for
    :mod:`archkit.render.quality`. The render pipeline asks for ``json`` in the same run as the
    drawings instead (``run_dot_formats``), so measuring costs no second layout."""
    return run_dot(dot, "json", timeout=timeout).content


def finish(out: Output, fmt: str, links: frozenset[str] = frozenset()) -> Output:
    """Post-processing of one drawing: self-contained SVG, date-free PDF."""
    if fmt == "svg":
        # dashes first, while the SVG is small: inlined icons make it many times larger
        svg, dropped = inline_images(plain_dashes(out.content), read_icon, links)
        warnings = out.warnings + [f"dropped a reference to '{d}' from the SVG (not an icon or a diagram link)"
                                   for d in dropped]
        return Output(svg, warnings)
    if fmt == "pdf":
        return Output(fixed_pdf_dates(out.content), out.warnings)
    return out


def render(dot: str, fmt: str, *, links: frozenset[str] = frozenset(), timeout: float = DEFAULT_TIMEOUT,
           dpi: int | None = None) -> Output:
    """``run_dot`` plus post-processing: self-contained SVG, date-free PDF."""
    return finish(run_dot(dot, fmt, timeout=timeout, dpi=dpi if fmt == "png" else None), fmt, links)


def render_formats(dot: str, formats: Sequence[str], *, links: frozenset[str] = frozenset(),
                   timeout: float = DEFAULT_TIMEOUT, post: bool = True) -> dict[str, Output]:
    """``run_dot_formats`` plus post-processing of each drawing (``post`` off: none yet, for a
    candidate layout that may not be kept; :func:`finish` does it later)."""
    outs = run_dot_formats(dot, formats, timeout=timeout)
    return {fmt: finish(out, fmt, links) for fmt, out in outs.items()} if post else outs


def png_dpi(svg: bytes, max_pixels: float = MAX_PNG_PIXELS) -> int | None:
    """A resolution below the default 96 dpi when the drawing would exceed ``max_pixels`` as PNG.

    Huge PNGs take cairo seconds per megapixel to encode and are unreadable anyway
    (the SVG is the zoomable version); None when the default resolution is fine.
    """
    match = _SIZE.search(svg[:2000].decode("utf-8", "replace"))
    if match is None:
        return None
    return dpi_for(float(match.group(1)), float(match.group(2)), max_pixels)


def dpi_for(width: float, height: float, max_pixels: float = MAX_PNG_PIXELS) -> int | None:
    """:func:`png_dpi` of a drawing ``width`` x ``height`` points large."""
    pixels = (width / 72 * 96) * (height / 72 * 96)
    if pixels <= max_pixels:
        return None
    return max(8, int(96 * math.sqrt(max_pixels / pixels)))


@cache
def version() -> tuple[int, ...]:
    """Graphviz's version, ``(2, 43, 0)``: ``dot -V`` run and read by the graphviz package
    (``graphviz.version``). A ``dot`` it cannot read (``graphviz-pure`` prints no version line) is a
    :class:`RenderError`; a missing one a :class:`GraphvizNotFoundError`."""
    dot_executable()
    try:
        found: tuple[int, ...] = graphviz_package.version()
    except graphviz_package.ExecutableNotFound:
        dot_executable.cache_clear()
        dot_executable()  # the clear message of a missing `dot`
        raise RenderError("dot: Graphviz could not be run to read its version — check the installation") from None
    except (graphviz_package.CalledProcessError, RuntimeError) as exc:
        raise RenderError(f"dot: cannot read the Graphviz version ({exc}) — check the Graphviz installation") from None
    return found


def version_text() -> str:
    """``2.43.0``, or ``unknown`` when :func:`version` cannot read it (for messages only)."""
    try:
        return ".".join(map(str, version()))
    except RenderError:
        return "unknown"
