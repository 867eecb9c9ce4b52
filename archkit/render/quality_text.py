"""The layout measure told to the user: one line per view naming each defect (``archkit render``'s
``--quality text``, :func:`describe`) and every figure of every view with totals (``--quality json``,
:func:`report`). The figures themselves are :mod:`archkit.render.quality`'s."""

from __future__ import annotations

from collections import Counter

from archkit.render.quality import MEASURES, Defect, Quality

#: Per (measure, kind): the phrase for one and for several, and how one defect is named.
_PHRASES: dict[tuple[str, str], tuple[str, str]] = {
    ("crossings", ""): ("edge crossing", "edge crossings"),
    ("edge_through_element", ""): ("edge through an element", "edges through elements"),
    ("label_overlaps", ""): ("label overlap", "label overlaps"),
    ("labels_crossed", "boundary"): ("label crossed by a boundary", "labels crossed by a boundary"),
    ("labels_crossed", "edge"): ("label crossed by an edge", "labels crossed by an edge"),
    ("detached_labels", ""): ("detached label", "detached labels"),
    ("backward_edges", ""): ("edge against the flow", "edges against the flow"),
    ("label_rails", ""): ("label along another edge", "labels along other edges"),
    ("titles_crossed", ""): ("boundary title crossed by an edge", "boundary titles crossed by an edge"),
}
_JOINS = {"crossings": " × ", "edge_through_element": " through ", "label_overlaps": " over ",
          "labels_crossed": " by ", "detached_labels": " ", "backward_edges": "", "label_rails": " along ",
          "titles_crossed": " by "}
#: Defects named per group in a message; the rest are counted.
NAMED = 4


def _group(defect: Defect) -> tuple[str, str]:
    return (defect.measure, defect.kind if defect.measure == "labels_crossed" else "")


def describe(quality: Quality) -> str:
    """The view's defects in one line, what and where: ``2 labels crossed by a boundary (a->b by
    shop, c->d by shop); 1 edge crossing (a->b × c->d)``; empty when there are none."""
    parts = []
    for group, (one, several) in _PHRASES.items():
        defects = [d for d in quality.defects if _group(d) == group]
        if not defects:
            continue
        named = _names(defects)
        count = len(named)
        names = [n if k == 1 else f"{n} ({k}×)" for n, k in Counter(named).items()]
        shown = ", ".join(names[:NAMED]) + (f", {len(names) - NAMED} more" if len(names) > NAMED else "")
        parts.append(f"{count} {one if count == 1 else several} ({shown})")
    return "; ".join(parts)


def _names(defects: list[Defect]) -> list[str]:
    """``a->b × c->d``, ``a->b through x``; a label crossed (or run along) several times is named once."""
    join = _JOINS[defects[0].measure]
    if defects[0].measure not in ("labels_crossed", "label_rails", "titles_crossed"):
        return [f"arrowhead of {d.subject} under {d.other}" if d.kind.startswith("arrow")
                else d.subject + (join + d.other if d.other else "") for d in defects]
    others: dict[str, list[str]] = {}
    for d in defects:
        others.setdefault(d.subject, []).append(d.other)
    return [f"{subject}{join}{' and '.join(names)}" for subject, names in others.items()]


def report(measured: dict[str, Quality], defects: bool = True) -> dict[str, object]:
    """Every figure of every view (in the given order), with its defects unless told otherwise,
    and their totals, for ``--quality json``."""
    views = {key: q.to_dict() if defects else q.figures() for key, q in measured.items()}
    totals: dict[str, float | int] = {m: sum(getattr(q, m) for q in measured.values()) for m in MEASURES}
    totals["score"] = sum(q.score for q in measured.values())
    totals["mean_fill"] = round(sum(q.fill for q in measured.values()) / len(measured), 3) if measured else 0.0
    return {"views": views, "totals": {"views": len(measured), **totals}}
