"""The arc42 page the README shows is exactly what its command generates."""

from __future__ import annotations

import re

from archkit.arc42 import generate_docs
from archkit.load import load
from tests.arc42.helpers import ROOT


def test_readme_shows_the_page_its_command_generates() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "archkit docs tests/models/shop.py " in readme
    shown = re.search(r"exactly as the first command writes it.*?:\n\n```markdown\n(.*?)```\n", readme, re.DOTALL)
    assert shown, "README: the generated page excerpt is missing"
    pages = {a.relpath: a.content.decode("utf-8") for a in generate_docs(load(ROOT / "tests/models/shop.py"))}
    assert shown.group(1) == pages["arc42/03_context_and_scope.md"], (
        "README's arc42 example is stale: paste out/shop/arc42/03_context_and_scope.md after "
        "`archkit docs tests/models/shop.py`")
