"""What every section builder shares: the workspace, the target syntax, the layout and the anchors.

Cross-links go by anchor id (``qg-latency``, ``el-shop.api``, ``adr-0003``). All
anchors are planned before any page is built, so a link from section 1 to a
scenario in section 10 already knows its page; each anchor is placed once, and
a link to an anchor that no page carries degrades to plain text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from archkit.arc42.escape import Syntax, anchor_id
from archkit.arc42.layout import Layout
from archkit.arc42.outline import PAGE
from archkit.model import Workspace
from archkit.model.model import ModelIndex
from archkit.model.views import View
from archkit.output import safe_name
from archkit.views import Catalog, default_title

Table = dict[str, list[Any]]


@dataclass
class DocContext:
    ws: Workspace
    syntax: Syntax
    index: ModelIndex
    layout: Layout
    diagrams: frozenset[str] | None  # keys of rendered views; None: assume all are rendered
    adr_files: dict[str, str]  # decision id -> "decisions/0001-slug.md"
    page: str = ""  # stem of the page being built
    catalog: Catalog | None = None
    _anchor_page: dict[str, str] = field(default_factory=dict)
    _placed: set[str] = field(default_factory=set)

    # ---- anchors and links ----------------------------------------------

    def plan(self, anchor: str, section: int) -> None:
        """Say that ``anchor`` lives on the page of ``section`` (the first plan wins)."""
        self._anchor_page.setdefault(anchor, PAGE[section])

    def place(self, anchor: str) -> str:
        """The anchor markup, when the anchor lives on the current page and is not placed yet."""
        if self._anchor_page.get(anchor) != self.page or anchor in self._placed:
            return ""
        self._placed.add(anchor)
        return self.syntax.anchor(anchor)

    def link(self, label: str, anchor: str) -> str:
        """A link with an escaped ``label`` to ``anchor``; the bare label when no page has the anchor."""
        target = self._anchor_page.get(anchor)
        return self.syntax.xref(label, target, anchor, self.page) if target else label

    def element_anchor(self, element_id: str) -> str:
        return anchor_id("el", element_id)

    def element_link(self, element_id: str) -> str:
        return self.link(self.syntax.inline(self.index.display_name(element_id)), self.element_anchor(element_id))

    def element_links(self, element_ids: Iterable[str]) -> str:
        return ", ".join(self.element_link(e) for e in sorted(set(element_ids)))

    # ---- text helpers -----------------------------------------------------

    def first_cell(self, anchor: str, text: str) -> str:
        """An escaped table cell that carries an anchor."""
        return self.place(anchor) + self.syntax.cell(text)

    def titled(self, title: str, description: str) -> str:
        """``**Title**`` followed by the description on the next line of the cell."""
        head = self.syntax.strong(self.syntax.cell(title))
        body = self.syntax.cell(description) if description.strip() else ""
        return head + (self.syntax.line_break() + body if body else "")

    # ---- diagrams ---------------------------------------------------------

    def view_title(self, view: View) -> str:
        return view.title or default_title(self.views(), view)

    def views(self) -> Catalog:
        """The model as the views see it (made once, when first asked for)."""
        if self.catalog is None:
            self.catalog = Catalog(self.ws)
        return self.catalog

    def diagram(self, view: View) -> dict[str, str]:
        """Template data for one view's image: title, alt text, source (or a note when not rendered)."""
        title = self.view_title(view)
        rendered = self.diagrams is None or view.key in self.diagrams
        src = f"../diagrams/{safe_name(view.key)}.svg" if rendered else ""
        alt = self.syntax.inline(title)
        if not self.syntax.is_markdown:
            alt = alt.replace('"', "&#34;")  # the alt text is a quoted attribute in AsciiDoc
        missing = "" if rendered else self.syntax.text(
            f"Diagram '{view.key}' is not rendered yet: run archkit render (or archkit docs) to draw it.")
        return {"key": view.key, "title": self.syntax.inline(title), "alt": alt, "src": src,
                "description": self.syntax.text(view.description), "missing": missing}

    def diagrams_of(self, slot: str) -> list[dict[str, str]]:
        return [self.diagram(v) for v in self.layout.views_in(slot)]


def table(header: list[str], rows: list[list[str]], optional: tuple[str, ...] = ()) -> Table:
    """Template data of a pipe table: the header cells and the rows, already escaped. A column named in
    ``optional`` that is empty in every row is left out (a model that gives no requirement a priority
    gets no column of empty cells)."""
    keep = [i for i, name in enumerate(header) if name not in optional or any(row[i] for row in rows)]
    if len(keep) == len(header):
        return {"header": header, "rows": rows}
    return {"header": [header[i] for i in keep], "rows": [[row[i] for i in keep] for row in rows]}
