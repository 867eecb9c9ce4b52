"""Architecture decision records: file names and numbers (from :mod:`archkit.arc42.adr_names`), and reading
adr-tools and MADR text.

Written ADRs follow the layouts the importers expect: adr-tools / Nygard
(``# 1. Title``, ``Date:``, ``## Status``, links such as ``Supersedes [2. X](0002-x.md)``,
which Structurizr's AdrToolsDecisionImporter reads) or MADR (YAML front matter with
``status`` and ``date``, ``# Title``, which its MadrDecisionImporter reads). The
body fields of a decision (context, decision, consequences) are Markdown, as in
any ADR file. Reading works on text; finding and opening the files is
:func:`archkit.load.load_decisions`' job.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any, cast

from archkit.arc42.adr_asciidoc import adoc_body
from archkit.arc42.adr_names import adr_filename as adr_filename, adr_numbers as adr_numbers, adr_paths as adr_paths
from archkit.arc42.escape import adoc_phrase, md_phrase
from archkit.arc42.inert import inert_markdown
from archkit.arc42.markers import strip_markers
from archkit.errors import ImportFormatError, printable
from archkit.model import Decision, DecisionLink
from archkit.model.arc42 import DecisionStatus

FILE_PATTERN = re.compile(r"^(\d{4})-[^/]*\.md$")
STATUSES = ("proposed", "accepted", "rejected", "deprecated", "superseded")
_STATUS_ALIASES = {"superceded": "superseded", "draft": "proposed", "approved": "accepted", "done": "accepted"}
_LINK = re.compile(r"^[*-]?\s*(?P<rel>[A-Za-z][A-Za-z -]*?)\s*:?\s*\[[^\]]*\]\((?P<file>\d{4})-[^)]*\.md\)\s*$")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")


def adr_data(decision: Decision, number: int, paths: dict[str, str], numbers: dict[str, int],
             titles: dict[str, str], fmt: str = "md") -> dict[str, Any]:
    """Template data of one ADR file: Markdown, which ADR tools read, or AsciiDoc for an AsciiDoc set
    (the Markdown body converted by :func:`archkit.arc42.adr_asciidoc.adoc_body`)."""
    phrase, body = (md_phrase, _body) if fmt == "md" else (adoc_phrase, adoc_body)
    links = []
    for link in decision.links:
        if link.target in paths:
            target = paths[link.target].split("/", 1)[1]
            label = phrase(f"{numbers[link.target]}. {titles[link.target]}")
            links.append({"relation": link.relation[:1].upper() + link.relation[1:], "label": label,
                          "file": target})
    return {
        "number": number,
        "title": phrase(decision.title),
        "status": decision.status,
        "status_title": decision.status.capitalize(),
        "date": decision.date.isoformat() if decision.date else "",
        "links": links,
        "context": body(decision.context),
        "decision": body(decision.decision),
        "consequences": body(decision.consequences),
    }


def _body(text: str) -> str:
    """ADR body text is Markdown, kept as written, except what could run in a reader's browser: raw
    HTML is written as text (``&lt;``) and script links are disarmed, code left as written
    (:func:`archkit.arc42.inert.inert_markdown`), so a published ADR page runs no model-supplied HTML;
    and a control or bidi character (but a tab or line break) shows as a visible ``\\u001b``."""
    body = inert_markdown(text.replace("\r\n", "\n").strip("\n")).strip()
    return "\t".join(printable(part, keep_newlines=True) for part in body.split("\t"))


# ---- reading ---------------------------------------------------------------------------------


def _sections(text: str, level: str) -> tuple[list[str], dict[str, list[str]]]:
    """Split Markdown at headings of ``level`` (``##``): the lines before the first, and heading -> lines."""
    before: list[str] = []
    parts: dict[str, list[str]] = {}
    current: list[str] = before
    for line in text.replace("\r\n", "\n").split("\n"):
        if line.startswith(level + " ") and not line.startswith(level + "#"):
            current = parts.setdefault(line[len(level) + 1:].strip().casefold(), [])
            current.append(line)
            continue
        current.append(line)
    return before, parts


def _joined(lines: list[str]) -> str:
    return "\n".join(lines[1:] if lines and lines[0].startswith("#") else lines).strip()


def _status(word: str, name: str) -> DecisionStatus:
    value = word.strip().strip('"\'').split(" ")[0].strip(".,").casefold() if word.strip() else "accepted"
    value = _STATUS_ALIASES.get(value, value)
    if value not in STATUSES:
        raise ImportFormatError(f"{name}: unknown ADR status '{word.strip()}' — use one of {', '.join(STATUSES)}")
    return cast(DecisionStatus, value)


def _date(text: str, name: str) -> dt.date | None:
    m = _DATE.search(text)
    if not m:
        return None
    try:
        return dt.date.fromisoformat(m.group(1))
    except ValueError:
        raise ImportFormatError(f"{name}: invalid date '{m.group(1)}' — write it as YYYY-MM-DD") from None


def _links(lines: list[str]) -> list[DecisionLink]:
    links = []
    for line in lines:
        m = _LINK.match(line.strip())
        if m and m.group("rel").casefold() not in ("status",):
            links.append(DecisionLink(relation=m.group("rel").strip().casefold(), target=m.group("file")))
    return links


def _file_id(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    m = FILE_PATTERN.match(base)
    if not m:
        raise ImportFormatError(f"{name}: not an ADR file name — ADR files are named NNNN-title.md")
    return m.group(1)


def _title(line_source: list[str], name: str) -> str:
    for line in line_source:
        if line.startswith("# "):
            return line[2:].strip()
    raise ImportFormatError(f"{name}: no '# Title' line — an ADR starts with its title as a level-1 heading")


def _merge_extra(parts: dict[str, list[str]], known: dict[str, str], order: list[str]) -> dict[str, str]:
    """Known sections by field; any other section is kept, heading included, after the field before it."""
    fields = {f: "" for f in ("context", "decision", "consequences")}
    current = "context"
    for heading in order:
        field = known.get(heading)
        if field is not None:
            current = field
            fields[field] = _join_text(fields[field], _joined(parts[heading]))
        else:
            fields[current] = _join_text(fields[current], "\n".join(parts[heading]).strip())
    return fields


def _join_text(a: str, b: str) -> str:
    return f"{a}\n\n{b}" if a and b else a or b


def parse_nygard(text: str, name: str) -> Decision:
    """An adr-tools (Nygard) ADR: ``# N. Title``, ``Date:``, ``## Status``, ``## Context``, ``## Decision``,
    ``## Consequences``."""
    before, parts = _sections(strip_markers(text), "##")
    title = re.sub(r"^\d+\.\s*", "", _title(before, name))
    status_lines = parts.get("status", [])[1:]
    first = next((line for line in status_lines if line.strip()), "")
    order = [h for h in parts if h != "status"]
    known = {"context": "context", "decision": "decision", "consequences": "consequences"}
    fields = _merge_extra(parts, known, order)
    date_line = next((line for line in before if line.casefold().startswith("date:")), "")
    return Decision(id=_file_id(name), title=title, status=_status(first, name),
                    date=_date(date_line, name), links=_links(status_lines), **fields)


def _front_matter(text: str) -> tuple[dict[str, str], str]:
    m = re.match(r"^---\r?\n(.*?)\r?\n---\r?\n", text, flags=re.DOTALL)
    if not m:
        return {}, text
    values = {}
    for line in m.group(1).splitlines():
        key, sep, value = line.partition(":")
        if sep and not line.startswith((" ", "\t", "#")):
            values[key.strip().casefold()] = value.strip().strip('"\'')
    return values, text[m.end():]


def parse_madr(text: str, name: str) -> Decision:
    """A MADR ADR: front matter (MADR 3/4) or ``* Status:`` / ``* Date:`` bullets (MADR 2), ``# Title``,
    ``## Context and Problem Statement``, ``## Decision Outcome`` (with ``### Consequences``)."""
    meta, body = _front_matter(strip_markers(text))
    before, parts = _sections(body, "##")
    for line in before:
        m = re.match(r"^[*-]\s*(status|date|deciders|decision-makers)\s*:\s*(.*)$", line.strip(), re.IGNORECASE)
        if m:
            meta.setdefault(m.group(1).casefold(), m.group(2).strip())
    outcome = parts.pop("decision outcome", [])
    out_before, out_parts = _sections("\n".join(outcome), "###")
    consequences = [*out_parts.pop("consequences", [])[1:], *out_parts.pop("positive consequences", []),
                    *out_parts.pop("negative consequences", [])]
    extra_outcome = [line for lines in out_parts.values() for line in lines]
    links = _links([line for lines in parts.values() for line in lines])
    for heading, lines in list(parts.items()):  # a section of nothing but links is carried by ``links``
        if all(not line.strip() or _LINK.match(line.strip()) for line in lines[1:]):
            del parts[heading]
    known = {"context and problem statement": "context", "context": "context"}
    fields = _merge_extra(parts, known, list(parts))
    fields["decision"] = _join_text(_joined(out_before), "\n".join(extra_outcome).strip())
    fields["consequences"] = _join_text("\n".join(consequences).strip(), fields["consequences"])
    status_text = meta.get("status", "accepted")
    superseded = re.search(r"superseded by \[?[^\]]*?(\d{4})", status_text, re.IGNORECASE)
    if superseded:
        links.append(DecisionLink(relation="superseded by", target=superseded.group(1)))
    return Decision(id=_file_id(name), title=_title(before, name), status=_status(status_text, name),
                    date=_date(meta.get("date", ""), name), links=links, **fields)


def is_madr(text: str) -> bool:
    """MADR has front matter, ``* Status:`` bullets or a ``## Context and Problem Statement`` section."""
    return (text.startswith("---") or re.search(r"^[*-]\s*Status\s*:", text, re.MULTILINE | re.IGNORECASE) is not None
            or re.search(r"^## Context and Problem Statement", text, re.MULTILINE) is not None)


def parse_adr(text: str, name: str) -> Decision:
    """An ADR in either layout, recognised by its shape."""
    return parse_madr(text, name) if is_madr(text) else parse_nygard(text, name)

