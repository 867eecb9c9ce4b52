"""Where the legend goes once a view is laid out (archkit/render/band.py), on small graphs laid out by
real Graphviz, and on a drawn view."""

from __future__ import annotations

import json
import re

from archkit.render import band, graphviz, render_views
from archkit.render.dot import DotResult, view_to_dot
from archkit.render.drawing import parse
from archkit.render.icons import IconResolver
from archkit.render.layout import ALTERNATIVES, STANDARD
from archkit.render.quality import measure
from archkit.render.style import LIGHT, Styler
from archkit.views import compute_view
from tests.models import gallery


def cell(width: int, height: int, text: str) -> str:
    """An HTML-like label of a fixed size, standing for a title band or a legend."""
    return f'<TABLE BORDER="0" CELLSPACING="0"><TR><TD FIXEDSIZE="TRUE" WIDTH="{width}" HEIGHT="{height}">' \
           f"{text}</TD></TR></TABLE>"


def element(name: str) -> str:
    return f'  "{name}" [id="el-{name}" label="{name}" shape=box width="2.4" height="1.2"];'


def dot(label: str, *body: str) -> str:
    return "\n".join([f"digraph g {{\n  graph [rankdir=TB labelloc=t labeljust=l label=<{label}>];", *body,
                      "}"]) + "\n"


def laid(text: str) -> tuple[dict[str, tuple[float, float]], tuple[float, float]]:
    """Each node's centre and the drawing's width and height, in points, of ``text`` laid out."""
    out = json.loads(graphviz.layout_json(text, timeout=30))
    centres = {o["name"]: tuple(map(float, o["pos"].split(","))) for o in out["objects"] if "pos" in o}
    x0, y0, x1, y1 = map(float, out["bb"].split(","))
    return centres, (x1 - x0, y1 - y0)  # type: ignore[return-value]


TITLE = cell(200, 30, "Title")
WIDE = cell(700, 90, "Title and a wide legend")  # the legend under the title, in many columns
NARROW = cell(220, 150, "Title and a narrow legend")  # the same legend in one column


def test_a_narrow_body_gets_the_band_that_does_not_widen_it_and_keeps_its_layout() -> None:
    body = (element("a"), element("b"), '  "a" -> "b";')
    offered = DotResult(dot(WIDE, *body), bands=(WIDE, NARROW), title=TITLE, legends=())
    before, (width, height) = laid(offered.text)
    assert width > 700  # the band, not the two boxes, made the drawing this wide
    fit = band.choose(offered, graphviz.layout_json(offered.text, timeout=30))
    assert fit.band == 1 and fit.legend == -1 and fit.scale < 0.8
    after, (new_width, new_height) = laid(band.apply(offered, fit))
    assert new_width < 300 and new_width * new_height < width * height * 0.8
    assert after["b"][1] - after["a"][1] == before["b"][1] - before["a"][1]  # the body does not move


def test_a_band_that_saves_nothing_is_left_as_drawn() -> None:
    body = (*[element(name) for name in "abcd"], '  "a" -> "b"; "a" -> "c"; "a" -> "d";')
    offered = DotResult(dot(NARROW, *body), bands=(NARROW, cell(220, 152, "Taller")), title=TITLE, legends=())
    fit = band.choose(offered, graphviz.layout_json(offered.text, timeout=30))
    assert fit == band.Fit() and band.apply(offered, fit) == offered.text


LEGEND = cell(150, 60, "Legend")


def test_a_legend_that_fits_at_the_right_end_of_a_rank_goes_there() -> None:
    # one element above three: room on the top rank, right of "a", for the legend
    body = (*[element(name) for name in "abcd"], '  "a" -> "b"; "a" -> "c"; "a" -> "d";')
    under = cell(200, 100, "Title, the legend under it")
    offered = DotResult(dot(under, *body), bands=(under, cell(360, 62, "Title, the legend beside it")),
                        title=TITLE, legends=(LEGEND,))
    _, (width, height) = laid(offered.text)
    fit = band.choose(offered, graphviz.layout_json(offered.text, timeout=30))
    assert fit.legend == 0 and fit.anchor == "a" and fit.band == 1  # the band in case the rank goes wrong
    text = band.apply(offered, fit)
    assert f"label=<{TITLE}>" in text and '{rank=same; "archkit:legend"; "a"}' in text
    after, (new_width, new_height) = laid(text)
    legend = after["archkit:legend"]
    assert legend[1] == after["a"][1] and legend[0] > after["a"][0]  # on a's rank, to its right
    assert new_width == width and new_height < height  # in room the drawing had: only the band shrank
    quality = measure(parse(json.loads(graphviz.layout_json(text, timeout=30))))
    assert quality.fill > measure(parse(json.loads(graphviz.layout_json(offered.text, timeout=30)))).fill
    fallback = band.without(fit)
    assert fallback is not None and fallback.legend == -1 and band.apply(offered, fallback) == \
        offered.text.replace(under, offered.bands[1])
    assert band.without(band.Fit(band=1)) is None


def test_no_rank_with_room_leaves_the_legend_in_a_band() -> None:
    # a single column: nothing beside any rank but the drawing's own edge
    body = (element("a"), element("b"), '  "a" -> "b";')
    under = cell(200, 100, "Title, the legend under it")
    offered = DotResult(dot(under, *body), bands=(under, cell(200, 101, "Taller")), title=TITLE,
                        legends=(cell(400, 60, "A wide legend"),))
    assert band.choose(offered, graphviz.layout_json(offered.text, timeout=30)).legend == -1


def test_the_views_legend_is_offered_in_every_place_and_drawn_in_the_one_chosen() -> None:
    ws = gallery.build()
    done = render_views(ws, formats=("svg", "dot"), views=["container-orders"])
    text = next(a.content for a in done.artifacts if a.relpath.endswith(".dot")).decode("utf-8")
    assert text.count("<B>Legend</B>") == 1  # one legend: in the title's band or beside a rank
    assert done.quality["container-orders"].fill > 0


def test_the_dot_of_a_view_offers_its_legend_under_the_title_beside_it_and_alone() -> None:
    ws = gallery.build()
    styler = Styler(ws.styles, LIGHT)
    offered = view_to_dot(compute_view(ws, ws.views["container-orders"]), styler, IconResolver(), layout=STANDARD)
    assert f"label=<{offered.bands[0]}>" in offered.text and len(set(offered.bands)) == len(offered.bands) > 2
    assert all(b.count("<B>Legend</B>") == 1 for b in offered.bands) and "Legend" not in offered.title
    assert any(re.search(r"Containers</B>.*</TD><TD [^>]*><TABLE [^>]*BGCOLOR", b) for b in offered.bands)  # beside
    assert len(offered.legends) > 1 and all(legend.startswith("<TABLE") for legend in offered.legends)
    bottom = view_to_dot(compute_view(ws, ws.views["container-orders"]), styler, IconResolver(),
                         layout=ALTERNATIVES[0])
    assert bottom.bands == () and bottom.legends == ()  # the legend a node of its own: nothing to move
