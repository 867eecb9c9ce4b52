"""Per-page freshness of the arc42 set: a page's template is rendered again only when its data changed.

A page's generated text is a function of its template (the built-in set or a user's overrides, and
the Jinja2 that renders it) and of the plain data the template gets (:mod:`archkit.arc42.generate`:
templates get plain, sorted, already escaped data). :func:`page_key` is a sha256 of all of it, with
archkit's own fingerprint for the code that prepares the data and the environment. ``archkit build``
keeps the last generated text of each page with its key in ``out/<model>/.archkit-views/.arc42-pages.json``
(:data:`MEMO_PATH`), and a page whose key is unchanged takes its text from there instead of being
rendered (and its template compiled). The text kept is the generated one, before hand-written text is
merged in: the merge with the page on disk happens at every build
(:func:`archkit.arc42.pipeline.keep_hand_written`), so what a person wrote is never taken from the memo.

Each entry pairs a key with the text it determines, so an entry is never wrong, only unused: a memo
that is missing, damaged, from another build or written by two builds at once costs renders, nothing
else. The text is the page itself, not a file the entry vouches for (as a view's entry vouches for its
diagrams by their hash), so each entry also holds the sha256 of its key and text: a memo whose text was
edited (by hand, a merge tool, a damaged disk) is not used for that page — its key alone would have written
the edit into the page at every build, and ``build --check`` (which uses no memo) would have failed for
ever. (A memo forged with its hashes too misleads a build as a view's forged entry and diagram do;
``build --check`` and ``build --force`` use no memo.)
Data that is not plain JSON (which a template given odd data could need) is not memoised.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

#: where ``archkit build`` keeps the memo, relative to the model's output folder (in the views' cache
#: folder; no view's entry can have this name: :func:`archkit.output.safe_name` never starts with a dot)
MEMO_PATH = ".archkit-views/.arc42-pages.json"
_FORMAT = 2

Memo = dict[str, tuple[str, str]]
"""Page path -> (key, generated text)."""


def page_key(template: str, context: Mapping[str, Any], overrides: Mapping[str, str] | None) -> str | None:
    """The sha256 of everything that determines the text of ``template`` rendered with ``context``; None when
    the context is not plain JSON data (then the page is always rendered)."""
    import jinja2

    from archkit.build.plan import toolkit_fingerprint

    try:
        data = json.dumps(context, sort_keys=True, ensure_ascii=False, allow_nan=False)
    except (TypeError, ValueError):
        return None
    digest = hashlib.sha256()
    for part in (str(_FORMAT), toolkit_fingerprint(), jinja2.__version__, template,
                 json.dumps(sorted((overrides or {}).items()), ensure_ascii=False), data):
        digest.update(hashlib.sha256(part.encode("utf-8", "surrogatepass")).digest())
    return digest.hexdigest()


def read_memo(raw: bytes | None) -> Memo:
    """The memo from the bytes of its file; empty when there is none or it is not one archkit wrote."""
    if raw is None:
        return {}
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return {}
    pages = data.get("pages") if isinstance(data, dict) and data.get("format") == _FORMAT else None
    if not isinstance(pages, dict):
        return {}
    return {path: (entry[0], entry[1]) for path, entry in pages.items()
            if isinstance(entry, list) and len(entry) == 3 and all(isinstance(x, str) for x in entry)
            and _sealed(entry[0], entry[1]) == entry[2]}


def memo_bytes(memo: Mapping[str, tuple[str, str]]) -> bytes:
    """The memo file's content."""
    pages = {path: [*memo[path], _sealed(*memo[path])] for path in sorted(memo)}
    return (json.dumps({"format": _FORMAT, "pages": pages}, ensure_ascii=False, indent=1) + "\n").encode()


def _sealed(key: str, text: str) -> str:
    """The sha256 an entry holds of its key and its text (a lone surrogate, which no page holds, hashed as is)."""
    return hashlib.sha256(f"{key}\0{text}".encode("utf-8", "surrogatepass")).hexdigest()
