"""The docs run end to end: render missing diagrams, generate the pages, keep what people wrote, write.

Rules for hand-written text (see also :func:`archkit.arc42.markers.merge`):

- Text outside the ``archkit:begin``/``archkit:end`` markers of a page is kept byte for byte.
- A page archkit generated before (it is listed in ``arc42/.archkit-manifest.json``) and that
  is now missing was deleted by a person: it is not recreated. Delete its entry from the
  manifest (or the whole manifest) to get it back.
- The manifest never claims a page or block that is not on disk as archkit wrote it: the pages
  are written first and the manifest last, and when a regeneration drops a block the claims
  are narrowed before any page is written (:func:`write_pages`). So a process killed at any
  instant leaves nothing that the next run takes for "deleted by hand": it recreates it.
- A symbolic link (or anything else that is not a plain file) where a page goes is not a page:
  it is never read through, and the generated page replaces the link (its target is untouched).
- Likewise a block a person deleted from a page stays deleted.
- A page whose markers a person removed altogether is theirs: it is left as it is.
- The single-file variant (``arc42/arc42.md``) is rebuilt from the final pages every time,
  so it contains the hand-written text of the pages; edit the pages, not it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from archkit.arc42.generate import (
    DOCS_DIR,
    MANIFEST,
    MKDOCS,
    AdrFormat,
    DocSet,
    Format,
    Page,
    build_docset,
    docs_artifacts,
    manifest_text,
    single_file as build_single_file,
)
from archkit.arc42.guidance import Authoring
from archkit.arc42.markers import Block, decode_page, digest, edited_blocks, find_blocks, merge, normal
from archkit.arc42.report import Completeness
from archkit.arc42.templates import builtin_templates
from archkit.diskfile import Signature
from archkit.errors import LoadError, OutputError, TemplateError
from archkit.model import Decision, Workspace
from archkit.output import Artifact, occupied, read_existing, regular_file, safe_name, write_artifacts

Reader = Callable[[str], bytes | None]


def _previous_digests(raw: bytes | None) -> dict[str, dict[str, str]]:
    """The :func:`~archkit.arc42.markers.digest` of each block as the last generation wrote it, by page (from
    its manifest; empty for a manifest without them: then no block is taken for edited by hand)."""
    try:
        blocks = json.loads(raw.decode("utf-8")).get("blocks", {}) if raw else {}
        return {str(page): {str(k): str(v) for k, v in ids.items()} for page, ids in blocks.items()}
    except (UnicodeDecodeError, ValueError, TypeError, AttributeError, RecursionError):
        return {}


def _sha(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:16]


def _refuse_edited_single(on_disk: bytes | None, new: bytes, manifest: bytes | None, relpath: str,
                          pages: Collection[str]) -> None:
    """An error when a person wrote in the single file (``arc42.md``), which is rebuilt from the pages: it is
    neither what archkit wrote last time (its digest in the manifest) nor what it writes now, and has a line
    that neither it nor the pages on disk (``pages``: their lines, as read) hold."""
    try:
        last = json.loads(manifest.decode("utf-8")).get("single") if manifest else None
    except (UnicodeDecodeError, ValueError, AttributeError, RecursionError):
        last = None
    if on_disk is None or not isinstance(last, str) or on_disk == new or _sha(on_disk) == last:
        return
    known = {*pages, *normal(new.decode("utf-8")).splitlines()}
    if all(not line.strip() or line in known
           for line in normal(on_disk.decode("utf-8", "replace")).splitlines()):
        return  # nothing in it that the pages do not keep
    raise OutputError(f"{relpath}: was edited by hand, and archkit rebuilds it from the pages every time — move "
                      "your text into the pages it belongs to (text there is kept), then delete "
                      f"{relpath} and run again; nothing was written")


def _with_digests(manifest: Artifact, texts: Mapping[str, str], single: bytes | None) -> Artifact:
    """``manifest`` with the digest of every block archkit writes (``texts``: the pages to write), which the
    next run compares with the pages on disk to find text a person wrote between the markers."""
    data = json.loads(manifest.content)
    digests: dict[str, dict[str, str]] = {}
    for page, ids in data["pages"].items():
        text = texts.get(f"{DOCS_DIR}/{page}")
        if text is not None:
            body = normal(text)
            digests[page] = {b.id: digest(body[b.start:b.end]) for b in find_blocks(body) if b.id in ids}
    data["blocks"] = dict(sorted(digests.items()))
    if single is not None:
        data["single"] = _sha(single)
    return Artifact(MANIFEST, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))


def _previous_pages(raw: bytes | None) -> dict[str, list[str]]:
    """The pages and blocks of the last generation, from its manifest (empty when there is none)."""
    if raw is None:
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
        pages = data["pages"]
        return {str(k): [str(b) for b in v] for k, v in pages.items()}
    except (UnicodeDecodeError, ValueError, KeyError, TypeError, AttributeError, RecursionError):
        raise OutputError(f"{MANIFEST}: not a manifest archkit wrote — delete the file; archkit then recreates "
                          "every page it generates") from None


def keep_hand_written(artifacts: Sequence[Artifact], read: Reader,
                      present: Callable[[str], bool] | None = None) -> tuple[list[Artifact], list[str]]:
    """The docs artifacts to write, in the order to write them (the manifest last), given what is on
    disk: ``read(relpath)`` -> the bytes of a plain file, or None; ``present(relpath)`` -> whether
    anything (a symbolic link, say) is at ``relpath`` (default: ``read`` gave bytes).

    Artifacts outside ``arc42/`` pass through unchanged. Returns the artifacts and notes for the user.
    """
    present = present or (lambda rel: read(rel) is not None)
    manifest = next((a for a in artifacts if a.relpath == MANIFEST), None)
    if manifest is None:
        return list(artifacts), []
    fmt = json.loads(manifest.content)["format"]
    previous_raw = read(MANIFEST)
    previous = _previous_pages(previous_raw)
    written = _previous_digests(previous_raw)
    retiring = _retiring(previous_raw)
    single = f"{DOCS_DIR}/arc42.{fmt}"
    texts: dict[str, str] = {}
    others: list[Artifact] = []
    notes: list[str] = []
    seen: set[str] = set()  # the lines of the pages on disk
    pages = [a for a in artifacts if a.relpath.startswith(DOCS_DIR + "/") and a.relpath not in (MANIFEST, single)]
    # deleted by hand: taken out of the generated index and nav before the merge, so that a block is compared
    # with what archkit writes in it
    dropped = [a.relpath for a in pages if a.relpath[len(DOCS_DIR) + 1:] in previous and not present(a.relpath)]
    for a in artifacts:
        if a not in pages:
            others.append(a)
            continue
        page = a.relpath[len(DOCS_DIR) + 1:]
        new = _unlinked(a.relpath, a.content.decode("utf-8"), dropped, fmt)
        raw = read(a.relpath)
        if raw is None and present(a.relpath):
            notes.append(f"{a.relpath}: not a plain file (a symbolic link?): replaced by the generated page, "
                         "what it pointed to is neither read nor changed")
            texts[a.relpath] = new
            continue
        if raw is None:
            if page in previous:
                notes.append(f"{a.relpath}: deleted by hand, not recreated (remove it from {MANIFEST} to get "
                              "it back)")
                continue
            texts[a.relpath] = new
            continue
        old, note = decode_page(raw, a.relpath)
        if note:
            notes.append(note)
        body = normal(old)
        seen.update(body.splitlines())
        if not find_blocks(body, a.relpath) and find_blocks(new, a.relpath):
            notes.append(f"{a.relpath}: has no archkit markers any more, kept as written")
        ours = None if page not in previous else [*previous[page], *retiring.get(page, [])]
        edited = edited_blocks(body, new, written.get(page, {}))
        notes += [_edited_note(a.relpath, body, b) for b in edited]
        notes += [f"{a.relpath}:{body.count(chr(10), 0, b.start) + 1}: archkit:begin {b.id} is not a block archkit "
                  "wrote in this page (a marker pair quoted in your text?): kept as written"
                  for b in find_blocks(body, a.relpath) if ours is not None and b.id not in ours
                  and b.id not in new]
        texts[a.relpath] = merge(old, new, previous.get(page, ()), a.relpath, ours=ours, edited={b.id for b in edited})
    out = [a for a in others if a.relpath not in (single, MANIFEST)]
    out += [Artifact(rel, text.encode("utf-8")) for rel, text in texts.items()]
    whole: bytes | None = None
    if any(a.relpath == single for a in others):
        plain = {rel: normal(text) for rel, text in texts.items()}  # no byte order mark inside the single file
        whole = build_single_file(fmt, plain).encode("utf-8")
        _refuse_edited_single(read(single), whole, previous_raw, single, seen)
        out.append(Artifact(single, whole))
    out.append(_with_digests(manifest, texts, whole))
    return in_write_order(out), notes


def _edited_note(relpath: str, page: str, block: Block) -> str:
    line = page.count("\n", 0, block.start) + 1
    return (f"{relpath}:{line}: you wrote between the markers of block {block.id}, which archkit rewrites: your "
            "version of it is kept just below the new block (or in its place, if the model no longer has it), "
            "outside the markers — keep what you want of it there and delete the rest")


def in_write_order(artifacts: Sequence[Artifact]) -> list[Artifact]:
    """``artifacts`` sorted by path, the manifest last: it claims only pages already written."""
    return sorted(artifacts, key=lambda a: (a.relpath == MANIFEST, a.relpath))


def write_pages(root: str | Path, artifacts: Sequence[Artifact],
                signatures: dict[str, tuple[Signature, str]] | None = None) -> list[Path]:
    """Write ``artifacts`` under ``root`` (:func:`archkit.output.write_artifacts`, which records their
    ``signatures``) so that the arc42 manifest on disk is true at every instant, however the process ends.

    The pages go first and the manifest last. Before them, when the new pages drop blocks that the
    manifest on disk claims, a narrowed manifest (the claims both generations share) is written,
    so that a block archkit itself removed is never taken for one a person deleted.
    Without a manifest among ``artifacts`` this is ``write_artifacts``. With one, the pages are those of
    :func:`keep_hand_written`, already merged with the pages on disk: they are written as they are (merged
    again, the text it moved out of a block a person wrote in would be dropped as generated).
    """
    ordered = in_write_order(artifacts)
    if not ordered or ordered[-1].relpath != MANIFEST:
        return write_artifacts(root, ordered, signatures=signatures)
    interim = _narrowed_manifest(read_existing(root, MANIFEST), ordered[-1].content)
    changed = write_artifacts(root, [*interim, *ordered], merge=False, signatures=signatures)
    return list(dict.fromkeys(changed))


def _narrowed_manifest(old: bytes | None, new: bytes) -> list[Artifact]:
    """The manifest to write before the pages: what ``old`` claims and stays true while the pages of
    ``new`` replace the old ones (a page ``new`` regenerates keeps only the blocks both have);
    empty when that is ``old`` itself."""
    previous = _previous_pages(old)
    data = json.loads(new)
    pages = data["pages"]
    narrowed = {page: [b for b in blocks if b in pages[page]] if page in pages else blocks
                for page, blocks in previous.items()}
    if narrowed == previous:
        return []
    interim = json.loads(manifest_text(str(data["format"]), narrowed))
    retiring = {page: [b for b in blocks if b not in narrowed[page]] for page, blocks in previous.items()}
    for page, blocks in _retiring(old).items():
        retiring[page] = list(dict.fromkeys([*retiring.get(page, []), *blocks]))
    interim["retiring"] = {page: blocks for page, blocks in sorted(retiring.items()) if blocks}
    return [Artifact(MANIFEST, (json.dumps(interim, indent=2, ensure_ascii=False) + "\n").encode("utf-8"))]


def _retiring(raw: bytes | None) -> dict[str, list[str]]:
    """The blocks an interim manifest no longer claims because the pages being written drop them (archkit's
    still, wherever a killed build left them on disk); empty for a final manifest."""
    try:
        found = json.loads(raw.decode("utf-8")).get("retiring", {}) if raw else {}
        return {str(page): [str(b) for b in blocks] for page, blocks in found.items()}
    except (UnicodeDecodeError, ValueError, TypeError, AttributeError, RecursionError):
        return {}


def _unlinked(relpath: str, text: str, dropped: list[str], fmt: str) -> str:
    """``text`` (generated for ``relpath``) without the lines of the mkdocs nav and of the index's table of
    contents that link pages deleted by hand."""
    names = [rel[len(DOCS_DIR) + 1:] for rel in dropped]
    if not dropped or relpath not in (MKDOCS, f"{DOCS_DIR}/index.{fmt}"):
        return text
    if relpath == MKDOCS:
        return "".join(line for line in text.splitlines(keepends=True)
                       if not any(line.rstrip().endswith(f": {rel}") for rel in dropped))
    return "".join(line for line in text.splitlines(keepends=True)
                   if not any(line.rstrip().endswith((f"]({n})", f"include::{n}[]")) for n in names))


@dataclass
class DocsResult:
    """What :func:`write_docs` did: the files that changed, notes for the user, the completeness report."""

    report: Completeness
    written: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _render_missing(ws: Workspace, root: Path, render: bool) -> tuple[list[str], list[Artifact], list[str]]:
    """Draw (in memory) the views whose SVG is missing; returns (keys with an SVG, the drawn files, notes).
    The files are written with the pages, so that a failure in between writes nothing."""
    views = ws.effective_views()
    missing = [v.key for v in views if not regular_file(root, f"diagrams/{safe_name(v.key)}.svg")]
    notes: list[str] = []
    artifacts: list[Artifact] = []
    if missing and render:
        from archkit.render import render_workspace
        from archkit.render.formats import diagram_formats

        artifacts, messages = render_workspace(ws, formats=diagram_formats(ws.properties), views=missing)
        notes += messages
        drawn = {a.relpath for a in artifacts}
        missing = [k for k in missing if f"diagrams/{safe_name(k)}.svg" not in drawn]
    return [v.key for v in views if v.key not in missing], artifacts, notes


def write_docs(
    ws: Workspace,
    root: str | Path,
    fmt: Format = "md",
    *,
    templates: Mapping[str, str] | None = None,
    adr_format: AdrFormat = "nygard",
    render: bool = True,
    model_name: str | None = None,
    diagrams: Collection[str] | None = None,
    authoring: Authoring = "python",
    templates_from: str = "templates",
) -> DocsResult:
    """Write the arc42 set of ``ws`` to ``root/arc42/`` (``root`` is the model's output folder,
    e.g. ``out/payments``), keeping hand-written text; draws missing diagrams first unless ``render``
    is false; ``authoring``: the model's format (:mod:`archkit.arc42.guidance`). ``templates`` (read from the
    folder ``templates_from``, which errors name) must keep archkit's markers in every page
    (:func:`refuse_unmarked`)."""
    base = Path(root)
    notes: list[str] = []
    drawn: list[Artifact] = []
    if diagrams is None:
        available, drawn, notes = _render_missing(ws, base, render)
    else:
        available = list(diagrams)
    docset = build_docset(ws, fmt, templates=templates, adr_format=adr_format, diagrams=available,
                          model_name=model_name or base.name, authoring=authoring)
    refuse_unmarked(docset, templates, adr_format, templates_from)
    final, kept = keep_hand_written(docs_artifacts(docset), lambda rel: read_existing(base, rel),
                                    lambda rel: occupied(base, rel))
    written = write_pages(base, [*drawn, *final])  # every path checked before the first write
    return DocsResult(docset.report, written, [*notes, *kept])


_MARKS = {"md": "<!-- archkit:{} {} -->", "adoc": "// archkit:{} {}"}


def page_template(page: Page, adr_format: str) -> str:
    """The name of the template that renders ``page``."""
    fmt = page.relpath.rpartition(".")[2]
    return f"adr_{adr_format}.{fmt}.j2" if page.kind == "adr" else f"{page.relpath.rpartition('/')[2]}.j2"


def refuse_unmarked(docset: DocSet, templates: Mapping[str, str] | None, adr_format: str, origin: str) -> None:
    """An error, before anything is written, when a user template (``templates``, read from the folder
    ``origin``) renders a page without a block between archkit's markers: such a page can keep no text a person
    writes in it (merged with the page on disk, it would replace it whole, or drop every generated block)."""
    if not templates:
        return
    for page in docset.pages:
        if find_blocks(page.text, page.relpath):
            continue
        name = page_template(page, adr_format)
        blocks = list(dict.fromkeys(re.findall(r"archkit:begin ([A-Za-z0-9_.-]+)", builtin_templates().get(name, ""))))
        first = blocks[0] if blocks else "main"
        mark = _MARKS[docset.fmt]
        what = f"{name}" if name in templates else f"{name} (with the partials of {origin})"
        raise TemplateError(
            f"{origin}/{what}: page {page.relpath} has no archkit markers, so the text people write in it would be "
            f"lost at the next run — put the text archkit generates between marker lines, each on a line of its "
            f"own: {mark.format('begin', first)} ... {mark.format('end', first)} (the built-in template's blocks: "
            f"{', '.join(blocks) or first}); text outside them is kept as written. Nothing was written")


def add_decisions(ws: Workspace, decisions: Sequence[Decision], origin: str) -> None:
    """Add decisions read from an ADR folder to ``ws``; an id the model already has is an error."""
    known = {d.id for d in ws.arc42.decisions}
    for d in decisions:
        if d.id in known:
            raise LoadError(f"{origin}: decision {d.id}: the model defines a decision with this id too — remove "
                            "one of them, or renumber the ADR file")
        known.add(d.id)
    ws.arc42.decisions.extend(decisions)
