"""Layout hints of a computed view, turned into the constraints of a layered (rank-based) layout.

A layered layout puts every element on a *rank*: a row when the view runs top-down (TB,
BT), a column when it runs sideways (LR, RL). Along the view's direction a hint orders
ranks (``below`` in a TB view: a later rank); across it, it puts the two on one rank and
orders them there (``right_of`` in a TB view: same row, further right). ``same_rank``
shares a rank, ``ordered`` orders along it.

:func:`resolve` reads the hints in the order written and keeps each one the layout can
honour together with those before it; every other one comes back as a :class:`HintProblem`
naming why: an id not drawn as an element of the view, or a contradiction (a cycle through
earlier hints, or an order between boundaries that other hints reverse — boundaries are
boxes, so one cannot be both left and right of another). Pure: ``check`` reports the
problems, ``archkit.render.hints`` draws the constraints.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import pairwise

from archkit.model import DynamicView
from archkit.views.computed import ComputedHint, ComputedView

#: For each direction: does a later rank lie further along the screen axis (right or down)?
#: Along a rank, the layout's order runs left to right (TB, BT) or top to bottom (LR, RL).
_RANK_FORWARD = {"TB": True, "BT": False, "LR": True, "RL": False}
_RANK_AXIS = {"TB": "y", "BT": "y", "LR": "x", "RL": "x"}
#: kind -> (screen axis, whether elements[0] comes after elements[1] along it)
_SCREEN = {"right_of": ("x", True), "left_of": ("x", False), "below": ("y", True), "above": ("y", False)}


_CHANGE = "drop or change one of the hints"


@dataclass(frozen=True)
class HintProblem:
    """A hint the layout cannot honour, why (``'x' is not an element of this view``) and the fix."""

    hint: ComputedHint
    reason: str
    fix: str = _CHANGE


@dataclass
class Constraints:
    """What the honoured hints ask of the layout.

    ``before``: ``(u, v)``, v on a later rank than u; ``same``: groups of elements on one rank;
    ``order``: ``(u, v, hint)``, on one rank, u first, as ``hint`` asked.
    ``problems``: the hints left out.
    """

    before: list[tuple[str, str]] = field(default_factory=list)
    same: list[list[str]] = field(default_factory=list)
    order: list[tuple[str, str, ComputedHint]] = field(default_factory=list)
    problems: list[HintProblem] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.before or self.same or self.order)


class _Graph:
    """Directed edges labelled with the hint that added them, for cycle checks."""

    def __init__(self) -> None:
        self.out: dict[str, dict[str, ComputedHint]] = {}

    def path(self, start: str, goal: str) -> list[ComputedHint] | None:
        """The hints along a path start -> goal, or None."""
        if start == goal:
            return []
        seen, stack = {start}, [(start, list[ComputedHint]())]
        while stack:
            at, via = stack.pop()
            for nxt, hint in sorted(self.out.get(at, {}).items()):
                if nxt == goal:
                    return [*via, hint]
                if nxt not in seen:
                    seen.add(nxt)
                    stack.append((nxt, [*via, hint]))
        return None

    def add(self, u: str, v: str, hint: ComputedHint) -> None:
        self.out.setdefault(u, {}).setdefault(v, hint)


class _Resolver:
    def __init__(self, view: ComputedView) -> None:
        self.view = view
        self.nodes = {n.id for n in view.nodes}
        self.parent: dict[str, str | None] = {n.id: n.parent for n in view.nodes}
        self.parent.update({b.id: b.parent for b in view.boundaries})
        self.boundaries = {b.id for b in view.boundaries}
        # a group's boundary is 'group:<id>@<parent>' (catalog.group_key): the author names the group by its id
        self.groups = {b.id.removeprefix("group:").partition("@")[0] for b in view.boundaries if b.kind == "Group"}
        self.group: dict[str, str] = {}       # union-find over "same rank"
        self.ranks = _Graph()                 # rank groups, earlier -> later
        self.orders = _Graph()                # siblings (elements or boundaries), first -> next
        self.out = Constraints()

    def find(self, x: str) -> str:
        while self.group.get(x, x) != x:
            x = self.group[x]
        return x

    def resolve(self) -> Constraints:
        for hint in self.view.hints:
            if self.view.type == "filtered" and not self.nodes.issuperset(hint.elements):
                continue  # its base view's hint, about an element the filter left out: nothing to place
            missing = self._missing(hint)
            if missing:
                self.out.problems.append(missing)
                continue
            conflict = self._try(hint)
            if conflict is not None:
                self.out.problems.append(HintProblem(hint, conflict))
        return self.out

    def _missing(self, hint: ComputedHint) -> HintProblem | None:
        for element in hint.elements:
            if element in self.boundaries or (element in self.groups and element not in self.nodes):
                return HintProblem(hint, f"'{element}' is drawn as a boundary on this view, and hints place "
                                   "elements", "name an element inside it")
            if element not in self.nodes:
                instances = sorted(n.id for n in self.view.nodes if n.deployed == element)
                if instances:  # a deployment view draws a container or system as its instances
                    return HintProblem(hint, f"'{element}' is drawn as its instances on this view",
                                       "name one of them: " + ", ".join(f"'{i}'" for i in instances[:3])
                                       + (", ..." if len(instances) > 3 else ""))
                return HintProblem(hint, f"'{element}' is not an element of this view",
                                   "include the element in the view, or drop the hint")
        return None

    def _try(self, hint: ComputedHint) -> str | None:
        """Add the hint's constraints, or say which earlier hints it contradicts (adding nothing)."""
        befores, sames, orders = wanted(self.view.direction, hint)
        saved = (dict(self.group), {k: dict(v) for k, v in self.ranks.out.items()},
                 {k: dict(v) for k, v in self.orders.out.items()})
        for group in sames:
            for other in group[1:]:
                conflict = self._same(group[0], other, hint)
                if conflict:
                    return self._undo(saved, conflict)
        for u, v in befores:
            conflict = self._before(u, v, hint)
            if conflict:
                return self._undo(saved, conflict)
        for u, v in orders:
            conflict = self._order(u, v, hint)
            if conflict:
                return self._undo(saved, conflict)
        self.out.before += befores
        self.out.same += [g for g in sames if len(g) > 1]
        self.out.order += [(u, v, hint) for u, v in orders]
        return None

    def _undo(self, saved: tuple[dict[str, str], dict[str, dict[str, ComputedHint]],
                                 dict[str, dict[str, ComputedHint]]], conflict: str) -> str:
        self.group, self.ranks.out, self.orders.out = saved
        return conflict

    def _same(self, a: str, b: str, hint: ComputedHint) -> str | None:
        ga, gb = self.find(a), self.find(b)
        if ga == gb:
            return None
        via = self.ranks.path(ga, gb) or self.ranks.path(gb, ga)
        if via is not None:
            return _contradicts(self._written(via))
        self.group[gb] = ga
        for src, dsts in list(self.ranks.out.items()):
            for dst, h in list(dsts.items()):
                s, d = self.find(src), self.find(dst)
                if (s, d) != (src, dst):
                    del self.ranks.out[src][dst]
                    self.ranks.add(s, d, h)
        return None

    def _before(self, u: str, v: str, hint: ComputedHint) -> str | None:
        gu, gv = self.find(u), self.find(v)
        if gu == gv:
            first, second = sorted((u, v), key=hint.elements.index)
            return f"contradicts earlier hints, which put '{first}' and '{second}' on one rank"
        via = self.ranks.path(gv, gu)
        if via is not None:
            return _contradicts(self._written(via))
        self.ranks.add(gu, gv, hint)
        return None

    def _order(self, u: str, v: str, hint: ComputedHint) -> str | None:
        su, sv = self._siblings(u, v)
        via = self.orders.path(sv, su)
        if via is not None:
            if (su, sv) != (u, v):
                boxes = (f"; {self._shown(su)} and {self._shown(sv)} are drawn as boxes, and one box cannot be on "
                         "both sides of the other")
                return _contradicts(self._written(via), boxes)
            return _contradicts(self._written(via))
        self.orders.add(su, sv, hint)
        return None

    def _shown(self, x: str) -> str:
        """``x`` as the author names it: an element by its id, a group's boundary (``group:<id>@<parent>``,
        catalog.group_key) as ``group '<id>'``."""
        if x in self.boundaries and x.startswith("group:"):
            return f"group '{x.removeprefix('group:').partition('@')[0]}'"
        return f"'{x}'"

    def _written(self, hints: list[ComputedHint]) -> list[ComputedHint]:
        """``hints`` in the order the author wrote them."""
        return sorted(hints, key=self.view.hints.index)

    def _siblings(self, u: str, v: str) -> tuple[str, str]:
        """The ancestors-or-selves of u and v that share a parent: what a box layout orders."""
        chain_u, chain_v = self._chain(u), self._chain(v)
        common = next(p for p in chain_u if p in chain_v)
        return str(chain_u[chain_u.index(common) - 1]), str(chain_v[chain_v.index(common) - 1])

    def _chain(self, x: str) -> list[str | None]:
        out: list[str | None] = [x]
        at: str | None = x
        while at is not None:
            at = self.parent.get(at)
            out.append(at)
        return out


def wanted(direction: str, hint: ComputedHint) -> tuple[list[tuple[str, str]], list[list[str]], list[tuple[str, str]]]:
    """``(before, same, order)``: the rank order, shared ranks and order along a rank ``hint`` asks
    for in a view running ``direction`` (see :class:`Constraints`)."""
    direction = direction if direction in _RANK_AXIS else "TB"
    if hint.kind == "same_rank":
        pairs = list(pairwise(hint.elements)) if hint.ordered else []
        return [], [list(hint.elements)], pairs
    axis, after = _SCREEN[hint.kind]
    first, second = (hint.elements[1], hint.elements[0]) if after else hint.elements  # screen order
    if axis == _RANK_AXIS[direction]:
        return [(first, second) if _RANK_FORWARD[direction] else (second, first)], [], []
    return [], [[first, second]], [(first, second)]


def unused_by_sequence(view: DynamicView) -> str:
    """What a sequence-style dynamic view leaves unused of its layout (hints, a direction other than
    TB, separations), as a message naming the view; empty when it sets none of them."""
    unused = [what for what, set_ in (("layout hints", view.layout_hints), ("direction", view.direction != "TB"),
                                      ("separations", view.rank_separation is not None
                                       or view.node_separation is not None)) if set_]
    if view.style != "sequence" or not unused:
        return ""
    return (f"view '{view.key}': a sequence diagram places its participants in order of first use: its "
            f"{' and '.join([', '.join(unused[:-1]), unused[-1]] if len(unused) > 1 else unused)} are not used "
            "— drop them, or draw the view as a collaboration diagram")


def drawable(view: ComputedView) -> list[ComputedHint]:
    """The hints whose elements are all drawn as elements of ``view`` (what an export can name)."""
    nodes = set(view.node_ids)
    return [h for h in view.hints if nodes.issuperset(h.elements)]


#: Per direction: where a later rank lies on the page, and where the next element along a rank.
_LATER = {"TB": "below", "BT": "above", "LR": "right", "RL": "left"}
_NEXT = {"TB": "right", "BT": "right", "LR": "below", "RL": "below"}
_OPPOSITE = {"below": "above", "above": "below", "right": "left", "left": "right"}


def rank_group(constraints: Constraints) -> Callable[[str], str]:
    """For each element, the one element that stands for the group the hints put on one rank with it
    (itself when none does): the ranks of a view's hints as a union-find."""
    group: dict[str, str] = {}

    def find(x: str) -> str:
        while group.get(x, x) != x:
            x = group[x]
        return x

    for members in constraints.same:
        for other in members[1:]:
            group[find(other)] = find(members[0])
    return find


def placed_edges(view: ComputedView) -> dict[str, str]:
    """Per relationship whose ends the honoured hints place (on one rank, or its head on an earlier
    rank than its tail): where its head goes from its tail on the page, ``right``, ``left``, ``below`` or
    ``above`` — for a target whose relationships place their ends themselves (C4-PlantUML's ``Rel_R``),
    so that they do not pull against the hints. Relationships the hints leave alone are not named."""
    constraints = resolve(view)
    if not constraints:
        return {}
    find = rank_group(constraints)
    later, first = _Graph(), _Graph()
    for u, v, hint in constraints.order:
        first.add(u, v, hint)
    for u, v in constraints.before:
        later.add(find(u), find(v), view.hints[0])  # which hint does not matter here: reachability only
    direction = view.direction if view.direction in _LATER else "TB"
    out = {}
    for edge in view.edges:  # as archkit.render.hints draws them: the earlier relationships rank the later ones
        t, h = find(edge.source), find(edge.destination)
        if t == h:  # one rank: along it, the head after its tail unless the hints put it first
            ahead = first.path(edge.destination, edge.source) is None
            out[edge.id] = _NEXT[direction] if ahead else _OPPOSITE[_NEXT[direction]]
        elif later.path(h, t) is not None:  # the hints (with the relationships before it) put the head earlier
            out[edge.id] = _OPPOSITE[_LATER[direction]]
        else:
            later.add(t, h, view.hints[0])
    return out


def _contradicts(via: list[ComputedHint], why: str = "") -> str:
    earlier = "; ".join(dict.fromkeys(f"'{h.text()}'" for h in via))
    return f"contradicts {earlier}{why}"


def resolve(view: ComputedView) -> Constraints:
    """The constraints of ``view``'s hints a layered layout can honour, and the problems of the others."""
    if not view.hints:
        return Constraints()
    return _Resolver(view).resolve()
