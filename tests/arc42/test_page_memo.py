"""Per-page freshness of the arc42 set (issue 18): ``archkit build`` renders a page's template again only
when the page's data changed (:mod:`archkit.arc42.memo`), and what people wrote in the pages is kept as
before. Templates rendered are counted where every page is rendered (:func:`archkit.arc42.generate.render`).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit.arc42 import generate
from archkit.arc42.memo import MEMO_PATH, memo_bytes, read_memo
from archkit.build.job import build_model
from archkit.cli import app
from tests.test_view_freshness import outputs  # the caches of file signatures left out

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
    - {id: shop.api, name: API, description: API_TEXT, technology: Python}
    - {id: shop.db, name: DB, description: Keeps orders., technology: PostgreSQL}
  - {id: mail, name: Mail, description: Sends mail., location: external}
  relationships:
  - {source: customer, destination: shop.api, description: Places orders, technology: HTTPS}
  - {source: shop.api, destination: shop.db, description: Stores orders, technology: SQL}
  - {source: shop.api, destination: mail, description: Sends mail with, technology: SMTP}
views:
- {type: system_context, key: context, software_system: shop}
- {type: container, key: containers, software_system: shop}
arc42:
  glossary:
  - {term: Order, definition: GLOSSARY_TEXT}
  decisions:
  - {id: "0001", title: Keep orders in PostgreSQL, context: Orders are relational., decision: Use PostgreSQL.}
"""
ORIGINAL = MODEL.replace("API_TEXT", "Takes orders.").replace("GLOSSARY_TEXT", "What a customer buys.")
BUILDING_BLOCKS = "arc42/05_building_block_view.md"
HAND = "\nWritten by a person, outside the markers.\n"


@pytest.fixture
def rendered(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The templates rendered since the list was last cleared."""
    names: list[str] = []
    render = generate.render

    def counted(env: object, name: str, context: dict[str, object]) -> str:
        names.append(name)
        return render(env, name, context)

    monkeypatch.setattr(generate, "render", counted)
    return names


def build(work: Path, text: str, out: str = "out") -> Path:
    (work / "shop.yaml").write_text(text)
    outcome = build_model(str(work / "shop.yaml"), str(work / out / "shop"))
    assert outcome.status == "built", outcome.messages
    assert MEMO_PATH not in outcome.generated  # a cache, not an output: never compared by --check
    return work / out / "shop"


def test_a_build_renders_only_the_pages_whose_data_changed(tmp_path: Path, rendered: list[str]) -> None:
    out = build(tmp_path, ORIGINAL)
    every = sorted(rendered)
    assert "05_building_block_view.md.j2" in every and "adr_nygard.md.j2" in every
    rendered.clear()
    build(tmp_path, ORIGINAL)
    assert rendered == []
    edited = MODEL.replace("API_TEXT", "Takes every order.").replace("GLOSSARY_TEXT", "What a customer buys.")
    build(tmp_path, edited)
    assert rendered == ["05_building_block_view.md.j2"]
    assert "Takes every order." in (out / BUILDING_BLOCKS).read_text()
    rendered.clear()
    glossary = edited.replace("What a customer buys.", "What a customer pays for.")
    build(tmp_path, glossary)
    assert rendered == ["12_glossary.md.j2"]
    assert outputs(out) == outputs(build(tmp_path, glossary, out="cold"))  # the memo's texts included
    assert sorted(rendered[1:]) == every


def test_hand_written_text_is_merged_into_a_page_taken_from_the_memo(tmp_path: Path, rendered: list[str]) -> None:
    out = build(tmp_path, ORIGINAL)
    page = out / BUILDING_BLOCKS
    page.write_text(page.read_text() + HAND)
    rendered.clear()
    build(tmp_path, ORIGINAL)
    assert rendered == [] and page.read_text().endswith(HAND)
    edited = ORIGINAL.replace("Sells things.", "Sells things online.")
    build(tmp_path, edited)
    text = page.read_text()
    assert text.endswith(HAND) and "05_building_block_view.md.j2" in rendered
    assert "Sells things online." in (out / "arc42/arc42.md").read_text()
    (out / BUILDING_BLOCKS).unlink()  # a page deleted by hand stays deleted, memo or not
    build(tmp_path, edited)
    assert not page.exists()


@pytest.mark.parametrize("damage", ["garbage", "other format", "wrong entry", "edited text", "link", "folder"])
def test_a_damaged_memo_costs_renders_only(tmp_path: Path, rendered: list[str], damage: str) -> None:
    out = build(tmp_path, ORIGINAL)
    before = outputs(out)
    memo = out / MEMO_PATH
    if damage == "garbage":
        memo.write_bytes(b"\xff{[")
    elif damage == "other format":
        memo.write_text(json.dumps({**json.loads(memo.read_text()), "format": 99}))
    elif damage == "wrong entry":  # the key of another state of the page
        data = json.loads(memo.read_text())
        data["pages"][BUILDING_BLOCKS] = ["0" * 64, "not the page"]
        memo.write_text(json.dumps(data))
    elif damage == "edited text":  # the right key, another text (by hand, a merge tool, a damaged disk)
        data = json.loads(memo.read_text())
        data["pages"][BUILDING_BLOCKS][1] = data["pages"][BUILDING_BLOCKS][1].replace("Takes orders.", "Forged.")
        memo.write_text(json.dumps(data))
    elif damage == "link":
        (tmp_path / "elsewhere.json").write_bytes(memo.read_bytes())
        memo.unlink()
        os.symlink(tmp_path / "elsewhere.json", memo)
    else:
        memo.unlink()
        memo.mkdir()
    rendered.clear()
    build(tmp_path, ORIGINAL)
    assert rendered != []
    assert damage in ("wrong entry", "edited text") or "index.md.j2" in rendered
    assert damage != "edited text" or rendered == ["05_building_block_view.md.j2"]
    assert outputs(out) == before and memo.is_file() and not memo.is_symlink()
    page = read_memo(memo.read_bytes())[BUILDING_BLOCKS][1]
    assert page != "not the page" and "Forged." not in page


def test_build_check_renders_every_page_whatever_the_memo_says(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A memo forged to hold another text under the right key, its hash made to match, misleads a build, never
    ``build --check``."""
    out = build(tmp_path, ORIGINAL)
    memo = out / MEMO_PATH
    pages = read_memo(memo.read_bytes())
    key, text = pages[BUILDING_BLOCKS]
    pages[BUILDING_BLOCKS] = (key, text.replace("Takes orders.", "Forged."))
    memo.write_bytes(memo_bytes(pages))  # forged with its hash too
    (out / BUILDING_BLOCKS).write_text((out / BUILDING_BLOCKS).read_text().replace("Takes orders.", "Forged."))
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["build", "shop.yaml", "--out", "out", "--check", "--jobs", "1"])
    assert result.exit_code == 1 and "05_building_block_view.md" in result.output
