"""Identifier helpers: slugs derived from names, dotted child ids, "did you mean" hints."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Collection, Iterable

_NON_SLUG = re.compile(r"[^a-z0-9]+")
ID_PATTERN = r"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$"
_ID_RE = re.compile(ID_PATTERN)


def slugify(name: str) -> str:
    """Turn a display name into an id segment: ``"Order API"`` -> ``"order-api"``.

    Non-ASCII letters are folded (``"Café"`` -> ``"cafe"``); a name with no
    usable character gives ``"element"`` so that an id is never empty.
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = _NON_SLUG.sub("-", folded.lower()).strip("-")
    return slug or "element"


def child_id(parent_id: str | None, name: str) -> str:
    """The derived id of an element named ``name`` under ``parent_id`` (dotted path)."""
    segment = slugify(name)
    return f"{parent_id}.{segment}" if parent_id else segment


def instance_id(node_id: str, target: str, taken: Collection[str], number: int = 1) -> str:
    """The derived id of an instance of ``target`` on node ``node_id``: ``live.web.api``.

    When that is taken (the ``api`` containers of two systems on one node, or a second
    instance), the instance number (``live.web.api-2``) or the whole target id
    (``live.web.shop-api``) tells them apart.
    """
    short = child_id(node_id, target.rsplit(".", 1)[-1])
    full = child_id(node_id, target)
    numbered = [f"{short}-{number}", f"{full}-{number}"] if number != 1 else []
    candidates = [short, *numbered, full, f"{full}-{number}"]
    return next((c for c in candidates if c not in taken), short)


def is_valid_id(value: str) -> bool:
    """Ids are ASCII letters, digits, ``_``, ``-`` and ``.``; they never start with a dot."""
    return bool(_ID_RE.match(value)) and ".." not in value


def suggest(wrong: str, known: Iterable[str]) -> str | None:
    """The known id closest to ``wrong``, or None when nothing is close.

    Only the parts that differ are compared: the dotted segments both ids begin with are left out,
    so ``lumberjack.leaf-stor`` suggests ``lumberjack.leaf-store`` but never ``lumberjack.tailer``
    for their shared ``lumberjack.``. Case alone never hides a match (``lr`` -> ``LR``), and a bare
    last segment finds the one nested id that ends in it (``ledger`` -> ``bank.ledger``).
    """
    candidates = sorted(set(known))
    folded = [c for c in candidates if c.casefold() == wrong.casefold()]
    if folded:
        return folded[0]
    tail = wrong.rsplit(".", 1)[-1].casefold()
    ends = [c for c in candidates if c.rsplit(".", 1)[-1].casefold() == tail]
    if "." not in wrong and ends:  # a nested id without its parents: only when it is one id's end
        return ends[0] if len(ends) == 1 else None
    best, best_score = None, _CUTOFF
    for candidate in candidates:
        score = _closeness(wrong, candidate, best_score, strictly=best is not None)
        if score >= best_score and (best is None or score > best_score):
            best, best_score = candidate, score
    if best is not None:
        return best
    ends = [c for c in candidates if "." in c and _ratio(tail, c.rsplit(".", 1)[-1].casefold()) >= _TAIL_CUTOFF]
    return ends[0] if len(ends) == 1 else None


_CUTOFF = 0.6
_TAIL_CUTOFF = 0.75


def _closeness(wrong: str, candidate: str, floor: float = 0.0, *, strictly: bool = False) -> float:
    """How alike two ids are where they differ (0..1), their shared leading segments left out; 0 when they
    cannot reach ``floor`` (or pass it, ``strictly``): difflib's cheap upper bounds of the ratio are asked
    first, so that a model with many unknown ids among thousands is not compared in full with each
    (0.17 s an unknown id among 4500 before)."""
    a, b = wrong.split("."), candidate.split(".")
    shared = 0
    while shared < min(len(a), len(b)) and a[shared] == b[shared]:
        shared += 1
    matcher = difflib.SequenceMatcher(None, ".".join(a[shared:]), ".".join(b[shared:]), autojunk=False)
    for bound in (matcher.real_quick_ratio, matcher.quick_ratio):
        above = bound()
        if above < floor or (strictly and above <= floor):
            return 0.0
    return matcher.ratio()


def _ratio(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()


def did_you_mean(wrong: str, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` or an empty string."""
    hit = suggest(wrong, known)
    return f"; did you mean '{hit}'?" if hit else ""
