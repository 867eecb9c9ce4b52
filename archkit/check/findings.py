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

    def line(self) -> str:
        """``file: element: message; hint [severity rule]`` — the human-readable form."""
        hint = f"; {self.hint}" if self.hint else ""
        return printable(f"{self.file}: {self.element}: {self.message}{hint} [{self.severity} {self.rule}]")

    def to_dict(self) -> dict[str, str]:
        d = asdict(self)
        return {k: d[k] for k in ("rule", "severity", "element", "file", "message", "hint")}


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.file, SEVERITY_ORDER[f.severity], f.rule, f.element, f.message))
