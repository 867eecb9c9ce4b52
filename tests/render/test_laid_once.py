"""The layout search lays out no DOT text twice: the layout hints' check of a candidate (``settled_dot``) is
drawn as the search draws a candidate, and the search takes that drawing instead of running ``dot`` again.
The files are the same bytes as without it."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from archkit.load import load
from archkit.render import draw_view, graphviz
from archkit.render.pipeline import render_views

ROOT = Path(__file__).resolve().parents[2]


def test_a_searched_view_with_layout_hints_lays_out_each_dot_text_once(monkeypatch: pytest.MonkeyPatch) -> None:
    ws = load(str(ROOT / "models" / "hexagonal.py"))
    layouts: Counter[str] = Counter()
    invoke = graphviz._invoke

    def counting(args: list[str], dot: str, timeout: float) -> tuple[bytes, list[str]]:
        if any(arg.startswith("-Tjson") for arg in args):  # a layout the search or the hints' check reads
            layouts[dot] += 1
        return invoke(args, dot, timeout)

    monkeypatch.setattr(graphviz, "_invoke", counting)
    with_memo = render_views(ws, ["svg", "png"], views=["hexagon"], jobs=1, measure=False).artifacts
    assert len(layouts) > 3  # searched: several candidates, each checked for its hints
    assert set(layouts.values()) == {1}

    layouts.clear()
    check = draw_view.misplaced_pairs
    monkeypatch.setattr(draw_view, "misplaced_pairs",
                        lambda setup, computed, dot, laid=None, svg=True: check(setup, computed, dot))
    without = render_views(ws, ["svg", "png"], views=["hexagon"], jobs=1, measure=False).artifacts
    assert max(layouts.values()) == 2  # each checked candidate laid out again by the search
    assert [(a.relpath, a.content) for a in with_memo] == [(a.relpath, a.content) for a in without]
