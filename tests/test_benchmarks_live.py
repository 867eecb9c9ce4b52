"""benchmarks/live_preview.py: the element it edits in each example, and the edit itself."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest

from archkit.load import load
from archkit.model import ImageView
from archkit.render.view_inputs import shown_ids
from archkit.views import compute_view

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted((ROOT / "models").glob("*.py"))


def _live() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_live_preview", ROOT / "benchmarks" / "live_preview.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("model", EXAMPLES, ids=lambda p: p.stem)
def test_each_example_gets_an_edit_that_one_view_shows(model: Path, tmp_path: Path) -> None:
    """The description set by the appended statement is held by one view only, and its box shows it."""
    live = _live()
    choice = live.choose(model)
    suffix, base = live.editor(model)
    copy = tmp_path / f"{model.stem}{suffix}"
    live.save(copy, base, choice.element, live.TEXTS[1])
    ws = load(copy)
    assert ws.model.index().elements[choice.element].description == live.TEXTS[1]
    holding = [view.key for view in ws.views if not isinstance(view, ImageView)
               and choice.element in shown_ids(compute_view(ws, view))]
    assert holding == list(choice.views) == [choice.views[0]]
    drawn = compute_view(ws, next(v for v in ws.views if v.key == choice.views[0]))
    assert any(node.description == live.TEXTS[1] for node in drawn.nodes)


def test_a_yaml_model_is_edited_by_writing_its_workspace_back(tmp_path: Path) -> None:
    from tests.test_live_browser import BANK

    live = _live()
    model = tmp_path / "bank.yaml"
    model.write_text(BANK.format(key="description", text="Keeps accounts."))
    choice = live.choose(model)
    assert (choice.element, choice.kind, choice.views) == ("ledger", "SoftwareSystem", ("context",))
    suffix, base = live.editor(model)
    copy = tmp_path / "edited" / f"bank{suffix}"
    copy.parent.mkdir()
    live.save(copy, base, choice.element, live.TEXTS[0])
    assert load(copy).model.index().elements["ledger"].description == live.TEXTS[0]
