"""Sequence-style dynamic views in the exports: D2 ``sequence_diagram``, Structurizr's own
``plantuml.sequenceDiagram`` hint both ways (issue 19). The real tools draw them in
``tests/test_export_tools.py``."""

from __future__ import annotations

import json
import re
from typing import Any

from archkit.export.d2 import to_d2
from archkit.export.dsl import to_dsl
from archkit.export.structurizr_json import structurizr_data
from archkit.importers import import_structurizr
from archkit.load import load_bytes
from archkit.model import DynamicView
from tests.render.test_sequence import _shop


def _d2(style: str = "sequence") -> str:
    return next(d.definition for d in to_d2(_shop(style)) if d.key == "flow")


def test_d2_writes_a_sequence_diagram_with_actors_in_first_use_order_and_a_par_group() -> None:
    text = _d2()
    assert "  shape: sequence_diagram\n" in text
    actors = re.findall(r'^  (\w+): "[^"]*\\n\[', text, re.M)
    assert actors == ["customer", "shop_api", "shop_database", "shop_bus", "payments"]
    numbers = re.findall(r' -> \w+: "([0-9][0-9a-z.]*) ', text)
    assert numbers == ["1", "2", "3a.1", "3a.2", "3b", "4"]
    # the parallel group holds one group per branch, in order, and closes before step 4
    par = text[text.index('"par 3": "par" {'):text.index("shop_api -> customer")]
    assert par.index('"3a": {') < par.index("3a.1") < par.index('"3b": {') < par.index("3b order.placed")
    assert par.endswith("    }\n  }\n  ")  # the last branch's group, then the par group, closed before 4
    response = next(line for line in text.splitlines() if '"4 201 Created' in line)
    asynchronous = next(line for line in text.splitlines() if '"3b order.placed' in line)
    assert "style.stroke-dash: 3" in response and "style.filled: false" in response
    assert "style.stroke-dash" not in asynchronous and "style.filled: false" in asynchronous
    assert "shape: person" in text and "shape: cylinder" in text and "shape: queue" in text
    assert text.count("{") == text.count("}")
    assert "sequence_diagram" not in _d2("collaboration")


def _properties(data: dict[str, Any], key: str) -> dict[str, str]:
    view = next(v for v in data["views"]["dynamicViews"] if v["key"] == key)
    props: dict[str, str] = view.get("properties", {})
    return props


def test_structurizr_json_carries_its_own_sequence_hint_and_reads_it_back() -> None:
    data = structurizr_data(_shop())
    assert _properties(data, "flow") == {"plantuml.sequenceDiagram": "true",
                                         "archkit.json.steps": _properties(data, "flow")["archkit.json.steps"]}
    assert "plantuml.sequenceDiagram" not in _properties(structurizr_data(_shop("collaboration")), "flow")
    back = import_structurizr(json.loads(json.dumps(data)), "shop.json")
    flow = back.workspace.views["flow"]
    assert isinstance(flow, DynamicView) and flow.style == "sequence"
    assert not any("plantuml.sequenceDiagram" in w for w in back.warnings)


def test_a_structurizr_workspace_s_sequence_hint_sets_the_style_and_a_bad_value_is_named() -> None:
    data = structurizr_data(_shop("collaboration"))
    view = next(v for v in data["views"]["dynamicViews"] if v["key"] == "flow")
    view["properties"] = {"plantuml.sequenceDiagram": "TRUE"}  # as a Structurizr author writes it
    flow = import_structurizr(json.loads(json.dumps(data)), "shop.json").workspace.views["flow"]
    assert isinstance(flow, DynamicView) and flow.style == "sequence"
    view["properties"] = {"plantuml.sequenceDiagram": "yes"}
    bad = import_structurizr(json.loads(json.dumps(data)), "shop.json")
    assert bad.workspace.views["flow"].style == "collaboration"  # type: ignore[union-attr]
    assert any("shop.json" in w and "'plantuml.sequenceDiagram' is 'yes', not true or false" in w
               for w in bad.warnings), bad.warnings


def test_the_dsl_writes_the_sequence_hint_as_a_view_property_that_import_reads() -> None:
    text = to_dsl(_shop())
    assert '"plantuml.sequenceDiagram" "true"' in text
    flow = load_bytes(text.encode("utf-8"), "shop.dsl").views["flow"]
    assert isinstance(flow, DynamicView) and flow.style == "sequence"
    assert [s.response for _n, s in flow.numbered_steps()] == [False] * 5 + [True]
    assert "plantuml.sequenceDiagram" not in to_dsl(_shop("collaboration"))
