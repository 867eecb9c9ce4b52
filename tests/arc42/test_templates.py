"""The built-in templates ship as package data; user templates override them by name, in a sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest

from archkit.arc42 import generate_docs
from archkit.arc42.outline import SECTIONS
from archkit.arc42.templates import builtin_templates
from archkit.errors import TemplateError
from archkit.load import load_templates
from tests.arc42.docs_models import shop


def test_every_section_has_a_markdown_and_an_asciidoc_template() -> None:
    names = set(builtin_templates())
    for s in SECTIONS:
        assert {f"{s.page}.md.j2", f"{s.page}.adoc.j2"} <= names
    assert {"index.md.j2", "index.adoc.j2", "adr_nygard.md.j2", "adr_madr.md.j2"} <= names


def test_a_user_template_replaces_the_built_in_one_of_the_same_name(tmp_path: Path) -> None:
    (tmp_path / "12_glossary.md.j2").write_text(
        "<!-- archkit:begin 12 -->\n## 12. Glossar\n\n{% for row in s.table.rows %}- {{ row[0] }}: {{ row[1] }}\n"
        "{% endfor %}<!-- archkit:end 12 -->\n", encoding="utf-8")
    pages = {a.relpath: a.content.decode() for a in generate_docs(shop(), templates=load_templates(tmp_path))}
    assert pages["arc42/12_glossary.md"].startswith("<!-- archkit:begin 12 -->\n## 12. Glossar\n\n- **API**:")
    assert pages["arc42/01_introduction_and_goals.md"].startswith("<!-- archkit:begin 1 -->")  # built-in


def test_user_templates_run_in_the_sandbox() -> None:
    evil = {"12_glossary.md.j2": "{{ s.__class__.__mro__[1].__subclasses__() }}"}
    with pytest.raises(TemplateError, match=r"12_glossary\.md\.j2: .*'__class__' of 'dict' object is unsafe"):
        generate_docs(shop(), templates=evil)


@pytest.mark.parametrize(("source", "problem"), [
    ("{% for x in %}", "template syntax error"),
    ("{{ s.no_such_thing }}", "no_such_thing"),
    ("{% include 'missing.j2' %}", "not found"),
    ("{{ 1 / 0 }}", "ZeroDivisionError"),
])
def test_a_broken_user_template_is_one_clean_error(source: str, problem: str) -> None:
    with pytest.raises(TemplateError, match=problem) as info:
        generate_docs(shop(), templates={"04_solution_strategy.md.j2": source})
    assert "\n" not in str(info.value)


def test_a_user_template_with_an_unknown_name_is_refused_with_a_hint() -> None:
    with pytest.raises(TemplateError, match=r"did you mean '12_glossary\.md\.j2'"):
        generate_docs(shop(), templates={"12_glosary.md.j2": "x"})


def test_partials_may_carry_any_name_starting_with_underscore() -> None:
    templates = {"_note.md.j2": "A note.\n",
                 "12_glossary.md.j2": "<!-- archkit:begin 12 -->\n## 12. Glossary\n\n{% include '_note.md.j2' %}"
                                      "<!-- archkit:end 12 -->\n"}
    pages = {a.relpath: a.content.decode() for a in generate_docs(shop(), templates=templates)}
    assert "A note.\n" in pages["arc42/12_glossary.md"]


def test_load_templates_reads_only_j2_files(tmp_path: Path) -> None:
    (tmp_path / "12_glossary.md.j2").write_text("x", encoding="utf-8")
    (tmp_path / "README.md").write_text("y", encoding="utf-8")
    assert load_templates(tmp_path) == {"12_glossary.md.j2": "x"}


def test_the_wheel_ships_every_template_file() -> None:
    import fnmatch
    import tomllib

    root = Path(__file__).resolve().parents[2]
    config = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]["archkit._templates"]
    setup = (root / "setup.py").read_text(encoding="utf-8")
    assert '"archkit._templates"' in setup and '"templates"' in setup
    files = [p.relative_to(root / "templates").as_posix() for p in (root / "templates").rglob("*")
             if p.is_file() and p.suffix != ".pyc" and p.name != "__init__.py"]
    assert files and all(any(fnmatch.fnmatch(f, pat) for pat in patterns) for f in files)
