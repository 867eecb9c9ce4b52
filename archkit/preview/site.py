"""The preview's pages, made on request from what a build left in ``out/``: HTML text from what
:func:`scan` lists (it follows no link and skips hidden names, as the server does).

- ``/``                                the index: every model, its views (as images) and arc42 pages
- ``/<model>/diagrams/<key>.html``     one view, its SVG inlined; links into deeper views stay in the preview
- ``/<model>/arc42/<page>.html``       one arc42 page (Markdown shown as HTML)
- ``/<folder>/``                       a folder of ``out/``: its files and folders as links
- a page of a watched model not (yet) in ``out/`` (``serve --watch``): :func:`awaited_page`, a 404 that follows
  the model (the live preview adds the model's errors while it fails)
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from urllib.parse import quote

from archkit.errors import printable
from archkit.preview.files import folder_entries

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem; color: #222; }
nav { margin-bottom: 1rem; } nav a { margin-right: 1rem; }
.views { display: flex; flex-wrap: wrap; gap: 1rem; }
figure { margin: 0; padding: .5rem; border: 1px solid #ddd; border-radius: 6px; }
figure img { max-width: 360px; max-height: 240px; display: block; }
figcaption { font-size: .85rem; margin-top: .3rem; }
.diagram svg { max-width: 100%; height: auto; }
pre { background: #f6f6f6; padding: 1rem; overflow-x: auto; }
article img { max-width: 100%; height: auto; }
table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: .25rem .5rem; }
"""
_HREF = re.compile(r'((?:xlink:)?href=")([^"#?]+)\.svg(")')


@dataclass(frozen=True)
class ModelSite:
    """What one model's output folder holds: view keys (with an SVG) and arc42 Markdown pages."""

    name: str
    views: tuple[str, ...]
    pages: tuple[str, ...]
    site: bool = False
    """True when the build published the model's site (``<model>/site/index.html``)."""


def scan(out: Path) -> list[ModelSite]:
    """Every model folder in ``out`` that holds diagrams or arc42 pages, sorted by name.

    Like the server, it follows no link and skips hidden names: only regular ``*.svg`` files in
    ``<model>/diagrams/`` and regular ``*.md`` files below ``<model>/arc42/`` count."""
    sites = []
    for name, is_folder in folder_entries(out):
        if not is_folder:
            continue
        views = tuple(sorted(n.removesuffix(".svg") for n, folder in folder_entries(out / name / "diagrams")
                             if not folder and n.endswith(".svg")))
        pages = tuple(sorted(_pages(out / name / "arc42", "")))
        site = ("index.html", False) in folder_entries(out / name / "site")
        if views or pages:
            sites.append(ModelSite(name, views, pages, site))
    return sites


def _pages(folder: Path, prefix: str) -> list[str]:
    """The ``*.md`` files below ``folder`` as ``sub/page`` (without ``.md``), links not followed."""
    pages = []
    for name, is_folder in folder_entries(folder):
        if is_folder:
            pages += _pages(folder / name, f"{prefix}{name}/")
        elif name.endswith(".md"):
            pages.append(prefix + name.removesuffix(".md"))
    return pages


def _page(title: str, body: str, home: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<link rel=\"icon\" href=\"data:,\">\n"
        f"<title>{escape(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        f"<nav><a href=\"{home}\">archkit preview</a></nav>\n{body}\n</body>\n</html>\n"
    )


def index_page(sites: list[ModelSite]) -> str:
    """Every model with its views (thumbnails linking to the view pages) and its arc42 pages."""
    if not sites:
        return _page("archkit preview", "<h1>archkit preview</h1>\n<p>Nothing built yet: run "
                     "<code>archkit build</code>.</p>", "/")
    parts = ["<h1>archkit preview</h1>"]
    for site in sites:
        name = escape(site.name)
        parts.append(f'<section id="{name}">\n<h2>{name}</h2>')
        if site.site:
            parts.append(f'<p><a href="/{name}/site/">The site: explore the views and elements</a></p>')
        if site.views:
            parts.append('<h3>Views</h3>\n<div class="views">')
            for key in site.views:
                k = escape(key)
                parts.append(f'<figure><a href="/{name}/diagrams/{k}.html"><img src="/{name}/diagrams/{k}.svg" '
                             f'alt="{k}"></a><figcaption><a href="/{name}/diagrams/{k}.html">{k}</a></figcaption>'
                             "</figure>")
            parts.append("</div>")
        if site.pages:
            parts.append("<h3>arc42</h3>\n<ul>")
            parts.extend(f'<li><a href="/{name}/arc42/{escape(p)}.html">{escape(p)}</a></li>' for p in site.pages)
            parts.append("</ul>")
        parts.append("</section>")
    return _page("archkit preview", "\n".join(parts), "/")


def view_page(site: ModelSite, key: str, svg: str) -> str:
    """One view with its SVG inlined; hrefs to sibling diagrams point at their view pages (drill-down)."""
    start = svg.find("<svg")
    body = svg[start:] if start >= 0 else svg
    body = _HREF.sub(lambda m: f"{m[1]}{m[2]}.html{m[3]}" if m[2] in site.views else m[0], body)
    others = " ".join(f'<a href="{escape(k)}.html">{escape(k)}</a>' for k in site.views if k != key)
    html = (f"<h1>{escape(site.name)}: {escape(key)}</h1>\n<div class=\"diagram\">\n{body}\n</div>\n"
            f"<p>Other views: {others or 'none'} · <a href=\"{escape(key)}.svg\">SVG file</a></p>")
    return _page(f"{site.name}: {key}", html, "/")


def doc_page(site: ModelSite, page: str, markdown_text: str) -> str:
    """One arc42 page: Markdown as HTML when the ``markdown`` package is installed, else as text."""
    try:
        converter = importlib.import_module("markdown")
    except ImportError:
        body = f"<pre>{escape(markdown_text)}</pre>"
    else:
        body = str(converter.markdown(markdown_text, extensions=["tables", "fenced_code"], output_format="html"))
        body = re.sub(r'(href=")([^":#?]+)\.md([#"])', r"\1\2.html\3", body)
    return _page(f"{site.name}: {page}", f'<article class="arc42">\n{body}\n</article>', "/")


def folder_page(path: str, entries: list[tuple[str, bool]]) -> str:
    """A folder of ``out/`` (the files the index does not show: PNGs, exports, ...) as a list of links."""
    title = f"/{path}/" if path else "/"
    links = ((name + "/" if folder else name) for name, folder in entries)
    items = "".join(f'<li><a href="{quote(link)}">{escape(link)}</a></li>\n' for link in links)
    return _page(f"archkit preview: {title}", f"<h1>{escape(title)}</h1>\n<ul>\n{items}</ul>", "/")


def awaited_page(model: str, path: str) -> str:
    """The page (404) of ``/path``, below the watched model ``model``, which its last build did not write: under
    ``serve --watch`` it follows the model, so it shows the model's errors while it fails and turns into the
    page itself once a build writes it."""
    name, where = escape(printable(model)), escape(printable(path))
    return _page(f"{printable(model)}: not built", f"<h1>{name}: {where} is not built</h1>\n"
                 f"<p>The last build of <strong>{name}</strong> did not write <code>{where}</code>. "
                 "This page follows the model: it shows here as soon as a build writes it.</p>", "/")
