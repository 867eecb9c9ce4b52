"""Where each page of a model's site lives, relative to the site's root folder.

Every link in the site is relative (``../views/context.html``), so the same folder works opened from
disk (``file://``), from a CI artifact, on GitHub Pages under a sub-path, and through ``archkit serve``.
Names of files come from :func:`archkit.output.safe_name`, as the diagrams' names do.
"""

from __future__ import annotations

from archkit.output import safe_name

ASSETS = "assets"
"""Folder of the stylesheet and scripts (copied from ``archkit/site/assets/``)."""


def view_page(key: str) -> str:
    """The page of the view ``key``: ``views/<stem>.html``."""
    return f"views/{safe_name(key)}.html"


def view_file(key: str, fmt: str) -> str:
    """A drawn file of the view ``key`` offered for download: ``views/<stem>.<fmt>`` (svg, png, pdf, dot)."""
    return f"views/{safe_name(key)}.{fmt}"


def element_page(element_id: str) -> str:
    """The page of the element ``element_id``: ``elements/<id>.html``."""
    return f"elements/{safe_name(element_id)}.html"


def doc_page(page: str) -> str:
    """The HTML page of the arc42 Markdown page ``page`` (``05_building_block_view``, ``decisions/0001-x``)."""
    return f"arc42/{'/'.join(safe_name(part) for part in page.split('/'))}.html"


def up(relpath: str) -> str:
    """The way from the page ``relpath`` back to the site's root: ``""`` or ``"../"`` repeated."""
    return "../" * relpath.count("/")
