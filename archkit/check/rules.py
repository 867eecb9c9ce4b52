"""The rule registry. Each rule is ``(ctx) -> None`` and reports through ``ctx.report``."""

from __future__ import annotations

from collections.abc import Callable

from archkit.check import arc42_rules, model_rules, structurizr_rules, style_rules, view_rules
from archkit.check.context import Context
from archkit.check.findings import Finding, sort_findings
from archkit.model import Workspace

Rule = Callable[[Context], None]

RULES: dict[str, Rule] = {
    "model": model_rules.check_model,
    "deployment": model_rules.check_deployment,
    "relationship": model_rules.check_relationships,
    "structurizr": structurizr_rules.check_structurizr,
    "view": view_rules.check_views,
    "dynamic": view_rules.check_dynamic,
    "arc42": arc42_rules.check_arc42,
    "style": style_rules.check_styles,
}


def check(ws: Workspace, file: str = "<workspace>") -> list[Finding]:
    """Run every rule over ``ws``; findings come back sorted (file, severity, rule, element)."""
    ctx = Context(ws, file)
    for rule in RULES.values():
        rule(ctx)
    return sort_findings(list(dict.fromkeys(ctx.findings)))
