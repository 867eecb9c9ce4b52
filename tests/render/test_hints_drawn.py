"""Layout hints, checked on the drawing: every hint kind in every direction, inside one boundary and
across a group's, a container's and a deployment node's, laid out as ``archkit render`` lays the view out
(the layout search's winner, ``dot -Tjson`` of the DOT it writes) — or reported by ``archkit check``,
naming the view and the hint. Never a hint silently not honoured."""

from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import pairwise

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from archkit import LayoutHint, Workspace, check
from archkit.render import render_workspace
from archkit.render.draw_view import Setup, settled_dot
from archkit.render.graphviz import run_dot
from archkit.render.icons import IconResolver
from archkit.render.layout import ALTERNATIVES, STANDARD, UNTANGLE, Layout
from archkit.render.ports import retries
from archkit.render.style import THEMES, Styler
from archkit.views import compute_view

Point = tuple[float, float]
DIRECTIONS = ("TB", "BT", "LR", "RL")
KINDS = (("right_of", False), ("left_of", False), ("below", False), ("above", False),
         ("same_rank", False), ("same_rank", True))
SCOPES = ("inside", "groups", "container", "deployment")
#: Points two centres may differ by and still share a rank (Graphviz rounds positions).
TOLERANCE = 1.0


def scoped(scope: str, direction: str) -> tuple[Workspace, tuple[str, str, str]]:
    """A small view ``k`` running ``direction`` and three of its elements ``(p, q, r)``: relationships run
    from p to q (through r), p and q in different boundaries of the kind ``scope`` names (one boundary
    for ``inside``), r in q's."""
    ws = Workspace(name="Shop")
    m = ws.model
    s = m.software_system("Shop", "Sells.")
    if scope == "container":  # a component of the API and a container outside the API's boundary
        api, web, db = (s.container(n, f"{n} does.", "Python") for n in ("API", "Web", "DB"))
        a, b = api.component("A", "a", "Python"), api.component("B", "b", "Python")
        a.uses(web, "Calls", "HTTP")
        b.uses(a, "Uses", "Python")
        web.uses(db, "Reads", "SQL")
        ws.views.component(api, key="k", direction=direction)  # type: ignore[arg-type]
        return ws, (b.id, web.id, a.id)
    left, right = (m.group(n, n.lower()).id for n in ("Left", "Right")) if scope == "groups" else (None, None)
    a, b, c, d = (s.container(n, f"{n} does.", "Go", group=g) for n, g in zip("ABCD", (left, left, right, right),
                                                                              strict=True))
    for x, y in ((a, b), (b, c), (c, d)):
        x.uses(y, "Calls", "HTTP")
    if scope != "deployment":
        ws.views.container(s, key="k", direction=direction)  # type: ignore[arg-type]
        return ws, (a.id, c.id, b.id) if scope == "groups" else (a.id, d.id, c.id)
    one, two = (m.deployment_node(n, n, "AWS", environment="Live") for n in ("N1", "N2"))
    ia, _ = one.container_instance(a), one.container_instance(b)
    ic, id_ = two.container_instance(c), two.container_instance(d)
    ws.views.deployment("Live", s, key="k", direction=direction)  # type: ignore[arg-type]
    return ws, (ia.id, ic.id, id_.id)


def centres(dot: str) -> dict[str, Point]:
    """Element centres in screen coordinates (x right, y down) of ``dot`` laid out by ``dot -Tjson``."""
    laid = json.loads(run_dot(dot, "json").content)
    out = {}
    for o in laid.get("objects", []):
        if "pos" in o and not o["name"].startswith("archkit:"):
            x, y = map(float, o["pos"].split(","))
            out[o["name"]] = (x, -y)
    return out


def rendered(ws: Workspace) -> dict[str, Point]:
    """View ``k`` laid out as ``archkit render`` draws it (the DOT it writes beside the SVG)."""
    artifacts, _messages = render_workspace(ws, ("svg", "dot"), views=["k"])
    return centres(next(a for a in artifacts if a.relpath.endswith(".dot")).content.decode("utf-8"))


def honoured(hint: LayoutHint, at: dict[str, Point], direction: str) -> bool:
    """Whether the drawing keeps ``hint``: right of is further right, below lower on the page, one rank the
    same rank coordinate (y in TB/BT, x in LR/RL), an order along it the reading order (left to right in a
    row, top to bottom in a column)."""
    points = [at[e] for e in hint.elements]
    (x0, y0), (x1, y1) = points[0], points[1]
    if hint.kind != "same_rank":
        return {"right_of": x0 > x1 + TOLERANCE, "left_of": x0 < x1 - TOLERANCE,
                "below": y0 > y1 + TOLERANCE, "above": y0 < y1 - TOLERANCE}[hint.kind]
    rank = 1 if direction in ("TB", "BT") else 0
    if any(abs(p[rank] - points[0][rank]) > TOLERANCE for p in points):
        return False
    return not hint.ordered or all(p[1 - rank] < q[1 - rank] - TOLERANCE for p, q in pairwise(points))


def warned(ws: Workspace, hint: LayoutHint) -> bool:
    """Whether ``archkit check`` warns that ``hint`` of view ``k`` is not honoured, naming both."""
    text = f"'{hint.elements[0]} {hint.kind} {hint.elements[1]}'" if hint.kind != "same_rank" else \
        f"'same_rank({', '.join(hint.elements)}{', ordered' if hint.ordered else ''})'"
    return any(f.rule == "view.layout-hint" and f.severity == "warning" and f.element == "view 'k'"
               and text in f.message for f in check(ws))


def steer(ws: Workspace, kind: str, elements: Sequence[str], ordered: bool) -> LayoutHint:
    getattr(ws.views["k"], kind)(*elements, **({"ordered": True} if ordered else {}))
    return ws.views["k"].layout_hints[-1]


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("direction", DIRECTIONS)
@pytest.mark.parametrize(("kind", "ordered"), KINDS, ids=["right_of", "left_of", "below", "above", "same_rank",
                                                           "ordered"])
def test_each_hint_is_kept_on_the_drawing_or_reported_by_check(scope: str, direction: str, kind: str,
                                                               ordered: bool) -> None:
    ws, (p, q, r) = scoped(scope, direction)
    # the hinted element first, the one it is placed from second: against the relationships' flow (p -> q)
    hint = steer(ws, kind, [q, r, p] if ordered else [q, p], ordered)
    assert honoured(hint, rendered(ws), direction) or warned(ws, hint)


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_an_order_down_a_column_is_the_order_written_not_its_reverse(direction: str) -> None:
    """The reversal the last session left: an ordered same_rank in LR/RL came out bottom to top, or
    reversed in part where a relationship between two of the elements ran against the order."""
    ws, (p, q, r) = scoped("inside", direction)
    hint = steer(ws, "same_rank", [p, q, r], True)  # a -> d and c -> d: d last, c after it
    assert not warned(ws, hint)
    assert honoured(hint, rendered(ws), direction)
    dot = render_workspace(ws, ("dot",), views=["k"])[0][0].content.decode("utf-8")
    # c -> d runs against the order: in a row written head first (dot keeps a flat edge's tail left of its
    # head), in a column as the model has it (there dot keeps the tail below the head: the pairs are head first)
    drawn = next(x for x in dot.splitlines() if 'id="rel-shop.c->shop.d"' in x)
    assert drawn.startswith('  "shop.d" -> "shop.c"' if direction in ("TB", "BT") else '  "shop.c" -> "shop.d"')


def _encodings() -> list[Layout]:
    """Every encoding of the layout search's first stages and port retries (the stagger and order candidates,
    which leave the hinted elements to the hints, are checked in ``test_hinted_search.py``; the search keeps
    none that keeps fewer hints than the best so far)."""
    first = [STANDARD, *ALTERNATIVES, *UNTANGLE]
    return first + [r for layout in first for r in retries(layout)]


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_every_candidate_of_the_layout_search_keeps_the_hints(direction: str) -> None:
    """Whichever candidate the search picks keeps what the standard encoding keeps."""
    ws, (p, q, r) = scoped("inside", direction)
    hints = [steer(ws, "same_rank", [q, r, p], True), steer(ws, "below" if direction in ("LR", "RL") else "right_of",
                                                              ["shop.b", r], False)]
    assert not any(warned(ws, h) for h in hints)
    computed = compute_view(ws, ws.views["k"])
    setup = Setup(ws, Styler(ws.styles, THEMES["light"]), IconResolver({}), {}, 30.0)
    for layout in _encodings():
        dot = settled_dot(setup, computed, layout)
        at = centres(dot.text)
        assert [h for h in hints if not honoured(h, at, direction)] == [], layout
        assert not dot.warnings, layout


_IDS = ("shop.a", "shop.b", "shop.c", "shop.d", "shop.e")


@st.composite
def steered_views(draw: st.DrawFn) -> tuple[Workspace, list[LayoutHint], str]:
    """A view of 3-5 containers, maybe in two groups, random relationships and 1-3 random hints."""
    direction = draw(st.sampled_from(DIRECTIONS))
    ws = Workspace(name="Shop")
    s = ws.model.software_system("Shop", "Sells.")
    grouped = draw(st.booleans())
    groups = [ws.model.group(n, n).id for n in ("Left", "Right")] if grouped else [None, None]
    n = draw(st.integers(3, 5))
    items = [s.container(i[-1].upper(), "Does.", "Go", group=groups[k % 2]) for k, i in enumerate(_IDS[:n])]
    pairs = draw(st.lists(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda t: t[0] != t[1]),
                          min_size=1, max_size=n + 1, unique=True))
    for t, h in pairs:
        items[t].uses(items[h], "Calls", "HTTP")
    ws.views.container(s, key="k", direction=direction)  # type: ignore[arg-type]
    ids = [i.id for i in items]
    hints = []
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["right_of", "left_of", "below", "above", "same_rank"]))
        size = 2 if kind != "same_rank" else draw(st.integers(2, 3))
        chosen = draw(st.permutations(ids))[:size]
        hints.append(steer(ws, kind, chosen, kind == "same_rank" and draw(st.booleans())))
    return ws, hints, direction


@settings(max_examples=8, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(steered_views())
def test_random_hints_are_each_kept_or_reported(case: tuple[Workspace, list[LayoutHint], str]) -> None:
    ws, hints, direction = case
    at = rendered(ws)
    assert [h for h in hints if not honoured(h, at, direction) and not warned(ws, h)] == []


@pytest.mark.parametrize(("direction", "ways"), [("TB", ("_L", "_U")), ("BT", ("_L", "_U")), ("LR", ("_U", "_L")),
                                                 ("RL", ("_U", "_L"))])
def test_plantuml_draws_the_relationships_the_hints_place_their_way(direction: str, ways: tuple[str, str]) -> None:
    """C4-PlantUML ranks along every ``Rel``: one between elements the hints place (a -> b with a right of b;
    c -> d with d above c) is written ``Rel_L``/``Rel_U`` (rotated under ``LAYOUT_LEFT_RIGHT``, which BT and RL
    are drawn as top-down and left to right), so it does not pull against the ``Lay_*`` of the hint. Checked
    with PlantUML 1.2026.8: without them, TB drew a left of b and d below c."""
    from archkit.export.plantuml import to_plantuml

    ws, _ids = scoped("inside", direction)
    ws.views["k"].right_of("shop.a", "shop.b").above("shop.d", "shop.c")
    text = next(d.definition for d in to_plantuml(ws) if d.key == "k")
    assert f'Rel{ways[0]}(shop_a, shop_b, "Calls", "HTTP")' in text
    assert f'Rel{ways[1]}(shop_c, shop_d, "Calls", "HTTP")' in text
    assert 'Rel(shop_b, shop_c, "Calls", "HTTP")' in text  # the hints leave it alone


def test_the_readme_worked_example_draws_its_column_and_reports_its_contradiction() -> None:
    """README, "Steering the layout": the stores in one column of an LR view, in reading order."""
    ws = Workspace(name="Shop")
    shop = ws.model.software_system("Shop", "Sells.")
    web, api, db, search = (shop.container(n, f"{n}.", t) for n, t in (
        ("Web", "React"), ("API", "Python"), ("DB", "PostgreSQL"), ("Search", "Elasticsearch")))
    web.uses(api, "Calls", "HTTPS")
    api.uses(db, "Stores", "SQL")
    db.uses(search, "Feeds", "CDC")
    view = ws.views.container(shop, key="k", direction="LR")
    view.same_rank(api, db, search, ordered=True).above(web, api)
    assert check(ws) == []
    at = rendered(ws)
    column = sorted(at, key=lambda e: at[e][1])
    assert column == ["shop.web", "shop.api", "shop.db", "shop.search"]
    assert len({round(x) for x, _y in at.values()}) == 1
    view.right_of(web, api)
    assert [(f.element, f.message) for f in check(ws)] == [(
        "view 'k'", "layout hint 'shop.web right_of shop.api' cannot be honoured: contradicts earlier hints, "
        "which put 'shop.web' and 'shop.api' on one rank")]


@pytest.mark.parametrize(("direction", "structurizr", "d2", "invisible"), [
    ("TB", "TopBottom", "down", "shop_d ~~~ shop_a"), ("BT", "BottomTop", "up", "shop_a ~~~ shop_d"),
    ("LR", "LeftRight", "right", "shop_d ~~~ shop_a"), ("RL", "RightLeft", "left", "shop_a ~~~ shop_d")])
def test_every_export_writes_the_direction_separations_and_a_placement_along_the_flow(
        direction: str, structurizr: str, d2: str, invisible: str) -> None:
    """a placed after d along the flow (below it top-down, right of it sideways): in Mermaid's flowchart an
    invisible link from the earlier rank, which is d's in TB and LR, a's in BT and RL."""
    from archkit.export.d2 import to_d2
    from archkit.export.dsl import to_dsl
    from archkit.export.mermaid import to_mermaid_flowchart
    from archkit.export.structurizr_json import structurizr_data

    ws, _ids = scoped("inside", direction)
    view = ws.views["k"]
    view.rank_separation, view.node_separation = 120, 90
    (view.below if direction in ("TB", "BT") else view.right_of)("shop.a", "shop.d")
    layout = structurizr_data(ws)["views"]["containerViews"][0]["automaticLayout"]
    assert (layout["rankDirection"], layout["rankSeparation"], layout["nodeSeparation"]) == (structurizr, 120, 90)
    assert f"autoLayout {direction.lower()} 120 90" in to_dsl(ws)
    assert f"direction: {d2}" in next(d.definition for d in to_d2(ws) if d.key == "k").splitlines()
    flow = next(d.definition for d in to_mermaid_flowchart(ws) if d.key == "k").splitlines()
    assert f"flowchart {direction}" in flow and f"  {invisible}" in flow


@pytest.mark.parametrize("direction", DIRECTIONS)
def test_rank_and_node_separations_widen_the_drawing_along_and_across_the_flow(direction: str) -> None:
    """3 inches between ranks (900) and between neighbours on a rank: a -> b a rank further apart along
    the flow, c and d (one rank, by a hint) further apart across it, than with archkit's own spacing."""
    def gaps(separation: int | None) -> tuple[float, float]:
        ws, _ids = scoped("inside", direction)
        view = ws.views["k"]
        view.rank_separation = view.node_separation = separation
        view.same_rank("shop.c", "shop.d")
        at = rendered(ws)
        along = 0 if direction in ("LR", "RL") else 1
        return (abs(at["shop.a"][along] - at["shop.b"][along]), abs(at["shop.c"][1 - along] - at["shop.d"][1 - along]))

    (rank_own, node_own), (rank_wide, node_wide) = gaps(None), gaps(900)
    assert rank_wide > rank_own + 2 * 72 and node_wide > node_own + 2 * 72
