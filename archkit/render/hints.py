"""A view's layout hints and separations in DOT: graph attributes, invisible edges, rank=same groups.

:func:`archkit.views.hints.resolve` turns the author's hints into rank constraints; this
module writes them for ``dot``:

- ``before`` (a later rank): an invisible edge ``u -> v``;
- ``same`` (one rank): ``{rank=same; ...}`` inside the boundary (cluster) all its elements
  sit directly in; when they sit in different boundaries, at the top level with
  ``newrank=true`` (the default ranking pulls the elements of a top-level rank=same group
  out of their clusters: measured, Graphviz 2.43);
- ``order`` (first on a rank): an invisible flat edge between the two. ``dot`` keeps a flat
  edge's tail first (left in TB/BT, top in LR/RL) — or its head: inside the clusters of an
  LR/RL view Graphviz 2.43 reverses some flat edges and not others (measured: it depends on
  the other flat edges of the cluster). So the pairs are written tail first, and
  :func:`misplaced` reads them back from a first layout; the pipeline writes those pairs
  reversed (``flipped``) and lays the view out again (:func:`archkit.render.draw_view.settled_dot`).
  ``dot`` does not order elements of *different* clusters along a rank (a flat edge between
  them is ignored): such a hint puts them on one rank and is reported as not honoured for its order;
- a drawn relationship that runs against the hints (its head on an earlier rank, or first
  on their common rank, or a cycle with them) gets ``constraint=false``: it is still drawn,
  but the hint decides;
- a drawn relationship between two elements the hints put on one rank is *flat*: its label
  becomes an ``xlabel``. Graphviz 2.43 crashes (segmentation fault) on a labelled flat edge
  in a cluster that closes a cycle with an invisible flat edge (``newrank`` or not), and a
  flat ``label`` pushes a rank of its own between the rows anyway.

Separations are in Structurizr's unit (300 per inch): ``rank_separation=240`` is
``ranksep=0.8``. The force-directed layout (``sfdp``, for views of hundreds of elements)
has no ranks: there every hint and separation is reported as not honoured.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from archkit.render.labels import quoted
from archkit.render.layout import Layout
from archkit.views import ComputedView
from archkit.views.hints import Constraints, resolve

#: Structurizr's unit for separations: pixels of a diagram drawn at 300 dpi.
PER_INCH = 300


@dataclass
class HintEncoding:
    """What ``dot.py`` adds for a view's hints: graph attributes (quoted values), DOT statements
    (``lines`` at the end of the graph, ``inside`` a boundary's cluster by boundary id, None: top level),
    relationship ids drawn with ``constraint=false``, those drawn flat (both ends on one rank, the
    label as ``xlabel``), and warnings for the user."""

    graph: dict[str, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    inside: dict[str | None, list[str]] = field(default_factory=dict)
    unconstrained: set[str] = field(default_factory=set)
    flat: set[str] = field(default_factory=set)
    order: list[tuple[str, str]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def inches(value: int) -> str:
    """A separation in Structurizr's unit as DOT inches: ``240`` -> ``"0.8"``."""
    return quoted(f"{value / PER_INCH:.3f}".rstrip("0").rstrip("."))


@dataclass(frozen=True)
class Unhonoured:
    """A hint (or separation, ``what``) this layout of the view will not honour, why, and the fix."""

    what: str
    reason: str
    fix: str

    def warning(self, view: ComputedView) -> str:
        return f"view '{view.key}': layout hint {self.what} is not honoured: {self.reason} — {self.fix}"


def plan(view: ComputedView, layout: Layout) -> tuple[Constraints, list[Unhonoured]]:
    """The constraints ``layout`` will draw for ``view``'s hints, and what it leaves out (``check``
    reports the same list as findings)."""
    if not _ranked(layout):
        what = [f"'{h.text()}'" for h in view.hints]
        what += [f"{name} {value}" for name, value in (("rank_separation", view.rank_separation),
                                                       ("node_separation", view.node_separation)) if value is not None]
        return Constraints(), [Unhonoured(", ".join(what), f"the '{layout.name}' layout has no ranks",
                                          "show fewer elements on this view to keep them")] if what else []
    constraints = resolve(view)
    out = [Unhonoured(f"'{p.hint.text()}'", p.reason, p.fix) for p in constraints.problems]
    parent = {n.id: n.parent for n in view.nodes}
    across = [(u, v, h) for u, v, h in constraints.order if parent.get(u) != parent.get(v)]
    for u, v, hint in across:
        out.append(Unhonoured(f"'{hint.text()}'", f"'{u}' and '{v}' are in different boundaries, and Graphviz orders "
                              "elements along a rank only within one boundary (they share a rank, in any order)",
                              "place elements of the same boundary, or the boundaries' own elements"))
    constraints.order = [o for o in constraints.order if o not in across]
    return constraints, out


def encode(view: ComputedView, layout: Layout, ends: Sequence[tuple[str, str, str]],
           flipped: frozenset[tuple[str, str]] = frozenset()) -> HintEncoding:
    """The DOT for ``view``'s separations and hints; ``ends`` are ``(edge id, tail, head)`` as drawn;
    the order pairs in ``flipped`` are written head first (see :func:`misplaced`)."""
    out = HintEncoding()
    if not view.hints and view.rank_separation is None and view.node_separation is None:
        return out
    constraints, unhonoured = plan(view, layout)
    out.warnings = [u.warning(view) for u in unhonoured]
    if not _ranked(layout):
        return out
    if view.rank_separation is not None:
        out.graph["ranksep"] = inches(view.rank_separation)
    if view.node_separation is not None:
        out.graph["nodesep"] = inches(view.node_separation)
    if constraints:
        parent = {n.id: n.parent for n in view.nodes}
        newrank = dict(layout.graph).get("newrank") == "true" or any(
            len({parent.get(n) for n in group}) > 1 for group in constraints.same)
        if newrank and "newrank" not in dict(layout.graph):
            out.graph["newrank"] = "true"
        for group in constraints.same:
            line = "{rank=same; " + " ".join(quoted(n) + ";" for n in group) + "}"
            where = None if newrank else parent.get(group[0])
            out.inside.setdefault(where, []).append(line)
        out.lines += [f"{quoted(u)} -> {quoted(v)} [style=invis];" for u, v in constraints.before]
        out.lines += [f"{quoted(v)} -> {quoted(u)} [style=invis];" if (u, v) in flipped
                      else f"{quoted(u)} -> {quoted(v)} [style=invis];" for u, v, _h in constraints.order]
        out.order = [(u, v) for u, v, _h in constraints.order]
        out.unconstrained, out.flat = _against(constraints, ends)
    return out


def unkept(view: ComputedView, layout: Layout, pairs: Iterable[tuple[str, str]]) -> list[str]:
    """Warnings for the order pairs ``(u, v)`` a layout still drew the wrong way round, one per hint that
    asked for them, naming it as ``check`` names hints (the hint may be the only one on the view: Graphviz
    did not keep it, nothing contradicts it)."""
    asked = {(u, v): hint for u, v, hint in plan(view, layout)[0].order}
    wrong: dict[str, list[str]] = {}
    for u, v in sorted(pairs):
        hint = asked.get((u, v))
        wrong.setdefault(f"'{hint.text()}'" if hint else f"'{u}' before '{v}'", []).append(f"'{v}' before '{u}'")
    return [Unhonoured(what, f"Graphviz drew {', '.join(drawn)} along their rank",
                       "drop the hint, or place these elements on different ranks (a hint along the view's "
                       "direction)").warning(view) for what, drawn in wrong.items()]


def misplaced(order: Sequence[tuple[str, str]], centres: Mapping[str, tuple[float, float]],
              direction: str) -> frozenset[tuple[str, str]]:
    """The order pairs ``(u, v)`` a layout put the wrong way round: ``u`` not first along the rank
    (left of ``v`` in TB/BT, above it in LR/RL; ``centres`` as Graphviz gives them, y up)."""
    def first(u: str, v: str) -> bool:
        (ux, uy), (vx, vy) = centres[u], centres[v]
        return ux < vx if direction in ("TB", "BT") else uy > vy
    return frozenset((u, v) for u, v in order if u in centres and v in centres and not first(u, v))


def _ranked(layout: Layout) -> bool:
    """Whether the layout engine puts elements on ranks (``dot``; not ``sfdp``)."""
    return dict(layout.graph).get("layout", "dot") == "dot"


def _against(constraints: Constraints, ends: Sequence[tuple[str, str, str]]) -> tuple[set[str], set[str]]:
    """``(against, flat)``: relationships whose rank order would contradict the hints (directly or
    through other edges), and those between two elements the hints put on one rank."""
    group: dict[str, str] = {}

    def find(x: str) -> str:
        while group.get(x, x) != x:
            x = group[x]
        return x

    for members in constraints.same:
        for other in members[1:]:
            group[find(other)] = find(members[0])
    later: dict[str, set[str]] = {}
    for u, v in constraints.before:
        later.setdefault(find(u), set()).add(find(v))
    first: dict[str, set[str]] = {}
    for u, v, _hint in constraints.order:
        first.setdefault(u, set()).add(v)
    against: set[str] = set()
    flat: set[str] = set()
    for edge_id, tail, head in ends:
        t, h = find(tail), find(head)
        if t == h:  # a flat edge orders its ends along the rank: tail first
            flat.add(edge_id)
            t, h, graph = tail, head, first
        else:
            graph = later
        if _reaches(graph, h, t):
            against.add(edge_id)
        else:
            graph.setdefault(t, set()).add(h)
    return against, flat


def _reaches(graph: dict[str, set[str]], start: str, goal: str) -> bool:
    seen, stack = {start}, [start]
    while stack:
        at = stack.pop()
        if at == goal:
            return True
        for nxt in graph.get(at, ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return False
