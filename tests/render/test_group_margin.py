"""A group of several elements is drawn with less room inside its border than other boundaries
(``GROUP_MARGIN``, render/dot.py); a group around a lone element keeps the layout's margin, and so does every
group of a view past ``budget.SEARCH_WORK``."""

from __future__ import annotations

import re

from archkit import Workspace
from archkit.render import render_dot
from archkit.render.budget import SEARCH_WORK
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


def _workspace(more: int = 0) -> Workspace:
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
    for i in range(more):  # workers, each reading both stores: relationships past the search's work
        worker = shop.container(f"Worker {i}", "Works.", "Go")
        worker.uses(db, "Reads", "SQL")
        worker.uses(cache, "Reads", "RESP")
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


def test_a_view_past_the_search_work_keeps_the_layouts_margin_around_its_groups() -> None:
    margins = _margins(render_dot(_workspace(more=SEARCH_WORK // 2), "containers"))
    storage = next(k for k in margins if k.startswith("group:storage"))
    assert margins[storage] == STANDARD.cluster_margin
