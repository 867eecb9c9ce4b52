"""What every rule receives: the workspace, an index over it, and the file name."""

from __future__ import annotations

from dataclasses import dataclass, field

from archkit.check.findings import Finding, Severity
from archkit.ids import did_you_mean
from archkit.model import ModelIndex, Workspace


@dataclass
class Context:
    ws: Workspace
    file: str
    index: ModelIndex = field(init=False)
    findings: list[Finding] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.index = self.ws.model.index()

    @property
    def data_file(self) -> bool:
        """Whether the model is a YAML or JSON file: hints then name keys (``description: ...``), not the
        Python API's keyword arguments (``description=...``)."""
        return self.file.lower().endswith((".yaml", ".yml", ".json"))

    def key(self, name: str, value: str = "...") -> str:
        """``name=value`` for a Python model, ``name: value`` for a YAML or JSON one."""
        return f"{name}: {value}" if self.data_file else f"{name}={value}"

    def report(self, rule: str, severity: Severity, element: str, message: str, hint: str = "") -> None:
        self.findings.append(Finding(self.file, element, rule, severity, message, hint))

    def unknown(self, rule: str, element: str, what: str, wrong: str, known: list[str]) -> None:
        """Report an unknown reference with a "did you mean" hint."""
        parts = [p.strip() for p in wrong.split(",")]
        if len(parts) > 1 and all(p in known for p in parts):  # YAML's `elements: a, b`: one string, not a list
            self.report(rule, "error", element, f"unknown {what} '{wrong}'",
                        f"a list is written in brackets: [{', '.join(parts)}]")
            return
        mean = did_you_mean(wrong, known).removeprefix("; ")
        self.report(rule, "error", element, f"unknown {what} '{wrong}'",
                    mean or f"use the id of an existing {what.split()[-1]}")
