"""A view's open ``dot`` process (archkit/render/resident.py): each graph's document and warnings as a process of
its own gives them, or None (then the caller runs ``dot`` on its own)."""

from __future__ import annotations

import re

import pytest

from archkit.render import graphviz, resident

#: archkit's DOT of a view is order-free: no named subgraph (graphviz.order_free)
_VIEW = ('digraph "v" {{\n  graph [id="view-{n}"];\n  "a{n}" -> "b{n}" [label="{n}"];\n'
         '  {{rank=same; "b{n}"; "c{n}"}}\n}}\n')
#: a graph with a named subgraph: laid out only as the first graph of a process
_NAMED = 'digraph g {\n  subgraph cluster_x { "x" -> "y"; }\n  subgraph cluster_z { "z"; }\n  "y" -> "z";\n}\n'


def _numbered(content: bytes) -> bytes:
    """A document with Graphviz's numbers of counted and anonymous subgraphs (``"%5"``) left out: a process
    numbers them on from graph to graph, and archkit names them by their ids (drawing.cluster_of)."""
    return re.sub(rb'"name": "%\d+"', b'"name": "%"', content)


def test_outside_a_session_nothing_is_kept_open() -> None:
    assert not resident.active()
    assert resident.layout(_VIEW.format(n=1), "json0", 60) is None


def test_each_graph_gives_the_layout_of_a_process_of_its_own(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[str] = []
    start = resident._Process.__init__

    def counting(self: resident._Process, fmt: str) -> None:
        started.append(fmt)
        start(self, fmt)

    monkeypatch.setattr(resident._Process, "__init__", counting)
    texts = [_VIEW.format(n=1), _VIEW.format(n=2), _NAMED, _VIEW.format(n=3)]
    with resident.session():
        assert resident.active()
        kept = [resident.layout(text, "json", 60) for text in texts]
        json0 = resident.layout(_VIEW.format(n=4), "json0", 60)
    assert not resident.active()
    assert [_numbered(out.content) if out else None for out in kept] == [
        _numbered(graphviz.run_dot(t, "json", timeout=60).content) for t in texts]
    assert kept[0] is not None and kept[0].content == graphviz.run_dot(texts[0], "json", timeout=60).content
    assert json0 is not None and json0.content == graphviz.run_dot(_VIEW.format(n=4), "json0", timeout=60).content
    # one process per format, and one more for the graph that must be the first of its process
    assert started == ["json", "json", "json0"]


def test_warnings_belong_to_the_graph_that_caused_them() -> None:
    odd = 'digraph "w" {\n  graph [id="view-w"];\n  "a" [shape=nosuchshape];\n}\n'
    with resident.session():
        first = resident.layout(_VIEW.format(n=1), "json0", 60)
        warned = resident.layout(odd, "json0", 60)
        after = resident.layout(_VIEW.format(n=2), "json0", 60)
    alone = graphviz.run_dot(odd, "json0", timeout=60)
    assert first is not None and first.warnings == []
    assert warned is not None and warned.warnings == alone.warnings and warned.warnings
    assert after is not None and after.warnings == []


def test_a_graph_dot_cannot_read_is_left_to_a_run_of_its_own_and_the_next_gets_a_new_process() -> None:
    with resident.session():
        assert resident.layout('digraph "broken" {\n  "a" -> ;\n}\n', "json0", 60) is None
        again = resident.layout(_VIEW.format(n=1), "json0", 60)
    assert again is not None and again.content == graphviz.run_dot(_VIEW.format(n=1), "json0", timeout=60).content


def test_a_layout_over_its_time_is_a_timeout_and_closes_the_process() -> None:
    with resident.session():
        with pytest.raises(graphviz.DotTimeout, match="longer than"):
            resident.layout(_VIEW.format(n=1), "json0", 1e-9)
        again = resident.layout(_VIEW.format(n=2), "json0", 60)
    assert again is not None and again.content == graphviz.run_dot(_VIEW.format(n=2), "json0", timeout=60).content
