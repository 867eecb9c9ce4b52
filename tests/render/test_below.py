"""External sinks below the boundaries (archkit/render/below.py), on small hand-made views.

Which elements go below and which lead to them, the DOT lines, and that ``dot`` does put them
under every boundary; what it gains on the untuned models is measured in benchmarks/README.md.
"""

from __future__ import annotations

import json
from dataclasses import replace

from archkit.model.styles import Styles
from archkit.render import graphviz
from archkit.render.below import ANCHOR, Below, applies, lines, split
from archkit.render.dot import view_to_dot
from archkit.render.drawing import parse
from archkit.render.icons import IconResolver
from archkit.render.layout import STANDARD
from archkit.render.quality import measure_json
from archkit.render.style import THEMES, Styler
from archkit.views import ComputedBoundary, ComputedEdge, ComputedHint, ComputedNode, ComputedView


def _view(**changes: object) -> ComputedView:
    """A person using ``a`` in system S, ``a -> b -> c`` inside S, ``a`` and ``b`` calling the external
    system ``x``, and an external feed ``f`` sending to ``b`` (a source, not a sink)."""
    nodes = (ComputedNode("p", "P", "Person"),
             ComputedNode("a", "A", "Container", parent="s"), ComputedNode("b", "B", "Container", parent="s"),
             ComputedNode("c", "C", "Container", parent="s"),
             ComputedNode("f", "F", "Software System", external=True),
             ComputedNode("x", "X", "Software System", external=True))
    edges = (ComputedEdge("p->a", "p", "a", "Uses"), ComputedEdge("a->b", "a", "b", "Calls"),
             ComputedEdge("b->c", "b", "c", "Calls"), ComputedEdge("a->x", "a", "x", "Sends"),
             ComputedEdge("b->x", "b", "x", "Sends"), ComputedEdge("f->b", "f", "b", "Feeds"))
    view = ComputedView("v", "container", "V", nodes=nodes, edges=edges,
                        boundaries=(ComputedBoundary("s", "S", "Software System"),))
    return replace(view, **changes)


def _ends(view: ComputedView) -> list[tuple[str, str]]:
    return [(e.source, e.destination) for e in view.edges]


def test_an_external_sink_called_from_inside_goes_below_the_boundaries_last_elements() -> None:
    view = _view()
    # x only receives, from inside S; f sends (a source); p is a person; c has nothing onward inside S
    assert split(view, _ends(view)) == Below(("x",), ("c",))
    assert applies(view)


def test_an_element_drawn_with_an_edge_out_is_no_sink() -> None:
    view = _view()
    drawn = [(h, t) if (t, h) == ("b", "x") else (t, h) for t, h in _ends(view)]  # b->x drawn against the flow
    assert split(view, drawn) == Below((), ())


def test_nothing_goes_below_without_boundaries_an_external_sink_or_for_a_view_with_hints() -> None:
    flat = replace(_view(), nodes=tuple(replace(n, parent=None) for n in _view().nodes), boundaries=())
    assert split(flat, _ends(flat)) == Below((), ()) and not applies(flat)
    inward = replace(_view(), edges=tuple(e for e in _view().edges if e.destination != "x"))
    assert not applies(inward)
    steered = _view(hints=(ComputedHint("right_of", ("x", "a")),))
    assert split(steered, _ends(steered)).sinks == ("x",) and not applies(steered)
    assert lines(Below((), ())) == []


def test_the_dot_lines_lead_every_last_element_to_an_invisible_point_and_it_to_every_sink() -> None:
    text = lines(Below(("x", "y"), ("c", "d")))
    assert text[0] == f'"{ANCHOR}" [style=invis shape=point width=0 height=0 label=""];'
    assert text[1:] == [f'"c" -> "{ANCHOR}" [style=invis weight=0];', f'"d" -> "{ANCHOR}" [style=invis weight=0];',
                        f'"{ANCHOR}" -> "x" [style=invis weight=0];', f'"{ANCHOR}" -> "y" [style=invis weight=0];']


def test_dot_draws_the_external_sink_under_the_boundary_and_the_measure_ignores_the_point() -> None:
    styler, icons = Styler(Styles(), THEMES["light"]), IconResolver()
    view = _view()
    found = {}
    for below in (False, True):
        dot = view_to_dot(view, styler, icons, layout=replace(STANDARD, sinks_below=below)).text
        assert (ANCHOR in dot) is below
        geometry = graphviz.layout_json(dot)
        drawing = parse(json.loads(geometry))
        boxes = {e.id: e.box for e in drawing.elements}
        (boundary,) = drawing.boundaries
        found[below] = boxes["x"][3] < boundary.box[1]  # y grows upwards: x's top under S's bottom
        quality = measure_json(geometry)
        assert quality.edge_through_element == 0 and quality.label_overlaps == 0
    assert found == {False: False, True: True}


def test_the_encoding_without_sinks_below_is_unchanged() -> None:
    styler, icons = Styler(Styles(), THEMES["light"]), IconResolver()
    flat = replace(_view(), nodes=tuple(replace(n, parent=None) for n in _view().nodes), boundaries=())
    plain = view_to_dot(flat, styler, icons, layout=STANDARD).text
    assert view_to_dot(flat, styler, icons, layout=replace(STANDARD, sinks_below=True)).text == plain
    assert ANCHOR not in view_to_dot(_view(), styler, icons, layout=STANDARD).text


def test_an_external_system_that_calls_back_is_a_sink_once_its_callback_is_drawn_against_the_flow() -> None:
    base = _view()
    webhook = ComputedEdge("x->b", "x", "b", "Notifies")  # b -> x -> b: the flow draws x -> b reversed
    only_x = replace(base, nodes=tuple(n for n in base.nodes if n.id != "f"),
                     edges=(*(e for e in base.edges if e.source != "f"), webhook))
    assert split(only_x, _ends(only_x)) == Below((), ())  # as the model has them, x sends
    assert applies(only_x)
    styler, icons = Styler(Styles(), THEMES["light"]), IconResolver()
    dot = view_to_dot(only_x, styler, icons, layout=replace(STANDARD, sinks_below=True)).text
    assert f'"{ANCHOR}" -> "x" [style=invis weight=0];' in dot


def test_with_sinks_below_a_callback_drawn_against_the_flow_keeps_its_label_in_its_drawn_tails_boundary() -> None:
    base = _view()
    webhook = ComputedEdge("x->b", "x", "b", "Notifies")
    view = replace(base, edges=(*base.edges, webhook))
    styler, icons = Styler(Styles(), THEMES["light"]), IconResolver()
    source_side = replace(STANDARD, label_home="tail")
    declared = {}
    for below in (False, True):
        dot = view_to_dot(view, styler, icons, layout=replace(source_side, sinks_below=below)).text
        assert '"b" -> "archkit:label:x->b"' in dot and "dir=back" in dot  # drawn from b, against the flow
        line = next(x for x in dot.splitlines() if x.lstrip().startswith('"archkit:label:x->b" ['))
        declared[below] = "inside S" if line.startswith("    ") else "top level"  # S's body is indented twice
    assert declared == {False: "top level", True: "inside S"}
