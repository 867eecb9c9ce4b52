"""Properties both ways: Structurizr's free-form maps, perspectives, and archkit's own keys.

- Structurizr property values become strings (archkit properties are text).
- Perspectives (``{"name": "Security", "description": "TLS", "value": "high"}``)
  have no archkit field; they become properties ``perspective:Security`` (the
  description), ``perspective:Security:value`` and ``perspective:Security:url``,
  and the exporter turns such properties back into perspectives.
- Keys starting with ``archkit.json.`` carry archkit fields Structurizr has no place
  for (an element's ``icon``, an instance's ``name``, ...), JSON-encoded; the
  importer sets the field and drops the key.
"""

from __future__ import annotations

import json
from typing import Any

from archkit.datafile import parse_json_value
from archkit.importers.notes import Notes
from archkit.importers.vocabulary import ARCHKIT_PREFIX, PERSPECTIVE_PREFIX


def read_properties(raw: dict[str, Any], where: str, notes: Notes) -> tuple[dict[str, str], dict[str, Any]]:
    """``(properties, archkit_fields)`` of a Structurizr element, relationship or view."""
    props: dict[str, str] = {}
    extras: dict[str, Any] = {}
    for key, value in sorted((raw.get("properties") or {}).items()):
        if key.startswith(ARCHKIT_PREFIX) and isinstance(value, str):
            try:  # the parser and limits of a model file: no RecursionError however deep it nests
                extras[key.removeprefix(ARCHKIT_PREFIX)] = parse_json_value(value, f"{notes.source}: {where}: "
                                                                            f"property '{key}'")
                continue
            except json.JSONDecodeError:
                notes.warn(where, f"property '{key}' is not archkit JSON", "kept as a plain property")
        props[key] = _text(value, f"{where}: property '{key}'", notes)
    for i, p in enumerate(raw.get("perspectives") or []):
        name = str(p.get("name") or f"perspective-{i + 1}")
        props[f"{PERSPECTIVE_PREFIX}{name}"] = str(p.get("description") or "")
        for field in ("value", "url"):
            if p.get(field):
                props[f"{PERSPECTIVE_PREFIX}{name}:{field}"] = str(p[field])
    return props, extras


def _text(value: Any, where: str, notes: Notes) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict | list):
        raise notes.fail(where, "value is not text", "Structurizr properties are strings")
    return json.dumps(value)


def write_properties(properties: dict[str, str], extras: dict[str, Any]) -> tuple[dict[str, str], list[dict[str, str]]]:
    """``(properties, perspectives)`` for Structurizr JSON: the inverse of :func:`read_properties`."""
    plain: dict[str, str] = {}
    perspectives: dict[str, dict[str, str]] = {}
    for key, value in properties.items():
        name = key.removeprefix(PERSPECTIVE_PREFIX)
        if key.startswith(PERSPECTIVE_PREFIX) and name:
            base, _, field = name.rpartition(":")
            if field in ("value", "url") and base:
                perspectives.setdefault(base, {"name": base})[field] = value
            else:
                perspectives.setdefault(name, {"name": name})["description"] = value
        else:
            plain[key] = value
    for field, value in extras.items():
        plain[f"{ARCHKIT_PREFIX}{field}"] = json.dumps(value, ensure_ascii=False, sort_keys=True)
    ordered = list(perspectives.values())  # in the order written, as Structurizr keeps them
    for p in ordered:
        p.setdefault("description", "")
    return dict(sorted(plain.items())), ordered
