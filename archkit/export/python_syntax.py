"""Python source snippets for generated models: literals and calls, formatted like a person would."""

from __future__ import annotations

import json
from typing import Any


def literal(value: Any) -> str:
    """Python source for a JSON-like value (strings in double quotes, unicode kept)."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return repr(value)
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(literal(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(k)}: {literal(v)}" for k, v in value.items()) + "}"
    return repr(value)


def call(target: str | None, function: str, args: list[str], kwargs: dict[str, Any]) -> str:
    """``target = function(args, key=value)``, one argument per line when it grows long."""
    parts = [*args, *(f"{k}={literal(v)}" for k, v in kwargs.items())]
    head = f"{target} = {function}(" if target else f"{function}("
    line = head + ", ".join(parts) + ")"
    if len(line) <= 100:
        return line
    return head + "\n" + "".join(f"    {p},\n" for p in parts) + ")"
