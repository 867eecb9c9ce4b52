"""The committed example gallery (docs/gallery/) is current with the models.

`make gallery` lists the views it renders; for each, the committed DOT must equal
what archkit generates now (DOT is archkit's own deterministic text, unlike SVG
bytes, which vary with the Graphviz version). The SVG beside it is checked
structurally: every element of the view is in it, and it references no file on
the machine that drew it. Regenerate with `make gallery` and review the diff.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from archkit.load import load
from archkit.model import Workspace
from archkit.render import render_workspace
from archkit.views import compute_view

ROOT = Path(__file__).resolve().parent.parent
GALLERY = ROOT / "docs" / "gallery"
RENDER_LINE = re.compile(r"render models/(\w+)\.py((?:\s+-v\s+[\w.-]+)+)")


def gallery_views() -> list[tuple[str, str]]:
    """(model, view key) for every view the Makefile's `gallery` target renders."""
    recipe = (ROOT / "Makefile").read_text(encoding="utf-8").split("\ngallery:", 1)[1].split("\n\n")[0]
    return [(model, key) for model, flags in RENDER_LINE.findall(recipe)
            for key in re.findall(r"-v\s+([\w.-]+)", flags)]


VIEWS = gallery_views()


@cache
def model(name: str) -> Workspace:
    return load(ROOT / "models" / f"{name}.py")


def test_gallery_shows_two_views_of_every_example() -> None:
    examples = {p.stem for p in (ROOT / "models").glob("*.py")}
    shown = {m for m, _ in VIEWS}
    assert shown == examples, f"examples without gallery views: {sorted(examples - shown)}"
    assert all(sum(m == name for m, _ in VIEWS) >= 2 for name in examples)


@pytest.mark.parametrize(("name", "key"), VIEWS, ids=[f"{m}/{k}" for m, k in VIEWS])
def test_committed_gallery_dot_is_current(name: str, key: str) -> None:
    committed = GALLERY / name / "diagrams" / f"{key}.dot"
    assert committed.exists(), f"{committed.relative_to(ROOT)} is missing — run `make gallery`"
    # the DOT that was drawn: for a small view, the candidate encoding that measured best
    artifacts, _ = render_workspace(model(name), formats=("svg", "dot"), views=[key])
    drawn = next(a.content for a in artifacts if a.relpath.endswith(".dot")).decode("utf-8")
    assert committed.read_text(encoding="utf-8") == drawn, (
        f"{committed.relative_to(ROOT)} is stale — run `make gallery` and commit the result"
    )


@pytest.mark.parametrize(("name", "key"), VIEWS, ids=[f"{m}/{k}" for m, k in VIEWS])
def test_committed_gallery_svg_shows_every_element(name: str, key: str) -> None:
    svg = (GALLERY / name / "diagrams" / f"{key}.svg").read_text(encoding="utf-8")
    ws = model(name)
    view = compute_view(ws, ws.views[key])
    missing = [n.id for n in view.nodes if f'id="el-{n.id}"' not in svg]
    assert not missing, f"{name}/{key}.svg lacks {missing} — run `make gallery`"
    assert not re.search(r'(?:xlink:)?href="(?:/|file:|[A-Za-z]:\\)', svg), "SVG points at a local file"


def test_gallery_holds_nothing_but_listed_views() -> None:
    listed = {f"{m}/diagrams/{k}.{ext}" for m, k in VIEWS for ext in ("dot", "svg")}
    present = {p.relative_to(GALLERY).as_posix() for p in GALLERY.rglob("*") if p.is_file()}
    assert present == listed, f"unlisted: {sorted(present - listed)}; missing: {sorted(listed - present)}"


def test_models_readme_shows_every_gallery_svg() -> None:
    readme = (ROOT / "models" / "README.md").read_text(encoding="utf-8")
    assert "make gallery" in readme
    for name, key in VIEWS:
        assert f"../docs/gallery/{name}/diagrams/{key}.svg" in readme, f"README lacks {name}/{key}"
