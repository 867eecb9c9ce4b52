"""What a hint that cannot be honoured says: the view, the hint as the author wrote it, why, and a fix that is
possible, in the author's names (no internal boundary ids, no blame on a tool)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from archkit import LayoutHint, Workspace, check


def test_the_article_fits_the_hint_kind() -> None:
    with pytest.raises(ValidationError, match="an 'above' hint places one element from another"):
        LayoutHint(kind="above", elements=["a", "b", "c"])
    with pytest.raises(ValidationError, match="a 'below' hint names 'a' twice"):
        LayoutHint(kind="below", elements=["a", "a"])


def _grouped() -> tuple[Workspace, Any, Any, Any, Any, Any]:
    """A system with containers A (group Left) and B (group Right), A calling B."""
    ws = Workspace(name="G")
    s = ws.model.software_system("S", "s")
    left, right = ws.model.group("Left", "l"), ws.model.group("Right", "r")
    a = s.container("A", "a", "Go", group=left.id)
    b = s.container("B", "b", "Go", group=right.id)
    a.uses(b, "Calls", "HTTP")
    return ws, s, left, right, a, b


def test_boxes_that_two_hints_put_on_both_sides_of_each_other_are_named_as_the_author_names_them() -> None:
    ws, s, left, right, a, b = _grouped()
    c = s.container("C", "c", "Go", group=right.id)
    b.uses(c, "Calls", "HTTP")
    ws.views.container(s, key="k").right_of(a, b).left_of(a, c)
    messages = [f.message for f in check(ws) if f.rule == "view.layout-hint"]
    conflict = next(m for m in messages if "contradicts" in m)
    assert f"group '{left.id}' and group '{right.id}' are drawn as boxes" in conflict
    assert "group:" not in " ".join(messages) and "@" not in " ".join(messages)


def test_a_hint_on_a_component_in_a_container_view_names_the_container_it_is_drawn_as() -> None:
    ws = Workspace(name="C")
    s = ws.model.software_system("S", "s")
    api, db = s.container("API", "a", "Go"), s.container("DB", "d", "Postgres")
    handler = api.component("Handler", "h", "Go")
    handler.uses(db, "Reads", "SQL")
    ws.views.container(s, key="k").above(handler, db)
    [finding] = [f for f in check(ws) if f.rule == "view.layout-hint"]
    assert f"'{handler.id}' is not drawn on this view: it is shown as part of '{api.id}'" in finding.message
    assert finding.hint == f"name '{api.id}' instead, or put the hint on a view that draws '{handler.id}'"


def test_an_order_across_boundaries_says_what_to_do_instead() -> None:
    ws, s, _left, _right, a, b = _grouped()
    ws.views.container(s, key="k").right_of(b, a)
    [finding] = check(ws)
    assert "Graphviz" not in finding.message + finding.hint
    assert "'above'/'below'" in finding.hint
