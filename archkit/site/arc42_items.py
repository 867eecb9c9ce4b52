"""The arc42 items of a workspace as plain records, and which elements each one names.

How an item names an element (the rule the element pages and the search index share):

- **by reference**: the item's ``elements=`` list holds the element's id (requirements, decisions,
  risks, technical debts — the fields ``check`` holds to known ids, ``arc42.unknown-element``);
- **by mention**: the element's name is written in the item's text, as a whole phrase and with the
  same capitals (``artifact="Payment Client"`` in a quality scenario, "the Event Store" in a
  constraint or a glossary definition). The longest name wins where names overlap ("Query API"
  is not also a mention of an element named "API"), and two elements with the same name are both
  named. Instances are not matched: their name is that of what they deploy. Every kind of item is
  searched for mentions, those with ``elements=`` too; a reference and a mention of the same
  element count once, as a reference.

Case matters so that a system called "Orders" is not named by every sentence about orders.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from archkit.arc42.escape import anchor_id
from archkit.arc42.outline import PAGE
from archkit.model import ContainerInstance, SoftwareSystemInstance, Workspace
from archkit.model.arc42 import Arc42

Arc42Kind = Literal["requirement", "quality-goal", "quality-scenario", "constraint", "strategy", "concept",
                    "decision", "risk", "technical-debt", "glossary"]
Via = Literal["reference", "mention"]

KIND_LABELS: Mapping[str, str] = {
    "requirement": "Requirement", "quality-goal": "Quality goal", "quality-scenario": "Quality scenario",
    "constraint": "Constraint", "strategy": "Solution strategy", "concept": "Concept",
    "decision": "Decision", "risk": "Risk", "technical-debt": "Technical debt", "glossary": "Glossary term",
}
"""A reader's name for each kind of arc42 item (headings of an element page, search results)."""


@dataclass(frozen=True)
class Arc42Item:
    """One arc42 item: ``section`` and ``page`` are where the arc42 docs show it, ``anchor`` its anchor
    there (``adr-0001``; empty for a glossary term, which has none: link to the page). ``text`` is its
    prose, the fields joined by blank lines; ``references`` the element ids it lists in ``elements=``."""

    kind: Arc42Kind
    id: str
    title: str
    text: str
    section: int
    page: str
    anchor: str
    references: tuple[str, ...] = ()


@dataclass(frozen=True)
class Arc42Ref:
    """An arc42 item as an element page lists it: the item and how it names the element."""

    item: Arc42Item
    via: Via


def _item(kind: Arc42Kind, ident: str, title: str, texts: Iterable[str], section: int, prefix: str,
          references: Iterable[str] = ()) -> Arc42Item:
    return Arc42Item(
        kind=kind, id=ident, title=title, text="\n\n".join(t for t in texts if t.strip()), section=section,
        page=PAGE[section], anchor=anchor_id(prefix, ident) if prefix else "",
        references=tuple(dict.fromkeys(references)),
    )


def arc42_items(ws: Workspace) -> list[Arc42Item]:
    """Every requirement, quality goal and scenario, constraint, strategy entry, concept, decision, risk,
    debt and glossary term, in the order of the arc42 sections, each kind sorted by id (terms by term)."""
    a: Arc42 = ws.arc42
    items = [_item("requirement", r.id, r.title, (r.description,), 1, "req", r.elements)
             for r in sorted(a.requirements, key=lambda r: r.id)]
    items += [_item("quality-goal", g.id, g.title, (g.description,), 1, "qg")
              for g in sorted(a.quality_goals, key=lambda g: g.id)]
    items += [_item("constraint", c.id, c.title, (c.description,), 2, "constraint")
              for c in sorted(a.constraints, key=lambda c: c.id)]
    items += [_item("strategy", s.id, s.title, (s.description,), 4, "strategy")
              for s in sorted(a.solution_strategy, key=lambda s: s.id)]
    # a concept is a titled section of its page with no anchor of its own (its marker block is no HTML id)
    items += [_item("concept", c.id, c.title, (c.body,), 8, "")
              for c in sorted(a.concepts, key=lambda c: c.id)]
    items += [_item("decision", d.id, d.title, (d.context, d.decision, d.consequences), 9, "adr", d.elements)
              for d in sorted(a.decisions, key=lambda d: d.id)]
    items += [_item("quality-scenario", s.id, s.title or s.id,
                    (s.source, s.stimulus, s.environment, s.artifact, s.response, s.response_measure), 10, "qs")
              for s in sorted(a.quality_scenarios, key=lambda s: s.id)]
    items += [_item("risk", r.id, r.title, (r.description, r.mitigation), 11, "risk", r.elements)
              for r in sorted(a.risks, key=lambda r: r.id)]
    items += [_item("technical-debt", d.id, d.title, (d.description, d.remedy), 11, "debt", d.elements)
              for d in sorted(a.technical_debts, key=lambda d: d.id)]
    items += [_item("glossary", t.term, t.term, (t.definition,), 12, "")
              for t in sorted(a.glossary, key=lambda t: (t.term, t.definition))]
    return items


def _mentionable(ws: Workspace) -> dict[str, list[str]]:
    """Element name -> ids of the elements with that name (instances left out)."""
    names: dict[str, list[str]] = {}
    for element, _parent in ws.model.walk():
        if isinstance(element, ContainerInstance | SoftwareSystemInstance) or not element.name.strip():
            continue
        if any(ch.isalnum() for ch in element.name):
            names.setdefault(element.name.strip(), []).append(element.id)
    return names


def _mention_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """One pattern for every name, longest first, bounded so that a name is matched as a whole phrase."""
    ordered = sorted(set(names), key=lambda n: (-len(n), n))
    if not ordered:
        return None
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(n) for n in ordered) + r")(?![\w])")


def element_refs(ws: Workspace, items: Iterable[Arc42Item]) -> dict[str, list[Arc42Ref]]:
    """Element id -> the arc42 items that name it (see the module's rule), in the items' order."""
    names = _mentionable(ws)
    pattern = _mention_pattern(names)
    known = {element.id for element, _parent in ws.model.walk()}
    refs: dict[str, list[Arc42Ref]] = {}
    for item in items:
        found: dict[str, Via] = {e: "reference" for e in item.references if e in known}
        if pattern is not None:
            for match in pattern.finditer(f"{item.title}\n\n{item.text}"):
                for element_id in names[match.group(0)]:
                    found.setdefault(element_id, "mention")
        for element_id, via in found.items():
            refs.setdefault(element_id, []).append(Arc42Ref(item, via))
    return refs
