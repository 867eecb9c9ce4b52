"""Structurizr styles and documentation -> archkit styles and arc42 content.

Styles: tag, shape, colours, border, font size and opacity map one to one;
what archkit cannot draw (icons from URLs, widths, metadata switches,
dark-scheme variants, branding) is reported; themes are kept as references (never downloaded).

Documentation: decisions become arc42 decisions (status, date, the element they
concern; the Markdown or AsciiDoc body is split at its Context / Decision /
Consequences headings). Sections become arc42 content: one titled
"Introduction…" the introduction, every other one a cross-cutting concept.
Sections and decisions attached to a software system, container or component
are imported the same way and linked to that element where archkit can.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from archkit.ids import slugify
from archkit.importers.adr_content import adr_fields, keep_known_links
from archkit.importers.diagram_urls import SERVER_PROPERTIES
from archkit.importers.notes import Notes
from archkit.importers.structurizr_index import RawIndex
from archkit.importers.vocabulary import BORDERS_IN, SHAPES_APPROXIMATED, SHAPES_IN, STATUSES_IN

_HEX = re.compile(r"^#([0-9A-Fa-f]{3}|[0-9A-Fa-f]{6})$")
_ELEMENT_STYLE_KEYS = {"tag", "shape", "background", "color", "colour", "stroke", "border", "fontSize",
                       "opacity", "colourScheme"}
_RELATIONSHIP_STYLE_KEYS = {"tag", "color", "colour", "thickness", "dashed", "style", "colourScheme"}
_HEADING = re.compile(r"^(#{1,6}|={1,6})\s+(.*?)\s*#*\s*$")
_PARTS = {"context": "context", "context and problem statement": "context", "decision": "decision",
          "decision outcome": "decision", "consequences": "consequences", "status": "", "date": ""}


_TERMS = ("person", "softwareSystem", "container", "component", "deploymentNode", "infrastructureNode",
          "relationship", "enterprise")


def import_styles(config: dict[str, Any], notes: Notes) -> dict[str, Any]:
    """archkit ``Styles`` data from a Structurizr view configuration."""
    styles = config.get("styles") or {}
    out: dict[str, Any] = {
        "elements": [s for s in (_element_style(x, notes) for x in styles.get("elements") or []) if s],
        "relationships": [s for s in (_relationship_style(x, notes) for x in styles.get("relationships") or [])
                          if s],
    }
    config = {**config, "properties": {k: v for k, v in (config.get("properties") or {}).items()
                                        if k not in SERVER_PROPERTIES.values()}}  # kept on the image views
    themes = [str(t) for t in config.get("themes") or [] if isinstance(t, str)]
    if themes:  # references only: Structurizr's exports keep them, archkit draws with its own theme
        out["themes"] = themes
        several = len(themes) > 1
        notes.warn("views: theme", f"theme{'s' if several else ''} {', '.join(themes)} kept as "
                   f"{'references' if several else 'a reference'} only: archkit downloads nothing and draws "
                   "without their styles", "copy the styles you need from the theme into 'styles'")
    branding = config.get("branding") or {}
    font = branding.get("font") or {}
    kept = {"logo": branding.get("logo"), "font": font.get("name"), "font_url": font.get("url")}
    if any(isinstance(v, str) and v for v in kept.values()):  # references only, like themes
        out["branding"] = {k: v for k, v in kept.items() if isinstance(v, str) and v}
    terms = {k: v for k, v in (config.get("terminology") or {}).items() if k in _TERMS and isinstance(v, str)}
    if terms:
        out["terminology"] = terms
    for key, text in (("metadataSymbols", "metadata symbols are not kept"),
                      ("defaultView", "the default view is not kept — archkit renders every view"),
                      ("lastSavedView", "the last saved view is not kept")):
        if config.get(key) and any(config[key].values() if isinstance(config[key], dict) else [True]):
            notes.warn("views.configuration", text, "ignored")
    return out


def _colour(style: dict[str, Any], key: str, where: str, notes: Notes) -> str | None:
    value = style.get(key)
    if value is None:
        return None
    match = _HEX.match(str(value))
    if match is None:
        notes.warn(where, f"{key} '{value}' is not a #rrggbb colour", "left to the default")
        return None
    digits = match.group(1)
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def _scheme(style: dict[str, Any], where: str, notes: Notes) -> bool:
    if style.get("colourScheme") == "Dark":
        notes.gather("dark colour scheme styles are not kept — archkit's dark theme has its own palette", where)
        return False
    return True


def _element_style(style: dict[str, Any], notes: Notes) -> dict[str, Any] | None:
    tag = str(style.get("tag") or "")
    where = f"element style '{tag}'"
    if not tag or not _scheme(style, where, notes):
        return None
    out: dict[str, Any] = {"tag": tag}
    shape = style.get("shape")
    if shape is not None:
        out["shape"] = SHAPES_IN[shape]
        if shape in SHAPES_APPROXIMATED:
            notes.warn(where, f"shape {shape} has no archkit equivalent", f"drawn as {out['shape']}")
    for key, field in (("background", "background"), ("color", "color"), ("colour", "color"), ("stroke", "stroke")):
        value = _colour(style, key, where, notes)
        if value is not None:
            out[field] = value
    if style.get("border") is not None:
        out["border"] = BORDERS_IN[style["border"]]
    if style.get("fontSize") is not None:
        out["font_size"] = _clamp(style["fontSize"], 6, 72, "fontSize", where, notes)
    if style.get("opacity") is not None:
        out["opacity"] = _clamp(style["opacity"], 0, 100, "opacity", where, notes)
    if style.get("icon"):
        notes.warn(where, "style icons are not kept", "set icon= (a `diagrams` icon key) on the elements instead")
    _leftovers(style, _ELEMENT_STYLE_KEYS | {"icon"}, where, notes)
    return out


def _relationship_style(style: dict[str, Any], notes: Notes) -> dict[str, Any] | None:
    tag = str(style.get("tag") or "")
    where = f"relationship style '{tag}'"
    if not tag or not _scheme(style, where, notes):
        return None
    out: dict[str, Any] = {"tag": tag}
    for key in ("color", "colour"):
        value = _colour(style, key, where, notes)
        if value is not None:
            out["color"] = value
    if style.get("thickness") is not None:
        out["thickness"] = _clamp(style["thickness"], 1, 10, "thickness", where, notes)
    if isinstance(style.get("style"), str) and style["style"] in BORDERS_IN:
        out["style"] = BORDERS_IN[style["style"]]
    elif style.get("dashed") is not None:
        out["style"] = "dashed" if style["dashed"] else "solid"
    _leftovers(style, _RELATIONSHIP_STYLE_KEYS, where, notes)
    return out


def _clamp(value: Any, low: int, high: int, key: str, where: str, notes: Notes) -> int:
    number = int(value)
    if not low <= number <= high:
        notes.warn(where, f"{key} {number} is outside {low}..{high}", f"set to {min(max(number, low), high)}")
    return min(max(number, low), high)


def _leftovers(style: dict[str, Any], known: set[str], where: str, notes: Notes) -> None:
    for key in sorted(set(style) - known):
        if style[key] not in (None, ""):
            notes.gather(f"style option '{key}' is not kept — archkit has no such style field", where)


def import_documentation(data: dict[str, Any], index: RawIndex, arc42: Any, notes: Notes) -> dict[str, Any]:
    """archkit ``Arc42`` data: ``arc42`` (the exporter's own copy) when given, else from the documentation."""
    if isinstance(arc42, dict):
        return arc42
    out = arc42_from_documentation(data.get("documentation") or {}, notes)
    for element in index.elements.values():
        if element.data.get("documentation"):
            name = str(element.data.get("name"))
            _documentation(element.data["documentation"], (element.id, name), out, notes)
    keep_known_links(out["decisions"], notes)
    return out


def arc42_from_documentation(doc: dict[str, Any], notes: Notes) -> dict[str, Any]:
    """archkit ``Arc42`` data from a workspace's ``documentation`` object."""
    out: dict[str, Any] = {"introduction": "", "concepts": [], "decisions": []}
    _documentation(doc, None, out, notes)
    return out


def _documentation(doc: dict[str, Any], owner: tuple[str, str] | None, out: dict[str, Any],
                   notes: Notes) -> None:
    for section in sorted(doc.get("sections") or [], key=lambda s: s.get("order") or 0):
        _section(section, owner, out, notes)
    for decision in doc.get("decisions") or []:
        _add_decision(out["decisions"], _decision(decision, owner[0] if owner else None, notes), notes)
    if doc.get("images"):
        where = f"element '{owner[0]}' documentation" if owner else "documentation"
        notes.warn(where, f"{len(doc['images'])} embedded images are not kept",
                   "put the images beside the arc42 docs and link them")


def _section(section: dict[str, Any], owner: tuple[str, str] | None, out: dict[str, Any], notes: Notes) -> None:
    title, body = _title_and_body(section)
    if section.get("format") == "AsciiDoc":
        notes.gather("AsciiDoc sections are kept as text — archkit writes them into Markdown pages",
                     f"section '{section.get('filename') or title}'")
    if owner is None and title.lower().startswith("introduction") and not out["introduction"]:
        out["introduction"] = body
        return
    if owner is not None:
        title = f"{owner[1]}: {title}"
    taken = {c["id"] for c in out["concepts"]}
    ident, n = slugify(title), 1
    while ident in taken:
        n += 1
        ident = f"{slugify(title)}-{n}"
    out["concepts"].append({"id": ident, "title": title, "body": body})


def _title_and_body(section: dict[str, Any]) -> tuple[str, str]:
    lines = str(section.get("content") or "").strip("\n").splitlines()
    title = str(section.get("title") or "")
    if lines:
        match = _HEADING.match(lines[0])
        if match is not None and (not title or match.group(2) == title):
            title, lines = match.group(2), lines[1:]
    return title or "Section", "\n".join(lines).strip("\n")


def _add_decision(decisions: list[dict[str, Any]], new: dict[str, Any], notes: Notes) -> None:
    """Structurizr numbers decisions per element (each software system's ``!adrs``); archkit's are one list.
    The same decision under two elements (one folder of ADRs included twice) is one, about both; another
    decision with a number already taken keeps it behind its element's id (``core-1``)."""
    same = next((d for d in decisions if d["id"] == new["id"]), None)
    if same is None:
        decisions.append(new)
        return
    if {k: v for k, v in same.items() if k != "elements"} == {k: v for k, v in new.items() if k != "elements"}:
        same["elements"] = list(dict.fromkeys([*same.get("elements", []), *new.get("elements", [])]))
        return
    taken = {d["id"] for d in decisions}
    base = f"{(new.get('elements') or ['decision'])[0]}-{new['id']}"
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    notes.warn(f"decision '{new['id']}'", "another decision has the same number (Structurizr numbers each "
               "element's decisions on their own)", f"imported as '{ident}'")
    decisions.append({**new, "id": ident})


def _decision(decision: dict[str, Any], owner: str | None, notes: Notes) -> dict[str, Any]:
    ident = str(decision.get("id") or "")
    content = str(decision.get("content") or "")
    parts = adr_fields(content, ident, str(decision.get("format") or "")) or split_decision(content)
    out: dict[str, Any] = {"id": ident, "title": str(decision.get("title") or ident),
                           "status": STATUSES_IN.get(str(decision.get("status")), "accepted"), **parts}
    if decision.get("status") is None:
        notes.warn(f"decision '{ident}'", "has no status", "imported as accepted")
    date = str(decision.get("date") or "")
    if date:
        try:
            out["date"] = dt.date.fromisoformat(date[:10]).isoformat()
        except ValueError:
            notes.warn(f"decision '{ident}'", f"date '{date}' is not an ISO 8601 date", "left out")
    elements = [e for e in (owner, decision.get("elementId")) if e]
    if elements:
        out["elements"] = list(dict.fromkeys(elements))
    return out


def split_decision(content: str) -> dict[str, str]:
    """``context``, ``decision`` and ``consequences`` of an ADR body, by its headings."""
    parts: dict[str, list[str]] = {"context": [], "decision": [], "consequences": [], "": []}
    current = "context"
    for n, line in enumerate(content.splitlines()):
        match = _HEADING.match(line)
        if match is not None and match.group(2).strip().lower() in _PARTS:
            current = _PARTS[match.group(2).strip().lower()]
            continue
        if match is not None and n == 0 and len(match.group(1)) == 1:
            continue  # the title
        if current == "context" and not "".join(parts["context"]).strip() and line.startswith("Date:"):
            continue
        parts[current].append(line)
    return {k: "\n".join(v).strip("\n") for k, v in parts.items() if k and "\n".join(v).strip()}
