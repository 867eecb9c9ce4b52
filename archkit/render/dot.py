"""DOT text for a computed view, in C4 notation. Pure text: no files, no subprocesses.

Nodes are boxes labelled with the name, ``[Type: technology]`` and the wrapped
description, with an icon on top when one is known; people are rounded boxes
with a person glyph, ``Database`` elements cylinders, ``Queue`` elements
queue shapes. Boundaries are dashed clusters labelled ``[Software System]``,
``[Container]``; deployment nodes solid ones. Edges carry the description and
``[technology]``; asynchronous ones are dashed. DOT refers to icons by a path
relative to the icon set (``onprem/queue/kafka.png``), never by an absolute path.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from archkit.render import budget, flow
from archkit.render.below import lines as below_lines, split as below_split
from archkit.render.boxes import BAND_COLUMNS, boundary_label, node_label, title_band, title_bands
from archkit.render.edges import NODESEP, EdgeWriter
from archkit.render.flow import deepest, levelled
from archkit.render.hints import HintEncoding, encode
from archkit.render.icons import IconResolver, icon_file
from archkit.render.labels import html, quoted
from archkit.render.layout import STANDARD, Layout
from archkit.render.legend import ElementEntry, LineEntry, legend_cells, legend_table
from archkit.render.level import Rows
from archkit.render.pinned import pinned_chains, pinned_order, pinned_sources
from archkit.render.shapes import node_shape
from archkit.render.style import Look, Styler, readable_text, with_opacity
from archkit.views import ComputedBoundary, ComputedNode, ComputedView


def cluster_name(boundary_id: str) -> str:
    """The DOT name of a boundary's cluster, ``cluster_<id>``: what archkit calls it everywhere (the order of
    :mod:`archkit.render.pinned`, the measure's boundaries), and what a view with edges clipped at a boundary's
    border (``lhead``/``ltail``, which name it) is written with."""
    return "cluster_" + boundary_id


def counted_cluster_name(boundary_id: str) -> str:
    """The DOT name a boundary's cluster is written with, ``%cluster_<id>`` with ``cluster=true``: Graphviz
    (cgraph) gives a name that starts with ``%`` an id from a counter, in the order the subgraphs are read,
    where any other name's id is the address of the name in memory. ``dot`` visits a graph's subgraphs in the
    order of their ids, so sibling clusters named the usual way are laid out in an order that depends on the
    process's memory: another graph laid out before in the same ``dot`` process can change it. Counted, they
    keep the order they are declared in, in any process, and the candidates of a view's layout search can be
    laid out together by one ``dot`` (:func:`archkit.render.graphviz.run_batch_json`) with the same layouts as
    each by one of its own (``tests/render/test_counted_clusters.py``). Graphviz names such a cluster by its
    number in its output (``%3``): its ``id`` (``boundary-<id>``) names it there
    (:func:`archkit.render.drawing.cluster_of`), and the SVG's ``<title>`` is given its usual name back
    (:func:`archkit.render.svg.cluster_titles`)."""
    return "%" + cluster_name(boundary_id)


#: Boundaries that show an icon: a deployment node's comes from its technology too, a group's is its own.
_ICON_BOUNDARIES = ("Deployment Node", "Group")
#: The room, in points, between a group's dotted border and what it holds, when it holds more than one element:
#: a group only gathers what it holds (it is drawn with no fill of its own), so it needs less room than a
#: system's or container's boundary. With 4 pt (not the layout's 10) the 34 example views fill 0.2479 -> 0.2502,
#: no other figure changes (``benchmarks/README.md``, ``h/layout7``). A group around a lone element keeps the
#: layout's margin: at 4 pt an edge into it from above ran through its title (``event_driven_sqs/burst``); so does
#: every group of a view past ``budget.SEARCH_WORK``: there the narrower groups sent ``dot``'s crossing reduction
#: elsewhere, mostly for the worse (untuned models' weighted score 1355 -> 1405, hospital's containers 187 -> 223).
GROUP_MARGIN = 4
_DIRECTIONS = ("TB", "LR", "BT", "RL")


@dataclass
class DotResult:
    """DOT text, the icon files it refers to (relative paths), and messages for the user."""

    text: str
    icons: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    order: list[tuple[str, str]] = field(default_factory=list)  # layout hints' order pairs, first one first
    size: tuple[float, float] | None = None  # a pinned drawing's width and height in points, padding included
    #: the graph labels (title and legend) the legend may be drawn in, the one in ``text`` first
    #: (:mod:`archkit.render.band` picks one once the view is laid out); empty when the legend is a node
    bands: tuple[str, ...] = ()
    #: the title band without the legend, and the legend alone in one to ``BAND_COLUMNS`` columns,
    #: for a legend drawn beside a rank of the drawing instead (:mod:`archkit.render.band`)
    title: str = ""
    legends: tuple[str, ...] = ()
    #: the order along their rows of the pairs ``Layout.fold`` puts side by side (:mod:`archkit.render.fold`):
    #: a layout that draws one the wrong way round is not kept (``search._broken``)
    rows: tuple[tuple[str, str], ...] = ()
    #: the layout hints' ranks (:attr:`archkit.render.hints.HintEncoding.ranks`), checked like ``order``
    ranks: tuple[tuple[str, str, bool], ...] = ()


class DotWriter(EdgeWriter):
    """Writes one view; ``links`` maps element ids to the relative href of a deeper view."""

    def __init__(self, view: ComputedView, styler: Styler, icons: IconResolver,
                 links: Mapping[str, str] | None = None, layout: Layout = STANDARD,
                 flipped: frozenset[tuple[str, str]] = frozenset(), loose: bool = False) -> None:
        self.view, self.styler, self.icons, self.layout = view, styler, icons, layout
        self.flipped, self.loose = flipped, loose
        self.links = links or {}
        self.theme = styler.theme
        self.used_icons: set[str] = set()
        self.warnings: list[str] = []
        self.legend_elements: list[ElementEntry] = []
        self.legend_lines: list[LineEntry] = []
        self.hints = HintEncoding()
        #: whether an edge ends at a boundary's border (``lhead``/``ltail``): the clusters are then written by
        #: their names (``compound`` finds them by name), else counted (:func:`counted_cluster_name`)
        self.clipped = False
        self.boundaries = {b.id: b for b in view.boundaries}
        self.members: dict[str, list[str]] = {}
        for node in view.nodes:
            for b in self._ancestors(node.parent):
                self.members.setdefault(b, []).append(node.id)
        self.parents = {n.id: n.parent for n in view.nodes}
        self.label_nodes: dict[str | None, list[tuple[str, str]]] = {}
        # the flow, for a view with layout hints too: they decide the ranks where the two disagree (hints.encode
        # takes the edges as drawn, and turns back those against them: render/hints.py, edges.py)
        self.reversed = self._against_flow() if layout.flow else frozenset()
        self.level = Rows(self._levelled() if layout.level and self.reversed else layout.fold)
        self.hubs = self._hubs()
        self.rooms = flow.hubs([self._ends(e) for e in view.edges]) if layout.hub_room else frozenset()

    # ---- document -------------------------------------------------------------

    def write(self) -> DotResult:
        v = self.view
        drawn = [(e.id, *ends) for e, ends in zip(v.edges, self._drawn_ends(), strict=True)]
        self.hints = encode(v, self.layout, drawn, self.flipped, self.loose)
        self.warnings += self.hints.warnings
        edges = [line for edge in v.edges for line in self._edge(edge)]
        self.clipped = any(" lhead=" in line or " ltail=" in line for line in edges)
        out = [f"// {html(v.title)} ({html(v.key)})", "// Generated by archkit from the model; do not edit.",
               f"digraph {quoted(v.key)} {{"]
        out += ["  " + line for line in self._defaults()]
        if self.layout.clusters:
            out += self._cluster_body(None, 1)
        else:
            out += ["  " + self._node(n) for n in v.nodes]
            out += ["  " + line for line in self.hints.inside.get(None, [])]
        out += ["  " + e for e in edges]
        out += ["  " + line for line in self._staggered()]
        out += ["  " + line for line in self.level.lines({frozenset(self._ends(e)) for e in v.edges})]
        out += ["  " + line for line in self.hints.lines]
        if self.layout.sinks_below and not v.hints:
            out += ["  " + line for line in below_lines(below_split(v, self._drawn_ends()))]
        cells = legend_cells(self.legend_elements, self.legend_lines, self.theme)  # once, for every table of them
        legend = legend_table(cells, self.theme, max(1, self.layout.legend_columns))
        bands: tuple[str, ...] = ()
        legends: tuple[str, ...] = ()
        if legend is not None and self.layout.legend_columns:  # in the title's band: the graph line again
            out[3] = "  " + self._defaults(legend)[0]
            tables = {columns: legend_table(cells, self.theme, columns) or legend
                      for columns in range(1, BAND_COLUMNS + 1)}
            bands = title_bands(self.view, self.theme, legend, tables)
            legends = tuple(dict.fromkeys(tables.values()))
        elif legend is not None:
            out.append(f'  "archkit:legend" [id="legend" shape=plain label=<{legend}>];')
            bottom = self._bottom() if self.layout.legend_at_bottom else None
            if bottom is not None:
                out.append(f'  {{rank=same; "archkit:legend"; {quoted(bottom)}}}')
        out.append("}")
        return DotResult("\n".join(out) + "\n", sorted(self.used_icons), sorted(set(self.warnings)),
                         self.hints.order, bands=bands, legends=legends,
                         title=title_band(self.view, self.theme) if bands else "",
                         rows=tuple(self.level.order()) if self.layout.fold else (), ranks=tuple(self.hints.ranks))

    def _defaults(self, legend: str | None = None) -> list[str]:
        """The graph, node and edge defaults; the graph's label is the title band
        (:func:`archkit.render.boxes.title_band`), the legend under the title."""
        t, v = self.theme, self.view
        title = title_band(self.view, self.theme, legend)
        graph = {
            "id": quoted(f"view-{v.key}"), "charset": '"UTF-8"',
            "rankdir": v.direction if v.direction in _DIRECTIONS else "TB",
            "bgcolor": quoted(t.background), "fontname": '"Helvetica"', "fontcolor": quoted(t.text),
            "label": f"<{title}>", "labelloc": "t", "labeljust": "l", "pad": '"0.4"',
            "nodesep": quoted(NODESEP), "ranksep": '"0.8"', "outputorder": "edgesfirst",
            **({"compound": "true"} if self.clipped else {}),
            **{k: quoted(val) for k, val in self.layout.graph},
            **self.hints.graph,
        }
        return [
            "graph [" + " ".join(f"{k}={val}" for k, val in graph.items()) + "];",
            'node [fontname="Helvetica" margin="0.16,0.1" penwidth=1.5];',
            f'edge [fontname="Helvetica" fontsize=10 fontcolor={quoted(t.muted)} arrowsize=0.8];',
        ]

    # ---- boundaries -----------------------------------------------------------

    def _cluster_body(self, parent: str | None, depth: int) -> list[str]:
        pad = "  " * depth
        items: list[tuple[str, list[str]]] = []
        for b in self.view.boundaries:
            if b.parent == parent:
                name = cluster_name(b.id) if self.clipped else counted_cluster_name(b.id)
                body = [f"{pad}subgraph {quoted(name)} {{", f"{pad}  graph [{self._boundary_attrs(b)}];",
                        *self._cluster_body(b.id, depth + 1), f"{pad}}}"]
                items.append(("cluster_" + b.id, body))
        items += [(n.id, [pad + self._node(n)]) for n in self.view.nodes if n.parent == parent]
        items += [(name, [pad + label]) for name, label in self.label_nodes.get(parent, [])]
        lines = [pad + line for line in (pinned_sources(self.layout.pinned) if parent is None else [])]
        lines += [line for _, body in pinned_order(items, self.layout.pinned, parent) for line in body]
        lines += [pad + line for line in self.hints.inside.get(parent, [])]
        return lines + [pad + line for line in pinned_chains(self.layout.pinned, parent)]

    def _boundary_attrs(self, b: ComputedBoundary) -> str:
        t = self.theme
        deployment = b.kind == "Deployment Node"
        style = "rounded" if deployment else ("dotted,rounded" if b.kind == "Group" else "dashed,rounded")
        attrs = {
            "id": quoted(f"boundary-{b.id}"), "label": f"<{boundary_label(b, t, self._boundary_icon(b))}>",
            "style": quoted(style), "color": quoted(t.boundary), "fontcolor": quoted(t.text),
            "penwidth": "1.2", "labeljust": "l", "labelloc": "t" if deployment else "b",
            "margin": str(self._margin(b)),
            **({} if self.clipped else {"cluster": "true"}),
        }
        if b.id in self.links:
            attrs["URL"] = quoted(self.links[b.id])
        return " ".join(f"{k}={val}" for k, val in attrs.items())

    def _margin(self, b: ComputedBoundary) -> int:
        """The room between ``b``'s border and what it holds: a third of the layout's for a boundary that holds
        only boundaries (a group around a container's boundary: their own borders and titles keep their content
        clear of it, and the reader sees one box inside another) but a deployment node (its title is on top, where
        the edges into what it holds come in: at a third, event_driven_sqs/production's edge from the API Gateway
        into the Lambda node ran through its title too, 16 -> 17 crossed titles on the examples, for 0.0005 of
        mean fill);
        :data:`GROUP_MARGIN` for a group of several elements in a view within ``budget.SEARCH_WORK``; else the
        layout's."""
        holds_nodes = any(parent == b.id for parent in self.parents.values()) or bool(self.label_nodes.get(b.id))
        if not holds_nodes and b.kind != "Deployment Node":
            return max(1, self.layout.cluster_margin // 3)
        if b.kind == "Group" and len(self.members.get(b.id, [])) > 1 and budget.work(self.view) <= budget.SEARCH_WORK:
            return min(self.layout.cluster_margin, GROUP_MARGIN)
        return self.layout.cluster_margin

    def _within(self, node: ComputedNode) -> str:
        """``Shop › API``: the boundaries around a node, for layouts that do not draw them."""
        names = [self.boundaries[b].name for b in reversed(self._ancestors(node.parent))]
        return " › ".join(names)

    # ---- nodes ----------------------------------------------------------------

    def _icon(self, node: ComputedNode, look: Look) -> str | None:
        return self.icons.element_icon((node.icon, look.icon), node.technology, look.shape == "person",
                                       (self.view.key, node.id), self.warnings)

    def _boundary_icon(self, b: ComputedBoundary) -> str | None:
        """The icon in a deployment node's or a group's boundary: its own, its style's, or (a deployment
        node) its technology's, as an element drawn as a box gets."""
        if b.kind not in _ICON_BOUNDARIES:
            return None
        matched = self.icons.for_technology(b.technology) if b.kind == "Deployment Node" else None
        found = icon_file(b.icon or self.styler.look(b.tags).icon or matched, self.view.key, b.id, self.warnings)
        if found is not None:
            self.used_icons.add(found)
        return found

    def _node(self, node: ComputedNode) -> str:
        look = self.styler.look(node.tags)
        self.legend_elements.append(ElementEntry(node.type_line, look))
        icon = self._icon(node, look)
        if icon is not None:
            self.used_icons.add(icon)
        shape, style = node_shape(look)
        within = None if self.layout.clusters else self._within(node)
        attrs = {
            "id": quoted(f"el-{node.id}"), "label": f"<{node_label(node, look, icon, within)}>",
            "shape": shape, "style": quoted(style),
            "fillcolor": quoted(with_opacity(look.background, look.opacity)),
            "color": quoted(with_opacity(look.stroke, look.opacity)),
            "fontcolor": quoted(readable_text(look.color, look.background, look.opacity, self.theme.background)),
            "tooltip": quoted(node.name), "width": '"2.4"', "height": '"1.2"',
        }
        if look.shape == "mobile_device":
            attrs["peripheries"] = "2"
        if node.id in self.links:
            attrs["URL"] = quoted(self.links[node.id])
        return f"{quoted(node.id)} [" + " ".join(f"{k}={v}" for k, v in attrs.items()) + "];"

    # ---- ranks ----------------------------------------------------------------

    def _levelled(self) -> tuple[tuple[str, ...], ...]:
        """The rows the view's short cycles are drawn on (:func:`flow.levelled`)."""
        ends = [(e.id, *self._ends(e)) for e in self.view.edges]
        return levelled(self.view.node_ids, ends, self.reversed, self.parents)

    def _against_flow(self) -> frozenset[str]:
        """The edges drawn reversed because they run against the view's flow (:mod:`flow`)."""
        ends = [(e.id, self._end(e.source, e.destination)[0], self._end(e.destination, e.source)[0])
                for e in self.view.edges]
        people = [n.id for n in self.view.nodes if n.kind == "Person"]
        external = [n.id for n in self.view.nodes if n.external]
        holders = {n.id for n in self.view.nodes
                   if self.layout.reads_up and self.styler.look(n.tags).shape in flow.HOLDERS}
        read = flow.reads([(*end, e.description) for end, e in zip(ends, self.view.edges, strict=True)],
                          holders) if holders else frozenset()
        if any(e.order is not None for e in self.view.edges):  # a dynamic view: its steps are the flow
            nodes, lead, answers = flow.stepped(self.view.node_ids, ends)
            return flow.drawn_back(nodes, ends, lead, external, read | answers)
        return flow.drawn_back(self.view.node_ids, ends, people, external, read)

    def _step(self) -> int:
        """The ranks between an edge's ends: two through a label node, else one."""
        return 2 if self.layout.edge_label == "node" else 1

    def _staggered(self) -> list[str]:
        """Invisible edges that put each ``lower`` of ``layout.staggered`` a rank below its ``upper``."""
        return [f"{quoted(upper)} -> {quoted(lower)} [style=invis minlen={self._step()}];"
                for upper, lower in self.layout.staggered]

    def _bottom(self) -> str | None:
        """A node of the drawing's last rank, to draw the legend beside (in the bottom corner)."""
        links = []
        for e in self.view.edges:
            tail, head = self._end(e.source, e.destination)[0], self._end(e.destination, e.source)[0]
            if self.level.along(tail, head) is None:  # an edge along a row has no rank between its ends
                step = self._step() if self._edge_label(e) else 1
                links.append((head, tail, step) if e.id in self.reversed else (tail, head, step))
        return deepest(self.view.node_ids, links + [(u, v, self._step()) for u, v in self.layout.staggered])


def view_to_dot(view: ComputedView, styler: Styler, icons: IconResolver,
                links: Mapping[str, str] | None = None, layout: Layout = STANDARD,
                flipped: frozenset[tuple[str, str]] = frozenset(), loose: bool = False) -> DotResult:
    """The DOT text of ``view`` (with the icons it refers to and warnings); ``flipped``: layout
    hints' order pairs to write the other way (:func:`archkit.render.hints.misplaced`); ``loose``: the
    relationships against the hints' ranks drawn ``constraint=false`` (:func:`archkit.render.hints.encode`)."""
    if layout.reverse:
        view = replace(view, nodes=view.nodes[::-1], boundaries=view.boundaries[::-1])
    return DotWriter(view, styler, icons, links, layout, flipped, loose).write()
