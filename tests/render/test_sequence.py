"""Dynamic views drawn as sequence diagrams (``style="sequence"``, issue 19)."""

from __future__ import annotations

import itertools
import re
import struct
from pathlib import Path

import pytest

from archkit.model import DynamicView, Workspace
from archkit.render import render_workspace
from archkit.render.graphviz import MAX_PNG_PIXELS, png_dpi
from archkit.render.icons import icon_root
from archkit.render.pipeline import render_dot


def _shop(style: str = "sequence") -> Workspace:
    ws = Workspace(name="Shop")
    customer = ws.model.person("Customer", "Buys.")
    shop = ws.model.software_system("Shop", "Sells.")
    api = shop.container("API", "Takes orders.", "Python")
    db = shop.container("Database", "Stores orders.", "PostgreSQL", tags="Database")
    bus = shop.container("Bus", "Carries events.", "RabbitMQ", tags="Queue")
    pay = ws.model.software_system("Payments", "Charges cards.")
    pay.container("Gateway", "Talks to the banks.", "Go")
    customer.uses(api, "Orders", "HTTPS")
    api.uses(db, "Stores", "SQL")
    api.uses(bus, "Publishes", "AMQP", interaction="async")
    api.uses(pay, "Charges", "HTTPS")
    ws.views.container(pay, key="payments")
    flow = ws.views.dynamic(shop, key="flow", title="An order", description="From basket to event.", style=style)
    flow.step(customer, api, "POST /orders")
    flow.step(api, pay, "Charges the card")
    flow.parallel([(api, db, "INSERT order"), (api, db, "INSERT lines")], [(api, bus, "order.placed")])
    flow.step(api, customer, "201 Created", response=True)
    return ws


def _svg(ws: Workspace, key: str = "flow") -> str:
    artifacts, _ = render_workspace(ws, ["svg"], views=[key])
    return artifacts[0].content.decode("utf-8")


def test_messages_in_the_svg_run_top_to_bottom_in_step_order() -> None:
    svg = _svg(_shop())
    numbers = [(float(y), n) for y, n in re.findall(r'<text [^>]*y="(-?[0-9.]+)"[^>]*font-weight="bold"[^>]*>'
                                                    r"([0-9]+[a-z.0-9]*)</text>", svg)]
    assert [n for _, n in sorted(numbers)] == ["1", "2", "3a.1", "3a.2", "3b", "4"]
    assert ">par</text>" in svg


def test_responses_are_dashed_and_async_messages_have_open_heads() -> None:
    dot = render_dot(_shop(), "flow")
    arrows = re.findall(r"style=(\w+) arrowhead=(\w+)", dot)
    # 1, 2, 3a.1, 3a.2 requests; 3b asynchronous (the relationship says so); 4 a response
    assert arrows == [("solid", "normal")] * 4 + [("solid", "vee"), ("dashed", "vee")]


def test_participants_go_across_in_order_of_first_use_with_ids_and_drilldown_links() -> None:
    dot = render_dot(_shop(), "flow")
    xs = {m[0]: float(m[1]) for m in re.findall(r'id="el-([^"]+)"[^\n]*pos="([0-9.]+),', dot)}
    # first use, the shop's containers kept together inside its boundary (drawn, with its id)
    assert sorted(xs, key=xs.__getitem__) == ["customer", "shop.api", "shop.database", "shop.bus", "payments"]
    svg = _svg(_shop())
    assert 'id="el-payments"' in svg and 'id="boundary-shop"' in svg and 'id="view-flow"' in svg
    inlined = ("#archkit-icon-", "data:image/png;base64,")  # icons, inside the file
    hrefs = {h for h in re.findall(r'href="([^"]*)"', svg) if not h.startswith(inlined)}
    assert hrefs == {"payments.svg"}  # the only reference outside the file: a sibling diagram


def _icon_of(svg: str, element: str) -> str | None:
    """The inlined PNG (data URI) of the icon drawn inside ``element``'s group of the SVG."""
    group = re.search(rf'<g id="el-{re.escape(element)}" class="node">(.*?)</g>', svg, re.S)
    assert group is not None, element
    used = re.search(r'href="#(archkit-icon-\d+)"', group.group(1))
    if used is None:
        return None
    symbol = re.search(rf'<symbol id="{used.group(1)}"[^>]*>\s*<image [^>]*href="([^"]+)"', svg)
    assert symbol is not None and symbol.group(1).startswith("data:image/png;base64,")
    return symbol.group(1)


@pytest.mark.skipif(icon_root() is None, reason="the `diagrams` package (its icon set) is not installed")
def test_participants_show_the_same_icons_as_in_every_other_view_inlined() -> None:
    ws = _shop()
    ws.views.container(ws.model.index().elements["shop"], key="shop")  # type: ignore[arg-type]
    sequence, containers = _svg(ws), _svg(ws, "shop")
    for element in ("customer", "shop.api", "shop.database", "shop.bus"):  # person glyph, Python, PostgreSQL, RabbitMQ
        drawn = _icon_of(sequence, element)
        assert drawn is not None and drawn == _icon_of(containers, element), element
    assert _icon_of(sequence, "payments") is None  # a system without a technology has none
    assert "onprem/database/postgresql.png" in render_dot(ws, "flow")  # DOT names icons by relative path
    assert not re.search(r'href="(?!#|data:|payments\.svg)', sequence)  # no file or external reference


@pytest.mark.skipif(icon_root() is None, reason="the `diagrams` package (its icon set) is not installed")
def test_a_participant_s_unknown_icon_is_the_same_warning_as_in_other_views() -> None:
    ws = _shop()
    ws.model.index().elements["shop.api"].icon = "onprem.nothing.here"
    artifacts, messages = render_workspace(ws, ["svg"], views=["flow"])
    assert artifacts and any("view 'flow': shop.api: unknown icon 'onprem.nothing.here'" in m for m in messages)


def _long(steps: int, words: int = 18) -> tuple[Workspace, list[str]]:
    """A generated scenario: 15 participants created as Part 0..14 but first used in another order
    (every 4th part), ``steps`` steps of ``words``-word descriptions between parts far apart on the
    page, a parallel group and responses among them; and the participants' ids in order of first use."""
    ws = Workspace(name="Big")
    system = ws.model.software_system("Big", "Many parts.")
    parts = [system.container(f"Part {i}", "Does a part.", "Python") for i in range(15)]
    use = [parts[(4 * i + 7) % 15] for i in range(15)]  # 7, 11, 0, 4, 8, ...: a permutation
    for a, b in itertools.pairwise(use):
        a.uses(b, "Calls", "HTTPS")
    use[-1].uses(use[0], "Calls back", "HTTPS")
    flow = ws.views.dynamic(system, key="long", style="sequence")
    text = " ".join(["word"] * words)
    for i in range(steps):
        a, b = use[i % 15], use[(i + 1) % 15]
        if i == 20:
            flow.parallel([(a, b, f"{i}: parallel {text}")], [(b, a, f"{i}: other branch {text}")])
        else:
            flow.step(b, a, f"{i}: answers {text}", response=True) if i % 7 == 6 else flow.step(a, b, f"{i}: {text}")
    return ws, [p.id for p in use]


def _size(svg: str) -> tuple[float, float]:
    head = re.search(r'<svg width="([0-9.]+)pt" height="([0-9.]+)pt"', svg)
    assert head is not None
    return float(head.group(1)), float(head.group(2))


def test_a_long_scenario_stays_readable_ordered_by_first_use_wrapped_growing_in_height_only() -> None:
    ws, first_use = _long(50)
    dot = render_dot(ws, "long")
    xs = {m[0]: float(m[1]) for m in re.findall(r'id="el-([^"]+)"[^\n]*pos="([0-9.]+),', dot)}
    assert sorted(xs, key=xs.__getitem__) == first_use  # not the order they were created in
    svg = _svg(ws, "long")
    flow = ws.views["long"]
    assert isinstance(flow, DynamicView)
    assert _numbers_top_to_bottom(svg) == [n for n, _s in flow.numbered_steps()]
    # each message's text is wrapped to the room between its lifelines: no line is wider than that
    column = {p: x for p, x in xs.items()}
    for label, source, destination in _message_labels(dot, flow):
        room = abs(column[source] - column[destination]) - 24
        lines = [re.sub(r"<[^>]+>", "", line) for line in label.split("<BR/>")]
        assert len(lines) > 1 and max(len(line) for line in lines) * 5.0 <= max(room, 18 * 5.0), lines
    # the width is one column per participant whatever the steps and their text; the height grows with the steps
    width, height = _size(svg)
    assert width <= 15 * 200 + 2 * 24 + 2 * 18
    fewer, longer = _size(_svg(_long(20)[0], "long")), _size(_svg(_long(50, words=40)[0], "long"))
    assert fewer[0] == width == longer[0]
    assert height > 2 * fewer[1] and longer[1] > height


def _numbers_top_to_bottom(svg: str) -> list[str]:
    """The bold step numbers of the drawn messages, from top to bottom."""
    found = re.findall(r'<text [^>]*y="(-?[0-9.]+)"[^>]*font-weight="bold"[^>]*>([0-9]+[a-z.0-9]*)</text>', svg)
    return [n for _y, n in sorted(((float(y), n) for y, n in found))]


def _message_labels(dot: str, flow: DynamicView) -> list[tuple[str, str, str]]:
    """Each message's label in the pinned DOT, with the ids of its two ends (in step order)."""
    labels = re.findall(r'label=<<FONT POINT-SIZE="10"[^>]*>(<B>[^<]*</B>.*?)</FONT>>', dot)
    steps = [s for _n, s in flow.numbered_steps()]
    assert len(labels) == len(steps)
    return [(label, s.source, s.destination) for label, s in zip(labels, steps, strict=True)]


def test_a_huge_sequence_png_is_drawn_at_a_lower_resolution_as_every_huge_view() -> None:
    ws, _ = _long(50, words=40)
    artifacts, messages = render_workspace(ws, ["svg", "png"], views=["long"])
    svg = next(a.content for a in artifacts if a.relpath.endswith(".svg"))
    assert png_dpi(svg) is not None  # at 96 dpi it would be over the limit
    assert any(re.search(r"view 'long': the PNG is drawn at \d+ dpi", m) for m in messages), messages
    png = next(a.content for a in artifacts if a.relpath.endswith(".png"))
    width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
    assert 0.9 * MAX_PNG_PIXELS <= width * height <= MAX_PNG_PIXELS  # as large as allowed, no larger


def test_sequence_renders_are_byte_for_byte_reproducible() -> None:
    first, _ = render_workspace(_shop(), ["svg", "png", "pdf"], views=["flow"])
    again, _ = render_workspace(_shop(), ["svg", "png", "pdf"], views=["flow"])
    assert [(a.relpath, a.content) for a in first] == [(a.relpath, a.content) for a in again]
    assert [a.relpath for a in first] == ["diagrams/flow.pdf", "diagrams/flow.png", "diagrams/flow.svg"]


def test_the_style_round_trips_through_data_and_collaboration_stays_the_default() -> None:
    ws = _shop()
    data = ws.to_data()
    assert Workspace.from_data(data).views["flow"].style == "sequence"  # type: ignore[union-attr]
    assert "layout=nop2" in render_dot(ws, "flow")
    assert "layout=nop2" not in render_dot(_shop("collaboration"), "flow")


def test_mermaid_and_plantuml_write_sequence_diagrams_with_a_par_block() -> None:
    from archkit.export.mermaid import to_mermaid
    from archkit.export.plantuml import to_plantuml

    mermaid = next(d.definition for d in to_mermaid(_shop()) if d.key == "flow")
    assert mermaid.startswith("sequenceDiagram\n")
    body = [line.strip() for line in mermaid.splitlines() if "->>" in line or "-)" in line or "-->>" in line]
    assert [line.split(": ")[1].split(" ")[0] for line in body] == ["1", "2", "3a.1", "3a.2", "3b", "4"]
    assert "  par\n" in mermaid and "  and\n" in mermaid and "shop_api-->>customer: 4 201 Created" in mermaid
    puml = next(d.definition for d in to_plantuml(_shop()) if d.key == "flow")
    assert puml.startswith("@startuml flow\n") and "\npar\n" in puml and "\nelse\n" in puml and "\nend\n" in puml
    assert " ->> " in puml and " --> " in puml  # the asynchronous message and the response
    # participants in their C4 shapes, the shop's containers in one box; Mermaid draws the box too
    assert '\nactor "Customer' in puml and '\ndatabase "Database' in puml and '\nqueue "Bus' in puml
    assert '\nbox "Shop [Software System]" #transparent\nparticipant "API' in puml and "\nend box\n" in puml
    assert "  box transparent Shop [Software System]\n  participant shop_api" in mermaid
    assert "  actor customer as Customer" in mermaid
    assert next(d.definition for d in to_mermaid(_shop("collaboration")) if d.key == "flow").startswith("C4Dynamic")


def test_the_python_export_keeps_the_style_and_the_responses(tmp_path: Path) -> None:
    from archkit.export.python_source import to_python
    from archkit.load import load

    path = tmp_path / "shop.py"
    path.write_text(to_python(_shop()), encoding="utf-8")
    flow = load(path).views["flow"]
    assert isinstance(flow, DynamicView) and flow.style == "sequence"
    assert [s.response for _n, s in flow.numbered_steps()] == [False] * 5 + [True]


YAML_MODEL = """\
name: Shop
model:
  people:
  - {id: customer, name: Customer}
  software_systems:
  - id: shop
    name: Shop
    containers:
    - {id: shop.api, name: API, technology: Python}
  relationships:
  - {source: customer, destination: shop.api, description: Orders, technology: HTTPS}
views:
- type: dynamic
  key: order
  scope: shop
  style: STYLE
  steps:
  - {source: customer, destination: shop.api, description: Places an order}
  - {source: shop.api, destination: customer, description: Confirms, response: true}
"""


def test_archkit_render_draws_a_yaml_sequence_view_and_refuses_an_unknown_style(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from archkit.cli import app

    model = tmp_path / "shop.yaml"
    model.write_text(YAML_MODEL.replace("STYLE", "sequence"), encoding="utf-8")
    result = CliRunner().invoke(app, ["render", str(model), "-o", str(tmp_path / "out"), "-f", "svg,dot"])
    assert result.exit_code == 0, result.output
    dot = (tmp_path / "out" / "shop" / "diagrams" / "order.dot").read_text(encoding="utf-8")
    assert "layout=nop2" in dot and "style=dashed arrowhead=vee" in dot
    svg = (tmp_path / "out" / "shop" / "diagrams" / "order.svg").read_text(encoding="utf-8")
    assert 'id="el-customer"' in svg and 'id="el-shop.api"' in svg
    model.write_text(YAML_MODEL.replace("STYLE", "sequnce"), encoding="utf-8")
    bad = CliRunner().invoke(app, ["render", str(model), "-o", str(tmp_path / "out")])
    assert bad.exit_code == 2
    assert "style" in bad.output and "sequence" in bad.output and "Traceback" not in bad.output


def test_arc42_runtime_view_shows_the_sequence_diagram_and_a_response_takes_its_relationship(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from archkit.cli import app

    model = tmp_path / "shop.yaml"
    model.write_text(YAML_MODEL.replace("STYLE", "sequence"), encoding="utf-8")
    result = CliRunner().invoke(app, ["docs", str(model), "-o", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    runtime = next((tmp_path / "out").rglob("06_runtime_view.md")).read_text(encoding="utf-8")
    assert "diagrams/order.svg" in runtime
    assert "| 2 | [API]" in runtime and "| Confirms (response) | HTTPS |" in runtime  # a response says so
    drawn = next((tmp_path / "out").rglob("order.svg")).read_text(encoding="utf-8")
    assert ">response</text>" in drawn and 'id="el-shop.api"' in drawn


EXAMPLES = sorted((Path(__file__).resolve().parents[2] / "models").glob("*.py"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_s_sequence_views_draw_their_messages_in_step_order(path: Path) -> None:
    from archkit.load import load
    from archkit.render.sequence import messages, participants
    from archkit.views import compute_view

    ws = load(path)
    views = [v for v in ws.views if isinstance(v, DynamicView) and v.style == "sequence"]
    assert views, f"{path.name}: its main scenario is drawn as a sequence diagram (models/README.md)"
    artifacts, _ = render_workspace(ws, ["svg"], views=[v.key for v in views])
    drawn = {a.relpath: a.content.decode("utf-8") for a in artifacts}
    for view in views:
        svg, computed = drawn[f"diagrams/{view.key}.svg"], compute_view(ws, view)
        steps = messages(view, computed)
        assert len(steps) == len(view.numbered_steps()), f"{view.key}: a step is not drawn"
        assert _numbers_top_to_bottom(svg) == [m.number for m in steps], view.key
        xs = [float(x) for p in participants(computed, steps)
              for x in re.findall(rf'<g id="el-{re.escape(p.id)}" class="node">.*?<text [^>]*x="([0-9.]+)"', svg,
                                  re.S)[:1]]
        assert len(xs) == len(computed.nodes) and xs == sorted(xs), f"{view.key}: participants across the top in order"


def test_a_message_takes_its_relationship_s_style_colour_and_thickness_as_in_every_view() -> None:
    from archkit.export.d2 import to_d2

    ws = _shop()
    ws.styles.relationship("Critical", color="#aa0000", thickness=3)
    charge = next(r for r in ws.model.relationships if r.destination == "payments")
    charge.tags = ["Critical"]
    dot = render_dot(ws, "flow")
    styled = [line for line in dot.splitlines() if 'color="#aa0000"' in line and "arrowhead=" in line]
    assert len(styled) == 1 and "penwidth=3" in styled[0]  # step 2 only, its arrow
    d2 = next(d.definition for d in to_d2(ws) if d.key == "flow")
    assert 'style.stroke: "#aa0000"' in next(line for line in d2.splitlines() if '"2 Charges the card' in line)
