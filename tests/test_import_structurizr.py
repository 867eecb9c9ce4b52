"""Importing Structurizr workspace JSON: Big Bank in full, every loss reported, invalid input refused."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from archkit.errors import ImportFormatError
from archkit.importers import ImportResult, collected_warnings, import_structurizr, is_structurizr_workspace
from archkit.load import load
from archkit.model import DynamicView, Person, SoftwareSystem
from tests.interop.model import build

FIXTURES = Path(__file__).parent / "fixtures" / "structurizr"
BIG_BANK = FIXTURES / "big-bank-plc.json"
_CHILDREN = ("containers", "components", "children", "infrastructureNodes", "softwareSystemInstances",
             "containerInstances")


@cache
def big_bank_data() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(BIG_BANK.read_text(encoding="utf-8"))
    return data


@cache
def big_bank() -> ImportResult:
    return import_structurizr(copy.deepcopy(big_bank_data()), "big-bank-plc.json")


def _walk(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        for key in _CHILDREN:
            yield from _walk(item.get(key) or [])


def json_elements(data: dict[str, Any]) -> list[dict[str, Any]]:
    model = data["model"]
    return [e for key in ("people", "softwareSystems", "deploymentNodes") for e in _walk(model.get(key) or [])]


def test_big_bank_imports_every_element_with_its_structurizr_id() -> None:
    ws = big_bank().workspace
    expected = {e["id"] for e in json_elements(big_bank_data())}
    assert {e.id for e, _parent in ws.model.walk()} == expected
    assert len(expected) == 51


def test_big_bank_relationships_are_stored_or_derived_and_add_up_to_the_json() -> None:
    result = big_bank()
    in_json = [r for e in json_elements(big_bank_data()) for r in e.get("relationships") or []]
    stored = {r.id for r in result.workspace.model.relationships}
    assert len(in_json) == 42
    assert stored | set(result.derived) == {r["id"] for r in in_json}
    assert not stored & set(result.derived)
    assert set(result.derived) == {r["id"] for r in in_json if "linkedRelationshipId" in r}


def test_big_bank_views_are_all_imported_the_image_view_as_a_reference() -> None:
    result = big_bank()
    views = big_bank_data()["views"]
    in_json = [v["key"] for k, vs in views.items() if k != "configuration" for v in vs]
    assert len(in_json) == 8
    assert sorted(result.workspace.views.keys()) == sorted(in_json)
    assert not any("MainframeBankingSystemFacade" in w for w in result.warnings)
    assert result.workspace.views.keys() == ["SystemLandscape", "SystemContext", "Containers", "Components",
                                             "MainframeBankingSystemFacade", "SignIn", "DevelopmentDeployment",
                                             "LiveDeployment"]
    facade = result.workspace.views["MainframeBankingSystemFacade"]
    assert (facade.type, facade.scope, facade.title) == ("image", "16", "[Code] Mainframe Banking System Facade")
    assert facade.source == views["imageViews"][0]["content"]  # type: ignore[union-attr]


def test_big_bank_views_keep_include_star_and_the_dynamic_order_with_responses() -> None:
    ws = big_bank().workspace
    assert all(v.include == ["*"] and v.exclude == [] for v in ws.views)
    sign_in = ws.views["SignIn"]
    assert isinstance(sign_in, DynamicView) and sign_in.scope == "11"
    steps = [(s.source, s.destination, s.description) for _n, s in sign_in.numbered_steps()]
    assert steps[2] == ("15", "18", "select * from users where username = ?")
    assert steps[3] == ("18", "15", "Returns user data to")  # a response runs the relationship backwards
    assert [n for n, _s in sign_in.numbered_steps()] == ["1", "2", "3", "4", "5", "6"]


def test_big_bank_implicit_tags_stay_implicit_and_groups_styles_locations_map() -> None:
    ws = big_bank().workspace
    index = ws.model.index()
    customer = index.get("1")
    assert isinstance(customer, Person) and customer.tags == ["Customer"]
    assert customer.all_tags == ["Element", "Person", "Customer"]
    mainframe = index.get("4")
    assert isinstance(mainframe, SoftwareSystem) and mainframe.group == "big-bank-plc"
    assert [g.name for g in ws.model.groups] == ["Big Bank plc"]
    styles = {s.tag: s for s in ws.styles.elements}
    assert styles["Database"].shape == "cylinder" and styles["Person"].font_size == 22
    assert styles["Failover"].opacity == 25


def test_every_part_big_bank_loses_is_warned() -> None:
    text = "\n".join(big_bank().warnings)
    for lost in ("structurizr.dsl", "MobileDeviceLandscape"):
        assert lost in text, lost
    assert "view properties" not in text  # kept for the exports: importers/view_properties.py
    kept = big_bank().workspace.properties["structurizr.view.SystemContext.properties"]
    assert kept == '{"structurizr.groups":"false"}'
    assert "animation" not in text  # kept: the views' animation steps
    assert big_bank().workspace.views["SystemContext"].animation == [["7"], ["1"], ["4"], ["5"]]
    assert all(w.startswith("big-bank-plc.json: ") and " — " in w for w in big_bank().warnings)


def test_load_imports_structurizr_json_and_archkit_import_lists_the_warnings() -> None:
    with collected_warnings() as warnings:
        ws = load(BIG_BANK)
    assert ws == big_bank().workspace
    assert len(warnings) == len(big_bank().warnings)


def test_archkit_json_is_not_mistaken_for_structurizr() -> None:
    assert is_structurizr_workspace(big_bank_data())
    assert not is_structurizr_workspace(build().to_data())
    assert not is_structurizr_workspace({"name": "x", "model": {"people": [{"id": "a", "name": "A"}]}})


def test_shipped_schema_is_structurizrs_own() -> None:
    shipped = Path(__file__).parents[1] / "archkit" / "importers" / "structurizr.schema.yaml"
    assert shipped.read_bytes() == (FIXTURES / "structurizr.yaml").read_bytes()


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        *head, last = path.split(".")
        node: Any = data
        for part in head:
            node = node[int(part)] if part.isdigit() else node[part]
        node[int(last) if last.isdigit() else last] = value
    return change


def _duplicate_view_key(data: dict[str, Any]) -> None:
    data["views"]["containerViews"][0]["key"] = "SystemLandscape"


def _duplicate_element(data: dict[str, Any]) -> None:
    data["model"]["people"][1]["id"] = "1"


INVALID: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "wrong type": (_set("name", 42), "name: expected a string"),
    "wrong nested type": (_set("views.containerViews.0.elements", "all"), "expected an array"),
    "enum value": (_set("model.people.0.location", "Nowhere"), "is not one of"),
    "view names a missing element": (_set("views.containerViews.0.elements.0.id", "999"),
                                     "element '999' is not an element of the model"),
    "view names a missing relationship": (_set("views.systemLandscapeViews.0.relationships.0.id", "999"),
                                          "relationship '999' is not a relationship"),
    "duplicate view keys": (_duplicate_view_key, "duplicate view key"),
    "duplicate element ids": (_duplicate_element, "duplicate element id"),
    "relationship to nowhere": (_set("model.people.0.relationships.0.destinationId", "999"),
                                "destinationId '999' is not an element"),
    "view scope of the wrong kind": (_set("views.containerViews.0.softwareSystemId", "1"),
                                     "is not a software system"),
    "instance of a non-container": (_set("model.deploymentNodes.0.children.0.children.0.containerInstances.0"
                                         ".containerId", "1"), "which is not a container"),
    "unusable id": (lambda d: d["model"]["people"].append({"id": "a b", "name": "Spaced"}), "invalid id"),
}


@pytest.mark.parametrize("case", sorted(INVALID))
def test_invalid_workspace_gives_one_clean_import_error(case: str) -> None:
    change, message = INVALID[case]
    data = copy.deepcopy(big_bank_data())
    change(data)
    with pytest.raises(ImportFormatError) as err:
        import_structurizr(data, "bad.json")
    text = str(err.value)
    assert text.startswith("bad.json: ") and message in text and "\n" not in text


def test_perspectives_documentation_and_deployment_groups_are_kept() -> None:
    data = copy.deepcopy(big_bank_data())
    data["model"]["people"][0]["perspectives"] = [{"name": "Security", "description": "MFA", "value": "high"}]
    data["documentation"] = {
        "sections": [{"content": "## Introduction and Goals\n\nWhy.", "format": "Markdown", "order": 1},
                     {"content": "# Security\n\nTLS.", "format": "Markdown", "order": 2}],
        "decisions": [{"id": "1", "title": "Use Java", "status": "Accepted", "date": "2018-02-11T00:00:00Z",
                       "format": "Markdown", "elementId": "7",
                       "content": "# 1. Use Java\n\nDate: 2018-02-11\n\n## Status\n\nAccepted\n\n## Context\n\n"
                                  "Skills.\n\n## Decision\n\nJava.\n\n## Consequences\n\nJVM."}],
    }
    instance = data["model"]["deploymentNodes"][0]["children"][0]["children"][0]["containerInstances"][0]
    instance["deploymentGroups"] = ["Blue"]
    result = import_structurizr(data, "x.json")
    customer = result.workspace.model.index().get("1")
    assert customer is not None and customer.properties["perspective:Security"] == "MFA"
    assert customer.properties["perspective:Security:value"] == "high"
    arc42 = result.workspace.arc42
    assert arc42.introduction == "Why." and [c.title for c in arc42.concepts] == ["Security"]
    decision = arc42.decisions[0]
    assert (decision.status, str(decision.date), decision.elements) == ("accepted", "2018-02-11", ["7"])
    assert (decision.context, decision.decision, decision.consequences) == ("Skills.", "Java.", "JVM.")
    kept = result.workspace.model.index().get(instance["id"])
    assert kept is not None and getattr(kept, "deployment_groups", None) == ["Blue"]


def test_a_relationship_linked_but_not_derivable_is_kept_with_a_warning() -> None:
    data = copy.deepcopy(big_bank_data())
    for element in json_elements(data):
        for rel in element.get("relationships") or []:
            if rel["id"] == "37":
                rel["description"] = "Edited by hand"
    result = import_structurizr(data, "x.json")
    assert "37" in {r.id for r in result.workspace.model.relationships}
    assert any("relationship '37'" in w for w in result.warnings)
