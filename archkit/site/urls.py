"""Where each page of a model's site lives, relative to the site's root folder.

Every link in the site is relative (``../views/context.html``), so the same folder works opened from
disk (``file://``), from a CI artifact, on GitHub Pages under a sub-path, and through ``archkit serve``.
Names of files come from :func:`archkit.output.safe_name`, as the diagrams' names do, and are unique on a
case-insensitive disk (macOS, Windows, a zip opened there): :func:`unique_stems` gives ids whose names
would meet (``API`` and ``api``, ``a/b`` and ``a-b``, an element called ``index``) a stable suffix.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Mapping

from archkit.output import MAX_NAME, fold, safe_name

ASSETS = "assets"
"""Folder of the stylesheet and scripts (copied from ``archkit/site/assets/``)."""
INDEX = "index"
"""The stem of each folder's own index page (``views/index.html``): never an element's or a view's."""
_SUFFIX = 8


def unique_stems(ids: Iterable[str], reserved: Iterable[str] = ()) -> dict[str, str]:
    """id -> file stem, every stem distinct from the others and from ``reserved`` once :func:`fold`-ed.

    A stem is :func:`safe_name` of its id; when that meets another id's or a reserved name it ends in
    ``-`` and the first hex digits of the id's SHA-256 (longer if even that meets a name), so each id keeps
    its file whatever order the ids come in, and an id whose name meets nothing keeps its plain name."""
    plain = {ident: safe_name(ident) for ident in sorted(set(ids))}
    taken = Counter(fold(stem) for stem in plain.values())
    taken.update(fold(name) for name in set(reserved))
    stems: dict[str, str] = {}
    clashing = []
    for ident, stem in plain.items():
        if taken[fold(stem)] == 1:
            stems[ident] = stem
        else:
            clashing.append(ident)
    for ident in clashing:
        digest = hashlib.sha256(ident.encode("utf-8", "surrogatepass")).hexdigest()
        width = _SUFFIX
        while True:
            stem = f"{plain[ident][:MAX_NAME - width - 1].rstrip('-.')}-{digest[:width]}"
            if taken[fold(stem)] == 0 or width >= len(digest):
                break
            width += 4
        taken[fold(stem)] += 1
        stems[ident] = stem
    return stems


class SiteNames:
    """The file names of one model's site: view pages and files, element pages (a KeyError for an id the
    site was not told about: a link to a page that is not made is a bug)."""

    def __init__(self, view_keys: Iterable[str], element_ids: Iterable[str]) -> None:
        self.views: Mapping[str, str] = unique_stems(view_keys, reserved=(INDEX,))
        self.elements: Mapping[str, str] = unique_stems(element_ids, reserved=(INDEX,))

    def view_page(self, key: str) -> str:
        """The page of the view ``key``: ``views/<stem>.html``."""
        return f"views/{self._view(key)}.html"

    def view_file(self, key: str, fmt: str) -> str:
        """A drawn file of the view ``key`` offered for download: ``views/<stem>.<fmt>`` (svg, png, pdf, dot)."""
        return f"views/{self._view(key)}.{fmt}"

    def element_page(self, element_id: str) -> str:
        """The page of the element ``element_id``: ``elements/<stem>.html``."""
        return f"elements/{self.elements[element_id]}.html"

    def _view(self, key: str) -> str:
        return self.views[key]


def doc_page(page: str) -> str:
    """The HTML page of the arc42 Markdown page ``page`` (``05_building_block_view``, ``decisions/0001-x``).
    arc42 page names are the set's fixed names and ``NNNN-slug`` (lower case) decisions: distinct on any disk."""
    return f"arc42/{'/'.join(safe_name(part) for part in page.split('/'))}.html"


def up(relpath: str) -> str:
    """The way from the page ``relpath`` back to the site's root: ``""`` or ``"../"`` repeated."""
    return "../" * relpath.count("/")
