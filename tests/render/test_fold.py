"""Chains of lone elements folded onto rows (``Layout.fold``, :mod:`archkit.render.fold`), on small hand-made graphs.

Which pairs are folded, in what order, how they are written in DOT, that ``dot`` draws a folded chain with
no defect and in less area, and when the search keeps it; what it does to the example views is measured in
benchmarks/README.md (``h/fill4``), not asserted here.
"""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import pytest

from archkit.model.styles import Styles
from archkit.render import drafts, fold, graphviz, search
from archkit.render.dot import view_to_dot
from archkit.render.icons import IconResolver
from archkit.render.layout import FILL_GOAL, STANDARD, Layout
from archkit.render.quality import Quality, measure_json
from archkit.render.style import THEMES, Styler
from archkit.views import ComputedEdge, ComputedNode, ComputedView

#: a pipeline of five steps, one per rank, under the six people who feed it: one wide rank, then a column
CHAIN = ["source", "parse", "enrich", "store", "report"]
PEOPLE = ["ana", "bo", "cy", "di", "ed", "flo"]


def test_neighbouring_lone_elements_joined_by_an_edge_are_paired_from_the_top_down() -> None:
    rank = {"source": 0, "parse": 2, "enrich": 4, "store": 6, "report": 8}
    edges = [("source", "parse"), ("parse", "enrich"), ("enrich", "store"), ("store", "report")]
    along = dict.fromkeys(rank, 0.0)
    assert fold.rows(rank, edges, along) == (("source", "parse"), ("enrich", "store"))  # a rank in one pair
    along["parse"] = -10.0  # the layout had parse left of source: asked that way round, dot keeps it more often
    assert fold.rows(rank, edges, along) == (("parse", "source"), ("enrich", "store"))


def test_ranks_of_two_and_ranks_not_joined_are_left_alone() -> None:
    rank = {"a": 0, "b": 2, "c": 2, "d": 4, "e": 6}
    along = dict.fromkeys(rank, 0.0)
    assert fold.rows(rank, [("a", "b"), ("a", "c"), ("c", "d")], along) == ()  # b and c share a rank; d, e unjoined
    assert fold.rows(rank, [("a", "b"), ("a", "c"), ("c", "d"), ("d", "e")], along) == (("d", "e"),)


def _view() -> ComputedView:
    nodes = tuple(ComputedNode(n, n.title(), "Person") for n in PEOPLE) \
        + tuple(ComputedNode(n, n.title(), "Container") for n in CHAIN)
    edges = tuple(ComputedEdge(f"{p}->source", p, "source", "uploads records to") for p in PEOPLE) \
        + tuple(ComputedEdge(f"{t}->{h}", t, h, f"{t} hands its records to") for t, h in itertools.pairwise(CHAIN))
    return ComputedView("v", "container", "V", nodes=nodes, edges=edges)


def _laid(layout: Layout) -> tuple[Quality, str, bytes]:
    text = view_to_dot(_view(), Styler(Styles(), THEMES["light"]), IconResolver(), layout=layout).text
    shape = graphviz.render_formats(text, ["json0"], timeout=30, post=False)["json0"].content
    return measure_json(shape), text, shape


def test_a_folded_chain_is_drawn_on_rows_left_to_right_with_no_defect_in_less_area() -> None:
    before, plain, shape = _laid(STANDARD)
    assert before.fill < FILL_GOAL and "rank=same" not in plain
    [option] = fold.candidates(_view(), STANDARD, shape, before)
    assert option.fold == (("source", "parse"), ("enrich", "store"))
    after, text, folded = _laid(option)
    assert after.score == 0 and after.backward_edges == 0 and after.fill > before.fill
    assert after.width * after.height < before.width * before.height
    # each pair on one rank with the label of the edge between them, written left to right
    assert '{rank=same; "source"; "parse"; "archkit:label:source->parse";}' in text
    centres = {o["name"]: [float(v) for v in o["pos"].split(",")] for o in json.loads(folded)["objects"] if "pos" in o}
    assert centres["source"][0] < centres["archkit:label:source->parse"][0] < centres["parse"][0]
    assert centres["source"][1] == centres["parse"][1]


def test_the_fold_is_offered_only_to_an_emptier_layout_that_has_no_rows_of_its_own() -> None:
    before, _, shape = _laid(STANDARD)
    assert fold.candidates(_view(), STANDARD, shape, replace(before, fill=FILL_GOAL)) == []
    for other in (replace(STANDARD, level=True), replace(STANDARD, staggered=(("source", "enrich"),)),
                  replace(STANDARD, fold=(("source", "parse"),))):
        assert fold.candidates(_view(), other, shape, before) == []


def test_a_pair_drawn_the_wrong_way_round_is_asked_the_other_way_round() -> None:
    option = replace(STANDARD, fold=(("source", "parse"), ("enrich", "store")))
    _, _, shape = _laid(option)
    rows = [("source", "parse"), ("enrich", "store")]
    assert fold.flipped(option, rows, shape, "TB") is None  # drawn as asked
    turned = fold.flipped(option, [("parse", "source"), ("enrich", "store")], shape, "TB")
    assert turned is not None and turned.fold == (("parse", "source"), ("enrich", "store"))


def _draw(view: ComputedView) -> search.Drawn:
    styler = Styler(Styles(), THEMES["light"])
    return search.draw(view, STANDARD, ["svg"], lambda layout: view_to_dot(view, styler, IconResolver(), layout=layout),
                       drafts.Run(frozenset(), 60.0, "best", True))


def test_the_search_keeps_the_fold_unless_it_adds_a_defect(monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = _draw(_view())
    assert drawn.quality is not None and drawn.quality.score == 0 and '"source"; "parse"' in drawn.dot.text
    real = search.measure_json

    def crossed(shape: str | bytes) -> Quality:  # a folded drawing crosses once more: its merit is still lower
        quality = real(shape)
        return replace(quality, crossings=quality.crossings + 1) if _folded(shape) else quality

    monkeypatch.setattr(search, "measure_json", crossed)
    kept = _draw(_view())
    assert kept.quality is not None and kept.quality.score == 0 and '"source"; "parse"' not in kept.dot.text


def _folded(shape: str | bytes) -> bool:
    """Whether a layout's JSON draws two elements of the chain on one rank (unfolded, each has its own)."""
    graph = json.loads(shape)
    ys = [o["pos"].split(",")[1] for o in graph.get("objects", []) if "pos" in o and o.get("name") in CHAIN]
    return len(set(ys)) < len(ys)
