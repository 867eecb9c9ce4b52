"""Image views in Structurizr's JSON and DSL (see :mod:`archkit.export.structurizr_json_views`, :mod:`.dsl`).

A picture's source is written as Structurizr writes it: ``content`` is the image's URL, ``data:`` URI or
path (a URL relative to the model's folder), or, for PlantUML, Mermaid and Kroki source, the diagram
server's URL with the source packed in it (:mod:`archkit.importers.diagram_urls`); the servers become
the view configuration properties ``plantuml.url``, ``mermaid.url``, ``kroki.url``. Structurizr has one
server per language: a view with another server, or with none, keeps its source under
``archkit.json.*`` view properties, so the JSON round trip is exact. The DSL writes ``plantuml``,
``mermaid``, ``kroki`` and ``image`` statements; what the DSL cannot say (an embedded ``data:`` image,
a diagram without a server) is a comment naming the view, so Structurizr's parser accepts the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from archkit.images import IMAGE_TYPES, data_picture, is_data_uri
from archkit.importers.diagram_urls import SERVER_PROPERTIES, diagram_url
from archkit.importers.notes import Notes
from archkit.importers.properties import write_properties
from archkit.importers.structurizr_images import image_view
from archkit.importers.view_properties import view_set_properties
from archkit.model import ImageView, Workspace

_FIELDS = ("source", "source_type", "kroki_format", "server")


def servers(ws: Workspace) -> dict[str, str]:
    """The view configuration properties naming each language's server: the first image view's that has one."""
    out: dict[str, str] = {}
    for view in ws.views:
        if isinstance(view, ImageView) and view.source_type != "image" and view.server:
            out.setdefault(SERVER_PROPERTIES[view.source_type], view.server)
    return out


def json_image_view(view: ImageView, order: int, known: dict[str, str]) -> dict[str, Any]:
    """One ``imageViews`` item; ``known``: the servers of :func:`servers`."""
    data: dict[str, Any] = {"key": view.key, "order": order}
    data.update({k: getattr(view, k) for k in ("title", "description") if getattr(view, k)})
    if view.element:
        data["elementId"] = view.element
    if view.source_type != "image":
        if view.server:
            data.update(content=diagram_url(view.source_type, view.source, view.server, view.kroki_format),
                        contentType="image/svg+xml")
    else:
        data["content"] = view.source
        picture = data_picture(view.source) if is_data_uri(view.source) else None
        kind = picture.mime if picture else IMAGE_TYPES.get(view.source[view.source.rfind("."):].lower())
        if kind:
            data["contentType"] = kind
    again = image_view(data, known, Notes("export"))
    if again is None or any(again.get(f, ImageView.model_fields[f].default) != getattr(view, f) for f in _FIELDS):
        data["properties"], _ = write_properties({}, {f: getattr(view, f) for f in _FIELDS})
    return data


def dsl_server_properties(ws: Workspace, indent: str, quote: Callable[[str], str]) -> list[str]:
    """The views ``properties`` block: the view set properties kept from Structurizr
    (:mod:`archkit.importers.view_properties`) and the diagram servers (before any image view that needs one)."""
    known = {**view_set_properties(ws.properties), **servers(ws)}
    if not known:
        return []
    return [f"{indent}properties {{", *(f"{indent}    {quote(k)} {quote(v)}" for k, v in sorted(known.items())),
            f"{indent}}}"]


def dsl_image_view(view: ImageView, ref: str, indent: str, quote: Callable[[str], str],
                   known: dict[str, str]) -> list[str]:
    """``image <*|element> <key> { ... }``, or a comment when the DSL cannot hold the picture."""
    inner = indent + "    "
    if view.source_type == "image" and is_data_uri(view.source):
        return [f"{indent}# image view {quote(view.key)}: its picture is embedded (a data: URI), which the DSL "
                "cannot hold — save it beside the workspace and write 'image <file>'"]
    if view.source_type != "image" and ('"""' in view.source or "${" in view.source):
        return [f"{indent}# image view {quote(view.key)}: its source holds '\"\"\"' or '${{', which a DSL text "
                "block cannot keep as written"]
    if view.source_type != "image" and known.get(SERVER_PROPERTIES[view.source_type]) != view.server:
        return [f"{indent}# image view {quote(view.key)}: {view.source_type} source "
                + ("with no server (set server=...)" if not view.server else f"drawn by another server, {view.server}")
                + "; the DSL names one server per language"]
    body = [f"{inner}title {quote(view.title)}"] if view.title else []
    body += [f"{inner}description {quote(view.description)}"] if view.description else []
    if view.source_type == "image":
        body.append(f"{inner}image {quote(view.source)}")
    else:
        keyword = f"kroki {quote(view.kroki_format)}" if view.source_type == "kroki" else view.source_type
        body.append(f"{inner}{keyword} {_text_block(view.source, inner)}")
    return [f"{indent}image {ref} {quote(view.key)} {{", *body, f"{indent}}}"]


def _text_block(text: str, indent: str) -> str:
    """``\"\"\"`` ... ``\"\"\"``: the source's lines, indented as the block's closing quotes are (the DSL takes
    that indentation off every line)."""
    lines = [(indent + line) if line else "" for line in text.split("\n")]
    return '"""\n' + "\n".join(lines) + f'\n{indent}"""'
