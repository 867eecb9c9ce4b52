"""Findings for machines: SARIF 2.1.0 (code-scanning upload) and GitHub workflow annotations.

Both formatters are pure: findings (and the files that failed to load) in, text out; the text holds
no raw control or bidi character (JSON escapes in SARIF, :func:`archkit.errors.printable` escapes
in annotations).
A model finding carries no line number, so its location points at the model file (line 1); a
``conform`` finding points at the line of its import. Both name the element as a logical location.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any

from archkit import __version__
from archkit.check.findings import Finding, sort_findings
from archkit.errors import printable, printable_json

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
_SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_GITHUB_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}

LoadFailure = tuple[str, str]
"""``(file, one-line message)`` for a model file that could not be loaded."""


def to_sarif(findings: Iterable[Finding], load_failures: Sequence[LoadFailure] = ()) -> str:
    """One SARIF 2.1.0 log with one run of archkit; load failures become tool notifications."""
    ordered = sort_findings(list(findings))
    rule_ids = sorted({f.rule for f in ordered})
    index = {rule: i for i, rule in enumerate(rule_ids)}
    run: dict[str, Any] = {
        "tool": {"driver": {
            "name": "archkit",
            "version": __version__,
            "semanticVersion": __version__,
            "rules": [_rule(rule, ordered) for rule in rule_ids],
        }},
        "invocations": [_invocation(load_failures)],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.rule]) for f in ordered],
    }
    log = {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}
    return printable_json(log, indent=2) + "\n"


def _rule(rule: str, findings: list[Finding]) -> dict[str, Any]:
    first = next(f for f in findings if f.rule == rule)
    return {
        "id": rule,
        "name": _pascal(rule),
        "shortDescription": {"text": rule.replace(".", ": ").replace("-", " ")},
        "defaultConfiguration": {"level": _SARIF_LEVEL[first.severity]},
    }


def _pascal(rule: str) -> str:
    words = rule.replace(".", "-").split("-")
    return "".join(w[:1].upper() + w[1:] for w in words if w)


def _result(f: Finding, rule_index: int) -> dict[str, Any]:
    text = f"{f.element}: {f.message}" + (f"; {f.hint}" if f.hint else "")
    key = f"{f.file}\0{f.rule}\0{f.element}\0{f.message}" + (f"\0{f.lineno}" if f.lineno else "")
    fingerprint = hashlib.sha256(key.encode()).hexdigest()
    return {
        "ruleId": f.rule,
        "ruleIndex": rule_index,
        "level": _SARIF_LEVEL[f.severity],
        "message": {"text": text},
        "locations": [{
            "physicalLocation": {
                "artifactLocation": _artifact(f.file),
                "region": {"startLine": f.lineno or 1},
            },
            "logicalLocations": [{"fullyQualifiedName": f.element, "kind": "element"}],
        }],
        "partialFingerprints": {"archkitFinding/v1": fingerprint[:32]},
    }


def _invocation(load_failures: Sequence[LoadFailure]) -> dict[str, Any]:
    notes = [
        {
            "level": "error",
            "message": {"text": message},
            "locations": [{"physicalLocation": {"artifactLocation": _artifact(file)}}],
        }
        for file, message in sorted(load_failures)
    ]
    invocation: dict[str, Any] = {"executionSuccessful": not notes}
    if notes:
        invocation["toolExecutionNotifications"] = notes
    return invocation


def _artifact(file: str) -> dict[str, str]:
    return {"uri": _uri(file), "uriBaseId": "%SRCROOT%"}


def _uri(file: str) -> str:
    """A relative URI reference: forward slashes, no leading ``./``, spaces and ``%`` escaped."""
    path = file.replace("\\", "/").removeprefix("./")
    return path.replace("%", "%25").replace(" ", "%20").replace("#", "%23").replace("?", "%3F")


def to_github(findings: Iterable[Finding], load_failures: Sequence[LoadFailure] = ()) -> str:
    """GitHub Actions workflow commands, one per line: ``::error file=F,title=T::message``."""
    lines = [
        f"::error file={_property(file)},title={_property('archkit load')}::{_data(message)}"
        for file, message in sorted(load_failures)
    ]
    for f in sort_findings(list(findings)):
        message = f"{f.element}: {f.message}" + (f"; {f.hint}" if f.hint else "")
        line = f",line={f.lineno}" if f.lineno else ""
        props = f"file={_property(f.file)}{line},title={_property(f'archkit {f.rule}')}"
        lines.append(f"::{_GITHUB_COMMAND[f.severity]} {props}::{_data(message)}")
    return "".join(line + "\n" for line in lines)


def _data(text: str) -> str:
    """Escape a workflow-command message (the part after ``::``): GitHub's ``%XX`` for ``%`` and line
    breaks, then :func:`printable` for every other control or bidi character."""
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _property(text: str) -> str:
    """Escape a workflow-command property value (``file=``, ``title=``)."""
    return _data(text).replace(":", "%3A").replace(",", "%2C")
