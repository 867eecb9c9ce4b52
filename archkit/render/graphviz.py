"""The only place archkit runs Graphviz: DOT text in, SVG/PNG/PDF bytes out.

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
from archkit.render.svg import fixed_pdf_dates, inline_images, plain_dashes

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
    return Output(content, messages)


def run_dot_formats(dot: str, formats: Sequence[str], *, timeout: float = DEFAULT_TIMEOUT) -> dict[str, Output]:
    """Lay out ``dot`` once and draw it in each of ``formats`` (``dot -Tsvg -o A -Tpng -o B``).

    Each drawing has the same bytes as a run of its own (checked on every golden view by the
    tests); the layout, often most of the time, and the start of a ``dot`` process are paid once.
    The drawings go to files in a temporary folder, removed afterwards.
    """
    if len(formats) == 1:
        return {formats[0]: run_dot(dot, formats[0], timeout=timeout)}
    with tempfile.TemporaryDirectory(prefix="archkit-dot-") as folder:
        paths = {fmt: Path(folder) / f"drawing.{fmt}" for fmt in formats}
        outputs = [arg for fmt in formats for arg in (f"-T{fmt}", "-o", str(paths[fmt]))]
        _, messages = _invoke(_args(outputs), dot, timeout)
        contents = {fmt: path.read_bytes() if path.is_file() else b"" for fmt, path in paths.items()}
    if not all(contents.values()):
        _fail(messages, 0)
    if any(f.startswith("json") for f in formats):  # the geometry has no use for icon bytes, and says so
        messages = [m for m in messages if not _NO_JSON_IMAGES.fullmatch(m)]
    return {fmt: Output(content, list(messages)) for fmt, content in contents.items()}


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
