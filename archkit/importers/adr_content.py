"""The body of an ADR Structurizr holds (``documentation.decisions[].content``), read as archkit reads ADR files.

Structurizr keeps an ADR's whole Markdown text; archkit splits it into context, decision and consequences.
A text in the adr-tools (Nygard) or MADR layout (``* Status:`` bullets or front matter, ``## Context and Problem
Statement``, ``## Decision Outcome`` with ``### Consequences``, ...) is read by :func:`archkit.arc42.adr.parse_adr`,
as ``archkit`` reads an ``adr/`` folder: its metadata lines stay out of the context, its links (``Supersedes``,
``superseded by [ADR-0003](0003-x.md)``) become the decision's links. Any other text is split at its headings
(:func:`archkit.importers.structurizr_extras.split_decision`).
"""

from __future__ import annotations

from typing import Any

from archkit.errors import ImportFormatError
from archkit.importers.notes import Notes


def adr_fields(content: str, ident: str, fmt: str) -> dict[str, Any] | None:
    """``context``, ``decision``, ``consequences`` and ``links`` of a Markdown ADR in either layout, or None when
    the text is not one (no ``# Title``, an unknown status, an id that is not a number)."""
    from archkit.arc42.adr import parse_adr

    if fmt not in ("", "Markdown") or not ident.isdigit():
        return None
    try:
        adr = parse_adr(content, f"{int(ident):04d}-decision.md")
    except ImportFormatError:
        return None
    out: dict[str, Any] = {k: v for k in ("context", "decision", "consequences") if (v := getattr(adr, k))}
    links = [{"relation": link.relation, "target": str(int(link.target))} for link in adr.links]
    if links:
        out["links"] = links
    return out


def keep_known_links(decisions: list[dict[str, Any]], notes: Notes) -> None:
    """Drop (with a warning) the links to decisions the workspace does not hold: ``archkit check`` refuses them."""
    ids = {str(d["id"]) for d in decisions}
    for decision in decisions:
        links = decision.get("links") or []
        for link in (k for k in links if k["target"] not in ids):
            notes.warn(f"decision '{decision['id']}'", f"its link '{link['relation']}' names ADR {link['target']}, "
                       "which the workspace does not hold", "not kept: add that ADR to the folder to keep the link")
        decision["links"] = [k for k in links if k["target"] in ids]
