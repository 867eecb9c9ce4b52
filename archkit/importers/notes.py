"""Warnings an import collects: one line each, ``file: where: what — what archkit does instead``.

Repeated findings of one kind (positions on every view, animations on several)
are gathered under one topic and reported once, naming every place.
"""

from __future__ import annotations

from archkit.errors import ImportFormatError


class Notes:
    """The warnings of one import, and the way to fail it."""

    def __init__(self, source: str) -> None:
        self.source = source
        self._lines: list[str] = []
        self._topics: dict[str, list[str]] = {}

    def warn(self, where: str, problem: str, instead: str) -> None:
        line = f"{self.source}: {where}: {problem} — {instead}"
        if line not in self._lines:
            self._lines.append(line)

    def gather(self, topic: str, where: str) -> None:
        """Count ``where`` under ``topic`` (``"… is not kept — …"``), reported once at the end."""
        places = self._topics.setdefault(topic, [])
        if where not in places:
            places.append(where)

    def fail(self, where: str, problem: str, fix: str) -> ImportFormatError:
        """The error to raise for an invalid workspace."""
        return ImportFormatError(f"{self.source}: {where}: {problem} — {fix}")

    def lines(self) -> list[str]:
        out = list(self._lines)
        for topic, places in self._topics.items():
            shown = ", ".join(places[:6]) + (f" and {len(places) - 6} more" if len(places) > 6 else "")
            out.append(f"{self.source}: {shown}: {topic}")
        return out
