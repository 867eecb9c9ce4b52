"""Golden-file assertions. Regenerate with ``ARCHKIT_UPDATE_GOLDEN=1 pytest`` and review the diff."""

from __future__ import annotations

import difflib
import os
from pathlib import Path

GOLDEN_DIR = Path(__file__).parent / "golden"


def assert_golden(relpath: str, text: str) -> None:
    """Compare ``text`` with ``tests/golden/<relpath>``; rewrite it when ARCHKIT_UPDATE_GOLDEN=1."""
    path = GOLDEN_DIR / relpath
    if os.environ.get("ARCHKIT_UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
        return
    assert path.exists(), f"golden file {path} is missing; run with ARCHKIT_UPDATE_GOLDEN=1 to create it"
    expected = path.read_text(encoding="utf-8")
    if expected != text:
        diff = "".join(difflib.unified_diff(
            expected.splitlines(keepends=True), text.splitlines(keepends=True),
            fromfile=f"golden/{relpath}", tofile="generated", n=2,
        ))
        raise AssertionError(f"output differs from golden/{relpath} "
                             f"(ARCHKIT_UPDATE_GOLDEN=1 to accept):\n{diff[:6000]}")
