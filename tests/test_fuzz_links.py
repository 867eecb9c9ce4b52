"""Property-based fuzzing of symbolic links planted in ``out/<model>/``: in place of outputs (diagrams,
arc42 pages, the manifest, the stamp), as orphans, in place of folders; leading outside, to a page a
person wrote, to a folder, to ``/dev/zero``, nowhere, or round in a loop.

Whatever is planted, the build's whole disk work (``build --check``'s comparison, then the worker's
writes, the orphan clean-up and the stamp) ends in a built model or one clean error; it never follows a
link: nothing outside is read or changed, a page a person wrote is untouched, the check writes nothing,
and after a build every output is a plain file and no link is left where the build owns the folder.
Diagrams are stand-ins (no `dot`) and the generated pages are made once (the model never changes; what is
on disk is merged in every time), so examples are cheap; `make fuzz` draws the fuzz profile's count.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, strategies as st

from archkit.arc42 import generate_docs
from archkit.build import STAMP, build_model
from archkit.build.plan import ModelJob, model_fingerprint
from archkit.build.runner import _finish, orphans
from archkit.errors import ArchkitError
from archkit.model import Workspace
from archkit.output import Artifact
from tests.test_fuzz_outputs import examples

MODEL = """\
name: Shop
model:
  people:
  - {id: customer, name: Customer, description: Buys things.}
  software_systems:
  - {id: shop, name: Shop, description: Sells things.}
  relationships:
  - {source: customer, destination: shop, description: Buys from}
views:
- {type: system_context, key: context, software_system: shop}
- {type: system_landscape, key: landscape}
arc42:
  decisions:
  - {id: "0001", title: Sell things, decision: We sell.}
"""
HAND = "A page a person wrote.\n"
PAGE = "arc42/01_introduction_and_goals.md"
PLACES = [  # where a link may be planted, relative to out/shop/
    "diagrams/context.svg", "diagrams/landscape.png", "diagrams/old.svg", "diagrams/sub/old.svg", "exports/x.mmd",
    PAGE, "arc42/index.md", "arc42/mkdocs.yml", "arc42/arc42.md", "arc42/.archkit-manifest.json",
    "arc42/decisions/0001-sell-things.md", "arc42/notes.md", STAMP,
    "diagrams", "exports", "arc42", "arc42/decisions", "diagrams/sub",
    ".archkit-views", ".archkit-views/context.json",  # the views' freshness cache: not an output
]
TARGETS = {  # what a link leads to, relative to out/shop/ (outside: ../../outside/)
    "outside file": "../../outside/keep.txt", "outside folder": "../../outside", "hand page": "arc42/notes.md",
    "output": PAGE, "own folder": "arc42", "device": "/dev/zero", "nowhere": "nowhere", "loop": None,
}
CACHE = (".archkit-views", ".archkit-views/context.json")
FOLDERS = {"diagrams", "exports", "arc42", "arc42/decisions"}  # on the way to an output, or owned whole


_DOCS: dict[str, list[Artifact]] = {}


def docs_once(ws: Workspace, **kwargs: Any) -> list[Artifact]:
    """``generate_docs``, made once per model and arguments (the pages as generated, before the merge)."""
    key = ws.model_dump_json() + repr(sorted(kwargs.items()))
    if key not in _DOCS:
        _DOCS[key] = generate_docs(ws, **kwargs)
    return _DOCS[key]


def stand_ins(mp: pytest.MonkeyPatch) -> None:
    mp.setattr("archkit.render.pipeline.iter_render", fake_render)
    mp.setattr("archkit.arc42.generate_docs", docs_once)


def fake_render(ws: object, **kwargs: object) -> Iterator[tuple[list[Artifact], list[str]]]:
    for key in ("context", "landscape"):
        yield [Artifact(f"diagrams/{key}.svg", f"<svg>{key}</svg>".encode()),
               Artifact(f"diagrams/{key}.png", key.encode())], []


def tree(root: Path) -> dict[str, object]:
    """Every entry under ``root``: a link's target, a file's bytes, or "folder" (links are not followed)."""
    found: dict[str, object] = {}
    for here, dirs, names in os.walk(root):
        for name in [*dirs, *names]:
            path = Path(here, name)
            rel = path.relative_to(root).as_posix()
            found[rel] = (f"-> {os.readlink(path)}" if path.is_symlink() else
                          "folder" if path.is_dir() else path.read_bytes())
    return found


def plant(model_dir: Path, place: str, target: str) -> None:
    path = model_dir / place
    for folder in reversed(path.relative_to(model_dir).parents[:-1]):  # a link planted earlier on the way goes
        if (model_dir / folder).is_symlink():
            (model_dir / folder).unlink()
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.is_dir():
        shutil.rmtree(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    link = TARGETS[target]
    if link is None:
        path.symlink_to(path.name)
    elif link.startswith("/"):
        path.symlink_to(link)
    else:  # relative to the link's own folder
        path.symlink_to(os.path.relpath(model_dir / link, path.parent))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The model built once (stand-in diagrams), a page edited by hand and a person's own page added."""
    work = tmp_path_factory.mktemp("links")
    (work / "shop.yaml").write_text(MODEL, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        stand_ins(mp)
        build_and_finish(work)
        page = work / "out/shop" / PAGE
        page.write_text(page.read_text(encoding="utf-8") + "\nWritten by a person.\n", encoding="utf-8")
        (work / "out/shop/arc42/notes.md").write_text(HAND, encoding="utf-8")
        assert build_and_finish(work)[0] == "built"  # arc42.md takes the edit in
        assert build_and_finish(work, check_only=True)[0] == "fresh", "not fresh before any link is planted"
    (work / "outside").mkdir()
    (work / "outside/keep.txt").write_text("untouched\n", encoding="utf-8")
    return work


def build_and_finish(work: Path, *, check_only: bool = False) -> tuple[str, list[str], list[str]]:
    """What `archkit build` (or `--check`) does for the model on disk, in this process:
    (status, generated paths, messages); orphans are listed (check) or removed and the stamp written."""
    out_dir = work / "out/shop"
    outcome = build_model(str(work / "shop.yaml"), str(out_dir), check_only=check_only)
    if outcome.status != "failed":
        job = ModelJob(work / "shop.yaml", "shop", out_dir, model_fingerprint(work / "shop.yaml"), False)
        try:
            stale = orphans(out_dir, set(outcome.generated))
            if not check_only:
                _finish(job, outcome.generated, outcome.inputs)
            else:
                outcome.status = "stale" if stale or outcome.differences else "fresh"
        except ArchkitError as exc:
            outcome.status = "failed"
            outcome.messages.append(str(exc))
    return outcome.status, outcome.generated, outcome.messages


@examples(40)
@given(st.lists(st.tuples(st.sampled_from(PLACES), st.sampled_from(sorted(TARGETS))), min_size=1, max_size=6))
def test_links_in_the_output_folder_are_replaced_or_removed_never_followed(
        built: Path, tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch,
        plants: list[tuple[str, str]]) -> None:
    stand_ins(monkeypatch)
    work = tmp_path_factory.mktemp("planted")
    shutil.rmtree(work)
    shutil.copytree(built, work, symlinks=True)
    model_dir = work / "out/shop"
    for place, target in plants:
        plant(model_dir, place, target)
    outside, planted = tree(work / "outside"), tree(model_dir)
    folder_links = {p for p, _ in plants if p in FOLDERS and (model_dir / p).is_symlink()}
    hand = (model_dir / "arc42/notes.md").read_bytes() if not (model_dir / "arc42/notes.md").is_symlink() \
        and (model_dir / "arc42/notes.md").is_file() else None

    status, _, messages = build_and_finish(work, check_only=True)
    assert tree(model_dir) == planted, "build --check changed the output folder"
    harmless = all(place in ("arc42/notes.md", STAMP, *CACHE) for place, _ in plants)  # neither an output nor owned
    assert status == "fresh" if harmless else status in ("stale", "failed"), (status, messages)

    status, generated, messages = build_and_finish(work)

    assert tree(work / "outside") == outside, "a link was followed out of the output folder"
    if hand is not None:
        assert (model_dir / "arc42/notes.md").read_bytes() == hand, "a page a person wrote was changed"
    if status == "failed":
        assert folder_links and any("is a symbolic link" in m for m in messages), messages
        return
    assert not folder_links, f"built through a link in place of {folder_links}"
    for rel in generated:
        path = model_dir / rel
        assert path.is_file() and not path.is_symlink(), f"{rel}: not a plain file after the build"
    for owned in ("diagrams", "exports"):
        left = [p for p in (model_dir / owned).rglob("*") if p.is_symlink()] if (model_dir / owned).is_dir() else []
        assert left == [], f"links left in {owned}/: {left}"
    assert (model_dir / STAMP).is_file() and not (model_dir / STAMP).is_symlink()
    assert not (model_dir / ".archkit-views").is_symlink(), "a link in place of the view cache was kept"
