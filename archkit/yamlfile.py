"""YAML model text to plain data: PyYAML's ``SafeLoader`` constructors (what ``yaml.safe_load`` uses; no custom
tags, so YAML models are data and never executed), parsed by libyaml when PyYAML has it; the subclass here only
adds a line and column to values that cannot be constructed (``date: 2020-02-30``) and refuses repeated keys.

Apart from :mod:`archkit.datafile` (which reads JSON, and checks the shape of both) so that a JSON model is
loaded without importing PyYAML.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import yaml

from archkit.datafile import clip, short
from archkit.errors import LoadError


class _BadValue(yaml.YAMLError):
    """A value the safe constructors refused (``2020-02-30``, a repeated key), with its position."""

    def __init__(self, message: str, mark: Any, fix: str) -> None:
        super().__init__(message)
        self.message, self.problem_mark, self.fix = message, mark, fix


class _SafeLoader(yaml.SafeLoader):
    """``yaml.SafeLoader`` with the same constructors; values that fail get a position, and a
    key written twice in one mapping is an error instead of silently keeping the last value."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except (yaml.YAMLError, RecursionError):
            raise
        except Exception as exc:
            shown = short(str(node.value) if isinstance(node, yaml.ScalarNode) else node.tag)
            kind = node.tag.rsplit(":", 1)[-1]
            raise _BadValue(f"cannot read {shown} as {kind} ({clip(str(exc))})", node.start_mark,
                            "fix the value, or quote it to keep it as text") from None

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str] = set()
        for key_node, _ in node.value if isinstance(node, yaml.MappingNode) else ():
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                continue
            if key_node.value in seen:
                raise _BadValue(f"key {short(key_node.value)} appears twice in the same mapping",
                                key_node.start_mark, "keep one of them (the first would be lost)")
            seen.add(key_node.value)
        return super().construct_mapping(node, deep)


try:
    from yaml._yaml import CParser
except ImportError:  # PyYAML built without libyaml: the pure-Python parser does it all
    _FastLoader: type[_SafeLoader] | None = None
else:

    class _CSafeLoader(CParser, _SafeLoader):
        """:class:`_SafeLoader` over libyaml's parser: the same constructors and checks, the
        text parsed in C (about 6x faster on a large model)."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)

    _FastLoader = _CSafeLoader


def _load_yaml(text: str) -> Any:
    """YAML through libyaml when it is there; when it refuses the text, the pure-Python parser
    reads it again, so errors keep PyYAML's messages and positions (and its judgement)."""
    if _FastLoader is not None:
        try:
            return yaml.load(text, Loader=_FastLoader)
        except yaml.YAMLError:
            pass
    return yaml.load(text, Loader=_SafeLoader)


def parse_yaml(text: str, name: str) -> Any:
    """Parse ``text`` as YAML; raise one clean :class:`LoadError` naming the line and column."""
    try:
        return _load_yaml(text)
    except _BadValue as exc:
        where = f":{exc.problem_mark.line + 1}:{exc.problem_mark.column + 1}"
        raise LoadError(f"{name}{where}: invalid YAML: {exc.message} — {exc.fix}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise LoadError(f"{name}{where}: invalid YAML: {problem} — fix the syntax") from None
    except RecursionError:
        raise LoadError(f"{name}: nested too deeply to read — flatten the structure") from None


def line_finder(text: str) -> Callable[[Sequence[Any]], int | None]:
    """For a model whose data failed validation: the line (1-based) of the YAML ``text`` a data path
    (``["views", 0, "layout_hints"]``) names, or of the nearest of its parents the text has (a missing key:
    the mapping it is missing from); None when the text cannot be read again. The text is composed (nodes with
    their positions, nothing constructed) once, on the first question: a model that loads never pays for it."""
    composed: list[yaml.Node | None] = []

    def find(path: Sequence[Any]) -> int | None:
        if not composed:
            try:
                composed.append(yaml.compose(text, Loader=_SafeLoader))
            except (yaml.YAMLError, RecursionError):
                composed.append(None)
        node, line = composed[0], None
        for part in path:
            if isinstance(node, yaml.MappingNode):
                found = next(((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)),
                             None)
                if found is None:
                    break
                line, node = found[0].start_mark.line + 1, found[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
                node = node.value[part]
                line = node.start_mark.line + 1
            else:
                break
        return line

    return find
