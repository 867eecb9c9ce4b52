"""Inputs read from a folder (``--adr-dir``, ``--templates``) stay in that folder: links out are refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from archkit.arc42 import generate_docs
from archkit.errors import LoadError, TemplateError
from archkit.load import load_decisions, load_templates
from tests.arc42.docs_models import shop

ADR = "# {n}. {title}\n\n## Status\n\nAccepted\n\n## Context\n\n{body}\n"


def _outside(tmp_path: Path, text: str) -> Path:
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text(text, encoding="utf-8")
    return secret


def test_an_adr_file_linked_to_a_file_outside_the_folder_is_refused_by_name(tmp_path: Path) -> None:
    folder = tmp_path / "adr"
    folder.mkdir()
    (folder / "0001-a.md").write_text(ADR.format(n=1, title="A", body="a"), encoding="utf-8")
    (folder / "0002-b.md").symlink_to(_outside(tmp_path, ADR.format(n=2, title="Secret", body="SECRET")))
    with pytest.raises(LoadError, match=r"adr/0002-b\.md: is a symbolic link to .*secret\.txt, outside .*adr — "):
        load_decisions(folder)


def test_a_link_to_a_file_beside_it_is_read_and_linked_sub_folders_are_not(tmp_path: Path) -> None:
    folder = tmp_path / "adr"
    (folder / "old").mkdir(parents=True)
    (folder / "old" / "0001-a.md").write_text(ADR.format(n=1, title="A", body="kept"), encoding="utf-8")
    (folder / "0001-a.md").symlink_to(Path("old") / "0001-a.md")
    (folder / "0002-elsewhere.md").mkdir()  # a folder with an ADR name is no ADR
    (folder / "0003-linked-folder.md").symlink_to(tmp_path, target_is_directory=True)
    decisions = load_decisions(folder)
    assert [(d.id, d.context) for d in decisions] == [("0001", "kept")]


def test_a_template_linked_out_of_its_folder_is_refused_and_one_beside_it_is_read(tmp_path: Path) -> None:
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "_note.md.j2").write_text("note", encoding="utf-8")
    (folder / "_alias.md.j2").symlink_to("_note.md.j2")
    assert load_templates(folder) == {"_alias.md.j2": "note", "_note.md.j2": "note"}
    (folder / "12_glossary.md.j2").symlink_to(_outside(tmp_path, "SECRET"))
    with pytest.raises(LoadError, match=r"templates/12_glossary\.md\.j2: is a symbolic link to .*, outside"):
        load_templates(folder)


@pytest.mark.parametrize("name", ["../12_glossary.md.j2", "/etc/hostname", "./_note.md.j2", "sub/../_note.md.j2"])
def test_templates_include_only_other_templates_by_their_plain_name(name: str) -> None:
    templates = {"_note.md.j2": "note", "12_glossary.md.j2": f"{{% include '{name}' %}}"}
    with pytest.raises(TemplateError, match="not found"):
        generate_docs(shop(), templates=templates)
