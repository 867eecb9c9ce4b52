"""One model's site as artifacts: the pages, the drawn files offered for download, the search index and the
assets, all relative to the site's root folder (``archkit site`` writes them to ``SITE/<model>/``,
``archkit build`` to ``out/<model>/site/`` when the workspace asks for it).

Pure: it reads nothing from disk but the assets shipped in the package; the diagrams and arc42 pages
come in as the artifacts the render and the docs made (``diagrams/<stem>.<fmt>``, ``arc42/<page>.md``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape, unescape
from importlib.resources import files

from archkit.model import Workspace
from archkit.output import Artifact, safe_name
from archkit.site import urls
from archkit.site.arc42_items import Arc42Item
from archkit.site.docs import SKIPPED, doc_body, to_html
from archkit.site.element_page import element_page_body, kind_label
from archkit.site.layout import SEARCH_INDEX, Page, render
from archkit.site.model_index import ElementEntry, SiteIndex, ViewEntry, build_index
from archkit.site.search import build_search_index, page_from_markdown, search_documents
from archkit.site.urls import SiteNames
from archkit.site.viewer import inline_svg, viewer

ASSET_FILES = ("site.css", "theme.js", "viewer.js", "search.js")
"""The files of ``archkit/site/assets/`` every site carries."""
FORMATS = ("svg", "png", "pdf", "dot")


class Drawn:
    """The drawn files of a model's views: view key -> format -> bytes, from ``diagrams/<stem>.<fmt>`` artifacts."""

    def __init__(self, views: Sequence[ViewEntry], artifacts: Sequence[Artifact]) -> None:
        self.stem_keys = {safe_name(v.key): v.key for v in views}
        self.files: dict[str, dict[str, bytes]] = {}
        for artifact in artifacts:
            folder, _, name = artifact.relpath.partition("/")
            stem, _, fmt = name.rpartition(".")
            key = self.stem_keys.get(stem)
            if folder == "diagrams" and key is not None and fmt in FORMATS:
                self.files.setdefault(key, {})[fmt] = artifact.content

    def formats(self, key: str) -> list[str]:
        return [fmt for fmt in FORMATS if fmt in self.files.get(key, {})]

    def svg(self, key: str) -> str | None:
        data = self.files.get(key, {}).get("svg")
        return data.decode("utf-8") if data is not None else None


def site_artifacts(ws: Workspace, diagrams: Sequence[Artifact], docs: Sequence[Artifact]) -> list[Artifact]:
    """Every file of the site of ``ws``, sorted by path."""
    index = build_index(ws)
    names = SiteNames([v.key for v in index.views], [e.id for e in index.elements])
    drawn = Drawn(index.views, diagrams)
    pages = [_home(index, names, drawn), _views_index(index, names, drawn)]
    pages += [_view_page(index, names, drawn, view) for view in index.views if drawn.svg(view.key) is not None]
    pages += _doc_pages(index, names, drawn, docs)
    pages += [_elements_index(index, names)] + [_element_page(index, names, drawn, e) for e in index.elements]
    out = [Artifact(p.relpath, render(p, index.name).encode("utf-8")) for p in pages]
    out.append(Artifact(SEARCH_INDEX, _search_index(index, names, docs).encode("utf-8")))
    out += [Artifact(names.view_file(key, fmt), data) for key, by_fmt in drawn.files.items()
            for fmt, data in by_fmt.items()]
    out += [Artifact(f"{urls.ASSETS}/{name}", asset(name)) for name in ASSET_FILES]
    return sorted(out, key=lambda a: a.relpath)


def asset(name: str) -> bytes:
    """A file shipped in ``archkit/site/assets/``."""
    return files("archkit.site").joinpath("assets", name).read_bytes()


def element_href(index: SiteIndex, names: SiteNames, element_id: str) -> str | None:
    """The element's page from the site's root, or None when the site has no page for it."""
    return names.element_page(element_id) if index.has_element(element_id) else None


def _home(index: SiteIndex, names: SiteNames, drawn: Drawn) -> Page:
    description = f"<p>{escape(index.description)}</p>\n" if index.description else ""
    body = (f"<h1>{escape(index.name)}</h1>\n{description}"
            '<p class="lead"><a href="arc42/index.html">Architecture documentation (arc42)</a> · '
            f'<a href="elements/index.html">{len(index.elements)} elements</a> · '
            f'<a href="views/index.html">{len(index.views)} views</a></p>\n'
            f"<h2>Views</h2>\n{_gallery(index.views, names, drawn, '')}")
    return Page("index.html", index.name, body, section="index.html")


def _views_index(index: SiteIndex, names: SiteNames, drawn: Drawn) -> Page:
    return Page("views/index.html", "Views", f"<h1>Views</h1>\n{_gallery(index.views, names, drawn, '../')}",
                section="views/")


def _gallery(views: Sequence[ViewEntry], names: SiteNames, drawn: Drawn, root: str) -> str:
    cards = []
    for view in views:
        if drawn.svg(view.key) is None:
            continue
        page, image = root + names.view_page(view.key), root + names.view_file(view.key, "svg")
        title, kind = escape(view.title), escape(view.type.replace("_", " "))
        cards.append(f'<li class="card"><a href="{escape(page)}"><img src="{escape(image)}" alt="Diagram: {title}" '
                     f'loading="lazy"><span>{title}</span></a><small>{kind}</small></li>')
    return f'<ul class="cards">\n{chr(10).join(cards)}\n</ul>' if cards else "<p>No views drawn.</p>"


def _view_page(index: SiteIndex, names: SiteNames, drawn: Drawn, view: ViewEntry) -> Page:
    relpath = names.view_page(view.key)
    root = urls.up(relpath)
    svg = inline_svg(drawn.svg(view.key) or "", label=view.title,
                     views=lambda stem: _sibling(names, drawn, stem),
                     elements=lambda ident: _from(root, element_href(index, names, ident)))
    files = {fmt: names.view_file(view.key, fmt).removeprefix("views/") for fmt in drawn.formats(view.key)}
    shown = [e for e in view.elements if index.has_element(e)]
    items = "".join(f'<li><a href="{escape(root + names.element_page(e))}">{escape(index.name_of(e))}</a> '
                    f"<small>{escape(index.element(e).kind)}</small></li>" for e in shown)
    description = f"<p>{escape(view.description)}</p>\n" if view.description else ""
    body = (f"<h1>{escape(view.title)}</h1>\n{description}{viewer(svg, title=view.title, downloads=files)}\n"
            f'<section class="shown"><h2>Elements in this view</h2>\n<ul class="columns">{items}</ul></section>')
    return Page(relpath, view.title, body, section="views/", scripts=("viewer.js",))


def _sibling(names: SiteNames, drawn: Drawn, stem: str) -> str | None:
    key = drawn.stem_keys.get(stem)
    return None if key is None or drawn.svg(key) is None else names.view_page(key).removeprefix("views/")


def _from(root: str, href: str | None) -> str | None:
    return None if href is None else root + href


def _doc_pages(index: SiteIndex, names: SiteNames, drawn: Drawn, docs: Sequence[Artifact]) -> list[Page]:
    texts = {a.relpath.removeprefix("arc42/").removesuffix(".md"): a.content.decode("utf-8") for a in docs
             if a.relpath.startswith("arc42/") and a.relpath.endswith(".md")
             and a.relpath.removeprefix("arc42/") not in SKIPPED}
    svgs: Mapping[str, str] = {key: s for key in drawn.files if (s := drawn.svg(key)) is not None}
    pages = []
    for page, text in sorted(texts.items()):
        body = doc_body(page, text, names=names, svgs=svgs, stem_keys=drawn.stem_keys, formats=drawn.formats,
                        element_href=lambda ident: element_href(index, names, ident))
        title = _first_heading(text) or page
        pages.append(Page(urls.doc_page(page), title, body, section="arc42/", scripts=("viewer.js",)))
    if "index" not in texts:
        pages.append(Page("arc42/index.html", "arc42", "<h1>arc42</h1>\n<p>No arc42 pages were generated.</p>",
                          section="arc42/"))
    return pages


def _first_heading(text: str) -> str | None:
    for line in text.splitlines():
        if line.startswith("# "):
            return unescape(re.sub(r"<[^>]*>", "", to_html(line[2:]))).strip()
    return None


def arc42_href(item: Arc42Item) -> str:
    """Where the arc42 pages show ``item``, from the site's root."""
    return urls.doc_page(item.page) + (f"#{item.anchor}" if item.anchor else "")


def _element_page(index: SiteIndex, names: SiteNames, drawn: Drawn, entry: ElementEntry) -> Page:
    relpath = names.element_page(entry.id)
    root = urls.up(relpath)
    body = element_page_body(
        index, entry.id,
        href_element=lambda ident: root + names.element_page(ident),
        href_view=lambda key: root + names.view_page(key),
        thumb_for_view=lambda key: root + names.view_file(key, "svg") if drawn.svg(key) is not None else None,
        href_arc42=lambda item: root + arc42_href(item))
    return Page(relpath, entry.name, body, section="elements/")


def _elements_index(index: SiteIndex, names: SiteNames) -> Page:
    """Every element, nested under its parent, top-level ones in the model's order."""
    children: dict[str | None, list[ElementEntry]] = {}
    for entry in index.elements:
        parent = entry.parent if entry.parent is not None and index.has_element(entry.parent) else None
        children.setdefault(parent, []).append(entry)

    def tree(parent: str | None, depth: int) -> str:
        items = []
        for e in children.get(parent, []):
            inner = tree(e.id, depth + 1) if depth < 8 else ""
            items.append(f'<li><a href="../{escape(names.element_page(e.id))}">{escape(e.name)}</a> '
                         f"<small>{escape(kind_label(e))}</small>{inner}</li>")
        return f"<ul>{''.join(items)}</ul>" if items else ""

    return Page("elements/index.html", "Elements", f"<h1>Elements</h1>\n{tree(None, 0)}", section="elements/")


def search_index_script(ws: Workspace, docs: Sequence[Artifact]) -> str:
    """The site's ``search-index.js`` for ``ws`` and its arc42 ``docs`` alone (it needs no drawing)."""
    index = build_index(ws)
    return _search_index(index, SiteNames([v.key for v in index.views], [e.id for e in index.elements]), docs)


def _search_index(index: SiteIndex, names: SiteNames, docs: Sequence[Artifact]) -> str:
    pages = [page_from_markdown(a.content.decode("utf-8"), urls.doc_page(a.relpath[len("arc42/"):-len(".md")]))
             for a in docs if a.relpath.startswith("arc42/") and a.relpath.endswith(".md")
             and a.relpath.removeprefix("arc42/") not in SKIPPED]
    found = search_documents(index, href_element=names.element_page, href_view=names.view_page,
                             href_arc42=arc42_href, pages=pages)
    return build_search_index(found).to_script()
