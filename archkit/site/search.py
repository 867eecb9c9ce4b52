"""The site's search: a prebuilt index over elements, views, relationships and arc42 text, searched in
the browser by ``assets/search.js`` (no server, no network, no dependency).

The index is JSON, written once per model::

    {"v": 2,
     "docs": [[kind, detail, title, snippet, url], ...],   # url: a string, or the number of an earlier
                                                          # document whose url it is (written once)
     "title": {token: [doc, ...]},       # tokens of the titles
     "text": {token: [doc, ...]}}        # tokens of everything else searched (ids, tags, technology, text)

A token is a run of letters, digits and ``_`` of the NFKC-normalised, lower-cased text, two characters
or more (digits of any length); ``search.js`` splits a query the same way. A document matches when
every query token is a token, or the start of one, of the document; a hit in the title counts more
than a hit in the text, a whole token more than its start. ``url`` is relative to the site's root
(the site builder's callables decide it); ``search.js`` resolves it against ``data-base``.

Loading, in ``search.js``'s order, when the box is first focused or typed in (a page that is only read
loads no index): ``window.archkitSearchIndex`` (set by the script :meth:`SearchIndex.to_script` writes),
an inline ``<script type="application/json" id="archkit-search-index">`` (:meth:`SearchIndex.to_inline`),
the box's ``data-script`` (that script, added to the page then: works from ``file://``, where a browser
refuses to fetch), else a fetch of the box's ``data-index`` URL. Results are written with ``textContent`` only.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from html import escape
from importlib import resources

from archkit.site.arc42_items import KIND_LABELS, Arc42Item
from archkit.site.model_index import SiteIndex

SNIPPET = 160
_WORD = re.compile(r"\w+")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}.*$", re.MULTILINE)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_TAG = re.compile(r"<!--.*?-->|</?[A-Za-z][^>]*>", re.DOTALL)
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_MD_MARK = re.compile(r"[#*_`|>]+")


def tokens(value: str) -> list[str]:
    """The search tokens of ``value``, in order, repeats kept (``search.js`` splits a query alike)."""
    normal = unicodedata.normalize("NFKC", value).lower()
    return [t for t in _WORD.findall(normal) if len(t) >= 2 or t.isdigit()]


@dataclass(frozen=True)
class SearchDoc:
    """One search result: ``kind`` (element, view, relationship, arc42, page), ``detail`` (what kind of
    element, view or arc42 item), ``title`` and ``snippet`` shown, ``url`` from the site's root.
    ``keywords`` are searched but not shown (ids, tags, technology, the full text)."""

    kind: str
    detail: str
    title: str
    snippet: str
    url: str
    keywords: str = ""


@dataclass(frozen=True)
class SearchPage:
    """A page of text to search as a whole, e.g. an arc42 page: its title, plain text and url."""

    title: str
    text: str
    url: str


def page_from_markdown(markdown_text: str, url: str, fallback_title: str = "") -> SearchPage:
    """A Markdown page (an arc42 page as ``archkit docs`` writes it) as plain text to search: the first
    heading (any level) is its title; links keep their text; comments, tags and markup characters are
    dropped."""
    heading = _HEADING.search(markdown_text)
    title = heading.group(1).strip() if heading else fallback_title
    plain = _MD_TAG.sub(" ", _MD_LINK.sub(r"\1", _TABLE_RULE.sub(" ", markdown_text)))
    return SearchPage(title=title, text=" ".join(_MD_MARK.sub(" ", plain).split()), url=url)


@dataclass(frozen=True)
class SearchIndex:
    """The documents, in order, and the token maps over them (see the module's format)."""

    docs: tuple[SearchDoc, ...]
    title_terms: dict[str, list[int]] = field(default_factory=dict)
    text_terms: dict[str, list[int]] = field(default_factory=dict)

    def lookup(self, query: str, limit: int = 20) -> list[SearchDoc]:
        """What ``search.js`` shows for ``query``, by the same rules (for tests and tools): the documents
        holding every query token, whole or as the start of one of theirs; per query token its best hit
        counts (a whole title token 8, the start of one 4, a whole text token 2, the start of one 1);
        highest total first, then in document order."""
        total: dict[int, int] | None = None
        for word in tokens(query):
            scores: dict[int, int] = {}
            for terms, whole, start in ((self.title_terms, 8, 4), (self.text_terms, 2, 1)):
                for term, docs in terms.items():
                    weight = whole if term == word else start if term.startswith(word) else 0
                    for doc in docs if weight else ():
                        scores[doc] = max(scores.get(doc, 0), weight)
            total = scores if total is None else {d: s + scores[d] for d, s in total.items() if d in scores}
        ranked = sorted((total or {}).items(), key=lambda hit: (-hit[1], hit[0]))
        return [self.docs[doc] for doc, _score in ranked[:limit]]

    def to_data(self) -> dict[str, object]:
        """The index as JSON data: a url an earlier document already has (a relationship links to its
        source's page) is written as that document's number, which ``search.js`` resolves."""
        first: dict[str, int] = {}
        docs: list[list[object]] = []
        for n, d in enumerate(self.docs):
            url: object = first.setdefault(d.url, n)
            docs.append([d.kind, d.detail, d.title, d.snippet, d.url if url == n else url])
        return {"v": 2, "docs": docs, "title": self.title_terms, "text": self.text_terms}

    def to_json(self) -> str:
        """Compact JSON, keys sorted: the same index gives the same bytes."""
        return json.dumps(self.to_data(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    def to_script(self) -> str:
        """A JavaScript file that sets ``window.archkitSearchIndex`` (load it with ``<script src>``)."""
        return f"window.archkitSearchIndex={_script_safe(self.to_json())};\n"

    def to_inline(self) -> str:
        """An inline ``<script type="application/json">`` holding the index (no ``</script>`` can end it)."""
        return f'<script type="application/json" id="archkit-search-index">{_script_safe(self.to_json())}</script>'


def _script_safe(json_text: str) -> str:
    """JSON that is safe inside a script element and as JavaScript source: ``<``, ``>``, ``&`` and the
    line separators that end a JavaScript string written as ``\\u`` escapes."""
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        json_text = json_text.replace(raw, escaped)
    return json_text


def _snippet(value: str) -> str:
    flat = " ".join(value.split())
    return flat if len(flat) <= SNIPPET else flat[:SNIPPET - 1].rstrip() + "…"


def search_documents(
    index: SiteIndex,
    *,
    href_element: Callable[[str], str],
    href_view: Callable[[str], str],
    href_arc42: Callable[[Arc42Item], str | None] | None = None,
    pages: Iterable[SearchPage] = (),
) -> list[SearchDoc]:
    """The documents to search: elements, views, relationships (linked to their source's page), arc42
    items (when ``href_arc42`` gives them a url) and ``pages``, in that order, each in the index's order."""
    docs = []
    for e in index.elements:
        kind = e.kind if e.deploys is not None else e.type_label
        docs.append(SearchDoc("element", kind, e.name, _snippet(e.description), href_element(e.id),
                              " ".join([e.id, e.technology, *e.tags, e.description, e.environment or ""])))
    for v in index.views:
        docs.append(SearchDoc("view", v.type.replace("_", " "), v.title, _snippet(v.description), href_view(v.key),
                              f"{v.key} {v.description}"))
    for r in index.relationships:
        if not index.has_element(r.source):
            continue
        title = f"{index.name_of(r.source)} → {index.name_of(r.destination)}"
        docs.append(SearchDoc("relationship", r.technology, title, _snippet(r.description), href_element(r.source),
                              " ".join([r.id, r.description, r.technology, *r.tags])))
    for item in index.arc42:
        url = href_arc42(item) if href_arc42 is not None else None
        if url:
            title = item.title if item.title == item.id or item.kind == "glossary" else f"{item.id} {item.title}"
            docs.append(SearchDoc("arc42", KIND_LABELS[item.kind], title, _snippet(item.text), url,
                                  f"{item.id} {item.text}"))
    docs.extend(SearchDoc("page", "arc42", p.title, _snippet(p.text), p.url, p.text) for p in pages)
    return docs


def build_search_index(docs: Sequence[SearchDoc]) -> SearchIndex:
    """The token maps over ``docs`` (each list of documents ascending, each token once per document)."""
    title_terms: dict[str, list[int]] = {}
    text_terms: dict[str, list[int]] = {}
    for n, doc in enumerate(docs):
        for terms, value in ((title_terms, doc.title), (text_terms, f"{doc.detail} {doc.snippet} {doc.keywords}")):
            for token in dict.fromkeys(tokens(value)):
                terms.setdefault(token, []).append(n)
    return SearchIndex(tuple(docs), dict(sorted(title_terms.items())), dict(sorted(text_terms.items())))


def search_js() -> str:
    """The browser side of the search (``assets/search.js``, shipped in the wheel)."""
    return resources.files("archkit.site").joinpath("assets/search.js").read_text(encoding="utf-8")


def search_box_html(*, base: str = "", index_url: str = "search-index.json", label: str = "Search",
                    script_url: str | None = None) -> str:
    """The search box: a labelled input and the list ``search.js`` fills. ``base`` is the path from the
    page to the site's root (``"../"``), which the results' urls are resolved against; ``script_url`` the
    index's script (:meth:`SearchIndex.to_script`) from the page, added to the page when the box is first
    focused or typed in; ``index_url`` the index's JSON, fetched only when no script or inline index was
    loaded and no ``script_url`` given."""
    script = f' data-script="{escape(script_url, quote=True)}"' if script_url else ""
    return (
        f'<form class="archkit-search" role="search" data-base="{escape(base, quote=True)}" '
        f'data-index="{escape(index_url, quote=True)}"{script}>'
        f'<label for="archkit-search-input">{escape(label)}</label> '
        '<input id="archkit-search-input" type="search" autocomplete="off" spellcheck="false" '
        'placeholder="Elements, views, decisions…" aria-controls="archkit-search-results" '
        'aria-describedby="archkit-search-status">'
        '<p id="archkit-search-status" class="archkit-search-status" role="status" aria-live="polite"></p>'
        '<ul id="archkit-search-results" class="archkit-search-results"></ul>'
        "</form>"
    )
