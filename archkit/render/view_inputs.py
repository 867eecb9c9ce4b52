"""What a view's drawing reads of its workspace, split so that an edited description is cheap to judge.

A view's DOT text is a function of the workspace (its model, views, styles, properties and name; never
its arc42 content) and of the render's settings. :func:`model_texts` splits the workspace in two: the
*shape*, a digest of everything but the descriptions of elements and relationships, and those
descriptions by id. A view is computed from the shape, which decides what it shows, and from the
descriptions of what it shows (:func:`shown_ids`: its nodes, the systems or containers its instances
deploy, its boundaries, and the relationships behind its edges). So when the shape is unchanged and
the descriptions of a view's shown ids are unchanged, the view computes to the same thing and its
DOT text is the same: :mod:`archkit.render.freshness` re-uses its files without computing it.
``tests/test_view_inputs.py`` holds this against every element and relationship of the examples.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from archkit.model import Element, Relationship, Workspace
from archkit.views import ComputedView
from archkit.views.catalog import relationship_id


@dataclass(frozen=True)
class ModelTexts:
    """A workspace split for the view cache: the digest of its shape, and the descriptions by id."""

    shape: str
    descriptions: Mapping[str, tuple[str, ...]]
    #: id -> the sha256 of the id and its descriptions (taken once: a large model's views show the same ids)
    by_id: dict[str, bytes] = field(default_factory=dict, compare=False)

    def digest(self, ids: Iterable[str]) -> str:
        """The sha256 of the descriptions of ``ids`` (an id with none, such as a group's boundary, counts
        as itself: a description added to it later changes the shape)."""
        digest = hashlib.sha256()
        for i in sorted(set(ids)):
            if i not in self.by_id:
                data = json.dumps([i, list(self.descriptions.get(i, ()))], ensure_ascii=False)
                self.by_id[i] = hashlib.sha256(data.encode("utf-8", "surrogatepass")).digest()
            digest.update(self.by_id[i])
        return digest.hexdigest()


def model_texts(ws: Workspace, theme: str | None = None) -> ModelTexts:
    """``ws`` split into its shape and the descriptions of its elements and relationships (every
    :class:`Element` and :class:`Relationship` found in ``ws.model``, so what is left out of the shape is
    exactly what is kept by id); ``theme``, a theme the render is given instead of the workspace's, is
    part of the shape."""
    descriptions: dict[str, list[str]] = {}
    exclude: dict[str, Any] = {"arc42": True, "model": _descriptions(ws.model, descriptions)}
    digest = hashlib.sha256(json.dumps(theme).encode() + b"\0")
    digest.update(ws.model_dump_json(exclude=exclude).encode("utf-8", "surrogatepass"))
    shape = digest.hexdigest()
    return ModelTexts(shape, {k: tuple(v) for k, v in descriptions.items()})


def _descriptions(obj: BaseModel, found: dict[str, list[str]]) -> dict[Any, Any]:
    """The pydantic ``exclude`` of the descriptions of every element and relationship in ``obj``, which
    are collected into ``found`` by id."""
    spec: dict[Any, Any] = {}
    if isinstance(obj, Element):
        found.setdefault(obj.id, []).append(obj.description)
        spec["description"] = True
    elif isinstance(obj, Relationship):
        found.setdefault(relationship_id(obj), []).append(obj.description)
        spec["description"] = True
    for name in type(obj).model_fields:
        value = getattr(obj, name)
        if isinstance(value, BaseModel):
            inner = _descriptions(value, found)
            if inner:
                spec[name] = inner
        elif isinstance(value, list | tuple):
            items = {i: inner for i, item in enumerate(value)
                     if isinstance(item, BaseModel) and (inner := _descriptions(item, found))}
            if items:
                spec[name] = items
    return spec


def shown_ids(computed: ComputedView) -> list[str]:
    """The ids whose descriptions ``computed`` can hold: its nodes and what they deploy, its boundaries,
    and the relationships behind its edges."""
    ids = {n.id for n in computed.nodes} | {n.deployed for n in computed.nodes if n.deployed is not None}
    ids |= {b.id for b in computed.boundaries}
    ids |= {r for e in computed.edges for r in e.relationships}
    return sorted(ids)
