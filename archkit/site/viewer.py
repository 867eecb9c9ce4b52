"""A drawn view made explorable in a page: the SVG inlined with its links pointing into the site, inside
the viewer's markup (toolbar, canvas, legend panel, downloads) that ``assets/viewer.js`` brings to life.

The SVG is archkit's own (Graphviz output, every model text already escaped by ``render/labels.py``);
here it only loses its prolog and comments and gets its links and ids rewritten:

- a link to a sibling view (``containers.svg``, from ``render/links.py``) goes to that view's page;
- an element drawn without a link (``<g id="a_el-ID"><a xlink:title=...>``) links to its element page;
- with a ``prefix``, every id and ``#id`` reference gets it, so that two diagrams inlined in one page
  (an arc42 page) never share an id: the icons (``archkit-icon-0``) differ from diagram to diagram.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from html import escape, unescape

_PROLOG = re.compile(r"\A.*?(?=<svg\b)", re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_SIZE = re.compile(r'\s(?:width|height)="[^"]*"')
_VIEW_HREF = re.compile(r'xlink:href="([^"#?/]+)\.svg"')
_ELEMENT_LINK = re.compile(r'(<g id="a_el-([^"]*)"><a )(?![^>]*xlink:href)')
_ID = re.compile(r'(?<=\s)id="([^"]*)"')
_REF = re.compile(r'(href="#|url\(#)([^")]*)')
_LABEL_LEGEND = re.compile(r'<path [^>]*/>\n<text [^>]*>Legend</text>')
_FORMAT_LABELS = {"svg": "SVG", "png": "PNG", "pdf": "PDF", "dot": "DOT"}
MARK = ' data-ak-svg="1"'


def inline_svg(svg: str, *, views: Callable[[str], str | None], elements: Callable[[str], str | None],
               prefix: str = "", label: str = "") -> str:
    """``svg`` ready to sit inside a page: ``views`` maps a sibling SVG's stem to the href of its view
    page (None leaves the link alone), ``elements`` an element id to the href of its page (None: no link);
    ``label`` names the diagram for assistive technology."""
    body = _COMMENT.sub("", _PROLOG.sub("", svg, count=1))
    head_end = body.find(">")
    head = _SIZE.sub("", body[:head_end])
    aria = f' role="group" aria-label="{escape(label)}"' if label else ""
    body = f"{head}{MARK}{aria} focusable=\"false\"{body[head_end:]}"

    def view_link(m: re.Match[str]) -> str:
        target = views(unescape(m[1]))
        return f'xlink:href="{escape(target)}"' if target is not None else m[0]

    def element_link(m: re.Match[str]) -> str:
        target = elements(unescape(m[2]))
        return f'{m[1]}xlink:href="{escape(target)}" ' if target is not None else m[0]

    body = _mark_legend(body)
    body = _ELEMENT_LINK.sub(element_link, _VIEW_HREF.sub(view_link, body))
    if prefix:
        body = _REF.sub(lambda m: f"{m[1]}{prefix}{m[2]}", _ID.sub(lambda m: f'id="{prefix}{m[1]}"', body))
    return body.strip()


def _mark_legend(body: str) -> str:
    """The legend marked ``data-ak-legend`` for the viewer's legend panel: the legend node, or the legend
    drawn in the graph's label under the title (its backdrop path, then its ``Legend`` heading and entries,
    up to the first node, edge or cluster)."""
    if '<g id="legend" class="node"' in body:
        return body.replace('<g id="legend" class="node"', '<g id="legend" data-ak-legend="1" class="node"', 1)
    graph = body.find('<g id="view-')
    end = body.find("\n<g id=", graph + 1)
    found = _LABEL_LEGEND.search(body, graph, end) if 0 <= graph < end else None
    if found is None:
        return body
    return f'{body[:found.start()]}<g data-ak-legend="1">{body[found.start():end]}</g>{body[end:]}'


def viewer(svg_html: str, *, title: str, downloads: Mapping[str, str] = {}, page_link: str | None = None) -> str:
    """The viewer around an inlined SVG: toolbar (zoom, fit, legend, downloads), canvas, legend panel.

    ``downloads`` maps a format (svg, png, pdf, dot) to the href of the file; ``page_link`` (on an arc42
    page) links to the view's own page. Without JavaScript the SVG shows at the width of the page."""
    files = " ".join(f'<a href="{escape(href)}" download>{_FORMAT_LABELS.get(fmt, escape(fmt.upper()))}</a>'
                     for fmt, href in downloads.items())
    own = f'<a href="{escape(page_link)}">Open the view</a>' if page_link else ""
    t = escape(title)
    return (
        '<figure class="ak-viewer">\n'
        f'<div class="ak-toolbar" role="toolbar" aria-label="{t}: diagram controls">'
        '<button type="button" data-act="in" aria-label="Zoom in" title="Zoom in (+)">+</button>'
        '<button type="button" data-act="out" aria-label="Zoom out" title="Zoom out (−)">−</button>'
        '<button type="button" data-act="fit" title="Fit to the screen (0)">Fit</button>'
        '<button type="button" data-act="legend" aria-expanded="false" title="Show the legend">Legend</button>'
        f'<span class="ak-files">{own}{" · " if own and files else ""}{"Download: " + files if files else ""}'
        "</span></div>\n"
        f'<div class="ak-canvas" tabindex="0" role="region" aria-label="{t}: diagram; + and − zoom, arrows move, '
        f'0 fits, Tab reaches the elements">\n{svg_html}\n</div>\n'
        '<div class="ak-legend" hidden></div>\n'
        f"<figcaption>{t}</figcaption>\n</figure>"
    )


def downloads(stem_files: Sequence[str], href: Callable[[str], str]) -> dict[str, str]:
    """Format -> href of the formats drawn for a view, in the order svg, png, pdf, dot."""
    return {fmt: href(fmt) for fmt in _FORMAT_LABELS if fmt in stem_files}
