"""Explicit step order in a dynamic view (``[order:] a -> b``, Structurizr's DynamicViewContentParser
grammar; the example is the cookbook's "Dynamic view with parallel sequences", docs.structurizr.com):
the order is kept in Structurizr's JSON, repeated numbers are parallel steps in the model, and the DSL
and JSON exports give the same steps back."""

from __future__ import annotations

from pathlib import Path

from archkit.export import export_text
from archkit.export.dsl import to_dsl
from archkit.importers import collected_warnings
from archkit.importers.dsl import parse_dsl
from archkit.load import load, load_bytes
from archkit.model import DynamicStep, DynamicView, ParallelSteps, Workspace

STEPS = """workspace {
    model {
        a = softwareSystem "A"
        b = softwareSystem "B"
        c = softwareSystem "C"
        d = softwareSystem "D"
        e = softwareSystem "E"
        a -> b
        b -> c
        b -> d
        b -> e
    }
    views {
        dynamic * {
%s
            autoLayout
        }
    }
}
"""
COOKBOOK = """            1: a -> b "Makes a request to"
            2: b -> c "Gets data from"
            2: b -> d "Gets data from"
            3: b -> e "Sends data to\""""


def _write(tmp_path: Path, steps: str) -> Path:
    path = tmp_path / "w.dsl"
    path.write_text(STEPS % steps, encoding="utf-8")
    return path


def _orders(data: dict[str, object]) -> list[str]:
    views = data["views"]
    assert isinstance(views, dict)
    return [r["order"] for r in views["dynamicViews"][0]["relationships"]]


def _shape(ws: Workspace) -> list[object]:
    view = next(v for v in ws.views if isinstance(v, DynamicView))
    out: list[object] = []
    for step in view.steps:
        if isinstance(step, ParallelSteps):
            out.append([[(s.source, s.destination) for s in branch] for branch in step.parallel])
        else:
            assert isinstance(step, DynamicStep)
            out.append((step.source, step.destination))
    return out


def test_explicit_orders_are_kept_and_a_repeated_number_is_a_parallel_step(tmp_path: Path) -> None:
    path = _write(tmp_path, COOKBOOK)
    assert _orders(parse_dsl(path)) == ["1", "2", "2", "3"]  # as Structurizr's parser numbers them
    with collected_warnings() as warnings:
        ws = load(path)
    assert warnings == []
    expected = [("a", "b"), [[("b", "c")], [("b", "d")]], ("b", "e")]
    assert _shape(ws) == expected
    again = tmp_path / "again.dsl"
    again.write_text(to_dsl(ws), encoding="utf-8")
    assert _shape(load(again)) == expected
    assert _orders(parse_dsl(again)) == ["1", "2", "2", "3"]
    assert _shape(load_bytes(export_text(ws, "structurizr").encode(), "w.json")) == expected


def test_steps_after_an_explicit_number_go_on_from_it(tmp_path: Path) -> None:
    steps = "            5: a -> b\n            b -> c\n            b -> d"
    assert _orders(parse_dsl(_write(tmp_path, steps))) == ["5", "6", "7"]


def test_an_order_archkit_cannot_hold_is_kept_in_the_json_and_renumbered_with_the_views_line(tmp_path: Path) -> None:
    steps = "            1: a -> b\n            1.1: b -> c\n            1.2: b -> d\n            b -> e"
    path = _write(tmp_path, steps)
    assert _orders(parse_dsl(path)) == ["1", "1.1", "1.2", "2"]
    with collected_warnings() as warnings:
        ws = load(path)
    assert _shape(ws) == [("a", "b"), ("b", "c"), ("b", "d"), ("b", "e")]
    assert [w for w in warnings if w.startswith(f"{path}:14: view 'Dynamic-001'") and "renumbered" in w], warnings

