"""The arc42 pages in the site: each generated Markdown page as HTML (Python-Markdown, as mkdocs reads
them), its diagrams made interactive (the ``![title](../diagrams/key.svg)`` images become viewers with
the SVG inlined) and its links kept inside the site (``05_building_block_view.md#el-x`` -> ``.html``).

Model text in the pages is already escaped for Markdown by :mod:`archkit.arc42.escape` and ADR bodies
are made inert by :mod:`archkit.arc42.inert`; every page also carries a Content-Security-Policy that
runs no inline script (:mod:`archkit.site.layout`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from html import escape, unescape

import markdown

from archkit.site import urls
from archkit.site.viewer import inline_svg, viewer

SKIPPED = ("arc42.md",)
"""Pages of the set not shown in the site: the single-file variant repeats every other page."""
_IMG = re.compile(r'<img alt="([^"]*)" src="\.\./diagrams/([^"/]+)\.svg"\s*/?>')
_PARAGRAPH_IMG = re.compile(r"<p>(<figure class=\"ak-viewer\">.*?</figure>)</p>", re.S)
_MD_LINK = re.compile(r'href="([^":#?]+)\.md([#"])')
_DIAGRAM_LINK = re.compile(r'href="\.\./diagrams/([^"#?/]+)\.(svg|png|pdf|dot)"')


def to_html(text: str) -> str:
    """A Markdown page of the arc42 set as HTML (tables, fenced code; raw HTML as Markdown keeps it)."""
    return str(markdown.markdown(text, extensions=["tables", "fenced_code"], output_format="html"))


def doc_body(page: str, text: str, *, names: urls.SiteNames, svgs: Mapping[str, str], stem_keys: Mapping[str, str],
             formats: Callable[[str], list[str]], element_href: Callable[[str], str | None]) -> str:
    """The body of the arc42 page ``page`` (``05_building_block_view``, ``decisions/0001-x``) from its
    Markdown ``text``. ``names`` are the site's file names, ``svgs`` maps a view key to its SVG text,
    ``stem_keys`` a diagram file stem to the view key, ``formats`` gives a view's drawn formats,
    ``element_href`` an element's page from the site's root."""
    relpath = urls.doc_page(page)
    root = urls.up(relpath)
    html = to_html(text)
    count = 0

    def diagram(m: re.Match[str]) -> str:
        nonlocal count
        key = stem_keys.get(unescape(m[2]))
        if key is None or key not in svgs:
            return m[0]
        count += 1
        title = unescape(m[1])
        svg = inline_svg(svgs[key], views=lambda stem: _view_href(names, stem, stem_keys, root),
                         elements=lambda ident: _rooted(element_href(ident), root), prefix=f"d{count}-", label=title)
        files = {fmt: root + names.view_file(key, fmt) for fmt in formats(key)}
        return viewer(svg, title=title, downloads=files, page_link=root + names.view_page(key))

    html = _PARAGRAPH_IMG.sub(r"\1", _IMG.sub(diagram, html))
    html = _MD_LINK.sub(lambda m: f'href="{_doc_link(page, m[1])}{m[2]}', html)
    html = _DIAGRAM_LINK.sub(lambda m: _quoted_href(_view_href(names, unescape(m[1]), stem_keys, root), m[0]), html)
    return f'<article class="arc42">\n{html}\n</article>'


def _view_href(names: urls.SiteNames, stem: str, stem_keys: Mapping[str, str], root: str) -> str | None:
    key = stem_keys.get(stem)
    return None if key is None else root + names.view_page(key)


def _quoted_href(href: str | None, original: str) -> str:
    return original if href is None else f'href="{escape(href)}"'


def _rooted(href: str | None, root: str) -> str | None:
    return None if href is None else root + href


def _doc_link(page: str, target: str) -> str:
    """``target`` (a Markdown link without ``.md``, relative to ``page``) as the HTML page's link."""
    folder = page.rsplit("/", 1)[0] + "/" if "/" in page else ""
    resolved = _normalise(folder + target)
    here = urls.doc_page(page)
    there = urls.doc_page(resolved) if resolved is not None else None
    if there is None:
        return target + ".md"
    return urls.up(here) + there


def _normalise(path: str) -> str | None:
    parts: list[str] = []
    for part in path.split("/"):
        if part in ("", "."):
            continue
        if part == "..":
            if not parts:
                return None
            parts.pop()
        else:
            parts.append(part)
    return "/".join(parts) or None
