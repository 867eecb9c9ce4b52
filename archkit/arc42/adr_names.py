"""Architecture decision records' numbers and file names (``decisions/0003-use-postgres.md``).

Apart from :mod:`archkit.arc42.adr` (which writes and reads ADR text) so that ``archkit check``'s
``arc42.decision-file-clash`` names the files without importing the ADR renderer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from archkit.ids import slugify
from archkit.model import Decision


def adr_numbers(decisions: Sequence[Decision]) -> dict[str, int]:
    """The ADR number of each decision: its id when numeric (``0003`` -> 3, ``ADR-7`` -> 7), otherwise
    the next numbers after the highest numeric id, in id order."""
    numbers: dict[str, int] = {}
    for d in decisions:
        m = re.fullmatch(r"(?:adr[-_ ]?)?0*(\d+)", d.id, flags=re.IGNORECASE)
        if m:
            numbers[d.id] = int(m.group(1))
    following = max(numbers.values(), default=0)
    for d in sorted(decisions, key=lambda d: d.id):
        if d.id not in numbers:
            following += 1
            numbers[d.id] = following
    return numbers


def adr_filename(number: int, title: str, ext: str = "md") -> str:
    """``0001-record-architecture-decisions.md`` (``.adoc`` in an AsciiDoc set)."""
    return f"{number:04d}-{slugify(title)[:60].rstrip('-')}.{ext}"


def adr_paths(decisions: Sequence[Decision], ext: str = "md") -> dict[str, str]:
    """Decision id -> ``decisions/NNNN-slug.md`` (``.adoc`` in an AsciiDoc set)."""
    numbers = adr_numbers(decisions)
    return {d.id: f"decisions/{adr_filename(numbers[d.id], d.title, ext)}" for d in decisions}
