"""A group of several elements is drawn with less room inside its border than other boundaries
(``GROUP_MARGIN``, render/dot.py); a group around a lone element keeps the layout's margin."""

from __future__ import annotations

import re

from archkit import Workspace
from archkit.render import render_dot
from archkit.render.dot import GROUP_MARGIN
from archkit.render.layout import STANDARD


def _margins(dot: str) -> dict[str, int]:
    """Each boundary's ``margin`` by its id."""
    out = {}
    for line in dot.splitlines():
        found = re.search(r'\bid="boundary-([^"]+)".* margin=(\d+)', line)
        if found:
            out[found.group(1)] = int(found.group(2))
    return out


def _workspace() -> Workspace:
    ws = Workspace(name="Groups")
    m = ws.model
    shop = m.software_system("Shop", "Sells.")
    pair, lone = m.group("Storage"), m.group("Edge")
    api = shop.container("API", "Serves.", "Go")
    db = shop.container("DB", "Stores.", "PostgreSQL", group=pair.id)
    cache = shop.container("Cache", "Caches.", "Redis", group=pair.id)
    edge = shop.container("Gateway", "Routes.", "Envoy", group=lone.id)
    edge.uses(api, "Forwards", "HTTP")
    api.uses(db, "Reads", "SQL")
    api.uses(cache, "Reads", "RESP")
    ws.views.container(shop, key="containers")
    return ws


def test_a_group_of_several_elements_gets_the_group_margin_others_the_layouts() -> None:
    margins = _margins(render_dot(_workspace(), "containers"))
    assert STANDARD.cluster_margin > GROUP_MARGIN
    storage = next(k for k in margins if k.startswith("group:storage"))
    edge = next(k for k in margins if k.startswith("group:edge"))
    assert margins[storage] == GROUP_MARGIN
    assert margins[edge] == STANDARD.cluster_margin  # a lone element: an edge into it would cross its title
    assert margins["shop"] == STANDARD.cluster_margin  # a system's boundary keeps its room
