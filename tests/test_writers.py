"""What the writing commands do with what a disk holds where they write (``benchmarks/attacks/writers.py``), each a
defect found and fixed (h/attack5):

- A user template without archkit's markers (``docs --templates``) made pages that keep nothing: regenerated,
  the hand-written text of such a page was replaced whole (or a page archkit wrote before lost every generated
  block). It is refused, naming the template and the markers to add, before anything is written.
- ``archkit new`` checked for an existing file, then renamed its file into place: a file (or link) that
  appeared in between was replaced. It now creates the file exclusively (``diskfile.write_new``).
- An output folder that is a dangling symbolic link was followed: archkit made the folders it pointed to, far
  from the output folder. It is refused.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit.arc42 import write_docs
from archkit.cli import app
from archkit.diskfile import write_new
from archkit.errors import OutputError, TemplateError
from archkit.output import Artifact, confined, write_artifacts
from tests.arc42.docs_models import shop

MODELS = Path(__file__).parent / "models"
WORD = "Handwritten-5e2b"
BARE = "## 3. Context and Scope\n\nOur own page for {{ doc.name }}.\n"


def tree(root: Path) -> dict[str, str]:
    """Every entry below ``root`` by its bytes' hash or its link target (never followed)."""
    found = {}
    for top, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            path = Path(top, name)
            rel = path.relative_to(root).as_posix()
            found[rel] = ("link " + os.readlink(path) if path.is_symlink() else "dir" if path.is_dir()
                          else hashlib.sha256(path.read_bytes()).hexdigest())
    return found


def invoke(cwd: Path, *args: str) -> tuple[int, str]:
    here = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(here)
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


@pytest.mark.parametrize("fmt", ["md", "adoc"])
def test_a_template_without_markers_is_refused_and_the_hand_written_text_kept(tmp_path: Path, fmt: str) -> None:
    write_docs(shop(), tmp_path, fmt, render=False)  # type: ignore[arg-type]
    page = tmp_path / "arc42" / f"03_context_and_scope.{fmt}"
    page.write_text(page.read_text() + f"\n{WORD} wrote this.\n")
    before = tree(tmp_path)
    with pytest.raises(TemplateError) as err:
        write_docs(shop(), tmp_path, fmt, templates={f"03_context_and_scope.{fmt}.j2": BARE},  # type: ignore[arg-type]
                   render=False, templates_from="my-templates")
    message = str(err.value)
    mark = "<!-- archkit:begin 3 -->" if fmt == "md" else "// archkit:begin 3"
    assert message.startswith(f"my-templates/03_context_and_scope.{fmt}.j2: page arc42/03_context_and_scope.{fmt} ")
    assert mark in message and "3, 3.1, 3.2" in message and "Nothing was written" in message
    assert tree(tmp_path) == before  # no page, no manifest changed


def test_a_template_without_markers_writes_no_first_page_either(tmp_path: Path) -> None:
    """Written once, such a page would be replaced whole at the next run, with what a person wrote in it."""
    with pytest.raises(TemplateError, match=r"adr_nygard.md.j2: page arc42/decisions/.* no archkit markers"):
        write_docs(shop(), tmp_path, templates={"adr_nygard.md.j2": "# {{ a.title }}\n"}, render=False)
    assert not tmp_path.joinpath("arc42").exists()


def test_a_template_with_its_markers_keeps_the_hand_written_text(tmp_path: Path) -> None:
    write_docs(shop(), tmp_path, render=False)
    page = tmp_path / "arc42" / "03_context_and_scope.md"
    page.write_text(page.read_text() + f"\n{WORD} wrote this.\n")
    marked = f"<!-- archkit:begin 3 -->\n{BARE}<!-- archkit:end 3 -->\n"
    write_docs(shop(), tmp_path, templates={"03_context_and_scope.md.j2": marked}, render=False)
    text = page.read_text()
    assert WORD in text and "Our own page for Shop." in text


def test_docs_cli_refuses_a_template_without_markers_naming_its_folder(tmp_path: Path) -> None:
    model = MODELS / "shop.py"
    assert invoke(tmp_path, "docs", str(model), "-o", "out", "--no-render")[0] == 0
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "03_context_and_scope.md.j2").write_text(BARE)
    before = tree(tmp_path / "out")
    code, output = invoke(tmp_path, "docs", str(model), "-o", "out", "--templates", "tpl")
    assert code == 2 and "archkit: tpl/03_context_and_scope.md.j2: page arc42/03_context_and_scope.md" in output
    assert tree(tmp_path / "out") == before


@pytest.mark.parametrize("there", ["file", "folder", "link to a file", "dangling link", "link to a folder"])
def test_new_never_replaces_or_writes_through_what_has_its_name(tmp_path: Path, there: str) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.py").write_text("mine\n")
    target = tmp_path / "proj" / "shop.py"
    target.parent.mkdir()
    if there == "file":
        target.write_text(f"{WORD}\n")
    elif there == "folder":
        target.mkdir()
        (target / "mine.txt").write_text(f"{WORD}\n")
    else:
        to = {"link to a file": "secret.py", "dangling link": "gone.py", "link to a folder": "."}[there]
        target.symlink_to(outside / to)
    before = tree(tmp_path)
    code, output = invoke(tmp_path, "new", "shop", "-d", "proj")
    assert code == 2 and output.startswith("archkit: proj/shop.py: ") and "nothing was written" in output
    assert {"file": "already exists", "folder": "a folder has this name"}.get(there, "is a symbolic link") in output
    assert tree(tmp_path) == before


def test_write_new_never_replaces_a_file_that_appears_while_it_writes(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked first and renamed after, the file another process (or a person) put there meanwhile was lost."""
    target = tmp_path / "shop.py"
    real_fsync = os.fsync

    def theirs_appears(fd: int) -> None:
        real_fsync(fd)
        target.write_text(f"{WORD}\n")

    monkeypatch.setattr(os, "fsync", theirs_appears)
    with pytest.raises(FileExistsError):
        write_new(target, b"ours\n")
    assert target.read_text() == f"{WORD}\n" and os.listdir(tmp_path) == ["shop.py"]  # no temporary file left


def test_an_output_folder_that_is_a_dangling_link_is_refused(tmp_path: Path) -> None:
    (tmp_path / "out").symlink_to(tmp_path / "gone" / "away")
    with pytest.raises(OutputError, match="which does not exist"):
        write_artifacts(tmp_path / "out" / "shop", [Artifact("diagrams/a.svg", b"<svg/>")])
    assert not (tmp_path / "gone").exists()
    with pytest.raises(OutputError):
        confined(tmp_path / "out", "a.txt")


def test_a_folder_in_place_of_any_output_is_refused_before_the_first_write(tmp_path: Path) -> None:
    """Before, the outputs sorted before it were written, then the write failed half-way."""
    (tmp_path / "b.svg").mkdir()
    (tmp_path / "c").write_text(f"{WORD}\n")
    for planted, says in (("b.svg", "a folder is in its place"), ("c/d.svg", "a file is in place of a folder")):
        with pytest.raises(OutputError, match=says):
            write_artifacts(tmp_path, [Artifact("a.svg", b"<svg/>"), Artifact(planted, b"<svg/>")])
        assert not (tmp_path / "a.svg").exists()
    assert (tmp_path / "c").read_text() == f"{WORD}\n"


def test_export_never_writes_over_the_model_it_reads(tmp_path: Path) -> None:
    model = tmp_path / "shop.py"
    model.write_text((MODELS / "shop.py").read_text())
    (tmp_path / "alias.py").symlink_to(model)
    before = tree(tmp_path)
    for target in ("shop.py", "alias.py"):
        code, output = invoke(tmp_path, "export", "shop.py", "--to", "python", "-o", target)
        assert code == 2 and f"{target}: is the model shop.py this command reads" in output
    assert tree(tmp_path) == before


def test_write_artifacts_never_replaces_a_marked_page_with_one_without_markers(tmp_path: Path) -> None:
    """The library's own writer (``write_artifacts`` of ``generate_docs`` with a template without markers)."""
    write_docs(shop(), tmp_path, render=False)
    page = tmp_path / "arc42" / "03_context_and_scope.md"
    page.write_text(page.read_text() + f"\n{WORD} wrote this.\n")
    with pytest.raises(OutputError, match=r"03_context_and_scope\.md: the page to write has no archkit markers"):
        write_artifacts(tmp_path, [Artifact("arc42/03_context_and_scope.md", b"## 3. Ours\n")])
    assert WORD in page.read_text()
