"""Workspace -> arc42 pages: one page per section, an index, ADR files, a single-file variant, mkdocs.yml.

:func:`build_docset` renders the pages from the model (pure); :func:`single_file`, :func:`mkdocs_config`
and :func:`generate_docs` add what is derived from the pages: the single-file
variant, ``mkdocs.yml`` and the manifest of generated pages (see
:mod:`archkit.arc42.pipeline` for how hand-written text is merged in).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

import yaml

from archkit.arc42 import content, structure
from archkit.arc42.adr import adr_data, adr_numbers, adr_paths
from archkit.arc42.context import DocContext
from archkit.arc42.escape import syntax_for
from archkit.arc42.guidance import Authoring, guidance
from archkit.arc42.layout import plan_layout
from archkit.arc42.markers import block_ids, strip_block, strip_markers
from archkit.arc42.memo import MEMO_PATH, Memo, memo_bytes, page_key
from archkit.arc42.outline import SECTIONS
from archkit.arc42.report import Completeness, completeness
from archkit.arc42.templates import check_overrides, environment, render as render_template
from archkit.datafile import has_lone_surrogate
from archkit.errors import TemplateError, printable
from archkit.ids import slugify
from archkit.model import Workspace
from archkit.output import PAGES_DIR, Artifact, safe_name

DOCS_DIR = PAGES_DIR
MANIFEST = f"{DOCS_DIR}/.archkit-manifest.json"
MKDOCS = f"{DOCS_DIR}/mkdocs.yml"
Format = Literal["md", "adoc"]
AdrFormat = Literal["nygard", "madr"]

_BUILDERS: dict[int, Callable[[DocContext], content.Built]] = {
    1: content.introduction, 2: content.constraints, 3: structure.context, 4: content.strategy,
    5: structure.building_blocks, 6: structure.runtime, 7: structure.deployment, 8: content.concepts,
    9: content.decisions, 10: content.quality, 11: content.risks, 12: content.glossary,
}


@dataclass(frozen=True)
class Page:
    """One generated page: its path under the model's output folder, its text, and its role."""

    relpath: str
    text: str
    kind: Literal["index", "section", "adr", "config"]
    nav_title: str = ""


@dataclass(frozen=True)
class DocSet:
    """The generated pages of one workspace, before hand-written text is merged in."""

    fmt: Format
    title: str
    model_name: str  # names the completeness report
    site: str  # the mkdocs site folder, site/<slug of the workspace name>: the same for build and docs
    pages: tuple[Page, ...]
    report: Completeness
    #: page path -> (key, generated text) of every page rendered or taken from a memo (:mod:`archkit.arc42.memo`)
    memo: Memo = field(default_factory=dict)


def doc_title(ws: Workspace) -> str:
    return f"{ws.name} — Architecture Documentation"


def build_docset(
    ws: Workspace,
    fmt: Format = "md",
    *,
    templates: Mapping[str, str] | None = None,
    adr_format: AdrFormat = "nygard",
    diagrams: Collection[str] | None = None,
    model_name: str | None = None,
    memo: Mapping[str, tuple[str, str]] | None = None,
    authoring: Authoring = "python",
) -> DocSet:
    """Render every page of the arc42 set of ``ws``.

    ``templates`` maps template names to sources that replace the built-in ones;
    ``diagrams`` holds the keys of the views whose SVG exists (None: all of them);
    ``memo`` (page path -> (key, text)) holds pages generated before: a page whose key is unchanged is
    not rendered again (:mod:`archkit.arc42.memo`);
    ``authoring`` is the model's format: the guidance of an empty section names calls (``python``) or
    YAML/JSON keys (``data``; :mod:`archkit.arc42.guidance`).
    """
    syntax = syntax_for(fmt)
    how = guidance(authoring, fmt)
    if adr_format not in ("nygard", "madr"):
        raise ValueError(f"unknown ADR format {adr_format!r}: use 'nygard' or 'madr'")
    if templates:
        check_overrides(templates, "templates")
    index = ws.model.index()
    layout = plan_layout(ws, index)
    ctx = DocContext(ws=ws, syntax=syntax, index=index, layout=layout,
                     diagrams=None if diagrams is None else frozenset(diagrams),
                     adr_files=adr_paths(ws.arc42.decisions, fmt))
    content.plan_anchors(ctx)
    env = _Pages(environment(templates), templates, memo)
    doc = {"title": syntax.inline(doc_title(ws)), "name": syntax.inline(ws.name),
           "description": syntax.text(ws.description)}
    pages: list[Page] = []
    empty: list[str] = []
    for section in SECTIONS:
        ctx.page = section.page
        data, lacking = _BUILDERS[section.number](ctx)
        empty += lacking
        relpath = f"{DOCS_DIR}/{section.page}.{fmt}"
        text = env.page(relpath, f"{section.page}.{fmt}.j2", {"doc": doc, "s": data, "how": how})
        pages.append(Page(relpath, text, "section", section.heading))
    index_page = f"{DOCS_DIR}/index.{fmt}"
    pages.insert(0, Page(index_page, env.page(index_page, f"index.{fmt}.j2", _index_data(doc, fmt)), "index",
                         "Overview"))
    pages += _adr_pages(ws, env, adr_format, ctx.adr_files, fmt)
    shown = [v.key for slot in layout.slots.values() for v in slot]  # views of other systems are not in the docs
    missing = [] if diagrams is None else sorted(set(shown) - set(diagrams))
    name = model_name or slugify(ws.name)
    report = completeness(ws, name, empty, missing)
    return DocSet(fmt, doc_title(ws), name, safe_name(slugify(ws.name)), tuple(pages), report, env.made)


@dataclass
class _Pages:
    """Renders pages, taking a page's text from ``memo`` when its key is unchanged; ``made`` collects the
    key and text of every page (with ``memo`` None, nothing is keyed)."""

    env: Any
    templates: Mapping[str, str] | None
    memo: Mapping[str, tuple[str, str]] | None
    made: Memo = field(default_factory=dict)

    def page(self, relpath: str, name: str, context: dict[str, Any]) -> str:
        key = None if self.memo is None else page_key(name, context, self.templates)
        if key is None:
            return render(self.env, name, context)
        kept = self.memo.get(relpath) if self.memo is not None else None
        text = kept[1] if kept is not None and kept[0] == key else render(self.env, name, context)
        self.made[relpath] = (key, text)
        return text


def render(env: Any, name: str, context: dict[str, Any]) -> str:
    """A page from its template; text no file can hold is a :class:`TemplateError`. Model text never
    holds a lone surrogate (refused at load); a user template's string literal (``"\\ud800"``) can."""
    text = render_template(env, name, context)
    if has_lone_surrogate(text):
        raise TemplateError(f"{name}: the template writes a lone surrogate (an escape such as \"\\ud800\"), "
                            "which no file can store — remove it from the template")
    return text


def _index_data(doc: dict[str, str], fmt: str) -> dict[str, Any]:
    pages = [f"{s.page}.{fmt}" for s in SECTIONS]
    toc = [{"heading": s.heading, "href": page} for s, page in zip(SECTIONS, pages, strict=True)]
    return {"doc": doc, "toc": toc, "includes": pages}


def _adr_pages(ws: Workspace, env: _Pages, adr_format: str, paths: dict[str, str], fmt: str) -> list[Page]:
    decisions = ws.arc42.decisions
    numbers = adr_numbers(decisions)
    titles = {d.id: " ".join(d.title.split()) for d in decisions}
    pages = []
    for d in sorted(decisions, key=lambda d: (numbers[d.id], d.id)):
        data = adr_data(d, numbers[d.id], paths, numbers, titles, fmt)
        relpath = f"{DOCS_DIR}/{paths[d.id]}"
        text = env.page(relpath, f"adr_{adr_format}.{fmt}.j2", {"a": data})
        pages.append(Page(relpath, text, "adr", f"{numbers[d.id]}. {titles[d.id]}"))
    return pages


# ---- assembling the final set --------------------------------------------------------------

_PAGE_LINK = re.compile(r"\]\((\d\d_[a-z_]+)\.md(#[^)\s]*)?\)")
_NOTICE = re.compile(r"^(?:<!-- Generated by archkit .*-->|// Generated by archkit .*)\n", re.MULTILINE)
_SINGLE_NOTICE = {
    "md": "<!-- Generated by archkit from the pages in this folder, hand-written text included: edit the pages, "
          "not this file. -->\n",
    "adoc": "// Generated by archkit from the pages in this folder, hand-written text included: edit the pages, "
            "not this file.\n",
}


def single_file(fmt: str, texts: Mapping[str, str]) -> str:
    """The whole set in one file, built from the final pages (hand-written text included): the index,
    then every section page, links made local, archkit's markers left out."""
    slugs = {s.page: s.slug for s in SECTIONS}
    index = texts.get(f"{DOCS_DIR}/index.{fmt}", "")
    parts = [strip_block(index, "includes")]
    parts += [texts[rel] for rel in (f"{DOCS_DIR}/{s.page}.{fmt}" for s in SECTIONS) if rel in texts]
    text = "\n".join(p if p.endswith("\n") else p + "\n" for p in parts if p)
    if fmt == "md":
        text = _PAGE_LINK.sub(lambda m: f"]({m.group(2) or '#' + slugs.get(m.group(1), m.group(1))})", text)
    text = _NOTICE.sub("", strip_markers(text))
    return _SINGLE_NOTICE[fmt] + re.sub(r"\n{3,}", "\n\n", text).lstrip("\n")


class _Dumper(yaml.SafeDumper):
    """Safe YAML with multi-line strings as literal blocks (``|``)."""


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _str)


# The static folders of the mkdocs theme and of its search plugin (the rest of the model folder is not docs).
THEME_ASSETS = ("css", "js", "img", "webfonts", "search")


def mkdocs_config(docset: DocSet, texts: Mapping[str, str]) -> str:
    """``mkdocs.yml`` for the Markdown set: the model folder is the docs folder (pages and diagrams)."""
    nav: list[Any] = []
    decisions = [{printable(p.nav_title): p.relpath} for p in docset.pages if p.kind == "adr" and p.relpath in texts]
    for page in docset.pages:
        if page.relpath not in texts or page.kind not in ("index", "section"):
            continue
        if page.relpath.endswith(f"09_architecture_decisions.{docset.fmt}") and decisions:
            nav.append({printable(page.nav_title): [{"Overview": page.relpath}, *decisions]})
        else:
            nav.append({printable(page.nav_title): page.relpath})
    config = {
        "site_name": printable(docset.title),  # model text: no raw control or bidi character
        "docs_dir": "..",
        "site_dir": f"../../../site/{docset.site}",  # from out/<model>/arc42/ to site/<name>/
        "use_directory_urls": False,
        # The built-in theme without highlight.js, which it would fetch from a CDN: the site works offline.
        "theme": {"name": "mkdocs", "highlightjs": False},
        # mkdocs applies exclude_docs to the theme's and the search plugin's static files too: keep them
        "exclude_docs": "/*\n!/arc42/\n!/diagrams/\n" + "".join(f"!/{d}/\n" for d in THEME_ASSETS)
                        + "/arc42/arc42.md\n/arc42/mkdocs.yml\n",
        "validation": {"omitted_files": "warn", "absolute_links": "warn", "unrecognized_links": "warn",
                       "anchors": "warn"},
        "nav": nav,
    }
    body = yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=1000)
    return ("# archkit:begin config\n# Generated by archkit: publish with `mkdocs build -f arc42/mkdocs.yml`. "
            "Settings outside the archkit markers are kept.\n" + body + "# archkit:end config\n")


def manifest(fmt: str, texts: Mapping[str, str]) -> str:
    """The pages (and their blocks) archkit generated, so that a page deleted by hand stays deleted."""
    return manifest_text(fmt, {rel[len(DOCS_DIR) + 1:]: block_ids(text, rel) for rel, text in texts.items()})


def manifest_text(fmt: str, pages: Mapping[str, list[str]]) -> str:
    """The manifest file claiming ``pages`` (page name relative to ``arc42/`` -> its block ids)."""
    data = {"generator": "archkit", "format": fmt, "pages": dict(sorted(pages.items()))}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def docs_artifacts(docset: DocSet) -> list[Artifact]:
    """The pages of ``docset`` as artifacts, plus mkdocs.yml (Markdown), the single file and the manifest."""
    texts = {p.relpath: p.text for p in docset.pages}
    if docset.fmt == "md":
        texts[MKDOCS] = mkdocs_config(docset, texts)
    out = [Artifact(rel, text.encode("utf-8")) for rel, text in texts.items()]
    out.append(Artifact(f"{DOCS_DIR}/arc42.{docset.fmt}", single_file(docset.fmt, texts).encode("utf-8")))
    out.append(Artifact(MANIFEST, manifest(docset.fmt, texts).encode("utf-8")))
    return sorted(out, key=lambda a: a.relpath)


def generate_docs(
    ws: Workspace,
    fmt: Format = "md",
    *,
    templates: Mapping[str, str] | None = None,
    adr_format: AdrFormat = "nygard",
    diagrams: Collection[str] | None = None,
    model_name: str | None = None,
    memo: Mapping[str, tuple[str, str]] | None = None,
    authoring: Authoring = "python",
) -> list[Artifact]:
    """The arc42 set of ``ws`` as artifacts under ``arc42/``, as generated from the model alone.

    Writing these over an earlier set keeps the text people wrote outside the markers
    (:func:`archkit.output.write_artifacts` merges); :func:`archkit.arc42.keep_hand_written` also
    honours deleted pages and blocks and rebuilds the single file from the final pages.
    With ``memo`` (:func:`build_docset`), the artifacts end with the new memo (:data:`archkit.arc42.memo.MEMO_PATH`).
    ``authoring`` (``"python"`` or ``"data"``, :func:`archkit.arc42.guidance.authoring_of` of the model file):
    an empty section's guidance names Python calls or YAML/JSON keys.
    """
    docset = build_docset(ws, fmt, templates=templates, adr_format=adr_format, diagrams=diagrams,
                          model_name=model_name, memo=memo, authoring=authoring)
    kept = [] if memo is None else [Artifact(MEMO_PATH, memo_bytes(docset.memo))]
    return docs_artifacts(docset) + kept
