"""Regenerating the docs over an edited set keeps what people wrote, and keeps deleted pages deleted."""

from __future__ import annotations

from pathlib import Path

from archkit.arc42 import write_docs
from archkit.output import Artifact, write_artifacts
from tests.arc42.docs_models import shop

NOTE = "\nOur team reviews this table every quarter. See also the wiki | page.\n"
LEAD = "Read this first: the shop is run by two teams.\n\n"


def _fresh(tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    write_docs(shop(), root, render=False)
    return root


def test_paragraphs_added_outside_the_markers_are_kept_byte_for_byte(tmp_path: Path) -> None:
    root = _fresh(tmp_path)
    page = root / "arc42" / "03_context_and_scope.md"
    text = page.read_text(encoding="utf-8")
    after = "<!-- archkit:end 3.1 -->\n"
    edited = LEAD + text.replace(after, after + NOTE) + "\nClosing remarks, written by hand.\n"
    page.write_text(edited, encoding="utf-8")
    ws = shop()
    ws.model.people[0].description = "Buys books and games."
    write_docs(ws, root, render=False)
    regenerated = page.read_text(encoding="utf-8")
    assert regenerated.startswith(LEAD)
    assert after + NOTE in regenerated
    assert regenerated.endswith("\nClosing remarks, written by hand.\n")
    assert "Buys books and games." in regenerated
    assert regenerated == edited.replace("Buys things; writes {{ 7\\*7 }} in reviews.", "Buys books and games.")


def test_the_single_file_carries_the_hand_written_text_of_the_pages(tmp_path: Path) -> None:
    root = _fresh(tmp_path)
    page = root / "arc42" / "12_glossary.md"
    page.write_text(page.read_text(encoding="utf-8") + NOTE, encoding="utf-8")
    write_docs(shop(), root, render=False)
    single = (root / "arc42" / "arc42.md").read_text(encoding="utf-8")
    assert NOTE.strip() in single
    assert "archkit:begin" not in single


def test_a_page_deleted_by_hand_is_not_recreated_and_leaves_the_navigation(tmp_path: Path) -> None:
    root = _fresh(tmp_path)
    (root / "arc42" / "02_architecture_constraints.md").unlink()
    result = write_docs(shop(), root, render=False)
    assert not (root / "arc42" / "02_architecture_constraints.md").exists()
    assert any("deleted by hand" in n for n in result.notes)
    assert "02_architecture_constraints" not in (root / "arc42" / "mkdocs.yml").read_text(encoding="utf-8")
    assert "02_architecture_constraints" not in (root / "arc42" / "index.md").read_text(encoding="utf-8")
    assert "## 2. Architecture Constraints" not in (root / "arc42" / "arc42.md").read_text(encoding="utf-8")


def test_a_page_whose_markers_were_removed_is_left_as_written(tmp_path: Path) -> None:
    root = _fresh(tmp_path)
    page = root / "arc42" / "08_crosscutting_concepts.md"
    page.write_text("## 8. Cross-cutting Concepts\n\nWritten entirely by hand.\n", encoding="utf-8")
    result = write_docs(shop(), root, render=False)
    assert page.read_text(encoding="utf-8") == "## 8. Cross-cutting Concepts\n\nWritten entirely by hand.\n"
    assert any("no archkit markers" in n for n in result.notes)


def test_settings_added_to_mkdocs_yml_outside_the_markers_are_kept(tmp_path: Path) -> None:
    root = _fresh(tmp_path)
    config = root / "arc42" / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "theme:\n  name: readthedocs\n", encoding="utf-8")
    write_docs(shop(), root, render=False)
    assert config.read_text(encoding="utf-8").endswith("# archkit:end config\ntheme:\n  name: readthedocs\n")


def test_write_artifacts_keeps_hand_written_text_for_any_writer(tmp_path: Path) -> None:
    page = tmp_path / "arc42" / "x.md"
    page.parent.mkdir()
    page.write_text("mine\n<!-- archkit:begin a -->\nold\n<!-- archkit:end a -->\n", encoding="utf-8")
    write_artifacts(tmp_path, [Artifact("arc42/x.md", b"<!-- archkit:begin a -->\nnew\n<!-- archkit:end a -->\n")])
    assert page.read_text(encoding="utf-8") == "mine\n<!-- archkit:begin a -->\nnew\n<!-- archkit:end a -->\n"


def test_regenerating_without_changes_rewrites_nothing(tmp_path: Path) -> None:
    root = _fresh(tmp_path)
    assert write_docs(shop(), root, render=False).written == []
