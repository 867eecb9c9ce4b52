"""The rule registry. Each rule is ``(ctx) -> None`` and reports through ``ctx.report``."""

from __future__ import annotations

from collections.abc import Callable

from archkit.check import arc42_rules, model_rules, property_rules, structurizr_rules, style_rules, view_rules
from archkit.check.context import Context
from archkit.check.findings import Finding, sort_findings
from archkit.model import Workspace
from archkit.rules import model_check

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
    "property": property_rules.check_properties,
    "rules": model_check.check_rules,
    "code": model_check.check_code,
}


def check(ws: Workspace, file: str = "<workspace>") -> list[Finding]:
    """Run every rule over ``ws``; findings come back sorted (file, severity, rule, element)."""
    ctx = Context(ws, file)
    for rule in RULES.values():
        rule(ctx)
    return sort_findings(list(dict.fromkeys(ctx.findings)))
