"""The golden Markdown set of the shop test model: every page, ADR, the single file and mkdocs.yml.

Regenerate with ``ARCHKIT_UPDATE_GOLDEN=1 pytest tests/arc42`` and review the diff.
"""

from __future__ import annotations

import os

import pytest

from archkit.arc42 import generate_docs
from tests.arc42.docs_models import shop
from tests.golden import GOLDEN_DIR, assert_golden

SET = {a.relpath: a.content.decode("utf-8") for a in generate_docs(shop(), "md")}


@pytest.mark.parametrize("relpath", sorted(SET))
def test_markdown_page_matches_its_golden_file(relpath: str) -> None:
    assert_golden(f"arc42/shop/{relpath}", SET[relpath])


def test_golden_set_has_no_stale_files() -> None:
    folder = GOLDEN_DIR / "arc42" / "shop"
    if os.environ.get("ARCHKIT_UPDATE_GOLDEN") == "1":
        for path in folder.rglob("*"):
            if path.is_file() and path.relative_to(folder).as_posix() not in SET:
                path.unlink()
    on_disk = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())
    assert on_disk == sorted(SET)


def test_generation_is_deterministic() -> None:
    again = {a.relpath: a.content.decode("utf-8") for a in generate_docs(shop(), "md")}
    assert again == SET
    adoc = [a.content for a in generate_docs(shop(), "adoc")]
    assert adoc == [a.content for a in generate_docs(shop(), "adoc")]
