"""Structurizr image views -> archkit image views: the picture kept as a reference, never downloaded.

A view's ``content`` is a diagram server's URL (``plantuml.url``, ``mermaid.url``, ``kroki.url`` of the
view configuration) with the diagram's source packed in it: archkit keeps the source and the server
(:mod:`archkit.importers.diagram_urls`). Otherwise it is an image: a ``data:`` URI (a local image
Structurizr embedded) or a URL, kept as written. Other content (a ``file:`` URL, a path) is reported
and the view left out.
"""

from __future__ import annotations

from typing import Any

from archkit.images import source_problem
from archkit.importers.diagram_urls import diagram_source
from archkit.importers.notes import Notes
from archkit.importers.properties import read_properties

_FIELDS = ("source", "source_type", "kroki_format", "server")


def image_view(raw: dict[str, Any], servers: dict[str, str], notes: Notes) -> dict[str, Any] | None:
    """archkit view data for one Structurizr image view (None, reported, when its content cannot be kept)."""
    key = str(raw["key"])
    where = f"view '{key}'"
    out: dict[str, Any] = {"type": "image", "key": key, "title": raw.get("title") or "",
                           "description": raw.get("description") or ""}
    if raw.get("elementId") is not None:
        out["element"] = raw["elementId"]
    _props, extras = read_properties(raw, where, notes)  # the properties: kept by importers.view_properties
    content = str(raw.get("content") or "")
    unpacked = diagram_source(content, servers)
    if unpacked is not None:
        language, source, server, kroki_format = unpacked
        out.update(source=source, source_type=language, server=server, kroki_format=kroki_format)
    else:
        out["source"] = content
    out.update({field: extras.pop(field) for field in _FIELDS if field in extras})  # archkit's own export
    for field in sorted(extras):
        notes.warn(where, f"property 'archkit.json.{field}' names no image view field", "ignored")
    if out.get("source_type", "image") == "image":
        problem = "is empty" if not out["source"] else source_problem(str(out["source"]))
        if problem is not None:
            notes.warn(where, f"the image view's content '{str(out['source'])[:60]}' {problem}",
                       "the view is left out: make its content a data: URI or an http(s) URL")
            return None
    return out
