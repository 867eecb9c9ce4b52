"""More of the Structurizr DSL: Structurizr's other DSL test files (the facts its own tests check), image
views, the author's identifiers as ids, and edge cases of the text."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from archkit.build.plan import model_sources
from archkit.cli import app
from archkit.export import export_text
from archkit.importers import import_structurizr
from archkit.importers.dsl import parse_dsl, parse_dsl_text, readable_ids
from archkit.load import load
from tests.test_import_dsl import DSL, FIXTURES, mine, write

# ---- more of Structurizr's DSL test files (no reference JSON: the facts its own tests check) ------------

MORE = FIXTURES / "dsl-more"


@pytest.mark.parametrize("path", sorted(MORE.glob("*.dsl")), ids=lambda p: p.name)
def test_more_structurizr_dsl_test_files_are_read_and_imported(path: Path) -> None:
    import_structurizr(parse_dsl(path), path.name)


def _dynamic_steps(data: dict[str, Any]) -> list[tuple[str, str, bool]]:
    return [(r["id"], r["order"], r["response"]) for r in data["views"]["dynamicViews"][0]["relationships"]]


def test_nested_parallel_blocks_continue_after_the_longest_and_sibling_blocks_share_a_number() -> None:
    assert _dynamic_steps(parse_dsl(MORE / "parallel2.dsl")) == [
        ("5", "1", False), ("6", "2", False), ("7", "2", False), ("5", "3", True)]
    assert [o for _i, o, _r in _dynamic_steps(mine("parallel1"))] == ["1", "2", "3", "3"]


def test_a_hierarchical_identifier_prefers_the_element_an_instance_can_deploy() -> None:
    data = parse_dsl(MORE / "hierarchical-identifiers-and-deployment-nodes-3.dsl")
    node = data["model"]["deploymentNodes"][0]["children"][0]["children"][0]
    assert node["containerInstances"][0]["containerId"] == data["model"]["softwareSystems"][0]["containers"][0]["id"]


def test_deployment_nodes_of_the_same_identifier_at_two_levels_are_two_elements() -> None:
    data = parse_dsl(MORE / "hierarchical-identifiers-and-deployment-nodes-1.dsl")
    top = data["model"]["deploymentNodes"]
    assert [n["name"] for n in top] == ["DN", "DN1", "DN2"]
    inner_rel = top[0]["children"][0]["relationships"][0]
    assert inner_rel["destinationId"] == top[0]["children"][1]["id"]
    assert top[1]["relationships"][0]["destinationId"] == top[2]["id"]


def test_a_relationship_identifier_includes_or_excludes_what_structurizr_derived_from_it() -> None:
    excluded = parse_dsl(MORE / "exclude-implied-relationship.dsl")["views"]["systemLandscapeViews"][0]
    included = parse_dsl(MORE / "include-implied-relationship.dsl")["views"]["systemLandscapeViews"][0]
    assert "relationships" not in excluded
    assert [r["id"] for r in included["relationships"]] == ["8"]  # A -> B, implied by a -> b (5)


def test_including_a_group_by_identifier_includes_its_elements() -> None:
    view = parse_dsl(MORE / "groups.dsl")["views"]["containerViews"][0]
    assert [e["id"] for e in view["elements"]] == ["2", "3", "5", "6"]


def test_the_every_keyword_test_file_keeps_what_it_says() -> None:
    data = parse_dsl(MORE / "test.dsl")
    system = data["model"]["softwareSystems"][0]
    assert system["group"] == "Organisation - Group"
    controller = system["containers"][0]["components"][0]
    assert controller["tags"] == "Element,Component,Tag,Tag 1,Tag 2,Tag 3"  # from !elements
    assert data["model"]["customElements"][0]["metadata"] == "Metadata"
    dev, live = data["model"]["deploymentNodes"]
    assert len(dev["softwareSystemInstances"]) == 2 and len(live["children"][0]["containerInstances"]) == 2
    assert dev["softwareSystemInstances"][0]["healthChecks"][2] == {
        "name": "Check 2", "url": "https://example.com/health", "interval": 120, "timeout": 1000}
    views = data["views"]
    assert views["configuration"]["defaultView"] == "Deployment-Live"
    assert views["filteredViews"][1]["title"] == "Filtered view"
    assert {s.get("colorScheme") for s in views["configuration"]["styles"]["elements"]} == {None, "Light", "Dark"}
    assert data["configuration"]["scope"] == "SoftwareSystem"
    assert _dynamic_steps({"views": {"dynamicViews": views["dynamicViews"]}})[1][2] is True  # a response


def test_a_dsl_model_takes_the_authors_identifiers_as_ids_and_numbers_for_anonymous_elements() -> None:
    ws = load(DSL / "amazon-web-services.dsl")
    ids = {e.id for e, _parent in ws.model.walk()}
    assert {"springPetClinic", "webApplication", "database", "route53", "elb", "webApplicationInstance"} <= ids
    assert "5" in ids  # the deployment node "Amazon Web Services" has no identifier
    view = next(v for v in ws.views if v.key == "AmazonWebServicesDeployment")
    assert view.model_dump(mode="json")["software_system"] == "springPetClinic"
    element = next(e for e, _parent in ws.model.walk() if e.id == "route53")
    assert "structurizr.dsl.identifier" not in element.properties


def test_image_views_read_their_sources_from_files_of_the_workspace_folder(tmp_path: Path) -> None:
    path = write(tmp_path, {
        "workspace.dsl": 'workspace {\n    views {\n        properties {\n            "plantuml.url" "https://p.example"\n'
                         '        }\n        image * "a" {\n            plantuml a.puml\n        }\n'
                         '        image * "b" {\n            image logo.svg\n        }\n    }\n}\n',
        "a.puml": "@startuml\nA -> B\n@enduml\n", "logo.svg": "<svg/>",
    })
    a, b = parse_dsl(path)["views"]["imageViews"]
    assert a["content"].startswith("https://p.example/svg/") and a["contentType"] == "image/svg+xml"
    assert b["content"] == "data:image/svg+xml;base64,PHN2Zy8+"
    assert {tmp_path / "a.puml", tmp_path / "logo.svg"} <= {tmp_path / rel for rel in model_sources(path)}


def test_a_continued_line_that_comes_to_nothing_is_no_statement(tmp_path: Path) -> None:
    path = write(tmp_path, {"workspace.dsl": 'workspace {\n\\\n\n    model {\n        a = person "A"\n    }\n}\n'})
    assert parse_dsl(path)["model"]["people"][0]["name"] == "A"



def test_an_included_folder_skips_hidden_files(tmp_path: Path) -> None:
    path = write(tmp_path, {"workspace.dsl": "workspace {\n    model {\n        !include parts\n    }\n}\n",
                            "parts/a.dsl": 'a = person "A"\n', "parts/.a.dsl.swp": "\x01 not DSL {\n",
                            "parts/.git/x.dsl": "not DSL {\n"})
    assert [p["name"] for p in parse_dsl(path)["model"]["people"]] == ["A"]


EXAMPLES = sorted((Path(__file__).parents[1] / "models").glob("*.py"))


@pytest.mark.parametrize("model", EXAMPLES, ids=lambda p: p.stem)
def test_every_example_model_survives_archkit_to_dsl_and_back(model: Path, tmp_path: Path) -> None:
    """The DSL export spells ids as DSL identifiers (`-` and `.` become `_`) and says the ids they spell
    (`archkit.json.id`): the same elements, relationships (ids too) and views come back."""
    ws = load(model)
    data = parse_dsl_text(export_text(ws, "dsl"), f"{model.stem}.dsl", tmp_path)
    back = import_structurizr(readable_ids(data), model.stem).workspace
    assert {e.id for e, _parent in ws.model.walk()} == {e.id for e, _parent in back.model.walk()}
    assert {(r.id, r.source, r.destination, r.description, r.technology) for r in ws.model.relationships} == \
        {(r.id, r.source, r.destination, r.description, r.technology) for r in back.model.relationships}
    assert sorted(v.key for v in ws.views) == sorted(v.key for v in back.views)


def test_diff_against_a_git_revision_reads_the_includes_beside_the_model(tmp_path: Path) -> None:
    write(tmp_path, {"models/shop.dsl": "workspace {\n    model {\n        !include parts/people.dsl\n    }\n}\n",
                     "models/parts/people.dsl": 'a = person "A"\n'})
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@example.com"]
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "model"]):
        subprocess.run([*git, *args], cwd=tmp_path, check=True)
    (tmp_path / "models/parts/people.dsl").write_text('a = person "A"\nb = person "B"\n', encoding="utf-8")
    cwd = Path.cwd()
    try:
        os.chdir(tmp_path)
        result = CliRunner().invoke(app, ["diff", "models/shop.dsl", "--git", "HEAD"])
    finally:
        os.chdir(cwd)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output


def test_people_and_systems_inside_enterprise_are_internal(tmp_path: Path) -> None:
    path = write(tmp_path, {"workspace.dsl": 'workspace {\n    model {\n        enterprise "Bank" {\n'
                                             '            a = person "A"\n            group "G" {\n'
                                             '                s = softwareSystem "S"\n            }\n        }\n'
                                             '        b = person "B"\n    }\n}\n'})
    model = parse_dsl(path)["model"]
    assert model["enterprise"] == {"name": "Bank"}
    assert [(p["name"], p.get("location")) for p in model["people"]] == [("A", "Internal"), ("B", None)]
    assert model["softwareSystems"][0]["location"] == "Internal"
