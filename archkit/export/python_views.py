"""The views part of a generated Python model (see :mod:`archkit.export.python_source`)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from archkit.export.python_syntax import call, literal
from archkit.model import (
    ComponentView,
    ContainerView,
    DeploymentView,
    DynamicStep,
    DynamicView,
    FilteredView,
    ImageView,
    LayoutHint,
    ParallelSteps,
    SystemContextView,
    View,
    Workspace,
)
from archkit.model.views import ViewBase, default_key


def view_statements(ws: Workspace, var: Callable[[str], str]) -> list[str]:
    """Statements that add every authored view, in order."""
    out: list[str] = []
    for view in ws.views:
        args, kwargs = _builder_args(view, var)
        if view.key != default_key(view):
            kwargs["key"] = view.key
        for field in ("title", "description"):
            if getattr(view, field):
                kwargs[field] = getattr(view, field)
        layout = {f: getattr(view, f) for f in _LAYOUT if getattr(view, f) != ViewBase.model_fields[f].default}
        selection = {"include": view.include} if view.include != ["*"] else {}
        selection.update({"exclude": view.exclude} if view.exclude else {})
        if not isinstance(view, FilteredView):  # the filtered builder draws with its base's layout
            kwargs.update(selection)
            kwargs.update(layout)
        out.append(call("view", f"workspace.views.{view.type}", args, kwargs))
        if isinstance(view, FilteredView):
            out += [f"view.{f} = {literal(value)}" for f, value in {**selection, **layout}.items()]
        out += [_hint(h, var) for h in view.layout_hints]
        out += [call(None, "view.animate", [var(e) for e in step], {}) for step in view.animation]
        if isinstance(view, DynamicView):
            out += [_step(s, var) for s in view.steps]
    return out


_LAYOUT = ("direction", "rank_separation", "node_separation")


def _hint(hint: LayoutHint, var: Callable[[str], str]) -> str:
    """``view.right_of(a, b)``; ids the model does not have are written as strings."""
    args = [var(e) for e in hint.elements]
    return call(None, f"view.{hint.kind}", args, {"ordered": True} if hint.ordered else {})


def _builder_args(view: View, var: Callable[[str], str]) -> tuple[list[str], dict[str, Any]]:
    if isinstance(view, SystemContextView | ContainerView):
        return [var(view.software_system)], {}
    if isinstance(view, ComponentView):
        return [var(view.container)], {}
    if isinstance(view, DynamicView):
        style = {"style": view.style} if view.style != "collaboration" else {}
        return [var(view.scope) if view.scope else "None"], style
    if isinstance(view, DeploymentView):
        return [literal(view.environment)] + ([var(view.software_system)] if view.software_system else []), {}
    if isinstance(view, FilteredView):
        return [literal(view.base), literal(view.tags)], ({"mode": view.mode} if view.mode != "include" else {})
    if isinstance(view, ImageView):
        kwargs = {f: getattr(view, f) for f in ("source_type", "kroki_format", "server")
                  if getattr(view, f) != ImageView.model_fields[f].default}
        return [literal(view.source)] + ([var(view.element)] if view.element else []), kwargs
    return [], {}


def _step(item: DynamicStep | ParallelSteps, var: Callable[[str], str]) -> str:
    if isinstance(item, DynamicStep):
        args = [var(item.source), var(item.destination)]
        if item.description or item.technology:
            args.append(literal(item.description))
        if item.technology:
            args.append(literal(item.technology))
        return call(None, "view.step", args, {"response": True} if item.response else {})
    if any(s.technology or s.response for branch in item.parallel for s in branch) or not item.parallel:
        data = item.model_dump(mode="json")
        return call(None, "view.steps.append", [f"ParallelSteps.model_validate({literal(data)})"], {})
    branches = [
        "[" + ", ".join(f"({var(s.source)}, {var(s.destination)}, {literal(s.description)})" for s in branch) + "]"
        for branch in item.parallel
    ]
    return call(None, "view.parallel", branches, {})
