"""Structural validation of a Structurizr workspace against Structurizr's own JSON schema.

``structurizr.schema.yaml`` beside this module is Structurizr's OpenAPI
description of the workspace format, shipped unchanged (Apache-2.0, see
``NOTICE.md``). This module checks data against the subset of OpenAPI that the
file uses: ``type`` (object, array, string, number, boolean), ``properties``,
``items``, ``enum`` and ``$ref``. Unknown keys are allowed, as they are in
Structurizr (its own tools add keys such as ``deploymentGroups``).

Two quirks are tolerated: an enum value written with a trailing comma
(``SquareBrackets,``) also accepts the value without it; and a deployment
node's ``instances``, a string in the schema, may be a whole number (``1``), as
Structurizr's own loader and test files have it.

The shipped file predates custom elements (``model.customElements``, the DSL's
``element``): :data:`CUSTOM_ELEMENT` describes them as Structurizr's Java class
writes them, and is added to the loaded schema (the file itself stays unchanged). It also predates
Structurizr 5's element shapes (:data:`NEWER_SHAPES`), added to the loaded ``ElementStyle.shape`` enum.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any

import yaml

SCHEMA_FILE = "structurizr.schema.yaml"
MAX_PROBLEMS = 3
_TEXT = {"type": "string"}
#: Structurizr's ``CustomElement`` (name, metadata, description, tags, url, group, properties, perspectives,
#: relationships), missing from the shipped schema file.
CUSTOM_ELEMENT: dict[str, Any] = {
    "type": "object",
    "properties": {
        **{key: _TEXT for key in ("id", "name", "metadata", "description", "tags", "url", "group")},
        "properties": {"type": "object"},
        "perspectives": {"type": "array", "items": {"$ref": "#/components/schemas/Perspective"}},
        "relationships": {"type": "array", "items": {"$ref": "#/components/schemas/Relationship"}},
    },
}
#: Element shapes Structurizr 5.0.0 added (its changelog: "Added Bucket, Shell, and Terminal shapes"),
#: missing from the shipped schema file's ``ElementStyle.shape`` enum.
NEWER_SHAPES: tuple[str, ...] = ("Bucket", "Shell", "Terminal")


@functools.cache
def _schemas() -> dict[str, Any]:
    text = resources.files("archkit.importers").joinpath(SCHEMA_FILE).read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    document = yaml.load(text, Loader=loader)  # a safe loader (the C one when available)
    schemas: dict[str, Any] = document["components"]["schemas"]
    schemas["CustomElement"] = CUSTOM_ELEMENT
    schemas["ElementStyle"]["properties"]["shape"]["enum"].extend(NEWER_SHAPES)
    schemas["Model"]["properties"]["customElements"] = {
        "type": "array", "items": {"$ref": "#/components/schemas/CustomElement"}}
    return schemas


def schema_problems(data: Any, root: str = "Workspace") -> list[str]:
    """Where ``data`` breaks the schema: ``views.containerViews[0].key: expected a string, got 12``."""
    problems: list[str] = []
    _check(data, {"$ref": f"#/components/schemas/{root}"}, "", problems)
    return problems


def _resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = _schemas()[schema["$ref"].rsplit("/", 1)[-1]]
    return schema


def _type_ok(value: Any, kind: str) -> bool:
    if kind == "object":
        return isinstance(value, dict)
    if kind == "array":
        return isinstance(value, list)
    if kind == "string":
        return isinstance(value, str)
    if kind == "boolean":
        return isinstance(value, bool)
    if kind in ("number", "integer"):
        return isinstance(value, int | float) and not isinstance(value, bool)
    return True


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _describe(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    kind = names.get(type(value), "a number")
    shown = repr(value)
    return kind if isinstance(value, dict | list) or len(shown) > 40 else f"{kind} ({shown})"


def _check(value: Any, schema: dict[str, Any], path: str, problems: list[str]) -> None:
    if len(problems) >= MAX_PROBLEMS:
        return
    schema = _resolve(schema)
    kind = schema.get("type")
    where = path or "workspace"
    if kind is not None and not _type_ok(value, kind):
        article = "an" if kind[0] in "aeiou" else "a"
        problems.append(f"{where}: expected {article} {kind}, got {_describe(value)}")
        return
    whole = schema.get("format") in ("integer", "long")
    if kind in ("number", "integer") and whole and isinstance(value, float) and not value.is_integer():
        problems.append(f"{where}: expected a whole number, got {value!r}")
        return
    allowed = schema.get("enum")
    if allowed is not None and value not in {str(a).rstrip(",") for a in allowed}:
        choices = ", ".join(str(a).rstrip(",") for a in allowed)
        problems.append(f"{where}: {value!r} is not one of {choices}")
        return
    if isinstance(value, dict):
        numbered = schema is _schemas().get("DeploymentNode")
        for key, sub in schema.get("properties", {}).items():
            if key in value and not (numbered and key == "instances" and _whole(value[key])):
                _check(value[key], sub, f"{path}.{key}" if path else key, problems)
    elif isinstance(value, list) and "items" in schema:
        for i, item in enumerate(value):
            _check(item, schema["items"], f"{where}[{i}]", problems)
