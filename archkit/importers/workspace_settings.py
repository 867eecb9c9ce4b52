"""Structurizr's model properties and workspace ``configuration``, kept as archkit workspace properties.

archkit has one set of workspace properties; Structurizr has workspace properties, model properties
and a ``configuration`` (users, visibility, scope: access control of its service, which archkit does not
apply). The importers keep them so that the Structurizr exports write them back:

- a model property ``KEY`` becomes the workspace property ``structurizr.model.KEY``
  (``structurizr.groupSeparator`` keeps its own name: :mod:`archkit.importers.groups`);
- the configuration becomes the workspace property ``structurizr.configuration``, its JSON text;
- a view's boundary option that differs from Structurizr's default (``enterpriseBoundaryVisible`` false,
  ``externalBoundariesVisible`` and its kin true) becomes ``structurizr.view.KEY.OPTION`` (``true``/``false``):
  the JSON export writes it on the view, the DSL (which has no statement for it) as a workspace property.
  archkit draws its own boundaries either way (the importer warns where that differs).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from archkit.errors import ArchkitError
from archkit.importers.groups import SEPARATOR_PROPERTY
from archkit.importers.view_properties import is_view_property

MODEL_PREFIX = "structurizr.model."
CONFIGURATION_PROPERTY = "structurizr.configuration"
VIEW_PREFIX = "structurizr.view."
#: Structurizr's view options archkit keeps for the exports, with Structurizr's default
VIEW_OPTIONS = {"enterpriseBoundaryVisible": True, "externalSoftwareSystemBoundariesVisible": False,
                "externalContainerBoundariesVisible": False, "externalBoundariesVisible": False}
_DSL_SCOPES = {"Landscape": "landscape", "SoftwareSystem": "softwaresystem"}
_DSL_ROLES = {"ReadOnly": "read", "ReadWrite": "write"}


def keep_configuration(config: Any, props: dict[str, str]) -> None:
    """Keep a Structurizr workspace ``configuration`` (its entries that say something) in ``props``."""
    if isinstance(config, dict) and any(config.values()):
        kept = {k: v for k, v in sorted(config.items()) if v not in (None, "", [], {})}
        props[CONFIGURATION_PROPERTY] = json.dumps(kept, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def keep_model_properties(own: Mapping[str, Any], props: dict[str, str]) -> None:
    """Keep Structurizr model properties (the group separator aside) in ``props`` under :data:`MODEL_PREFIX`."""
    for key, value in sorted(own.items()):
        props[MODEL_PREFIX + str(key)] = "" if value is None else str(value)


def keep_view_options(views: Any, props: dict[str, str]) -> None:
    """Keep the boundary options of Structurizr's ``views`` that differ from its default in ``props``."""
    for collection, found in (views or {}).items():
        if collection == "configuration" or not isinstance(found, list):
            continue
        for view in (v for v in found if isinstance(v, dict)):
            for option, default in VIEW_OPTIONS.items():
                if isinstance(view.get(option), bool) and view[option] != default:
                    props[f"{VIEW_PREFIX}{view.get('key')}.{option}"] = str(view[option]).lower()


def view_options(props: Mapping[str, str]) -> dict[str, dict[str, bool]]:
    """View key -> the kept options of that view (:func:`keep_view_options`)."""
    out: dict[str, dict[str, bool]] = {}
    for key, value in props.items():
        view, _, option = key.removeprefix(VIEW_PREFIX).rpartition(".")
        if key.startswith(VIEW_PREFIX) and option in VIEW_OPTIONS and value in ("true", "false"):
            out.setdefault(view, {})[option] = value == "true"
    return out


def is_kept_setting(key: str) -> bool:
    """True for a workspace property that is a Structurizr model property or the configuration."""
    return key in (SEPARATOR_PROPERTY, CONFIGURATION_PROPERTY) or key.startswith(MODEL_PREFIX) or is_view_property(key)


def workspace_properties(props: Mapping[str, str]) -> dict[str, str]:
    """The workspace properties Structurizr keeps on the workspace itself."""
    return {k: v for k, v in props.items() if not is_kept_setting(k)}


def model_properties(props: Mapping[str, str]) -> dict[str, str]:
    """The Structurizr model properties kept in the workspace properties (the group separator not included)."""
    return {k.removeprefix(MODEL_PREFIX): v for k, v in sorted(props.items()) if k.startswith(MODEL_PREFIX)}


def configuration(props: Mapping[str, str]) -> dict[str, Any]:
    """The Structurizr ``configuration`` kept in the workspace properties (empty when there is none)."""
    text = props.get(CONFIGURATION_PROPERTY)
    if text is None:
        return {}
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ArchkitError(f"workspace property '{CONFIGURATION_PROPERTY}': not a JSON object — write Structurizr's "
                           'configuration as JSON, e.g. {"visibility":"Private"}, or remove the property')
    return data


def dsl_configuration(props: Mapping[str, str], indent: str, quote: Any) -> list[str]:
    """The DSL ``configuration { }`` block of the kept configuration (nothing when there is none)."""
    config = configuration(props)
    inner = indent + "    "
    body = []
    if config.get("scope") in _DSL_SCOPES:
        body.append(f"{inner}scope {_DSL_SCOPES[config['scope']]}")
    if isinstance(config.get("visibility"), str) and config["visibility"]:
        body.append(f"{inner}visibility {config['visibility'].lower()}")
    users = [u for u in config.get("users") or [] if isinstance(u, dict) and u.get("role") in _DSL_ROLES]
    if users:
        body += [f"{inner}users {{", *(f"{inner}    {quote(str(u.get('username', '')))} {_DSL_ROLES[u['role']]}"
                                       for u in users), f"{inner}}}"]
    own = config.get("properties")
    if isinstance(own, dict) and own:
        body += [f"{inner}properties {{",
                 *(f"{inner}    {quote(str(k))} {quote(str(v))}" for k, v in sorted(own.items())), f"{inner}}}"]
    return ["", f"{indent}configuration {{", *body, f"{indent}}}"] if body else []
