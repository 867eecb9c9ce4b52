"""Build one model: load, check (and ``conform`` when it maps code), render every view, generate the
arc42 docs, export.

``build_model`` runs in a worker process and streams: each view's files are written (or,
for ``--check``, compared with the disk) as soon as they are drawn, so no process ever holds
every artifact. It returns the paths it generated and the findings; the parent removes files
no longer generated and writes the stamp. It raises nothing on purpose: an
:class:`ArchkitError` becomes a failed outcome with its one-line message.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from archkit.arc42.guidance import Authoring, authoring_of
from archkit.errors import ArchkitError

if TYPE_CHECKING:
    from archkit.diskfile import Signature
    from archkit.model import Workspace
    from archkit.output import Artifact
    from archkit.render.freshness import ViewCache

Status = Literal["built", "up to date", "failed", "stale", "fresh"]
EXPORTS_PROPERTY = "archkit.exports"
"""Workspace property naming the exports a build makes, comma-separated (e.g. ``"mermaid, d2"``)."""


@dataclass
class Outcome:
    """What building one model gave: the paths it generated, findings, timing and, for ``--check``,
    the generated files that differ from the disk (``(relpath, reason)``)."""

    path: str
    name: str
    status: Status
    generated: list[str] = field(default_factory=list)
    differences: list[tuple[str, str]] = field(default_factory=list)
    errors: int = 0
    warnings: int = 0
    messages: list[str] = field(default_factory=list)
    seconds: float = 0.0
    files: int = 0
    inputs: dict[str, str] = field(default_factory=dict)
    """Files the model read beyond its sources (:func:`read_inputs`), for the stamp."""
    signatures: dict[str, Signature] = field(default_factory=dict)
    """The signature of each file generated, as the worker wrote (or read) it, for the stamp."""


def build_model(path: str, out_dir: str, timeout: float = 60.0, render_jobs: int = 1, *,
                check_only: bool = False, layout: str | None = None, reuse: bool = True,
                announce: Callable[[str], None] | None = None) -> Outcome:
    """Everything ``archkit build`` generates for the model file ``path``, written into ``out_dir``
    one view at a time (with ``check_only``, compared with ``out_dir`` and never written); ``layout``
    (``best`` or ``fast``) overrides the model's ``archkit.layout``.

    Pages on disk are read (never written by the check) so that hand-written text in them is kept.
    ``render_jobs`` is how many views are drawn at once (threads, each running ``dot``).
    A build re-uses the files of every view whose freshness key is unchanged (``reuse`` off: draws every
    view; both record the keys, :mod:`archkit.render.freshness`); the check draws every view.

    With ``announce`` (the live preview; ignored with ``check_only``), each view drawn has its SVG written as
    soon as it is drawn (:func:`early_writer`), then ``announce(view key)`` is called; its other formats and
    its entry follow as usual, so a build killed in between leaves that view to be drawn again.
    """
    from archkit.arc42.memo import MEMO_PATH
    from archkit.arc42.pipeline import write_pages
    from archkit.build.plan import STAMP
    from archkit.check import check
    from archkit.conform import conform, maps_code
    from archkit.load import load
    from archkit.output import remove_files, write_artifacts
    from archkit.render.formats import diagram_formats
    from archkit.render.freshness import Kept, clear_link, is_entry, known_artifact, prune
    from archkit.site.pipeline import wants_site

    start = time.perf_counter()
    outcome = Outcome(path, Path(out_dir).name, "built")
    try:
        ws = load(path, timeout=timeout)
        outcome.inputs = read_inputs(ws, Path(path))  # before conform reads the code: a later edit is seen
        findings = check(ws, path) + conform(ws, path) if maps_code(ws) else check(ws, path)
        outcome.errors = sum(f.severity == "error" for f in findings)
        outcome.warnings = sum(f.severity == "warning" for f in findings)
        outcome.messages = [f.line() for f in findings if f.severity in ("error", "warning")]
        if outcome.errors:
            outcome.status = "failed"
        else:
            diagram_formats(ws.properties, path)  # an unknown format fails the model, named, before a write
            first = True
            # the site is made from the views' files: then re-used ones are read (and hashed), not only signed
            cache = None if check_only else fresh_cache(Path(out_dir), reuse, contents=wants_site(ws))
            if cache is not None:  # a link in place of the cache folder: removed, never written through
                clear_link(Path(out_dir))
            signed: dict[str, tuple[Signature, str]] = {}  # each diagram's signature, for the next build
            early = early_writer(Path(out_dir), announce) if announce is not None and not check_only else None
            for batch, notes in generate_batches(ws, Path(out_dir), render_jobs, cache, layout=layout, early=early,
                                                 authoring=authoring_of(path)):
                artifacts = [a for a in batch if not is_entry(a.relpath)]
                if check_only:
                    outcome.differences += differences(Path(out_dir), artifacts)
                else:
                    if first:  # until the parent writes it again, last, a killed build is never up to date
                        remove_files(out_dir, [STAMP])
                        first = False
                    caches = [a for a in batch if is_entry(a.relpath)]  # never merged like pages
                    # the arc42 pages' memo vouches for no file on disk: before the pages, so that the
                    # outputs are the last thing a build writes (a build killed before them is not done)
                    write_artifacts(out_dir, [a for a in caches if a.relpath == MEMO_PATH], merge=False)
                    # the arc42 manifest after the pages it claims; a view re-used is on disk already
                    write_pages(out_dir, [a for a in artifacts if not isinstance(a, Kept)], signatures=signed)
                    signed.update((a.relpath, (a.signature, a.digest)) for a in artifacts
                                  if isinstance(a, Kept) and a.signature is not None)
                    # a view's entry after its files
                    write_artifacts(out_dir, [a for a in caches if a.relpath != MEMO_PATH], merge=False)
                outcome.generated += [a.relpath for a in artifacts]
                outcome.messages.extend(notes)
            if not check_only:
                # after the files they describe; only the diagrams' (a page may be edited by hand)
                write_artifacts(out_dir, [known_artifact({rel: record for rel, record in signed.items()
                                                          if rel.startswith("diagrams/")})], merge=False)
                prune(Path(out_dir), [view.key for view in ws.effective_views()])
                outcome.signatures = {rel: signed[rel][0] for rel in outcome.generated if rel in signed}
    except ArchkitError as exc:
        outcome.status = "failed"
        outcome.messages.extend(exc.lines)
    outcome.generated.sort()
    outcome.differences.sort()
    outcome.files = len(outcome.generated)
    outcome.seconds = time.perf_counter() - start
    return outcome


def early_writer(out_dir: Path, announce: Callable[[str], None]) -> Callable[[str, bytes], None]:
    """What a live build does with a view's SVG drawn before its other formats: the stamp removed (first, once:
    until the parent writes it again, the model is not up to date), the SVG written (atomically) in its place
    in ``diagrams/``, then ``announce(view key)``. The view's entry still comes after all of its files, so
    until then the new SVG does not match it and a later build draws the view again. Thread-safe: views are
    drawn on several threads."""
    from archkit.build.plan import STAMP
    from archkit.output import Artifact, remove_files, write_artifacts
    from archkit.render.freshness import diagram_path

    lock, stamped = threading.Lock(), [True]

    def write(key: str, svg: bytes) -> None:
        with lock:
            if stamped[0]:
                remove_files(out_dir, [STAMP])
                stamped[0] = False
        write_artifacts(out_dir, [Artifact(diagram_path(key, "svg"), svg)], merge=False)
        announce(key)

    return write


def read_inputs(ws: Workspace, path: Path) -> dict[str, str]:
    """The files the build of the model ``path`` reads that its sources do not name (the local pictures
    of its image views; the packages its code mapping compares it with, ``archkit conform``), by their name
    in the stamp (:func:`archkit.build.plan.input_key`), with the digest of their content: a build is up
    to date only while they are unchanged."""
    from archkit.build.plan import code_digest, input_digest, input_key
    from archkit.conform import maps_code, prefixes, source_folder
    from archkit.model import ImageView

    inputs = {}
    if maps_code(ws):
        src = source_folder(ws, path, None)
        for package in sorted({prefix.split(".")[0] for prefix in prefixes(ws)}):
            if (src / package).is_dir():  # else conform fails the model, naming it
                inputs[input_key(src / package, path.parent) + "/"] = code_digest(src / package)
    for view in ws.views:
        picture = view.loaded_picture() if isinstance(view, ImageView) else None
        if isinstance(view, ImageView) and picture is not None:  # a local file's: a data: URI is the model's text
            inputs[input_key(path.parent / view.source, path.parent)] = input_digest(picture.data)
    return inputs


def warm_up() -> None:
    """Import what :func:`build_model` needs and compile the arc42 templates, so that workers forked
    afterwards start with them (``watch`` rebuilds in fresh workers; the parent does this once)."""
    import archkit.arc42.pipeline
    import archkit.check
    import archkit.load
    import archkit.render.pipeline  # noqa: F401
    from archkit.arc42.templates import compile_builtin

    compile_builtin()


def differences(out_dir: Path, artifacts: Sequence[Artifact]) -> list[tuple[str, str]]:
    """``(relpath, reason)`` for each artifact whose file under ``out_dir`` is missing or differs
    (a symbolic link in its place is not the file: it is never read through)."""
    from archkit.output import occupied, read_existing, regular_file

    found = []
    for artifact in sorted(artifacts, key=lambda a: a.relpath):  # a larger file differs: never read
        existing = read_existing(out_dir, artifact.relpath, len(artifact.content))
        if existing is None and regular_file(out_dir, artifact.relpath):
            found.append((artifact.relpath, "differs"))
        elif existing is None:
            reason = "not a plain file (a symbolic link?)" if occupied(out_dir, artifact.relpath) else "missing"
            found.append((artifact.relpath, reason))
        elif existing != artifact.content:
            found.append((artifact.relpath, "differs"))
    return found


def generate(ws: Workspace, out_dir: Path, render_jobs: int = 1) -> tuple[list[Artifact], list[str]]:
    """Diagrams, arc42 docs (hand-written text from ``out_dir`` merged in) and configured exports of
    ``ws``, sorted by path, and messages for the user."""
    artifacts: list[Artifact] = []
    messages: list[str] = []
    for batch, notes in generate_batches(ws, out_dir, render_jobs):
        artifacts += batch
        messages += notes
    return sorted(artifacts, key=lambda a: a.relpath), messages


def fresh_cache(out_dir: Path, trust: bool = True, *, contents: bool = True) -> ViewCache:
    """The view freshness cache of ``out_dir`` (formats, mode and timeout are the render's to fill in), with the
    signatures the last build recorded when it is trusted; ``contents``: whether re-used files are read."""
    from archkit.render.freshness import ViewCache, read_known

    known = read_known(out_dir) if trust else {}
    return ViewCache(out_dir, (), "", 0.0, trust, known=known, contents=contents)


def generate_batches(ws: Workspace, out_dir: Path, render_jobs: int = 1, cache: ViewCache | None = None, *,
                     layout: str | None = None, early: Callable[[str, bytes], None] | None = None,
                     authoring: Authoring = "python") -> Iterator[tuple[list[Artifact], list[str]]]:
    """What :func:`generate` makes, in batches: each view's diagrams (in view order, in the formats of the
    workspace property ``archkit.formats``, laid out in the ``layout`` mode, else ``archkit.layout``'s),
    then the arc42 docs, then the exports, then the site when the workspace property ``archkit.site`` asks for
    it (:mod:`archkit.site.pipeline`); each batch with the messages it gave. With ``cache``,
    unchanged views are re-used and a drawn view's batch ends with its freshness entry
    (:func:`archkit.render.pipeline.iter_render`), and arc42 pages whose data is unchanged are not rendered
    again (the docs' batch then holds the pages' memo, :mod:`archkit.arc42.memo`). ``early``: given each drawn
    view's SVG before its other formats are drawn (:func:`archkit.render.pipeline.iter_render`); ``authoring``:
    the model's format, for the guidance of empty arc42 sections (:mod:`archkit.arc42.guidance`)."""
    from archkit.arc42 import generate_docs
    from archkit.arc42.pipeline import keep_hand_written
    from archkit.output import occupied, read_existing
    from archkit.render.formats import diagram_formats
    from archkit.render.pipeline import iter_render
    from archkit.site.pipeline import SITE_DIR, site_batch, wants_site

    site = wants_site(ws)  # an unknown value fails the model before a view is drawn
    drawn: list[Artifact] = []  # the site needs every view's files: kept only when it is made
    for batch, notes in iter_render(ws, formats=diagram_formats(ws.properties), jobs=render_jobs, layout=layout,
                                    cache=cache, early=early):
        if site:
            drawn += [a for a in batch if a.relpath.startswith("diagrams/")]
        yield batch, notes
    keys = [view.key for view in ws.effective_views()]
    docs = generate_docs(ws, model_name=out_dir.name, diagrams=keys, memo=_memo(out_dir, cache), authoring=authoring)
    pages = keep_hand_written(docs, lambda rel: read_existing(out_dir, rel), lambda rel: occupied(out_dir, rel))
    yield pages
    yield exports(ws), []
    if site:  # from the pages as written, hand-written text included
        yield site_batch(ws, drawn, pages[0], prefix=f"{SITE_DIR}/"), []


def _memo(out_dir: Path, cache: ViewCache | None) -> dict[str, tuple[str, str]] | None:
    """The arc42 pages generated last time (:mod:`archkit.arc42.memo`) when the build keeps a cache (empty
    with ``--force``); None without one (``--check``, ``generate``): every page is rendered."""
    from archkit.arc42.memo import MEMO_PATH, read_memo
    from archkit.errors import OutputError
    from archkit.output import CACHE_LIMIT, read_existing

    if cache is None:
        return None
    try:
        return read_memo(read_existing(out_dir, MEMO_PATH, CACHE_LIMIT)) if cache.trust else {}
    except OutputError:  # unreadable: every page is rendered, and the memo written again
        return {}


def configured_exports(ws: Workspace) -> list[str]:
    """The export formats the workspace asks for in its ``archkit.exports`` property."""
    value = ws.properties.get(EXPORTS_PROPERTY, "")
    return sorted({part.strip() for part in value.split(",") if part.strip()})


def exports(ws: Workspace) -> list[Artifact]:
    formats = configured_exports(ws)
    if not formats:
        return []
    from archkit.export import export_artifacts

    return export_artifacts(ws, formats)
