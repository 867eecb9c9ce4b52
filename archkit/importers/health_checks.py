"""Health checks of container and software system instances, both ways.

Structurizr keeps them on an instance (``healthChecks: [{name, url, interval, timeout, headers}]``; the DSL's
``healthCheck <name> <url> [interval] [timeout]``). archkit has no field for them: they become the instance's
properties ``healthCheck:NAME`` (the URL), ``healthCheck:NAME:interval`` (seconds) and ``healthCheck:NAME:timeout``
(milliseconds), in the order written, and the Structurizr JSON and DSL exports write them back as health checks.
Headers (JSON only: the DSL has no way to give them) are not kept, with a warning.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from archkit.importers.notes import Notes

PREFIX = "healthCheck:"
_NUMBERS = ("interval", "timeout")


def health_check_properties(raw: dict[str, Any], where: str, notes: Notes) -> dict[str, str]:
    """The properties that keep the ``healthChecks`` of a Structurizr instance."""
    out: dict[str, str] = {}
    for i, check in enumerate(raw.get("healthChecks") or []):
        if not isinstance(check, dict):
            raise notes.fail(where, f"health check {i + 1} is not an object", "give name, url, interval, timeout")
        name = str(check.get("name") or f"health check {i + 1}")
        out[f"{PREFIX}{name}"] = str(check.get("url") or "")
        for field in _NUMBERS:
            if check.get(field) is not None:
                out[f"{PREFIX}{name}:{field}"] = str(check[field])
        if check.get("headers"):
            notes.warn(where, f"the headers of health check '{name}' are not kept",
                       "archkit keeps a health check's name, URL, interval and timeout")
    return out


def split_health_checks(properties: dict[str, str]) -> tuple[dict[str, str], list[dict[str, Any]]]:
    """``(other properties, health checks)``: the inverse of :func:`health_check_properties`; numbers that are
    not whole numbers stay properties."""
    rest: dict[str, str] = {}
    checks: dict[str, dict[str, Any]] = {}
    for key, value in properties.items():
        name = key.removeprefix(PREFIX)
        if not key.startswith(PREFIX) or not name:
            rest[key] = value
            continue
        base, _, field = name.rpartition(":")
        if field in _NUMBERS and base:
            if value.strip().isdigit():
                checks.setdefault(base, {"name": base})[field] = int(value)
            else:
                rest[key] = value
        else:
            checks.setdefault(name, {"name": name})["url"] = value
    for name in [n for n, c in checks.items() if "url" not in c]:  # a number without its check: a property
        for field in _NUMBERS:
            if field in checks[name]:
                rest[f"{PREFIX}{name}:{field}"] = str(checks[name][field])
        del checks[name]
    return rest, [{"name": c["name"], "url": c["url"], "interval": c.get("interval", 60),
                   "timeout": c.get("timeout", 0)} for c in checks.values()]


def dsl_health_checks(checks: list[dict[str, Any]], indent: str, q: Callable[[str], str]) -> list[str]:
    """``healthCheck "name" "url" interval timeout`` lines of an instance's block."""
    return [f"{indent}healthCheck {q(c['name'])} {q(c['url'])} {c['interval']} {c['timeout']}" for c in checks]
