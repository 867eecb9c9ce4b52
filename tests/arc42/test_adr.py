"""ADR folders in adr-tools and MADR layout are read into decisions, which appear in section 9;
the ADR files archkit writes read back with the same parsers (and Structurizr's importers)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from archkit.arc42 import add_decisions, generate_docs, parse_madr, parse_nygard
from archkit.arc42.adr import adr_numbers
from archkit.errors import ArchkitError, ImportFormatError, LoadError
from archkit.load import load_decisions
from archkit.model import Workspace
from tests.arc42.docs_models import shop

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "adr"


def test_adr_tools_folder_is_read_with_status_date_links_and_text() -> None:
    decisions = load_decisions(FIXTURES / "nygard")
    assert [(d.id, d.title, d.status) for d in decisions] == [
        ("0001", "Record architecture decisions", "accepted"),
        ("0002", "Use Kafka for order events", "superseded"),
        ("0003", "Use SQS for order events", "accepted"),
    ]
    assert str(decisions[2].date) == "2024-05-20"
    assert [(link.relation, link.target) for link in decisions[2].links] == [("supersedes", "0002")]
    assert [(link.relation, link.target) for link in decisions[1].links] == [("superseded by", "0003")]
    assert decisions[1].consequences == "* We run a Kafka cluster.\n* Consumers keep their own offsets."
    assert "## Considered options" in decisions[2].consequences  # unknown sections are kept, not lost


def test_madr_folder_is_read_from_front_matter_and_madr_2_bullets() -> None:
    decisions = load_decisions(FIXTURES / "madr")
    assert [(d.id, d.status, str(d.date)) for d in decisions] == [
        ("0001", "accepted", "2024-02-12"), ("0002", "superseded", "2024-02-20"), ("0003", "proposed", "2024-06-01"),
    ]
    assert decisions[0].title == "Use Markdown Architectural Decision Records"
    assert decisions[0].decision.startswith('Chosen option: "MADR 4.0.0"')
    assert "Bad, because" in decisions[0].consequences
    assert [(link.relation, link.target) for link in decisions[1].links] == [("superseded by", "0003")]
    assert "Higher monthly cost" in decisions[2].consequences


@pytest.mark.parametrize("layout", ["nygard", "madr"])
def test_read_decisions_appear_in_the_adr_index_of_section_9(layout: str) -> None:
    ws = Workspace(name="Orders")
    ws.model.software_system("Orders", "Takes orders.")
    decisions = load_decisions(FIXTURES / layout)
    add_decisions(ws, decisions, str(FIXTURES / layout))
    for fmt in ("md", "adoc"):
        pages = {a.relpath: a.content.decode() for a in generate_docs(ws, fmt)}  # type: ignore[arg-type]
        section = pages[f"arc42/09_architecture_decisions.{fmt}"]
        for d in decisions:
            assert d.title.split()[0] in section and d.status.capitalize() in section
            assert f"decisions/{d.id}-" in section
        assert sum(rel.startswith("arc42/decisions/") for rel in pages) == len(decisions)


@pytest.mark.parametrize(("adr_format", "parse"), [("nygard", parse_nygard), ("madr", parse_madr)])
def test_written_adr_files_read_back_into_the_same_decisions(adr_format: str, parse: object) -> None:
    ws = shop()
    files = {a.relpath: a.content.decode() for a in generate_docs(ws, adr_format=adr_format)}  # type: ignore[arg-type]
    numbers = adr_numbers(ws.arc42.decisions)
    for d in ws.arc42.decisions:
        rel = next(r for r in files if r.startswith(f"arc42/decisions/{numbers[d.id]:04d}-"))
        back = parse(files[rel], rel)  # type: ignore[operator]
        assert (back.id, back.title, back.status, back.date) == (d.id, d.title, d.status, d.date)
        assert (back.context, back.decision) == (d.context or "Not recorded.", d.decision or "Not recorded.")
        assert [(x.relation, x.target) for x in back.links] == [(x.relation, x.target) for x in d.links]


def test_written_adr_tools_file_has_the_shape_structurizr_reads() -> None:
    files = {a.relpath: a.content.decode() for a in generate_docs(shop())}
    text = files["arc42/decisions/0002-use-a-managed-database.md"]
    lines = text.split("\n")
    assert re.match(r"^# \d+\. .+$", lines[0])  # AdrToolsDecisionImporter: title is the first line
    status = lines[lines.index("## Status") + 2]
    assert status == "Proposed"
    assert "Amends [1. Use PostgreSQL](0001-use-postgresql.md)" in text


def test_written_madr_file_has_front_matter_status_first() -> None:
    files = {a.relpath: a.content.decode() for a in generate_docs(shop(), adr_format="madr")}
    text = files["arc42/decisions/0001-use-postgresql.md"]
    assert text.startswith("---\n") and "\nstatus: accepted\n" in text.split("\n---\n")[0] + "\n"


def test_a_decision_id_in_both_model_and_folder_is_an_error() -> None:
    ws = shop()
    with pytest.raises(LoadError, match="decision 0001"):
        add_decisions(ws, load_decisions(FIXTURES / "nygard"), "docs/adr")


@pytest.mark.parametrize(("files", "problem"), [
    ({}, "no ADR files"),
    ({"0001-a.md": "# 1. A\n\n## Status\n\nPondering\n"}, "unknown ADR status 'Pondering'"),
    ({"0001-a.md": "no title\n"}, "no '# Title' line"),
    ({"0001-a.md": "# 1. A\n\nDate: 2024-02-30\n"}, "invalid date"),
    ({"0001-a.md": "# 1. A\n", "0001-b.md": "# 1. B\n"}, "also used by"),
])
def test_bad_adr_folders_fail_with_one_clean_line(tmp_path: Path, files: dict[str, str], problem: str) -> None:
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with pytest.raises(ArchkitError, match=re.escape(problem)) as info:
        load_decisions(tmp_path)
    assert "\n" not in str(info.value) and " — " in str(info.value)


def test_a_missing_adr_folder_is_a_load_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="folder not found"):
        load_decisions(tmp_path / "nope")


def test_parse_errors_are_import_format_errors() -> None:
    with pytest.raises(ImportFormatError, match="not an ADR file name"):
        parse_nygard("# 1. A\n", "notes.md")


def test_adr_title_and_body_html_is_written_as_text() -> None:
    ws = shop()
    ws.arc42.decision("0009", "<script>alert(1)</script> [x]", context="<img src=x onerror=alert(1)> a < b",
                      decision="Use *Markdown* freely.")
    adr = next(a.content.decode() for a in generate_docs(ws) if "/decisions/0009-" in a.relpath)
    assert "<script>" not in adr and "<img" not in adr
    assert adr.startswith("# 9. &lt;script>alert(1)&lt;/script> \\[x\\]\n")
    assert "&lt;img src=x onerror=alert(1)> a < b" in adr and "Use *Markdown* freely." in adr
