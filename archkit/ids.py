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
    """The closest known id to ``wrong``, or None when nothing is close."""
    candidates = sorted(set(known))
    matches = difflib.get_close_matches(wrong, candidates, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    # a bare last segment often identifies a nested id: "ledger" for "bank.ledger"
    tails = {c.rsplit(".", 1)[-1]: c for c in candidates}
    tail = difflib.get_close_matches(wrong.rsplit(".", 1)[-1], sorted(tails), n=1, cutoff=0.75)
    return tails[tail[0]] if tail else None


def did_you_mean(wrong: str, known: Iterable[str]) -> str:
    """``"; did you mean 'x'?"`` or an empty string."""
    hit = suggest(wrong, known)
    return f"; did you mean '{hit}'?" if hit else ""
