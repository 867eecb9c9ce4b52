"""Structurizr's view properties (``properties { }`` in a view, and in ``views``), kept for the exports.

archkit's views have no properties, and archkit draws with none of Structurizr's (``structurizr.groups``,
``plantuml.title``, ...); the importers keep them so that the Structurizr JSON and DSL exports write them back
where they were:

- a view's properties become the workspace property ``structurizr.view.KEY.properties``, their JSON text
  (``archkit.json.*`` ones carry archkit's own fields and a dynamic view's ``plantuml.sequenceDiagram`` is its
  ``style``: neither is kept here);
- the view set's (``views.configuration.properties``) become ``structurizr.views.properties``, but for the
  diagram servers of image views, which those views keep.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from archkit.importers.diagram_urls import SERVER_PROPERTIES
from archkit.importers.vocabulary import ARCHKIT_PREFIX, SEQUENCE_PROPERTY

VIEW_PREFIX = "structurizr.view."
SUFFIX = ".properties"
VIEW_SET_PROPERTY = "structurizr.views.properties"


def _text(props: dict[str, str]) -> str:
    return json.dumps(props, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def keep_view_properties(views: Any, props: dict[str, str]) -> None:
    """Keep the properties of Structurizr's ``views`` (each view's, and the view set's) in ``props``."""
    for collection, found in (views or {}).items():
        if collection == "configuration" or not isinstance(found, list):
            continue
        for view in (v for v in found if isinstance(v, dict) and isinstance(v.get("properties"), dict)):
            own = {str(k): "" if v is None else str(v) for k, v in view["properties"].items()
                   if not str(k).startswith(ARCHKIT_PREFIX)
                   and not (collection == "dynamicViews" and k == SEQUENCE_PROPERTY)}
            if own:
                props[f"{VIEW_PREFIX}{view.get('key')}{SUFFIX}"] = _text(own)
    config = (views or {}).get("configuration") or {}
    raw = config.get("properties") if isinstance(config, dict) else None
    if isinstance(raw, dict):
        own = {str(k): "" if v is None else str(v) for k, v in raw.items() if k not in SERVER_PROPERTIES.values()}
        if own:
            props[VIEW_SET_PROPERTY] = _text(own)


def is_view_property(key: str) -> bool:
    """True for a workspace property that keeps view or view set properties."""
    return key == VIEW_SET_PROPERTY or (key.startswith(VIEW_PREFIX) and key.endswith(SUFFIX))


def _parsed(value: str) -> dict[str, str]:
    try:
        found = json.loads(value)
    except ValueError:
        return {}
    return {str(k): str(v) for k, v in found.items()} if isinstance(found, dict) else {}


def view_properties_kept(props: Mapping[str, str], key: str) -> dict[str, str]:
    """The Structurizr properties kept for the view ``key``."""
    value = props.get(f"{VIEW_PREFIX}{key}{SUFFIX}")
    return _parsed(value) if value is not None else {}


def view_set_properties(props: Mapping[str, str]) -> dict[str, str]:
    """The Structurizr view set properties kept (the diagram servers are the image views')."""
    value = props.get(VIEW_SET_PROPERTY)
    return _parsed(value) if value is not None else {}
