"""A holder one element writes and another reads (a topic, a queue, a store) is ranked between them:
the read is taken head first for the ranks (``Layout.reads_up``, :func:`archkit.render.flow.reads`)."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from archkit.model import Styles
from archkit.render import budget, graphviz
from archkit.render.dot import view_to_dot
from archkit.render.flow import drawn_back, is_read, reads
from archkit.render.icons import IconResolver
from archkit.render.layout import STANDARD
from archkit.render.quality import Quality
from archkit.render.style import LIGHT, Styler
from archkit.views import ComputedEdge, ComputedHint, ComputedNode, ComputedView


@pytest.mark.parametrize(("text", "read"), [
    ("Consumes trip events from", True), ("Reads hexagon features from", True), ("Consumes", True),
    ("Counts free drivers from", True), ("Long-polls deferred authorisations from", True),
    ("Ingests the multiplier", True), ("Produces GPS points to", False), ("Writes Parquet files to", False),
    ("Reads streams from and appends events to", False), ("Reads and writes orders in", False),
    ("Offloads closed segments to and replays them from", False), ("Queries", False), ("", False),
])
def test_a_read_is_told_by_its_first_or_last_word_and_never_writes(text: str, read: bool) -> None:
    assert is_read(text) is read


def test_only_a_holder_another_element_writes_has_its_reads_taken_head_first() -> None:
    edges = [("w", "producer", "topic", "Produces events to"), ("r", "consumer", "topic", "Consumes events from"),
             ("q", "api", "db", "Reads rows from"),  # nobody writes db here: the API stays above its store
             ("s", "self", "topic2", "Produces to"), ("t", "self", "topic2", "Consumes from")]  # reads what it writes
    found = reads(edges, {"topic", "db", "topic2"})
    assert found == frozenset({"r"})
    assert reads(edges, {"db"}) == frozenset()  # the topic is not a holder: nothing read from it counts


def test_a_read_is_drawn_head_first_unless_that_runs_against_the_flow() -> None:
    nodes = ["producer", "topic", "consumer", "store"]
    edges = [("w", "producer", "topic"), ("r", "consumer", "topic"), ("x", "consumer", "store")]
    assert drawn_back(nodes, edges) == frozenset()  # plain: producer and consumer above the topic
    assert drawn_back(nodes, edges, read={"r"}) == frozenset({"r"})  # the topic between writer and reader
    # the consumer feeds the producer: producer -> topic -> consumer -> producer is a cycle once the read
    # is turned, and the flow sends its fewest edges back: the feed, head first; the read stays turned
    cycle = [*edges, ("f", "consumer", "producer")]
    assert drawn_back(nodes, cycle, read={"r"}) == frozenset({"f", "r"})


def _view(hints: tuple[ComputedHint, ...] = ()) -> ComputedView:
    nodes = (ComputedNode("app", "App", "Container"),
             ComputedNode("topic", "Topic", "Container", tags=("Element", "Container", "Queue")),
             ComputedNode("job", "Job", "Container"),
             ComputedNode("store", "Store", "Container", tags=("Element", "Container", "Database")))
    edges = (ComputedEdge("app->topic", "app", "topic", "Produces orders to"),
             ComputedEdge("job->topic", "job", "topic", "Consumes orders from"),
             ComputedEdge("job->store", "job", "store", "Writes totals to"))
    return ComputedView("v", "container", "V", nodes=nodes, edges=edges, hints=hints)


def _ranks(dot: str) -> dict[str, float]:
    doc = json.loads(graphviz.layout_json(dot))
    return {o["name"]: float(o["pos"].split(",")[1]) for o in doc["objects"] if "pos" in o}


def test_the_topic_is_drawn_between_its_writer_and_its_reader_and_the_arrow_still_points_at_it() -> None:
    styler = Styler(Styles(), LIGHT)
    plain = view_to_dot(_view(), styler, IconResolver(), layout=STANDARD).text
    up = view_to_dot(_view(), styler, IconResolver(), layout=replace(STANDARD, reads_up=True)).text
    assert "dir=back" not in plain
    back = [x for x in up.splitlines() if "dir=back" in x]
    assert {re.search(r'id="rel-([^":]+)', x).group(1) for x in back} == {"job->topic"}  # type: ignore[union-attr]
    y = _ranks(up)  # y grows upwards in Graphviz's geometry
    assert y["app"] > y["topic"] > y["job"] > y["store"]
    y = _ranks(plain)
    assert y["job"] > y["topic"] and y["app"] > y["topic"]  # before: the reader on the writer's rank
    # the author's layout hints decide the ranks: a read they contradict is not turned (written as the model
    # has it, the hint's steering noted), one they leave free is
    hinted = _view((ComputedHint("same_rank", ("app", "job")),))
    steered = view_to_dot(hinted, styler, IconResolver(), layout=replace(STANDARD, reads_up=True)).text
    assert "dir=back" not in steered and 'comment="archkit:hint"' in steered
    free = _view((ComputedHint("below", ("store", "app")),))
    up = view_to_dot(free, styler, IconResolver(), layout=replace(STANDARD, reads_up=True)).text
    y = _ranks(up)
    assert y["app"] > y["topic"] > y["job"] > y["store"]
    assert {re.search(r'id="rel-([^":]+)', x).group(1)  # type: ignore[union-attr]
            for x in up.splitlines() if "dir=back" in x} == {"job->topic"}


def _quality(crossings: int) -> Quality:
    return Quality(crossings, 0, 0, 0, 0, 0, 0.3, 100.0, 100.0)


def test_the_reads_candidate_is_offered_only_while_edges_cross_and_never_twice() -> None:
    view = _view()
    tail = replace(STANDARD, label_home="tail")  # the first encoding turned, whichever won so far
    assert budget.reads_up(view, STANDARD, tail, _quality(3)) == [replace(STANDARD, reads_up=True)]
    hubbed = replace(tail, hubs=3)  # a searched view's reads' candidate is its first encoding, hubs and all
    assert budget.reads_up(view, STANDARD, hubbed, _quality(3)) == [replace(STANDARD, reads_up=True)]
    assert budget.reads_up(view, STANDARD, STANDARD, _quality(0)) == []
    assert budget.reads_up(view, STANDARD, replace(STANDARD, reads_up=True), _quality(3)) == []
    # a view with layout hints past SEARCH_WORK gets it too (the hints decide the ranks of the reads they
    # contradict); a smaller one does not: writing its DOT to ask whether it turns a read costs a layout
    hinted = _view((ComputedHint("same_rank", ("app", "job")),))
    assert budget.reads_up(hinted, STANDARD, STANDARD, _quality(3)) == []
    big = replace(hinted, edges=hinted.edges + tuple(
        ComputedEdge(f"app->store{k}", "app", "store", f"Writes {k} to") for k in range(budget.SEARCH_WORK)))
    assert budget.reads_up(big, STANDARD, STANDARD, _quality(3)) == [replace(STANDARD, reads_up=True)]
