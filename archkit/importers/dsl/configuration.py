"""Styles, themes, branding, terminology, image views and the workspace ``configuration`` block.

Themes, icons, logos and fonts stay references (their URL or path as written): archkit downloads
nothing and reads no file a style names. An image view's PlantUML, Mermaid or Kroki source becomes
the diagram server's URL, as Structurizr writes it; no server is contacted.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from archkit.importers.diagram_urls import SERVER_PROPERTIES, Language, diagram_url
from archkit.importers.dsl.context import State
from archkit.importers.dsl.model import pairs
from archkit.importers.dsl.source import Node, other_case

_SHAPES = ["Box", "RoundedBox", "Circle", "Ellipse", "Hexagon", "Diamond", "Cylinder", "Bucket", "Pipe", "Person",
           "Robot", "Folder", "WebBrowser", "Window", "Terminal", "Shell", "MobileDevicePortrait",
           "MobileDeviceLandscape", "Component"]
_ENUMS = {
    "shape": {s.lower(): s for s in _SHAPES},
    "border": {"solid": "Solid", "dashed": "Dashed", "dotted": "Dotted"},
    "iconposition": {"top": "Top", "bottom": "Bottom", "left": "Left"},
    "style": {"solid": "Solid", "dashed": "Dashed", "dotted": "Dotted"},
    "routing": {"direct": "Direct", "orthogonal": "Orthogonal", "curved": "Curved"},
}
_NUMBERS = {"strokewidth": "strokeWidth", "fontsize": "fontSize", "width": "width", "height": "height",
            "opacity": "opacity", "thickness": "thickness", "position": "position"}
_TEXT = {"background": "background", "stroke": "stroke", "color": "color", "colour": "color", "icon": "icon"}
_BOOLEANS = {"metadata": "metadata", "description": "description", "dashed": "dashed", "jump": "jump"}
_ELEMENT_KEYS = {"shape", "background", "stroke", "strokewidth", "color", "colour", "icon", "iconposition",
                 "opacity", "border", "fontsize", "width", "height", "metadata", "description"}
_RELATIONSHIP_KEYS = {"thickness", "color", "colour", "dashed", "style", "routing", "fontsize", "width",
                      "position", "opacity", "jump"}
_TERMS = {"person", "softwaresystem", "container", "component", "deploymentnode", "infrastructurenode",
          "relationship", "enterprise"}


def views_configuration(state: State, node: Node, words: list[str]) -> bool:
    """``styles``, ``theme``, ``themes``, ``branding``, ``terminology`` inside ``views``; False otherwise."""
    config = state.ws.data["views"]["configuration"]
    head = words[0].lower() if words else ""
    if head == "styles" and node.children is not None:
        for child in node.children:
            child_words = state.words(child.statement)
            scheme = child_words[0].lower()
            if scheme in ("light", "dark") and child.children is not None:  # styles for one colour scheme
                for grandchild in child.children:
                    _style(state, grandchild, config["styles"], scheme.capitalize())
            elif scheme in ("theme", "themes") and child.children is None:
                views_configuration(state, child, child_words)
            else:
                _style(state, child, config["styles"], None)
    elif head in ("theme", "themes") and node.children is None:
        if len(words) < 2:
            state.fail(f"expected '{words[0]} <url|default>'", "name a theme")
        themes = config.setdefault("themes", [])
        for theme in words[1:]:
            themes.append("https://static.structurizr.com/themes/default/theme.json" if theme == "default" else theme)
    elif head == "branding" and node.children is not None:
        config["branding"] = _branding(state, node)
    elif head == "terminology" and node.children is not None:
        for child in node.children:
            child_words = state.words(child.statement)
            if len(child_words) == 2 and child_words[0].lower() == "metadata":
                config["metadataSymbols"] = _metadata_symbols(state, child_words[1])
                continue
            if len(child_words) != 2 or child_words[0].lower() not in _TERMS:
                state.unexpected(child, f"one of {', '.join(sorted(_TERMS))} and a term")
            key = "softwareSystem" if child_words[0].lower() == "softwaresystem" else child_words[0]
            key = {"deploymentnode": "deploymentNode", "infrastructurenode": "infrastructureNode"}.get(key.lower(), key)
            config["terminology"][key] = child_words[1]
    else:
        return False
    return True


_SYMBOLS = {"square": "SquareBrackets", "round": "RoundBrackets", "curly": "CurlyBrackets",
            "angle": "AngleBrackets", "doubleangle": "DoubleAngleBrackets", "none": "None"}


def _metadata_symbols(state: State, value: str) -> str:
    found = _SYMBOLS.get(value.lower())
    if found is None:
        state.fail(f"'{value}' is not a metadata symbol", f"use one of {', '.join(_SYMBOLS)}")
    return found


def _style(state: State, node: Node, styles: dict[str, Any], scheme: str | None) -> None:
    from archkit.importers.dsl.model import pairs

    words = state.words(node.statement)
    head = words[0].lower()
    if head not in ("element", "relationship") or len(words) != 3 or node.children is None:
        state.unexpected(node, "'element \"Tag\" {' or 'relationship \"Tag\" {'")
    allowed = _ELEMENT_KEYS if head == "element" else _RELATIONSHIP_KEYS
    style: dict[str, Any] = {"tag": words[1]}
    state.locate(f"{head} style", style)
    if scheme:
        style["colorScheme"] = scheme
    for child in node.children:
        child_words = state.words(child.statement)
        key = child_words[0].lower()
        if key == "properties" and child.children is not None:
            style.setdefault("properties", {}).update(pairs(state, child))
            continue
        if key not in allowed or len(child_words) != 2:
            state.unexpected(child, f"one of {', '.join(sorted(allowed))} and a value")
        style.update(_style_value(state, key, child_words[1]))
    collection = styles.setdefault("elements" if head == "element" else "relationships", [])
    existing = next((s for s in collection if s["tag"] == style["tag"] and s.get("colorScheme") == scheme), None)
    if existing is not None:
        existing.update(style)
    else:
        collection.append(style)
    collection.sort(key=lambda s: (s["tag"], s.get("colorScheme") or ""))


def _style_value(state: State, key: str, value: str) -> dict[str, Any]:
    if key in _ENUMS:
        found = _ENUMS[key].get(value.lower())
        if found is None:
            state.fail(f"'{value}' is not a valid {key}", f"use one of {', '.join(_ENUMS[key].values())}")
        return {"iconPosition" if key == "iconposition" else key: found}
    if key in _NUMBERS:
        if not value.isdigit():
            state.fail(f"{key} '{value}' is not a whole number", "give a number")
        return {_NUMBERS[key]: int(value)}
    if key in _BOOLEANS:
        if value.lower() not in ("true", "false"):
            state.fail(f"{key} '{value}' is not true or false", "give true or false")
        return {_BOOLEANS[key]: value.lower() == "true"}
    text = value.lower() if value.startswith("#") else value
    return {_TEXT[key]: text}


def _branding(state: State, node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for child in node.children or []:
        words = state.words(child.statement)
        if words[0].lower() == "logo" and len(words) == 2:
            out["logo"] = words[1]
        elif words[0].lower() == "font" and len(words) in (2, 3):
            out["font"] = {"name": words[1], **({"url": words[2]} if len(words) == 3 else {})}
        else:
            state.unexpected(child, "'logo <path|url>' or 'font <name> [url]'")
    return out


def workspace_configuration(state: State, node: Node) -> None:
    """``configuration { scope ..., visibility ..., users { name read|write }, properties { name value } }``."""
    config = state.ws.data["configuration"]
    for child in node.children or []:
        words = state.words(child.statement)
        head = words[0].lower()
        if head == "scope" and len(words) == 2:
            scopes = {"landscape": "Landscape", "softwaresystem": "SoftwareSystem", "none": None}
            if words[1].lower() not in scopes:
                state.fail(f"'{words[1]}' is not a workspace scope", "use landscape, softwaresystem or none")
            if scopes[words[1].lower()]:
                config["scope"] = scopes[words[1].lower()]
        elif head == "visibility" and len(words) == 2:
            config["visibility"] = words[1].capitalize()
        elif head == "properties" and child.children is not None:  # Structurizr's inspection settings and more
            config.setdefault("properties", {}).update(pairs(state, child))
        elif head == "users" and child.children is not None:
            for user in child.children:
                pair = state.words(user.statement)
                if len(pair) != 2 or pair[1].lower() not in ("read", "write"):
                    state.unexpected(user, "'<username> <read|write>'")
                config.setdefault("users", []).append(
                    {"username": pair[0], "role": "ReadOnly" if pair[1].lower() == "read" else "ReadWrite"})
        else:
            state.unexpected(child, "scope, visibility, users or properties")


def image_view(state: State, node: Node, words: list[str], order: int, key: tuple[str, bool], *,
               store: bool = True) -> None:
    """``image <*|element> [key] { plantuml|mermaid|kroki|image ... }``."""
    if len(words) < 2 or len(words) > 3:
        state.fail("expected 'image <*|identifier> [key] {'", "fix the view's definition")
    data: dict[str, Any] = {"key": key[0], "order": order}
    state.locate("view", data)
    if words[1] != "*":
        data["elementId"] = state.element(words[1], _no_scope()).id
    properties = state.ws.data["views"]["configuration"].get("properties") or {}
    for child in node.children or []:
        child_words = state.words(child.statement)
        head = child_words[0].lower()
        if head in ("title", "description") and len(child_words) == 2:
            data[head] = child_words[1]
        elif head in ("plantuml", "mermaid") and len(child_words) == 2:
            language: Language = "plantuml" if head == "plantuml" else "mermaid"
            source = _diagram_source(state, child_words[1])
            data["content"] = diagram_url(language, source, _server(state, properties, SERVER_PROPERTIES[language]))
            data["contentType"] = "image/svg+xml"
        elif head == "kroki" and len(child_words) == 3:
            source = _diagram_source(state, child_words[2])
            data["content"] = diagram_url("kroki", source, _server(state, properties, "kroki.url"), child_words[1])
            data["contentType"] = "image/svg+xml"
        elif head == "image" and len(child_words) == 2:
            data.update(_image(state, child_words[1]))
        elif head in ("light", "dark") and child.children is not None:
            # a variant per colour scheme: Structurizr's JSON has no field for it; the default image stands
            image_view(state, child, ["image", "*"], order, key, store=False)
        else:
            state.unexpected(child, "plantuml, mermaid, kroki, image, title or description")
    if store:
        state.ws.data["views"].setdefault("imageViews", []).append(data)


_IMAGE_TYPES = {".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".gif": "image/gif",
                ".svg": "image/svg+xml"}
_DIAGRAM_SUFFIXES = (".puml", ".plantuml", ".pu", ".mmd", ".mermaid", ".dot", ".gv", ".txt", ".d2")


def _diagram_source(state: State, text: str) -> str:
    """A diagram's source: written inline, or a file of the workspace folder (``diagram.puml``); a URL would
    be downloaded, and is refused."""
    if "://" in text and "\n" not in text:
        state.fail(f"the diagram source {text} is a URL, which Structurizr downloads", "put the source in a file "
                   "of the workspace folder, or inline in a text block")
    if "\n" not in text and text.lower().endswith(_DIAGRAM_SUFFIXES):
        from archkit.importers.dsl.source import read_text

        path = _existing(state, text, "image source")
        state.sources.files.append(path)
        return read_text(path, str(path))
    return text


def _existing(state: State, name: str, what: str) -> Path:
    """The file ``name`` of the workspace folder, or an error naming the DSL line that names it."""
    path = state.confined(name, what)
    if not path.is_file():
        state.fail(f"{what} '{name}': no such file{other_case(path, state.sources.root)}",
                   "check the path (relative to the workspace folder), or copy the file there")
    return path


def _image(state: State, source: str) -> dict[str, str]:
    """``image <file|url>``: a URL stays a link; a file of the workspace folder is embedded (a data URI)."""
    if "://" in source:
        return {"content": source, "contentType": _IMAGE_TYPES.get(source[source.rfind("."):].lower(), "")}
    from archkit.userfile import read_user_file

    path = _existing(state, source, "image")
    kind = _IMAGE_TYPES.get(path.suffix.lower())
    if kind is None:
        state.fail(f"'{source}' is not a PNG, JPEG, GIF or SVG image", "name an image file")
    state.sources.files.append(path)
    encoded = base64.b64encode(read_user_file(path, name=source)).decode()
    return {"content": f"data:{kind};base64,{encoded}", "contentType": kind}


def _no_scope() -> Any:
    from archkit.importers.dsl.context import Scope

    return Scope()


def _server(state: State, properties: dict[str, str], key: str) -> str:
    url = properties.get(key)
    if not url:
        state.fail(f"the views property '{key}' is not set", f"add 'properties {{ \"{key}\" <url> }}' to views")
    return url.rstrip("/")
