"""The layout benchmark's Structurizr peer: its text breaking follows Structurizr's, its DOT draws."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from archkit.render import graphviz
from archkit.render.quality import measure_json
from archkit.render.style import LIGHT, Styler
from archkit.views import compute_view
from tests.models import gallery

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"


def _peer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_peer_dot", BENCHMARKS / "peers_structurizr_dot.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


peer = _peer()


def test_break_text_keeps_lines_under_structurizrs_character_budget() -> None:
    # 400 pt at 24 pt: int(400 / 14.4) = 27 characters; a line grows while shorter than that
    assert peer.break_text(400, 24, "Short text") == "Short text"
    text = "Reads streams from and appends events to; Writes snapshots to"
    assert peer.break_text(400, 24, text) == "Reads streams from and<br />appends events to; Writes<br />snapshots to"
    assert peer.break_text(400, 24, "") == ""


def test_the_peer_dot_of_every_gallery_view_draws_and_is_measured_with_archkits_ids() -> None:
    ws = gallery.build()
    styler = Styler(ws.styles, LIGHT)
    for view in ws.effective_views():
        computed = compute_view(ws, view)
        quality = measure_json(graphviz.layout_json(peer.structurizr_dot(computed, styler)))
        assert quality.width > 0 and 0 < quality.fill < 1, view.key
        named = {d.subject for d in quality.defects} | {d.other for d in quality.defects}
        edges = {f"{e.source}->{e.destination}" for e in computed.edges}
        ids = {n.id for n in computed.nodes} | {b.id for b in computed.boundaries}
        assert all(n in edges or n in ids or n.endswith("pt away") for n in named if n), (view.key, named)
