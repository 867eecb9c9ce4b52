"""Semantic checks: ``check(workspace) -> list[Finding]``; never raises on model content."""

from archkit.check.findings import Finding, Severity, sort_findings
from archkit.check.rules import RULES, check

__all__ = ["RULES", "Finding", "Severity", "check", "sort_findings"]
