"""Boxes of one rank one size (archkit/render/rows.py), on small graphs laid out by real Graphviz."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

import pytest

from archkit.render import graphviz, render_views, rows, search
from archkit.render.layout import COMPACTS
from archkit.render.pipeline import render_dot
from archkit.render.quality import Quality
from tests.models import gallery


def element(name: str, lines: int) -> str:
    """An element node as ``archkit.render.dot`` writes one (minimum size, then grown by its text)."""
    text = "<BR/>".join(f"line {i}" for i in range(lines))
    return f'  "{name}" [id="el-{name}" label=<{text}> shape=box tooltip="{name}" width="2.4" height="1.2"];'


def graph(*body: str, rankdir: str = "TB") -> str:
    return "\n".join([f"digraph g {{\n  graph [rankdir={rankdir}];", *body, "}"]) + "\n"


def boxes(text: str) -> tuple[dict[str, tuple[float, float]], str]:
    """Each node's (width, height) in points, and the drawing's bounding box, of ``text`` laid out."""
    laid = json.loads(graphviz.layout_json(text, timeout=30))
    size = {o["name"]: (round(float(o["width"]) * 72), round(float(o["height"]) * 72)) for o in laid["objects"]}
    return size, laid["bb"]


# a row of a short and a tall element, a label node on the same rank (not an element), one below
ROW = (element("short", 1), element("tall", 12), element("below", 1),
       '  "archkit:label:x" [id="label-x" label="Calls" shape=box];',
       '  "top" [id="el-top" label="top" shape=box width="2.4" height="1.2"];',
       '  "top" -> "short"; "top" -> "tall"; "top" -> "archkit:label:x"; "short" -> "below";')


def test_the_elements_of_a_rank_get_the_tallest_ones_height_and_the_drawing_keeps_its_size() -> None:
    text = graph(*ROW)
    before, bb = boxes(text)
    assert before["short"][1] < before["tall"][1]
    grown = rows.sizes(graphviz.layout_json(text, timeout=30))
    assert set(grown) == {"short"} and abs(grown["short"] * 72 - before["tall"][1]) < 1
    after, bb_after = boxes(rows.even(text, graphviz.layout_json(text, timeout=30)))
    assert after["short"][1] == after["tall"][1] == before["tall"][1]
    assert after["short"][0] == before["short"][0]  # widths untouched
    assert after["below"] == before["below"] and after["archkit:label:x"] == before["archkit:label:x"]
    assert bb_after == bb


def test_a_left_right_view_evens_the_widths_of_a_rank() -> None:
    wide = '  "wide" [id="el-wide" label="a much wider text than the other one has in it" shape=box ' \
           'width="2.4" height="1.2"];'
    text = graph(element("narrow", 1), wide, '  "top" [id="el-top" shape=box width="2.4" height="1.2"];',
                 '  "top" -> "narrow"; "top" -> "wide";', rankdir="LR")
    before, _ = boxes(text)
    after, _ = boxes(rows.even(text, graphviz.layout_json(text, timeout=30)))
    assert before["narrow"][0] < before["wide"][0]
    assert after["narrow"][0] == after["wide"][0] and after["narrow"][1] == before["narrow"][1]


def test_ranks_of_one_size_leave_the_text_as_it_is() -> None:
    text = graph(element("a", 2), element("b", 2), '  "c" [id="el-c" shape=box width="2.4" height="1.2"];',
                 '  "c" -> "a"; "c" -> "b";')
    assert rows.sizes(graphviz.layout_json(text, timeout=30)) == {}
    assert rows.even(text, graphviz.layout_json(text, timeout=30)) == text


def test_a_drawn_view_has_the_elements_of_each_rank_one_height() -> None:
    ws = gallery.build()
    done = render_views(ws, formats=("svg", "dot"), views=["container-orders"])
    text = next(a.content for a in done.artifacts if a.relpath.endswith(".dot")).decode("utf-8")
    assert text != render_dot(ws, "container-orders")  # the first encoding's DOT, before the rows were evened
    assert rows.sizes(graphviz.layout_json(text, timeout=30)) == {}
    assert done.quality["container-orders"].fill > 0


def test_a_failed_or_worse_evened_drawing_keeps_the_chosen_layout(monkeypatch: pytest.MonkeyPatch) -> None:
    ws = gallery.build()
    plain = render_views(ws, formats=("svg", "dot"), views=["container-orders"], layout="best")
    evened = next(a.content for a in plain.artifacts if a.relpath.endswith(".dot")).decode("utf-8")
    real = graphviz.render_formats

    # the evened drawing fails with each of the compact separations (layout.COMPACTS) and with the candidates' own
    failing = {rows.spaced(evened, spacing) for spacing in (*COMPACTS, (("ranksep", "0.3"), ("nodesep", "0.3")))}

    def fail_evened(dot: str, formats: Sequence[str], **kw: object) -> dict[str, graphviz.Output]:
        if dot in failing:
            raise graphviz.DotTimeout("dot: layout took longer than it may")
        return real(dot, formats, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(graphviz, "render_formats", fail_evened)
    kept = render_views(ws, formats=("svg", "dot"), views=["container-orders"], layout="best")
    drawn = next(a.content for a in kept.artifacts if a.relpath.endswith(".dot")).decode("utf-8")
    assert drawn != evened and rows.sizes(graphviz.layout_json(drawn, timeout=30))  # not evened, still drawn
    assert not any("failed" in m or "took longer" in m for m in kept.messages)


def shaped(name: str, lines: int, shape: str) -> str:
    """An element node of ``shape`` (a cylinder: a Database's, a hexagon: a user style's)."""
    return element(name, lines).replace("shape=box", f"shape={shape}")


def wall(text: str, name: str) -> tuple[float, float]:
    """The bottom and top (points, y upwards) of the straight wall Graphviz draws for cylinder ``name``:
    the repeated points of the outline's left side, where the wall meets the caps."""
    laid = json.loads(graphviz.layout_json(text, timeout=30))
    outline = next(o for o in laid["objects"] if o["name"] == name)["_draw_"]
    points = next(d["points"] for d in outline if d["op"] == "b")
    left = min(x for x, _ in points)
    ends = {y for (x, y), nxt in pairwise(points) if x == left and [x, y] == nxt}
    return min(ends), max(ends)


def centre_and_height(text: str, name: str) -> tuple[float, float]:
    laid = json.loads(graphviz.layout_json(text, timeout=30))
    node = next(o for o in laid["objects"] if o["name"] == name)
    return float(node["pos"].split(",")[1]), float(node["height"]) * 72


def test_a_box_beside_a_cylinder_gets_the_height_of_the_cylinders_wall_not_of_its_caps() -> None:
    # the cylinder holds one line more than the box, and is drawn much taller (its caps)
    text = graph(element("short", 1), element("box", 6), shaped("db", 7, "cylinder"),
                 '  "top" [id="el-top" shape=box width="2.4" height="1.2"];',
                 '  "top" -> "short"; "top" -> "box"; "top" -> "db";')
    before, bb = boxes(text)
    assert before["box"][1] < before["db"][1]
    after_text = rows.even(text, graphviz.layout_json(text, timeout=30))
    after, bb_after = boxes(after_text)
    assert after["db"] == before["db"] and bb_after == bb  # the cylinder and the rank keep their size
    bottom, top = wall(after_text, "db")
    for name in ("short", "box"):  # both boxes end where the cylinder's wall ends, not at its caps
        centre, height = centre_and_height(after_text, name)
        assert abs((centre - height / 2) - bottom) <= 1 and abs((centre + height / 2) - top) <= 1
    assert before["box"][1] < after["box"][1] < before["db"][1]


def test_a_cylinder_beside_a_taller_box_takes_the_ranks_height() -> None:
    text = graph(element("box", 12), shaped("db", 1, "cylinder"),
                 '  "top" [id="el-top" shape=box width="2.4" height="1.2"];', '  "top" -> "box"; "top" -> "db";')
    before, bb = boxes(text)
    after, bb_after = boxes(rows.even(text, graphviz.layout_json(text, timeout=30)))
    assert after["db"][1] == after["box"][1] == before["box"][1] and bb_after == bb


def test_shapes_graphviz_grows_both_ways_line_up_only_with_their_own_shape() -> None:
    # a hexagon is taller than a box for the same text; a circle grown in height grows in width too
    text = graph(element("short", 1), shaped("hex", 9, "hexagon"), shaped("hex2", 1, "hexagon"),
                 shaped("round", 1, "circle"), '  "top" [id="el-top" shape=box width="2.4" height="1.2"];',
                 '  "top" -> "short"; "top" -> "hex"; "top" -> "hex2"; "top" -> "round";')
    before, bb = boxes(text)
    assert before["short"][1] < before["round"][1] < before["hex"][1] and before["hex2"][1] < before["hex"][1]
    assert set(rows.sizes(graphviz.layout_json(text, timeout=30))) == {"hex2"}
    after, bb_after = boxes(rows.even(text, graphviz.layout_json(text, timeout=30)))
    assert after["hex2"][1] == after["hex"][1]
    assert all(abs(float(a) - float(b)) <= 1 for a, b in zip(bb.split(","), bb_after.split(","), strict=True))
    assert all(after[name] == before[name] for name in ("short", "round", "hex"))


def test_in_a_left_right_view_a_cylinder_is_all_wall() -> None:
    # the caps are above and below: across the rank a cylinder is as wide as a box of its text
    wide = shaped("db", 1, "cylinder").replace("line 0", "a much wider text than the other one has in it")
    text = graph(element("narrow", 1), wide, '  "top" [id="el-top" shape=box width="2.4" height="1.2"];',
                 '  "top" -> "narrow"; "top" -> "db";', rankdir="LR")
    before, _ = boxes(text)
    after, _ = boxes(rows.even(text, graphviz.layout_json(text, timeout=30)))
    assert before["narrow"][0] < before["db"][0] and after["narrow"][0] == after["db"][0] == before["db"][0]


def test_spaced_sets_the_graph_lines_separations_and_leaves_every_other_line() -> None:
    text = '// v\ndigraph "v" {\n  graph [id="view-v" ranksep="0.3" nodesep="0.3" newrank="true"];\n' \
           '  subgraph "cluster_b" {\n    graph [margin=10 ranksep="0.3"];\n  }\n}\n'
    spaced = rows.spaced(text, (("ranksep", "0.25"), ("nodesep", "0.25")))
    assert '  graph [id="view-v" ranksep="0.25" nodesep="0.25" newrank="true"];' in spaced
    assert '    graph [margin=10 ranksep="0.3"];' in spaced  # a boundary's line is not the graph's
    assert rows.spaced(spaced, (("ranksep", "0.25"),)) == spaced
    assert rows.spaced('digraph g {\n  graph [rankdir=TB];\n}\n', (("ranksep", "0.25"),)) == \
        'digraph g {\n  graph [rankdir=TB];\n}\n'  # no separations to replace: the same text


def test_the_chosen_layout_is_drawn_with_compact_separations_unless_that_adds_a_defect(
        monkeypatch: pytest.MonkeyPatch) -> None:
    ws = gallery.build()
    done = render_views(ws, formats=("svg", "dot"), views=["container-orders"], layout="best")
    text = next(a.content for a in done.artifacts if a.relpath.endswith(".dot")).decode("utf-8")
    assert 'nodesep="0.2" ranksep="0.18"' in text.split("\n")[3]  # layout.TIGHTEST, no defect added
    real = search.measure_json

    def worse(shape: str | bytes) -> Quality:  # every drawing with compact separations crosses one more edge
        quality = real(shape)
        compact = b'"ranksep": "0.25"' in _bytes(shape) or b'"ranksep": "0.18"' in _bytes(shape)
        return replace(quality, crossings=quality.crossings + 1) if compact else quality

    monkeypatch.setattr(search, "measure_json", worse)
    kept = render_views(ws, formats=("svg", "dot"), views=["container-orders"], layout="best")
    drawn = next(a.content for a in kept.artifacts if a.relpath.endswith(".dot")).decode("utf-8")
    assert 'nodesep="0.3" ranksep="0.3"' in drawn.split("\n")[3]
    assert kept.quality["container-orders"].crossings == done.quality["container-orders"].crossings


def _bytes(shape: str | bytes) -> bytes:
    return shape.encode() if isinstance(shape, str) else shape


def test_a_view_whose_author_set_its_separations_keeps_them_in_the_drawing() -> None:
    ws = gallery.build()
    ws.views["container-orders"].rank_separation = 240  # Structurizr's units, 300 per inch
    done = render_views(ws, formats=("svg", "dot"), views=["container-orders"], layout="best")
    text = next(a.content for a in done.artifacts if a.relpath.endswith(".dot")).decode("utf-8")
    assert 'ranksep="0.8"' in text.split("\n")[3] and 'ranksep="0.25"' not in text



def test_a_flat_edge_label_keeps_its_room_in_the_compact_drawing_of_a_top_down_view() -> None:
    import re

    from archkit import Workspace
    from archkit.render.dot import view_to_dot
    from archkit.render.edges import CHAR, FLAT_PAD
    from archkit.render.icons import IconResolver
    from archkit.render.layout import COMPACTS, STANDARD
    from archkit.render.style import LIGHT, Styler
    from archkit.views import compute_view

    def minlen(direction: str, **spacing: float) -> int:
        ws = Workspace(name="W")
        s = ws.model.software_system("S", "s")
        evaluator, state = s.container("Evaluator", "e", "Java"), s.container("State", "s", "RocksDB")
        evaluator.uses(state, "Keeps window aggregates")
        view = ws.views.container(s, key="k", direction=direction, **spacing)  # type: ignore[arg-type]
        # on one rank: side by side in a top-down view, one below the other in a left-right one
        view.right_of(state, evaluator) if direction == "TB" else view.below(state, evaluator)
        dot = view_to_dot(compute_view(ws, ws.views["k"]), Styler(ws.styles, LIGHT), IconResolver(), layout=STANDARD)
        [found] = re.findall(r'tooltip="Keeps window aggregates".* xlabel=.* minlen=(\d+)', dot.text)
        return int(found)

    tightest = min(float(v) for spacing in COMPACTS for k, v in spacing if k == "nodesep") * 72
    # drawn compact (no separations of the author's): the label's width fits the tightest node separation's gap
    assert minlen("TB") * tightest >= len("Keeps window aggregates") * CHAR + 2 * FLAT_PAD
    assert minlen("TB") > minlen("TB", rank_separation=40)  # the author's separations: drawn as they are
    assert minlen("LR") < minlen("TB")  # beside a vertical edge its height is what takes room


def test_a_flat_edge_label_in_a_left_right_view_gets_the_compact_room_in_the_roomy_candidate() -> None:
    import re
    from dataclasses import replace as replaced

    from archkit import Workspace
    from archkit.render.dot import view_to_dot
    from archkit.render.icons import IconResolver
    from archkit.render.layout import STANDARD
    from archkit.render.style import LIGHT, Styler
    from archkit.views import compute_view

    ws = Workspace(name="W")
    s = ws.model.software_system("S", "s")
    decoder, dedup = s.container("Decoder", "d", "Flink"), s.container("Deduplicator", "x", "Flink")
    decoder.uses(dedup, "Hands decoded changes to", "in-process")
    ws.views.container(s, key="k", direction="LR").below(dedup, decoder)
    computed = compute_view(ws, ws.views["k"])

    def minlen(flat_room: bool) -> int:
        text = view_to_dot(computed, Styler(ws.styles, LIGHT), IconResolver(),
                           layout=replaced(STANDARD, flat_room=flat_room)).text
        [found] = re.findall(r'tooltip="Hands decoded changes to".* xlabel=.* minlen=(\d+)', text)
        return int(found)

    assert minlen(True) > minlen(False)
