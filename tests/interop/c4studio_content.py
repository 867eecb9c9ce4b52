"""Parse Structurizr DSL files with c4studio's parser (PyPI ``c4studio``, an independent Python parser of the
DSL; ``make tools`` installs it into ``.tools/python``) and print, per file, what it read as JSON: elements,
relationships and views, each by names rather than identifiers (an export may rename identifiers).

Run as ``python c4studio_content.py FILE...`` with ``.tools/python`` on ``PYTHONPATH``; prints one JSON
object ``{FILE: {"elements": [...], "relationships": [...], "views": [...]} | {"error": "..."}}``.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import warnings
from typing import Any

#: Tags Structurizr gives every element or relationship of a kind; a DSL need not write them.
IMPLICIT = {"Element", "Person", "Software System", "Container", "Component", "Deployment Node",
            "Infrastructure Node", "Container Instance", "Software System Instance", "Relationship", "Custom Element"}


def _text(value: Any) -> str:
    return value.value if hasattr(value, "value") else str(value or "")


def _unescaped(text: str) -> str:
    """c4studio keeps the backslash of a ``\\"`` in a quoted string (Structurizr reads a quote)."""
    return text.replace('\\"', '"')


def content(workspace: Any) -> dict[str, list[Any]]:
    """Elements (by the names of their chain of parents), relationships and views of a parsed workspace."""
    data = dataclasses.asdict(workspace)
    names: dict[str, list[str]] = {}
    items: list[tuple[str, dict[str, Any]]] = []

    def walk(node: Any, parent: list[str]) -> None:
        if isinstance(node, dict):
            own = parent
            if "id" in node and ("name" in node or "container_id" in node or "software_system_id" in node):
                target = node.get("container_id") or node.get("software_system_id")
                own = [*parent, node.get("name") or f"instance of {target}"]
                names[node["id"]] = own
                items.append((node["id"], node))
            for key, value in node.items():
                if key not in ("views", "relationships", "documentation"):
                    walk(value, own)
        elif isinstance(node, list):
            for value in node:
                walk(value, parent)

    walk(data["model"], [])

    nodes = {node_id: node for node_id, node in items}

    def named(element_id: str) -> str:
        node = nodes.get(element_id)
        if node is None:
            return f"?{element_id}"
        path = names[element_id]
        target = node.get("container_id") or node.get("software_system_id")
        return " / ".join([*path[:-1], f"instance of {named(target)}"] if target else path)

    elements = sorted({json.dumps([named(node_id), _unescaped(n.get("description", "")), n.get("technology", ""),
                                   sorted(set(n.get("tags") or []) - IMPLICIT), n.get("url", "")])
                       for node_id, n in items})
    relationships = sorted(json.dumps([named(r["source_id"]), named(r["destination_id"]),
                                       _unescaped(r.get("description", "")), r.get("technology", ""),
                                       sorted(set(r.get("tags") or []) - IMPLICIT)])
                           for r in data["model"]["relationships"])
    views = []
    for collection in data["views"].values():
        for view in collection if isinstance(collection, list) else []:
            if isinstance(view, dict) and "type" in view and "key" in view:
                # c4studio keeps a view's description as its title when the view has no title of its own
                views.append(json.dumps([_text(view["type"]), named(view["element_id"]) if view.get("element_id")
                                         else "", view.get("title") or view.get("description", ""),
                                         view.get("environment", "")]))
    return {"elements": elements, "relationships": relationships, "views": sorted(views)}


def main(paths: list[str]) -> None:
    from c4studio.parser.dsl import parse_dsl_file

    out: dict[str, Any] = {}
    for path in paths:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                out[path] = content(parse_dsl_file(path))
            except Exception as exc:  # the parser's refusal is the result: reported, not raised
                out[path] = {"error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1:])
