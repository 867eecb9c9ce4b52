"""The split the view cache's quick key relies on (:mod:`archkit.render.view_inputs`): a description read
by a view is one of the ids it shows, everything else a view reads is in the workspace's shape.

Each element's and each relationship's description of the example models and of a synthetic model is
edited in turn; every view whose DOT text or notes change must show that id, and the shape must not move.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from archkit.load import load
from archkit.model import Element, Relationship, Workspace
from archkit.render.dot import view_to_dot
from archkit.render.layout import choose
from archkit.render.links import drilldown_links
from archkit.render.pipeline import _is_sequence, _setup
from archkit.render.sequence import sequence_dot
from archkit.render.view_inputs import model_texts, shown_ids
from archkit.views import Catalog, compute_view
from archkit.views.catalog import relationship_id

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
from synth import synth  # noqa: E402

MODELS = sorted((ROOT / "models").glob("*.py"))


def drawn(ws: Workspace) -> dict[str, tuple[str, tuple[str, ...], list[str]]]:
    """Per view: its DOT text (first encoding, as the cache keys it), its notes and the ids it shows."""
    views = ws.effective_views()
    catalog = Catalog(ws)
    links = drilldown_links(views, catalog.index.parent)
    base = _setup(ws, None, {}, 60.0)
    out = {}
    for spec in views:
        computed = compute_view(ws, spec, catalog)
        view_links = links.get(spec.key, {})
        if _is_sequence(spec):
            text = sequence_dot(spec, computed, base.styler, base.icons, view_links).text
        else:
            text = view_to_dot(computed, base.styler, base.icons, view_links, choose(computed)).text
        out[spec.key] = (text, computed.notes, shown_ids(computed))
    return out


def described(ws: Workspace) -> list[tuple[str, Element | Relationship]]:
    found: list[tuple[str, Element | Relationship]] = [(e.id, e) for e, _ in ws.model.walk()]
    return found + [(relationship_id(r), r) for r in ws.model.relationships]


def assert_descriptions_are_shown(ws: Workspace) -> int:
    before, shape = drawn(ws), model_texts(ws).shape
    edits = 0
    for ident, item in described(ws):
        original = item.description
        item.description = f"{original} edited"
        try:
            assert model_texts(ws).shape == shape, f"{ident}: a description moved the shape"
            after = drawn(ws)
        finally:
            item.description = original
        changed = [key for key in before if before[key][:2] != after[key][:2]]
        assert all(ident in before[key][2] for key in changed), f"{ident}: changes views {changed} not showing it"
        edits += bool(changed)
    return edits


@pytest.mark.parametrize("model", MODELS, ids=[m.stem for m in MODELS])
def test_a_description_changes_only_views_that_show_its_id(model: Path) -> None:
    assert assert_descriptions_are_shown(load(model)) > 0


def test_a_description_changes_only_views_that_show_its_id_in_a_synthetic_model(tmp_path: Path) -> None:
    import json

    path = tmp_path / "synth-30.json"
    path.write_text(json.dumps(synth(30)))
    assert assert_descriptions_are_shown(load(path)) > 0


def test_everything_but_the_descriptions_is_in_the_shape() -> None:
    ws = load(MODELS[0])
    shape = model_texts(ws).shape
    element = next(e for e, _ in ws.model.walk() if e.technology_text)
    relationship = ws.model.relationships[0]
    for item, field, value in ((element, "name", "Renamed"), (element, "technology", "Go"),
                               (element, "tags", ["Odd"]), (relationship, "technology", "gRPC"),
                               (ws.styles, "theme", "dark"), (ws, "properties", {"archkit.layout": "fast"})):
        original = getattr(item, field)
        setattr(item, field, value)
        try:
            assert model_texts(ws).shape != shape, f"{field} is not in the shape"
        finally:
            setattr(item, field, original)
    assert model_texts(ws).shape == shape
    assert model_texts(ws, "dark").shape != shape  # a theme given to the render instead of the workspace's
    ws.arc42.glossary.clear()  # arc42 content is not drawn in any view
    assert model_texts(ws).shape == shape
