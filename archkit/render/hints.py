"""A view's layout hints and separations in DOT: graph attributes, invisible edges, rank=same groups.

:func:`archkit.views.hints.resolve` turns the author's hints into rank constraints; this
module writes them for ``dot``:

- ``before`` (a later rank): an invisible edge ``u -> v``;
- ``same`` (one rank): ``{rank=same; ...}`` inside the boundary (cluster) all its elements
  sit directly in; when they sit in different boundaries, at the top level with
  ``newrank=true`` (the default ranking pulls the elements of a top-level rank=same group
  out of their clusters: measured, Graphviz 2.43);
- ``order`` (first on a rank): an invisible flat edge between the two. ``dot`` lays a flat
  edge's tail first along its internal row: left of its head in TB/BT, and, the drawing turned,
  *below* it in LR/RL (measured, Graphviz 2.43) — so a sideways view writes its pairs head
  first. That holds while every flat edge of the graph asks for one order: a drawn flat edge
  against the hints' order is written head first too (``dir=back``, drawn with its arrow where it
  belongs); one left against them made ``dot`` reverse some pairs of an LR column and not others.
  As a safety net :func:`misplaced` reads the pairs back from a first layout; the pipeline writes
  those the wrong way round the other way (``flipped``) and lays the view out again
  (:func:`archkit.render.draw_view.settled_dot`).
  ``dot`` does not order elements of *different* clusters along a rank (a flat edge between
  them is ignored): such a hint puts them on one rank and is reported as not honoured for its order;
- a drawn relationship that runs against the hints' ranks (its head on an earlier rank, or a
  cycle with them), as the view's flow draws it (:mod:`archkit.render.flow`: people first, the fewest
  edges back, on a view with hints too), is written the other way round (``dir=back``, or forward for
  one the flow drew back): it then agrees with them, keeps its
  label node on its path, and is drawn with its arrow where it belongs; it carries
  ``comment=STEERED``, so the layout measure does not count it as an edge against the flow (the
  author asked for it). Drawn ``constraint=false`` with Graphviz's own label instead (the *loose*
  encoding), its label's virtual node reversed a pair of two hints' order along a rank on a small
  view, and head first a pair of the hexagon's column (measured, Graphviz 2.43: ``dot`` keeps flat
  edges' order only where nothing else pulls harder, and an LR view's clusters do not all turn
  alike). So the settling of :func:`archkit.render.draw_view.settled_dot` tries both;
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
from archkit.views.hints import Constraints, rank_group, resolve

#: Structurizr's unit for separations: pixels of a diagram drawn at 300 dpi.
PER_INCH = 300


@dataclass
class HintEncoding:
    """What ``dot.py`` adds for a view's hints: graph attributes (quoted values), DOT statements
    (``lines`` at the end of the graph, ``inside`` a boundary's cluster by boundary id, None: top level),
    relationship ids drawn flat (both ends on one rank, the label as ``xlabel``), those written head first
    (``dir=back``: against the hints' ranks or order), those drawn ``constraint=false`` (against their ranks,
    in the loose encoding), and warnings for the user."""

    graph: dict[str, str] = field(default_factory=dict)
    lines: list[str] = field(default_factory=list)
    inside: dict[str | None, list[str]] = field(default_factory=dict)
    flat: set[str] = field(default_factory=set)
    back: set[str] = field(default_factory=set)
    unconstrained: set[str] = field(default_factory=set)
    order: list[tuple[str, str]] = field(default_factory=list)
    #: the hints' ranks: ``(u, v, True)`` v on a later rank than u, ``(u, v, False)`` one rank (:func:`off_rank`)
    ranks: list[tuple[str, str, bool]] = field(default_factory=list)
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
        out.append(Unhonoured(f"'{hint.text()}'", f"'{u}' and '{v}' are in different boundaries, and elements are "
                              "ordered along a rank only within one boundary (they are put on one rank, in any order)",
                              "order elements of one boundary, or use 'above'/'below' (or 'right_of'/'left_of' in a "
                              "left-to-right view) to put them on different ranks"))
    constraints.order = [o for o in constraints.order if o not in across]
    return constraints, out


def encode(view: ComputedView, layout: Layout, ends: Sequence[tuple[str, str, str]],
           flipped: frozenset[tuple[str, str]] = frozenset(), loose: bool = False) -> HintEncoding:
    """The DOT for ``view``'s separations and hints; ``ends`` are ``(edge id, tail, head)`` as drawn;
    the order pairs in ``flipped`` are written the other way (see :func:`misplaced`); ``loose`` draws the
    relationships against the hints' ranks ``constraint=false`` instead of head first."""
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
        flat = _flat_pairs(view.direction, [(u, v) for u, v, _h in constraints.order], flipped)
        out.lines += [f"{quoted(t)} -> {quoted(h)} [style=invis];" for t, h in flat]
        out.order = [(u, v) for u, v, _h in constraints.order]
        out.ranks = [(u, v, True) for u, v in constraints.before]
        out.ranks += [(group[0], other, False) for group in constraints.same for other in group[1:]]
        out.flat, flat_back, against = _against(constraints, flat, ends)
        out.back, out.unconstrained = (flat_back, against) if loose else (flat_back | against, set())
    return out


def _flat_pairs(direction: str, order: Sequence[tuple[str, str]],
                flipped: frozenset[tuple[str, str]]) -> list[tuple[str, str]]:
    """The order pairs ``(u, v)`` (u first in reading order) as the invisible flat edges that ask for
    them, ``(tail, head)``: ``dot`` lays a flat edge's tail before its head along its internal row,
    which is left to right in TB/BT and, turned, bottom to top in LR/RL (measured, Graphviz 2.43):
    so ``u -> v`` in a top-down view, ``v -> u`` in a sideways one; a pair in ``flipped`` the other way."""
    forward = direction not in ("LR", "RL")
    return [(u, v) if forward != ((u, v) in flipped) else (v, u) for u, v in order]


def unkept(view: ComputedView, layout: Layout, pairs: Iterable[tuple[str, str]]) -> list[str]:
    """Warnings for the order pairs ``(u, v)`` a layout still drew the wrong way round, one per hint that
    asked for them, naming it as ``check`` names hints (the hint may be the only one on the view: Graphviz
    did not keep it, nothing contradicts it)."""
    asked = {(u, v): hint for u, v, hint in plan(view, layout)[0].order}
    wrong: dict[str, list[str]] = {}
    for u, v in sorted(pairs):
        hint = asked.get((u, v))
        wrong.setdefault(f"'{hint.text()}'" if hint else f"'{u}' before '{v}'", []).append(f"'{v}' before '{u}'")
    return [Unhonoured(what, f"the layout has {', '.join(drawn)} along their rank (the other edges of the rank "
                       "outweighed it)",
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


#: Points two centres may differ by along the flow and still share a rank (Graphviz rounds positions).
RANK_TOLERANCE = 1.0


def off_rank(ranks: Sequence[tuple[str, str, bool]], centres: Mapping[str, tuple[float, float]],
             direction: str) -> frozenset[tuple[str, str, bool]]:
    """The rank pairs of :attr:`HintEncoding.ranks` a layout did not keep: ``(u, v, True)`` with ``v`` not on a
    later rank than ``u`` (further down in TB, up in BT, right in LR, left in RL; ``centres`` as Graphviz gives
    them, y up), ``(u, v, False)`` with the two not on one rank. ``dot`` keeps them unless other constraints of
    the same DOT make a cycle with them (a candidate of the layout search that puts elements a rank apart or on
    one row, :mod:`archkit.render.budget`): the search refuses a candidate that keeps fewer."""
    axis = 1 if direction in ("TB", "BT") else 0
    sign = -1.0 if direction in ("TB", "RL") else 1.0  # the coordinate along the flow grows with the rank

    def kept(u: str, v: str, later: bool) -> bool:
        du = sign * (centres[v][axis] - centres[u][axis])
        return du > RANK_TOLERANCE if later else abs(du) <= RANK_TOLERANCE
    return frozenset((u, v, later) for u, v, later in ranks
                     if u in centres and v in centres and not kept(u, v, later))


def _ranked(layout: Layout) -> bool:
    """Whether the layout engine puts elements on ranks (``dot``; not ``sfdp``)."""
    return dict(layout.graph).get("layout", "dot") == "dot"


def _against(constraints: Constraints, flat_pairs: Sequence[tuple[str, str]],
             ends: Sequence[tuple[str, str, str]]) -> tuple[set[str], set[str], set[str]]:
    """``(flat, back, against)``: relationships between two elements the hints put on one rank, those of
    them against the order along the rank (written head first, ``dir=back``, so that every flat edge of
    the graph, invisible (``flat_pairs``, as written) or drawn, asks for the same order: a drawn flat edge
    against it made ``dot`` reverse the order of an LR view's column, measured, Graphviz 2.43), and those
    whose rank order would contradict the hints (directly or through other edges)."""
    find = rank_group(constraints)
    later: dict[str, set[str]] = {}
    for u, v in constraints.before:
        later.setdefault(find(u), set()).add(find(v))
    first: dict[str, set[str]] = {}
    for u, v in flat_pairs:
        first.setdefault(u, set()).add(v)
    flat: set[str] = set()
    back: set[str] = set()
    against: set[str] = set()
    for edge_id, tail, head in ends:
        t, h = find(tail), find(head)
        if t != h:
            if _reaches(later, h, t):
                against.add(edge_id)
            else:
                later.setdefault(t, set()).add(h)
            continue
        flat.add(edge_id)  # a flat edge orders its ends along the rank as the invisible ones do
        if _reaches(first, head, tail):
            back.add(edge_id)
            first.setdefault(head, set()).add(tail)
        else:
            first.setdefault(tail, set()).add(head)
    return flat, back, against


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
