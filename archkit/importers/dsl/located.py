"""Where the JSON import's warnings come from in the DSL: ``file:line`` instead of the file alone.

The DSL parser records the statement that defines each element, relationship, view and style
(:meth:`.context.State.locate`); the JSON importer names them ``element 'id'``, ``relationship 'id'``,
``view 'key'``, ``element style 'tag'``... (:mod:`archkit.importers.notes`). :func:`places` resolves the
records once the ids are final (after :func:`.ids.readable_ids`), :func:`with_places` rewrites the lines.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

_WHERE = re.compile(r"(?:element style|relationship style|element|relationship|view|section) '[^']*'")
_NAMES = {"element": "id", "relationship": "id", "view": "key", "element style": "tag", "relationship style": "tag",
          "section": "filename"}


def places(located: Iterable[tuple[str, dict[str, Any], str]]) -> dict[str, str]:
    """``element 'id'`` (as the JSON import names it) -> ``file:line`` of its definition; the first wins."""
    out: dict[str, str] = {}
    for kind, obj, place in located:
        field = _NAMES.get(kind)
        where = f"{kind} '{obj.get(field)}'" if field else kind
        out.setdefault(where, place)
        if kind == "view":  # gathered view topics name the bare key
            out.setdefault(str(obj.get(field or "key")), place)
    return out


def with_places(lines: Sequence[str], source: str, where: Mapping[str, str]) -> list[str]:
    """``lines`` (``source: where: problem — instead``) each led by the ``file:line`` of what it names;
    a line naming several places (a gathered topic) names the line of each after the first."""
    out = []
    prefix = f"{source}: "
    for line in lines:
        rest = line.removeprefix(prefix)
        head = rest.split(": ", 1)[0]
        if not line.startswith(prefix):
            out.append(line)
            continue
        if head in where:  # "workspace"
            out.append(f"{where[head]}: {rest}")
            continue
        found = [(m.end(), m.group(0)) for m in _WHERE.finditer(head) if m.group(0) in where]
        if not found:  # view keys, as gathered topics name them: "Key1, Key2 and 3 more"
            keys = re.sub(r" and \d+ more$", "", head).split(", ")
            ends = itertools.accumulate(len(p) + 2 for p in keys)
            found = [(end - 2, p) for p, end in zip(keys, ends, strict=True) if p in where]
        if not found:
            out.append(line)
            continue
        for end, name in reversed(found[1:]):
            rest = f"{rest[:end]} ({where[name]}){rest[end:]}"
        out.append(f"{where[found[0][1]]}: {rest}")
    return out
