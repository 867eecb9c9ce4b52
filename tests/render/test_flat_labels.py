"""A flat hinted edge (its two ends on one rank by the author's hints) has its label as an ``xlabel``, which
takes no room in the layout: the edge's ``minlen`` keeps its ends as far apart as the label needs."""

from __future__ import annotations

import math
import re

import pytest

from archkit import Workspace
from archkit.render import render_dot, render_views


def pair(direction: str, description: str, node_separation: int | None = None) -> Workspace:
    ws = Workspace(name="Shop")
    s = ws.model.software_system("Shop", "Sells.")
    a, b = (s.container(n, f"{n} does things.", "Python") for n in ("A", "B"))
    a.uses(b, description, "Python call")
    view = ws.views.container(s, key="k", direction=direction, node_separation=node_separation)  # type: ignore[arg-type]
    view.same_rank("shop.a", "shop.b")
    return ws


def minlen(ws: Workspace) -> int:
    line = next(x for x in render_dot(ws, "k").splitlines() if 'id="rel-shop.a->shop.b"' in x)
    assert "xlabel=<" in line
    found = re.search(r" minlen=(\d+)", line)
    assert found is not None, line
    return int(found.group(1))


def test_a_flat_edge_s_minlen_grows_with_its_label_along_the_rank() -> None:
    # node_separation=300 (Structurizr's units): nodesep 1 inch = 72 pt whichever candidate is drawn
    short, long = "Calls", "Creates, changes and validates every order line"
    assert minlen(pair("TB", short, 300)) == 2  # "[Python call]" ~59 pt and 8 pt each side: over 72 pt
    assert minlen(pair("TB", long, 300)) == 3  # "Creates, changes and validates" ~168 pt + 16
    # LR: the rank runs down the page, so the label's three lines count (~34 pt), not its width
    assert minlen(pair("LR", long, 300)) == 1
    # twice the node separation: half the units
    assert minlen(pair("TB", long, 600)) == 2
    # none at all: Graphviz's floor of 0.02 inch (1.44 pt) counts (hypothesis found a ZeroDivisionError here)
    assert minlen(pair("TB", short, 0)) == math.ceil((59 + 16) / 1.44) or minlen(pair("TB", short, 0)) > 40


@pytest.mark.parametrize("direction", ["TB", "LR"])
def test_a_flat_edge_s_label_stands_clear_of_both_ends(direction: str) -> None:
    ws = pair(direction, "Creates and changes the orders")
    done = render_views(ws, formats=("svg",), jobs=1)
    q = done.quality["k"]
    assert q.label_overlaps == 0, q.defects
