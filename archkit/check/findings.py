"""Findings: what `check` reports. A finding never stops anything by itself."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

from archkit.errors import printable

Severity = Literal["error", "warning", "info"]
SEVERITY_ORDER: dict[str, int] = {"error": 0, "warning": 1, "info": 2}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem found in a model, with a dotted rule id (``area.problem``) and a hint."""

    file: str
    element: str
    rule: str
    severity: Severity
    message: str
    hint: str = ""
    lineno: int = 0
    """The line in ``file`` (1-based) when known, e.g. the import a ``conform`` finding is about; else 0."""

    def line(self) -> str:
        """``file[:line]: element: message; hint [severity rule]`` — the human-readable form."""
        hint = f"; {self.hint}" if self.hint else ""
        where = f"{self.file}:{self.lineno}" if self.lineno else self.file
        return printable(f"{where}: {self.element}: {self.message}{hint} [{self.severity} {self.rule}]")

    def to_dict(self) -> dict[str, str | int]:
        d = asdict(self)
        keys = ("rule", "severity", "element", "file", "message", "hint") + (("lineno",) if self.lineno else ())
        return {k: d[k] for k in keys}


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.file, SEVERITY_ORDER[f.severity], f.rule, f.element, f.lineno,
                                           f.message))
