"""Names of a package imported when first used (PEP 562), so that importing one module of the package
does not bring the rest: ``archkit check`` reads ``render.hints`` without the render pipeline, Jinja2 or
the Structurizr importer.

A package lists ``{name: module}`` and sets ``__getattr__ = lazy.exports(__name__, _EXPORTS, globals())``;
its ``TYPE_CHECKING`` block imports the same names for mypy.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def exports(package: str, names: Mapping[str, str], space: dict[str, Any]) -> Callable[[str], Any]:
    """The module ``__getattr__`` of ``package``: ``names[name]``'s attribute ``name``, imported on first
    use and kept in the package's ``space`` (its globals), so it is looked up once."""

    def __getattr__(name: str) -> Any:
        module = names.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(module), name)
        space[name] = value
        return value

    return __getattr__
