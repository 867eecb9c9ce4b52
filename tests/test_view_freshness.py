"""Per-view freshness (issue 18): ``archkit build`` draws a view again only when what it shows changed.

The views a build draws are counted where ``dot`` runs (:func:`archkit.render.graphviz._invoke`, the one
place) and where a view is drawn (:func:`archkit.render.pipeline.render_computed`); the model is built in
this process (``build_model``), as a build's worker does.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit.build import STAMP
from archkit.build.job import build_model
from archkit.cli import app
from archkit.render import graphviz, pipeline
from archkit.render.freshness import CACHE_DIR, FILES_PATH, entry_path

pytestmark = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")

MODEL = """\
name: Shop
model:
  people:
  - {id: customer, name: Customer, description: Buys things.}
  software_systems:
  - id: shop
    name: Shop
    description: Sells things.
    containers:
    - {id: shop.web, name: Web, description: Shows the shop., technology: React}
    - {id: shop.api, name: API, description: Takes orders., technology: Python}
    - {id: shop.db, name: DB, description: DB_TEXT, technology: PostgreSQL}
  - {id: mail, name: Mail, description: Sends mail.}
  relationships:
  - {source: customer, destination: shop.web, description: Browses, technology: HTTPS}
  - {source: shop.web, destination: shop.api, description: Calls, technology: JSON/HTTPS}
  - {source: shop.api, destination: shop.db, description: Stores orders, technology: SQL}
  - {source: shop.api, destination: mail, description: Sends mail with, technology: SMTP}
EXTRA
views:
- {type: system_context, key: context, software_system: shop}
- {type: container, key: containers, software_system: shop}
- {type: system_context, key: mail, software_system: mail}
"""
ORIGINAL = MODEL.replace("DB_TEXT", "Keeps orders.").replace("EXTRA\n", "")
VIEWS = {"context", "containers", "mail"}


class Counter:
    """The views drawn and the ``dot`` runs of the builds since the last :meth:`reset`."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.views: list[str] = []
        self.runs = 0
        invoke, render = graphviz._invoke, pipeline.render_computed

        def counted_invoke(*args: object, **kwargs: object) -> tuple[bytes, list[str]]:
            self.runs += 1
            return invoke(*args, **kwargs)  # type: ignore[arg-type]

        def counted_render(setup: pipeline.Setup, computed: pipeline.ComputedView,
                           formats: list[str]) -> pipeline.Rendered:
            self.views.append(computed.key)
            return render(setup, computed, formats)

        monkeypatch.setattr(graphviz, "_invoke", counted_invoke)
        monkeypatch.setattr(pipeline, "render_computed", counted_render)

    def reset(self) -> None:
        self.views, self.runs = [], 0


def build(work: Path, text: str, out: str = "out") -> Path:
    (work / "shop.yaml").write_text(text)
    outcome = build_model(str(work / "shop.yaml"), str(work / out / "shop"))
    assert outcome.status == "built", outcome.messages
    return work / out / "shop"


def outputs(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` but the caches of file signatures (the stamp, the diagrams' signatures): what
    they record (inodes, times) is this disk's, never the same in two folders."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.name != STAMP and p.relative_to(root).as_posix() != FILES_PATH}


@pytest.fixture
def counter(monkeypatch: pytest.MonkeyPatch) -> Counter:
    return Counter(monkeypatch)


@pytest.fixture
def built(tmp_path: Path, counter: Counter) -> Path:
    """The model built once (every view drawn), the counter reset."""
    out = build(tmp_path, ORIGINAL)
    assert sorted(counter.views) == sorted(VIEWS) and counter.runs >= len(VIEWS)
    counter.reset()
    return out


def test_an_unchanged_model_is_built_again_without_running_dot(tmp_path: Path, built: Path, counter: Counter) -> None:
    before = outputs(built)
    build(tmp_path, ORIGINAL)
    assert counter.views == [] and counter.runs == 0
    assert outputs(built) == before


def test_editing_a_description_redraws_only_the_views_showing_the_element(tmp_path: Path, built: Path,
                                                                          counter: Counter) -> None:
    edited = MODEL.replace("DB_TEXT", "Keeps every order.").replace("EXTRA\n", "")
    build(tmp_path, edited)
    assert counter.views == ["containers"] and counter.runs >= 1
    assert b"Keeps every order." in (built / "diagrams/containers.svg").read_bytes()
    counter.reset()
    cold = build(tmp_path, edited, out="cold")
    assert sorted(counter.views) == sorted(VIEWS)
    assert outputs(built) == outputs(cold)  # byte for byte what a build from nothing writes, entries included


def test_adding_a_relationship_redraws_only_the_views_showing_both_ends(tmp_path: Path, built: Path,
                                                                        counter: Counter) -> None:
    added = MODEL.replace("DB_TEXT", "Keeps orders.").replace(
        "EXTRA", "  - {source: shop.web, destination: shop.db, description: Reads the catalogue from}")
    build(tmp_path, added)
    assert counter.views == ["containers"]
    assert b"Reads the catalogue from" in (built / "diagrams/containers.svg").read_bytes()
    cold = build(tmp_path, added, out="cold")
    assert outputs(built) == outputs(cold)


def test_views_not_showing_an_edited_description_are_not_even_computed(tmp_path: Path, built: Path, counter: Counter,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The quick key: a description edit computes only the views showing the element; any other edit (the
    shape) computes every view and draws those whose DOT changed, and refreshes the others' quick keys."""
    computed: list[str] = []
    compute = pipeline.compute_view

    def counted(ws: object, spec: pipeline.View, catalog: object = None) -> pipeline.ComputedView:
        computed.append(spec.key)
        return compute(ws, spec, catalog)  # type: ignore[arg-type]

    monkeypatch.setattr(pipeline, "compute_view", counted)
    build(tmp_path, ORIGINAL)
    assert computed == [] and counter.runs == 0
    edited = MODEL.replace("DB_TEXT", "Keeps every order.").replace("EXTRA\n", "")
    build(tmp_path, edited)
    assert computed == ["containers"] and counter.views == ["containers"]
    computed.clear()
    counter.reset()
    renamed = edited.replace("name: Customer", "name: Shopper")
    build(tmp_path, renamed)
    assert sorted(computed) == sorted(VIEWS) and sorted(counter.views) == ["containers", "context"]
    computed.clear()
    counter.reset()
    build(tmp_path, renamed)
    assert computed == [] and counter.runs == 0
    cold = build(tmp_path, renamed, out="cold")
    assert outputs(built) == outputs(cold)


def test_a_diagram_edited_or_removed_is_drawn_again(tmp_path: Path, built: Path, counter: Counter) -> None:
    before = outputs(built)
    (built / "diagrams/context.svg").write_bytes(b"<svg>edited</svg>")
    (built / "diagrams/mail.png").unlink()
    build(tmp_path, ORIGINAL)
    assert sorted(counter.views) == ["context", "mail"]
    assert outputs(built) == before


@pytest.mark.parametrize("damage", ["garbage", "truncated", "other view", "other key", "wrong hash", "folder"])
def test_a_corrupted_or_foreign_entry_is_ignored(tmp_path: Path, built: Path, counter: Counter, damage: str) -> None:
    before = outputs(built)
    entry = built / entry_path("containers")
    data = json.loads(entry.read_bytes())
    if damage == "garbage":
        entry.write_bytes(b"\x00\xff[[[")
    elif damage == "truncated":
        entry.write_bytes(entry.read_bytes()[:40])
    elif damage == "other view":
        shutil.copyfile(built / entry_path("context"), entry)
    elif damage == "other key":  # an entry of another state of the model: both its keys differ
        entry.write_text(json.dumps({**data, "key": "0" * 64, "quick": "1" * 64}))
    elif damage == "wrong hash":  # an entry claiming files other than those on disk
        entry.write_text(json.dumps({**data, "files": {**data["files"], "svg": "0" * 64}}))
    else:
        entry.unlink()
        entry.mkdir()
    build(tmp_path, ORIGINAL)
    assert counter.views == ["containers"]
    assert outputs(built) == before


def test_links_in_the_cache_are_never_followed(tmp_path: Path, built: Path, counter: Counter) -> None:
    before = outputs(built)
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(built / CACHE_DIR, elsewhere)  # entries that would match, reached through links only
    (built / entry_path("containers")).unlink()
    os.symlink(elsewhere / "containers.json", built / entry_path("containers"))
    svg = built / "diagrams/context.svg"
    shutil.copyfile(svg, elsewhere / "context.svg")
    svg.unlink()
    os.symlink(elsewhere / "context.svg", svg)
    build(tmp_path, ORIGINAL)
    assert sorted(counter.views) == ["containers", "context"]
    assert outputs(built) == before and not (built / entry_path("containers")).is_symlink() and not svg.is_symlink()
    counter.reset()
    shutil.rmtree(built / CACHE_DIR)
    os.symlink(elsewhere, built / CACHE_DIR)  # the whole folder a link: ignored, removed, never written through
    snapshot = outputs(elsewhere)
    build(tmp_path, ORIGINAL)
    assert sorted(counter.views) == sorted(VIEWS)
    assert outputs(built) == before and not (built / CACHE_DIR).is_symlink()
    assert outputs(elsewhere) == snapshot


def test_build_check_draws_every_view_whatever_the_cache_says(tmp_path: Path, built: Path, counter: Counter,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """A diagram edited and its entry forged to match: ``build --check`` still finds it stale."""
    svg = built / "diagrams/context.svg"
    svg.write_bytes(svg.read_bytes().replace(b"Sells things.", b"Sells nothing."))
    entry = built / entry_path("context")
    data = json.loads(entry.read_bytes())
    import hashlib

    data["files"]["svg"] = hashlib.sha256(svg.read_bytes()).hexdigest()
    entry.write_text(json.dumps(data))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", "shop.yaml", "--out", "out", "--check", "--jobs", "1"])
    assert result.exit_code == 1 and "context.svg" in result.output


def test_force_draws_every_view(tmp_path: Path, built: Path, counter: Counter) -> None:
    before = outputs(built)
    outcome = build_model(str(tmp_path / "shop.yaml"), str(built), reuse=False)
    assert outcome.status == "built" and sorted(counter.views) == sorted(VIEWS)
    assert outputs(built) == before


def test_entries_of_views_gone_are_removed(tmp_path: Path, built: Path) -> None:
    build(tmp_path, ORIGINAL.replace("- {type: system_context, key: mail, software_system: mail}\n", ""))
    names = sorted(p.name for p in (built / CACHE_DIR).iterdir())
    # and the arc42 pages' memo, and the signatures of the diagrams (of the views still there)
    assert names == [".arc42-pages.json", ".files.json", "containers.json", "context.json"]
    assert sorted(json.loads((built / FILES_PATH).read_bytes())["files"]) == [
        f"diagrams/{view}.{fmt}" for view in ("containers", "context") for fmt in ("png", "svg")]


def test_switching_a_dynamic_view_to_the_sequence_style_draws_it_again(tmp_path: Path, counter: Counter) -> None:
    dynamic = ("- {type: dynamic, key: order, scope: shop, STYLE steps: [{source: shop.web, destination: shop.api, "
               "description: Calls}, {source: shop.api, destination: shop.db, description: Stores orders}]}\n")
    collaboration = ORIGINAL + dynamic.replace("STYLE ", "")
    sequence = ORIGINAL + dynamic.replace("STYLE ", "style: sequence, ")
    out = build(tmp_path, collaboration)
    before = (out / "diagrams/order.svg").read_bytes()
    counter.reset()
    build(tmp_path, sequence)  # the collaboration form's DOT is unchanged: the key must still differ
    assert counter.runs >= 1 and (out / "diagrams/order.svg").read_bytes() != before
    counter.reset()
    build(tmp_path, sequence)
    assert counter.runs == 0
    build(tmp_path, collaboration)
    assert (out / "diagrams/order.svg").read_bytes() == before
