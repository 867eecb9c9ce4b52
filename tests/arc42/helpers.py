"""Shared helpers of the arc42 tests: example models, generated page sets, link checking."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from archkit.arc42 import generate_docs
from archkit.load import load
from archkit.model import Workspace
from tests.arc42.docs_models import landscape, shop
from tests.models import neighbours

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted(p.stem for p in (ROOT / "models").glob("*.py"))
TEST_MODELS = {"shop": shop, "landscape": landscape, "neighbours": neighbours.build,
               "neighbours-warehouse": lambda: neighbours.build("warehouse")}
ALL_MODELS = [*EXAMPLES, *TEST_MODELS]


@cache
def workspace(name: str) -> Workspace:
    """An example model from models/ (loaded once) or one of the test models."""
    return TEST_MODELS[name]() if name in TEST_MODELS else load(ROOT / "models" / f"{name}.py")


@cache
def pages(name: str, fmt: str = "md") -> dict[str, str]:
    """relpath -> text of the generated arc42 set of a model."""
    return {a.relpath: a.content.decode("utf-8") for a in generate_docs(workspace(name), fmt)}  # type: ignore[arg-type]


_LINK = re.compile(r"\]\(([^)\s]+)\)")
_ANCHOR = re.compile(r'<a id="([^"]+)"></a>')
_HEADING = re.compile(r"^#{1,6} (.+)$", re.MULTILINE)


def _slug(heading: str) -> str:
    return re.sub(r"[\s]+", "-", re.sub(r"[^\w\s-]", "", heading).strip().lower())


def anchors_of(text: str) -> set[str]:
    """Explicit anchors and heading slugs of a Markdown page."""
    return set(_ANCHOR.findall(text)) | {_slug(h) for h in _HEADING.findall(text)}


def broken_links(texts: dict[str, str], only: str | None = None) -> list[str]:
    """Relative Markdown links between the pages (or from the page ``only``) whose file or anchor is missing."""
    broken = []
    for rel, text in texts.items():
        if only is not None and rel != only:
            continue
        folder = rel.rsplit("/", 1)[0]
        for target in _LINK.findall(text):
            if "://" in target or target.startswith("../diagrams/"):
                continue
            path, _, anchor = target.partition("#")
            resolved = rel if not path else str(Path(folder, path)).replace("\\", "/")
            if resolved not in texts or (anchor and anchor not in anchors_of(texts[resolved])):
                broken.append(f"{rel}: {target}")
    return broken
