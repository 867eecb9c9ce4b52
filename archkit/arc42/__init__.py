"""arc42 documentation from the model: pages, ADRs, hand-written text kept between generations.

- :func:`generate_docs` — Workspace -> artifacts under ``arc42/`` (pure).
- :func:`write_docs` — render missing diagrams, generate, keep hand-written text, write.
- :func:`keep_hand_written` — merge generated docs artifacts with the files on disk.
- :func:`merge` — the marker merge of one page (pure).
- :func:`parse_adr` — adr-tools / MADR text -> Decision.

The names are imported when first used: ``archkit check`` reads ``arc42.layout`` without Jinja2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from archkit import lazy

_EXPORTS = {
    "Completeness": "archkit.arc42.report",
    "DocSet": "archkit.arc42.generate",
    "DocsResult": "archkit.arc42.pipeline",
    "add_decisions": "archkit.arc42.pipeline",
    "build_docset": "archkit.arc42.generate",
    "docs_artifacts": "archkit.arc42.generate",
    "generate_docs": "archkit.arc42.generate",
    "keep_hand_written": "archkit.arc42.pipeline",
    "merge": "archkit.arc42.markers",
    "parse_adr": "archkit.arc42.adr",
    "parse_madr": "archkit.arc42.adr",
    "parse_nygard": "archkit.arc42.adr",
    "write_docs": "archkit.arc42.pipeline",
}

__all__ = sorted(_EXPORTS)


__getattr__ = lazy.exports(__name__, _EXPORTS, globals())


if TYPE_CHECKING:  # explicit `X as X`: mypy --strict sees these names as re-exported
    from archkit.arc42.adr import parse_adr as parse_adr, parse_madr as parse_madr, parse_nygard as parse_nygard
    from archkit.arc42.generate import (
        DocSet as DocSet,
        build_docset as build_docset,
        docs_artifacts as docs_artifacts,
        generate_docs as generate_docs,
    )
    from archkit.arc42.markers import merge as merge
    from archkit.arc42.pipeline import (
        DocsResult as DocsResult,
        add_decisions as add_decisions,
        keep_hand_written as keep_hand_written,
        write_docs as write_docs,
    )
    from archkit.arc42.report import Completeness as Completeness
