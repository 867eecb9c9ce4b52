"""The main content of an element's page: what it is, where it sits, what it talks to, where it is drawn
and which arc42 items name it.

Every string from the model is escaped (``html.escape(..., quote=True)``), in text and attributes
alike. The element's own ``url`` becomes a link only when :func:`safe_url` accepts it (http, https or a
relative path); any other (``javascript:``, ``data:``, ``vbscript:``, a URL with spaces or control
characters that a browser would strip) is shown as text. Paths between pages are the site builder's:
it passes callables that give the relative href of an element page, a view page and a view's thumbnail.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from html import escape

from archkit.site.arc42_items import Arc42Item, Arc42Ref
from archkit.site.model_index import ElementEntry, RelationshipEntry, SiteIndex, ViewRef

_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
_UNSAFE_CHAR = re.compile(r"[\x00-\x20\x7f-\x9f\\<>\"'`\u2028\u2029\ufeff]")
_PLURAL = {"requirement": "Requirements", "quality-goal": "Quality goals", "quality-scenario": "Quality scenarios",
           "constraint": "Constraints", "strategy": "Solution strategy", "concept": "Cross-cutting concepts",
           "decision": "Decisions", "risk": "Risks", "technical-debt": "Technical debts", "glossary": "Glossary"}
_VIEW_TYPES = {"system_landscape": "System landscape", "system_context": "System context",
               "container": "Container", "component": "Component", "dynamic": "Dynamic",
               "deployment": "Deployment", "filtered": "Filtered", "custom": "Custom"}


def safe_url(url: str | None) -> str | None:
    """``url`` when a page may link to it: ``http:``/``https:`` or a relative reference (a path, ``#x``,
    ``?q``), with no whitespace, control, quote, angle bracket or backslash character in it (browsers
    drop some of those, which could make ``java\\tscript:`` a script); otherwise None."""
    if not url or _UNSAFE_CHAR.search(url):
        return None
    scheme = _SCHEME.match(url)
    if scheme is None:
        return url
    return url if scheme.group(1).lower() in ("http", "https") else None


def kind_label(entry: ElementEntry) -> str:
    """What an element is, for a reader: its type (a custom element's metadata); an instance says so."""
    return entry.kind if entry.deploys is not None else entry.type_label


def text(value: str) -> str:
    """Model text for HTML: escaped, quotes too."""
    return escape(value, quote=True)


def paragraphs(value: str, css: str) -> str:
    """Multi-line model text as ``<p>`` paragraphs (blank lines) with ``<br>`` line breaks."""
    blocks = [b.strip("\n") for b in re.split(r"\n[ \t]*\n", value.replace("\r\n", "\n").replace("\r", "\n"))]
    return "".join(f'<p class="{css}">' + "<br>".join(text(line) for line in b.split("\n")) + "</p>"
                   for b in blocks if b.strip())


def element_page_body(
    index: SiteIndex,
    element_id: str,
    *,
    href_element: Callable[[str], str],
    href_view: Callable[[str], str],
    thumb_for_view: Callable[[str], str | None],
    href_arc42: Callable[[Arc42Item], str | None] | None = None,
) -> str:
    """The HTML of the element's page, from its ``<h1>`` on. ``href_element(id)`` and ``href_view(key)``
    give relative hrefs, ``thumb_for_view(key)`` an image's (None: the view is listed without one),
    ``href_arc42(item)`` the href of an arc42 item (None, or no callable: shown without a link)."""
    entry = index.element(element_id)
    link = _Linker(index, href_element)
    parts = [_head(entry), paragraphs(entry.description, "ak-description"), _facts(entry, link)]
    parts.append(_properties(entry))
    parts.append(_list_section("contains", "Contains", [link.element(c, with_kind=True) for c in entry.children]))
    parts.append(_list_section("instances", "Deployed as", [link.element(i, with_kind=True)
                                                             for i in entry.instances]))
    parts.append(_relationships(entry, link))
    parts.append(_views(entry.views, href_view, thumb_for_view))
    parts.append(_arc42(entry.arc42, href_arc42))
    return "\n".join(p for p in parts if p) + "\n"


class _Linker:
    """Links to other elements by id: their name, escaped; plain text when the id is unknown."""

    def __init__(self, index: SiteIndex, href_element: Callable[[str], str]) -> None:
        self.index = index
        self.href_element = href_element

    def element(self, element_id: str, *, with_kind: bool = False) -> str:
        if not self.index.has_element(element_id):
            return f"<code>{text(element_id)}</code>"
        entry = self.index.element(element_id)
        kind = f' <span class="ak-kind">[{text(kind_label(entry))}]</span>' if with_kind else ""
        return f'<a href="{text(self.href_element(element_id))}">{text(entry.name)}</a>{kind}'


def _head(entry: ElementEntry) -> str:
    kind = kind_label(entry) + (" (external)" if entry.external else "")
    return (f'<header class="ak-element-head">\n<p class="ak-element-kind">{text(kind)}</p>\n'
            f"<h1>{text(entry.name)}</h1>\n</header>")


def _facts(entry: ElementEntry, link: _Linker) -> str:
    rows = [("Id", f"<code>{text(entry.id)}</code>")]
    if entry.technology:
        rows.append(("Technology", text(entry.technology)))
    if entry.tags:
        rows.append(("Tags", '<ul class="ak-tags">' + "".join(f"<li>{text(t)}</li>" for t in entry.tags)
                     + "</ul>"))
    if entry.parent is not None:
        rows.append(("Part of", link.element(entry.parent, with_kind=True)))
    if entry.deploys is not None:
        rows.append(("Deploys", link.element(entry.deploys, with_kind=True)))
    if entry.environment is not None:
        rows.append(("Environment", text(entry.environment)))
    if entry.url:
        href = safe_url(entry.url)
        shown = text(entry.url)
        rows.append(("Link", f'<a href="{text(href)}" rel="noopener noreferrer">{shown}</a>' if href
                     else f'<span class="ak-unsafe-url">{shown}</span>'))
    cells = "".join(f"<dt>{name}</dt><dd>{value}</dd>" for name, value in rows)
    return f'<dl class="ak-facts">{cells}</dl>'


def _properties(entry: ElementEntry) -> str:
    if not entry.properties:
        return ""
    rows = "".join(f"<tr><th scope=\"row\">{text(k)}</th><td>{text(v)}</td></tr>" for k, v in entry.properties)
    return _section("properties", "Properties",
                    f'<table class="ak-properties"><thead><tr><th scope="col">Name</th><th scope="col">Value</th>'
                    f"</tr></thead><tbody>{rows}</tbody></table>")


def _section(anchor: str, title: str, body: str) -> str:
    return (f'<section class="ak-{anchor}" aria-labelledby="ak-{anchor}-title">\n'
            f'<h2 id="ak-{anchor}-title">{title}</h2>\n{body}\n</section>')


def _list_section(anchor: str, title: str, items: Iterable[str]) -> str:
    lis = "".join(f"<li>{i}</li>" for i in items)
    return _section(anchor, title, f"<ul>{lis}</ul>") if lis else ""


def _relationships(entry: ElementEntry, link: _Linker) -> str:
    if not entry.outgoing and not entry.incoming:
        return ""
    body = [_relationship_table("Outgoing", "To", entry.outgoing, link),
            _relationship_table("Incoming", "From", entry.incoming, link)]
    return _section("relationships", "Relationships", "\n".join(b for b in body if b))


def _relationship_table(title: str, end: str, rels: tuple[RelationshipEntry, ...], link: _Linker) -> str:
    if not rels:
        return ""
    rows = []
    for rel in rels:
        note = {"written": "", "implied": "implied by", "replicated": "replicated from"}[rel.kind]
        origin = f"{note} <code>{text(rel.derived_from or '')}</code>" if note else ""
        style = " (async)" if rel.interaction == "async" else ""
        rows.append(f'<tr class="ak-{rel.kind}"><td>{link.element(rel.other)}</td><td>{text(rel.description)}</td>'
                    f"<td>{text(rel.technology)}{style}</td><td>{origin}</td></tr>")
    head = (f'<tr><th scope="col">{end}</th><th scope="col">Description</th><th scope="col">Technology</th>'
            '<th scope="col">Derived</th></tr>')
    return (f"<h3>{title}</h3>\n<table class=\"ak-relationships\"><thead>{head}</thead>"
            f"<tbody>{''.join(rows)}</tbody></table>")


def _views(views: tuple[ViewRef, ...], href_view: Callable[[str], str],
           thumb_for_view: Callable[[str], str | None]) -> str:
    if not views:
        return ""
    items = []
    for view in views:
        href = text(href_view(view.key))
        thumb = thumb_for_view(view.key)
        image = f'<img src="{text(thumb)}" alt="" loading="lazy">' if thumb else ""
        role = " — as a boundary" if view.role == "boundary" else ""
        kind = _VIEW_TYPES.get(view.type, view.type)
        items.append(f'<li><a class="ak-thumb" href="{href}">{image}<span class="ak-thumb-title">{text(view.title)}'
                     f'</span></a><span class="ak-view-kind"> ({text(kind)} view{role})</span></li>')
    return _section("views", "Views", f'<ul class="ak-thumbs">{"".join(items)}</ul>')


def _arc42(refs: tuple[Arc42Ref, ...], href_arc42: Callable[[Arc42Item], str | None] | None) -> str:
    if not refs:
        return ""
    groups: dict[str, list[str]] = {}
    for ref in refs:
        item = ref.item
        label = text(item.title if item.kind == "glossary" or item.title == item.id else f"{item.id} {item.title}")
        href = href_arc42(item) if href_arc42 is not None else None
        shown = f'<a href="{text(href)}">{label}</a>' if href else label
        via = " <span class=\"ak-via\">(mentioned)</span>" if ref.via == "mention" else ""
        groups.setdefault(item.kind, []).append(f"<li>{shown}{via}</li>")
    body = "\n".join(f"<h3>{_PLURAL.get(kind, kind)}</h3>\n<ul>{''.join(lis)}</ul>" for kind, lis in groups.items())
    return _section("arc42", "In the architecture documentation", body)
