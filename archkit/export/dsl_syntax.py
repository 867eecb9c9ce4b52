"""The Structurizr DSL's text: string literals (text blocks for text of several lines), and what the DSL
cannot say about a dynamic view, carried as ``archkit.json.*`` view properties (see :mod:`.dsl`), and a dynamic
view's steps."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from archkit.export.structurizr_json_views import view_properties
from archkit.importers.properties import write_properties
from archkit.importers.view_properties import view_properties_kept
from archkit.model import DeploymentNode, DeploymentView, DynamicStep, DynamicView, FilteredView, Relationship, View


def q(value: str) -> str:
    """A DSL string literal; text of several lines is a text block (``\"\"\"``), which keeps its line breaks."""
    lines = value.replace("\r\n", "\n").strip("\n")
    if "\n" in lines and lines == value and '"""' not in lines and lines == textwrap.dedent(lines) and all(
            line.strip() or not line for line in lines.split("\n")):
        return '"""\n' + lines + '\n"""'
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("\r\n", "\n").replace("\n", "\\n") + '"'


def deployment_includes(view: DeploymentView, nodes: Mapping[str, DeploymentNode]) -> tuple[list[str], bool]:
    """What a deployment view's DSL ``include`` lines name, and whether they still show more than the view.

    In the DSL (Structurizr's and archkit's parser alike) ``include node`` brings everything the node holds and
    an included instance brings the nodes around it. So a node that holds something is not written when an
    entry inside it is (it comes back as that entry's parent); when none is, the line would show the node's whole
    content, which archkit's view does not: True, and the exact list goes in ``archkit.json.include``."""
    def inside(node: DeploymentNode) -> set[str]:
        out: set[str] = set()
        for child in node.children:
            out |= {child.id, *inside(child)}
        out |= {e.id for e in (*node.infrastructure_nodes, *node.software_system_instances,
                               *node.container_instances)}
        return out

    written, wider = [], False
    for entry in view.include:
        node = nodes.get(entry)
        held = inside(node) if node is not None else set()
        if held and held & set(view.include):
            continue
        wider = wider or bool(held)
        written.append(entry)
    return written, wider


def view_extras(view: View, kept: Mapping[str, str], wider: bool = False) -> dict[str, str]:
    """What the DSL cannot say about a view, as ``archkit.json.*`` view properties, by archkit's ids (which a DSL
    import of archkit's export gives back: ``archkit.json.id``): layout hints, an ``include`` of ``*`` and
    more; of a dynamic view, its sequence style (as Structurizr's own ``plantuml.sequenceDiagram``), and the
    steps when one is marked as a response or when Structurizr's numbering of parallel steps would not give
    the same branches back; ``wider``: the ``include`` lines show more than the view
    (:func:`deployment_includes`). ``kept``: the workspace's properties, where Structurizr's own properties of the view
    are kept (:mod:`archkit.importers.view_properties`)."""
    own = {**view_properties_kept(kept, view.key), **view_properties(view)}
    extras: dict[str, Any] = {}
    if wider or ("*" in view.include and len(view.include) > 1):  # `*` and more is archkit's (Structurizr lists)
        extras["include"] = list(view.include)
    if view.layout_hints:
        extras["layout_hints"] = [h.dump() for h in view.layout_hints]
    if not isinstance(view, DynamicView):
        return write_properties(own, extras)[0]
    if view.animation:  # Structurizr has no animation for dynamic views: kept as archkit's
        extras["animation"] = [list(step) for step in view.animation]
    if any(s.response for _n, s in view.numbered_steps()) or not _numbering_keeps_branches(view):
        extras["steps"] = [s.model_dump(mode="json") for s in view.steps]
    return write_properties(own, extras)[0]


def _numbering_keeps_branches(view: DynamicView) -> bool:
    """Whether Structurizr's numbers of the view's parallel steps (each branch counted from the block's
    number) read back as the same branches: no branch is empty, and the last is no longer than the
    longest before it (:func:`archkit.importers.structurizr_views._lettered`)."""
    for item in view.steps:
        if isinstance(item, DynamicStep):
            continue
        lengths = [len(branch) for branch in item.parallel]
        if len(lengths) < 2 or 0 in lengths or lengths[-1] > max(lengths[:-1]):
            return False
    return True


def dsl_steps(view: DynamicView, relationships: Sequence[Relationship], ref: Callable[[str], str],
              indent: str) -> list[str]:
    """The steps of ``view``, parallel ones in ``{ { } }`` blocks (``ref``: an element's DSL identifier)."""
    out = []
    for item in view.steps:
        if isinstance(item, DynamicStep):
            out += _step(item, relationships, ref, indent)
            continue
        out.append(indent + "{")
        for branch in item.parallel:
            out.append(indent + "    {")
            for s in branch:
                out += _step(s, relationships, ref, indent + "        ")
            out.append(indent + "    }")
        out.append(indent + "}")
    return out


def _step(step: DynamicStep, relationships: Sequence[Relationship], ref: Callable[[str], str],
          indent: str) -> list[str]:
    """The step; a description the same as its relationship's also as the step's property
    ``archkit.json.description``, since a DSL parser keeps a step's description only when it differs."""
    line = f"{indent}{ref(step.source)} -> {ref(step.destination)} {q(step.description)} {q(step.technology)}"
    ends = {step.source, step.destination}
    if not step.description or not any({r.source, r.destination} == ends and r.description == step.description
                                        for r in relationships):
        return [line]
    (key, value), = write_properties({}, {"description": step.description})[0].items()
    return [line + " {", f"{indent}    properties {{", f"{indent}        {q(key)} {q(value)}", f"{indent}    }}",
            indent + "}"]


def dsl_filtered(view: FilteredView, kept: Mapping[str, str], indent: str) -> list[str]:
    """``filtered <base> <include|exclude> <tags> [key] [description]``, with a block for its title and the
    Structurizr properties kept for it (``kept``: the workspace's properties)."""
    line = f"filtered {q(view.base)} {view.mode} {q(','.join(view.tags))} {q(view.key)} {q(view.description)}"
    props = view_properties_kept(kept, view.key)
    body = [*([f"title {q(view.title)}"] if view.title else []),
            *(["properties {", *(f"    {q(k)} {q(v)}" for k, v in sorted(props.items())), "}"] if props else [])]
    head = indent + line.removesuffix(' ""')
    return [head] if not body else [f"{head} {{", *(f"{indent}    {b}" for b in body), f"{indent}}}"]
