"""arc42 documentation from the model: pages, ADRs, hand-written text kept between generations.

- :func:`generate_docs` — Workspace -> artifacts under ``arc42/`` (pure).
- :func:`write_docs` — render missing diagrams, generate, keep hand-written text, write.
- :func:`keep_hand_written` — merge generated docs artifacts with the files on disk.
- :func:`merge` — the marker merge of one page (pure).
- :func:`parse_adr` — adr-tools / MADR text -> Decision.
"""

from archkit.arc42.adr import parse_adr, parse_madr, parse_nygard
from archkit.arc42.generate import DocSet, build_docset, docs_artifacts, generate_docs
from archkit.arc42.markers import merge
from archkit.arc42.pipeline import DocsResult, add_decisions, keep_hand_written, write_docs
from archkit.arc42.report import Completeness

__all__ = [
    "Completeness",
    "DocSet",
    "DocsResult",
    "add_decisions",
    "build_docset",
    "docs_artifacts",
    "generate_docs",
    "keep_hand_written",
    "merge",
    "parse_adr",
    "parse_madr",
    "parse_nygard",
    "write_docs",
]
