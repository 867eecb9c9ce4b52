"""The arc42 manifest never claims what is not on disk: pages are written before it, and when a
regeneration drops a block, the claims are narrowed before any page is written, so a block archkit
removed itself is never taken for one a person deleted (see archkit/arc42/pipeline.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import archkit.output
from archkit.arc42.generate import MANIFEST, manifest_text
from archkit.arc42.markers import block_ids
from archkit.arc42.pipeline import keep_hand_written, write_pages
from archkit.diskfile import Signature
from archkit.output import Artifact, occupied, read_existing


def page(*blocks: str) -> str:
    return "# Page\n\n" + "".join(f"<!-- archkit:begin {b} -->\n{b} text\n<!-- archkit:end {b} -->\n\n"
                                  for b in blocks)


def generation(*blocks: str) -> list[Artifact]:
    """What the generator makes: one page with ``blocks``, and the manifest claiming them."""
    return [Artifact("arc42/p.md", page(*blocks).encode()),
            Artifact(MANIFEST, manifest_text("md", {"p.md": list(blocks)}).encode())]


def generate_and_write(root: Path, *blocks: str) -> None:
    final, _ = keep_hand_written(generation(*blocks), lambda rel: read_existing(root, rel),
                                 lambda rel: occupied(root, rel))
    write_pages(root, final)


def claims(root: Path) -> dict[str, list[str]]:
    return dict(json.loads((root / MANIFEST).read_text(encoding="utf-8"))["pages"])


def test_the_manifest_is_written_last_and_narrowed_before_a_page_loses_a_block(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate_and_write(tmp_path, "a", "b")
    seen: list[tuple[str, dict[str, list[str]]]] = []
    real = archkit.output.write_signed  # every write of write_artifacts goes through it

    def spy(target: Path, content: bytes) -> tuple[bool, Signature]:
        seen.append((target.name, claims(tmp_path)))
        return real(target, content)

    monkeypatch.setattr(archkit.output, "write_signed", spy)
    generate_and_write(tmp_path, "a")
    assert [name for name, _ in seen] == [".archkit-manifest.json", "p.md", ".archkit-manifest.json"]
    assert seen[1][1] == {"p.md": ["a"]}  # when the page lost block b, the manifest no longer claimed it
    assert claims(tmp_path) == {"p.md": ["a"]}


def test_a_block_dropped_by_a_killed_generation_comes_back_when_the_model_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    generate_and_write(tmp_path, "a", "b")
    real = archkit.output.write_signed

    def killed_after_the_page(target: Path, content: bytes) -> tuple[bool, Signature]:
        changed = real(target, content)
        if target.name == "p.md":
            raise KeyboardInterrupt  # the process ends here: the final manifest is never written
        return changed

    monkeypatch.setattr(archkit.output, "write_signed", killed_after_the_page)
    with pytest.raises(KeyboardInterrupt):
        generate_and_write(tmp_path, "a")
    monkeypatch.undo()
    assert "b text" not in (tmp_path / "arc42/p.md").read_text(encoding="utf-8")

    generate_and_write(tmp_path, "a", "b")  # the model as it was: block b is generated again

    assert block_ids((tmp_path / "arc42/p.md").read_text(encoding="utf-8")) == ["a", "b"]  # not "deleted by hand"
    assert claims(tmp_path) == {"p.md": ["a", "b"]}


def test_a_block_deleted_by_hand_stays_deleted_across_the_narrowing(tmp_path: Path) -> None:
    generate_and_write(tmp_path, "a", "b", "c")
    target = tmp_path / "arc42/p.md"
    target.write_text(page("a", "c") + "Mine.\n", encoding="utf-8")  # a person deleted block b
    generate_and_write(tmp_path, "a", "b")  # c goes (model), b is still generated
    text = target.read_text(encoding="utf-8")
    assert block_ids(text) == ["a"] and text.endswith("Mine.\n")
    assert claims(tmp_path) == {"p.md": ["a", "b"]}
