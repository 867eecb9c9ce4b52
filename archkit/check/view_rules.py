"""Rules over views: scopes, include/exclude references, file names, layout hints, dynamic steps."""

from __future__ import annotations

from archkit.check.context import Context
from archkit.errors import ArchkitError
from archkit.ids import did_you_mean
from archkit.model import DeploymentView, DynamicStep, DynamicView, FilteredView, ImageView, View
from archkit.model.views import scope_problem
from archkit.output import MAX_NAME, is_windows_device, safe_name
from archkit.render.hints import plan
from archkit.render.layout import choose
from archkit.views import Catalog, ComputedHint, compute_view
from archkit.views.hints import unused_by_sequence


def check_views(ctx: Context) -> None:
    idx = ctx.index
    keys = [v.key for v in ctx.ws.views]
    envs = idx.environments()
    tags = _carried_tags(ctx)
    for view in ctx.ws.views:
        where = f"view '{view.key}'"
        problem = scope_problem(view, idx)
        if problem is not None:
            rule, message, hint = problem
            ctx.report(rule, "error", where, message, hint)
        if isinstance(view, DeploymentView) and view.environment not in envs:
            ctx.unknown("view.unknown-environment", where, "environment", view.environment, envs)
        if isinstance(view, FilteredView):
            if view.base not in keys or view.base == view.key:
                ctx.unknown("view.unknown-base", where, "base view", view.base, [k for k in keys if k != view.key])
            elif isinstance(ctx.ws.views[view.base], FilteredView):
                ctx.report("view.filtered-of-filtered", "error", where,
                           "a filtered view cannot filter another filtered view", "filter the underlying view instead")
            elif isinstance(ctx.ws.views[view.base], ImageView):
                ctx.report("view.filtered-of-image", "error", where,
                           f"base view '{view.base}' is an image view: a picture has no elements to filter",
                           "filter a landscape, context, container, component, dynamic or deployment view")
        check_selectors(ctx, view, tags)
        for element in dict.fromkeys(e for step in view.animation for e in step if e not in idx.elements):
            ctx.unknown("view.unknown-element", where, "animation element", element, list(idx.elements))
    check_view_files(ctx)
    check_layout_hints(ctx)


def _carried_tags(ctx: Context) -> tuple[set[str], set[str]]:
    """The tags elements carry (implicit ones too: ``Element``, the kind, ``External``) and those
    relationships carry; empty when no view selects by tag (large models need not pay for it)."""
    if not any(isinstance(v, FilteredView) or any(e.strip().startswith("tag:") for e in [*v.include, *v.exclude])
               for v in ctx.ws.views):
        return set(), set()
    catalog = Catalog(ctx.ws)
    return ({t for el in ctx.index.elements.values() for t in catalog.tags(el)},
            {t for rel in ctx.ws.model.relationships for t in rel.all_tags})


SELECTORS = "element ids, tag:NAME, relationship ids (source->destination) or *"


def check_selectors(ctx: Context, view: View, tags: tuple[set[str], set[str]]) -> None:
    """Every ``include``/``exclude`` entry (and a filtered view's tag) must select something in the
    model: an unknown element or relationship id, or a pattern, is an error; a tag nothing carries
    is a warning. ``tags``: the tags elements carry (implicit ones too), those relationships carry."""
    idx = ctx.index
    where = f"view '{view.key}'"
    entries = [("include", e) for e in view.include] + [("exclude", e) for e in view.exclude]
    if isinstance(view, FilteredView):
        entries += [("filter", f"tag:{t}") for t in view.tags]
    for mode, raw in entries:
        entry = raw.strip()
        if entry == "*":
            continue
        if "*" in entry:
            ctx.report("view.unknown-selector", "error", where,
                       f"{mode} '{entry}' is a pattern, and archkit selects by exact id only",
                       f"use {SELECTORS}")
        elif entry.startswith("tag:"):
            # include selects elements by tag; exclude and a filter, relationships as well
            carried = tags[0] | (tags[1] if mode != "include" else set())
            if entry[4:] not in carried:
                mean = did_you_mean(entry[4:], carried).removeprefix("; ")
                what = "element" if mode == "include" else "element or relationship"
                ctx.report("view.unknown-tag", "warning", where,
                           f"{mode} '{entry}' selects nothing: no {what} carries the tag",
                           mean or "tag what it should select, or remove the entry")
        elif "->" in entry:
            if entry not in idx.relationships:
                ctx.unknown("view.unknown-relationship", where, "relationship", entry, list(idx.relationships))
        elif entry not in idx.elements:
            ctx.unknown("view.unknown-element", where, "element", entry, list(idx.elements))


def check_view_files(ctx: Context) -> None:
    """A view's key names its diagram files: say when it is not a plain file name, and when two
    views would write the same file (on a case-insensitive disk too)."""
    owner: dict[str, str] = {}
    for view in ctx.ws.views:
        where = f"view '{view.key}'"
        name = safe_name(view.key)
        if name != view.key:
            ctx.report("view.unsafe-key", "warning", where, *_unsafe_key(view.key, name))
        first = owner.setdefault(name.lower(), view.key)
        if first != view.key:
            ctx.report("view.key-clash", "error", where,
                       f"views '{first}' and '{view.key}' would both be written as '{name}'",
                       "give one of them another key")


def check_layout_hints(ctx: Context) -> None:
    """``view.layout-hint``: every hint and separation a view asks for is honoured when it is drawn."""
    catalog: Catalog | None = None
    for view in ctx.ws.views:
        where = f"view '{view.key}'"
        if isinstance(view, DynamicView) and (unused := unused_by_sequence(view)):
            message, _, fix = unused.removeprefix(f"{where}: ").partition(" — ")
            ctx.report("view.layout-hint", "warning", where, message, fix)
            continue
        if not view.layout_hints and view.rank_separation is None and view.node_separation is None:
            continue
        if isinstance(view, FilteredView):
            ctx.report("view.layout-hint", "warning", where,
                       "a filtered view is drawn with its base view's layout: its own hints and separations "
                       "are not used", f"move them to view '{view.base}'")
            continue
        reported = _unknown_hint_elements(ctx, view)
        if scope_problem(view, ctx.index) is not None:
            continue
        catalog = catalog or Catalog(ctx.ws)
        try:
            computed = compute_view(ctx.ws, view, catalog)
        except ArchkitError:
            continue  # the view's own problem is reported by check_views
        drawn = {n.id for n in computed.nodes} | {b.id for b in computed.boundaries}
        for problem in plan(computed, choose(computed))[1]:
            if problem.what in reported:
                continue
            reason, fix = _drawn_inside(ctx, drawn, problem.reason, problem.fix)
            ctx.report("view.layout-hint", "warning", where, f"layout hint {problem.what} cannot be honoured: {reason}",
                       fix)


def _drawn_inside(ctx: Context, drawn: set[str], reason: str, fix: str) -> tuple[str, str]:
    """The reason and fix of a hint naming an element the view does not draw because it shows an element around
    it instead (a component in a container view): that element is the one the hint can place."""
    missing = reason.removesuffix("' is not an element of this view")
    if missing == reason or not missing.startswith("'"):
        return reason, fix
    element = missing[1:]
    around = next((a for a in ctx.index.ancestors(element) if a in drawn), None)
    if around is None:
        return reason, fix
    return (f"'{element}' is not drawn on this view: it is shown as part of '{around}'",
            f"name '{around}' instead, or put the hint on a view that draws '{element}'")


def _unknown_hint_elements(ctx: Context, view: View) -> set[str]:
    """Report hints naming ids the model does not have; returns them as ``'text'``."""
    found: set[str] = set()
    for hint in view.layout_hints:
        text = f"'{ComputedHint(hint.kind, tuple(hint.elements), hint.ordered).text()}'"
        for element in (e for e in hint.elements if e not in ctx.index.elements):
            if element in ctx.index.groups:  # drawn as a boundary: hints place elements, not boxes
                ctx.report("view.layout-hint", "warning", f"view '{view.key}'",
                           f"layout hint {text} names group '{element}': hints place elements, not the "
                           "boundaries groups are drawn as", "name an element of the group instead")
            else:
                mean = did_you_mean(element, list(ctx.index.elements)).removeprefix("; ")
                ctx.report("view.layout-hint", "warning", f"view '{view.key}'",
                           f"layout hint {text} names unknown element '{element}'",
                           mean or "use the id of an element on this view")
            found.add(text)
    return found


def _unsafe_key(key: str, name: str) -> tuple[str, str]:
    """Why ``key`` is not used as it is for its file name ``name``, and the fix."""
    if len(key) > MAX_NAME:
        return (f"key is {len(key)} characters long, longer than the {MAX_NAME} a file name made from it may "
                f"have; its diagrams are written as '{name}'", f"use a key of at most {MAX_NAME} characters")
    if is_windows_device(key):
        return (f"key '{key}' is a name Windows reserves for a device; its diagrams are written as '{name}'",
                "use another key (not CON, PRN, AUX, NUL, COM1-9 or LPT1-9, with or without an extension)")
    return (f"key '{key}' is not a plain file name; its diagrams are written as '{name}'",
            "use letters, digits, '-', '_' and '.' in view keys")


def _descendants_or_self(ctx: Context, element_id: str) -> set[str]:
    return {element_id, *ctx.index.descendants(element_id)}


def check_dynamic(ctx: Context) -> None:
    """Every step needs a relationship between its ends (either direction, or between their children)."""
    idx = ctx.index
    pairs = {(r.source, r.destination) for r in ctx.ws.model.relationships}
    for view in ctx.ws.views:
        if not isinstance(view, DynamicView):
            continue
        if not view.steps:
            ctx.report("dynamic.no-steps", "warning", f"view '{view.key}'", "dynamic view has no steps",
                       "add steps with " + ("steps: [{source: ..., destination: ..., description: ...}]"
                                            if ctx.data_file else "view.step(source, destination, description)"))
        for number, step in view.numbered_steps():
            where = f"view '{view.key}' step {number}"
            missing = False
            for end in (step.source, step.destination):
                if end not in idx.elements:
                    ctx.unknown("dynamic.unknown-element", where, "element", end, list(idx.elements))
                    missing = True
            if missing or _has_relationship(ctx, pairs, step):
                continue
            ctx.report("dynamic.no-relationship", "error", where,
                       f"no relationship between '{step.source}' and '{step.destination}'",
                       _relate(ctx, step.source, step.destination))


def _relate(ctx: Context, source: str, destination: str) -> str:
    """How to add the missing relationship, in the model's format (the ids are not Python names)."""
    if ctx.data_file:
        return (f"add it to the model: relationships: [{{source: {source}, destination: {destination}, "
                "description: ..., technology: ...}]")
    return f"add it to the model: .uses({destination!r}, ...) on the element {source!r}"


def _has_relationship(ctx: Context, pairs: set[tuple[str, str]], step: DynamicStep) -> bool:
    sources = _descendants_or_self(ctx, step.source)
    targets = _descendants_or_self(ctx, step.destination)
    return any((s in sources and d in targets) or (s in targets and d in sources) for s, d in pairs)
