"""Every warning of a DSL import names the file and line of what it is about, also those the JSON import
raises after parsing (unknown shapes, dropped properties, style options archkit has not): the element,
relationship or style is found where the author wrote it, in an included file too."""

from __future__ import annotations

from pathlib import Path

from archkit.importers import collected_warnings
from archkit.load import load

PEOPLE = """u = person "User" {
    properties {
        "archkit.json.bogus" "1"
    }
}
"""

WORKSPACE = """workspace "W" {
    model {
        !include people.dsl
        s = softwareSystem "Sys"
        r = u -> s "Uses" {
            properties {
                "archkit.json.bogus" "1"
            }
        }
    }
    views {
        systemContext s "ctx" {
            include *
            autoLayout
        }
        styles {
            element "Person" {
                shape Robot
            }
            relationship "Relationship" {
                routing Curved
            }
        }
    }
}
"""


def test_warnings_raised_after_parsing_name_the_file_and_line_of_what_they_are_about(tmp_path: Path) -> None:
    (tmp_path / "people.dsl").write_text(PEOPLE, encoding="utf-8")
    (tmp_path / "w.dsl").write_text(WORKSPACE, encoding="utf-8")
    with collected_warnings() as warnings:
        load(tmp_path / "w.dsl")
    by_start = {w.split(": ", 2)[1]: w.split(": ", 1)[0] for w in warnings}
    people, main = tmp_path / "people.dsl", tmp_path / "w.dsl"
    assert by_start == {"element 'u'": f"{people}:1", "relationship 'u->s'": f"{main}:5",
                        "element style 'Person'": f"{main}:17",
                        "relationship style 'Relationship'": f"{main}:20"}, warnings
    assert any("shape Robot" in w for w in warnings), warnings


def test_a_gathered_warning_names_the_line_of_each_place(tmp_path: Path) -> None:
    from archkit.importers.dsl.located import with_places

    lines = ["w.dsl: view 'a', view 'b': positions are not kept — laid out by archkit",
             "w.dsl: workspace: property 'archkit.json.x' is not an archkit workspace field — ignored",
             "w.dsl: view 'c': unknown — kept as the file",
             "w.dsl: a, b and 2 more: view option 'x' is not kept — archkit has no such option"]
    where = {"view 'a'": "w.dsl:3", "view 'b'": "inc.dsl:7", "workspace": "w.dsl:1", "a": "w.dsl:3",
             "b": "inc.dsl:7"}
    assert with_places(lines, "w.dsl", where) == [
        "w.dsl:3: view 'a', view 'b' (inc.dsl:7): positions are not kept — laid out by archkit",
        "w.dsl:1: workspace: property 'archkit.json.x' is not an archkit workspace field — ignored",
        "w.dsl: view 'c': unknown — kept as the file",
        "w.dsl:3: a, b (inc.dsl:7) and 2 more: view option 'x' is not kept — archkit has no such option"]
