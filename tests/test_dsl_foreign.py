"""Structurizr workspaces that are not archkit's: one small DSL file per feature (``fixtures/structurizr/foreign``).

Each test states what Structurizr makes of the file (its workspace JSON, in the shape its DSL language reference
and its own parse results in ``fixtures/structurizr/dsl/*.structurizr.json`` give), then what archkit keeps of
it: read faithfully and written back by the JSON and DSL exports, or warned about with the file and the line.
The reference files themselves are compared element by element in ``tests/test_import_dsl.py``
(``test_dsl_gives_the_json_structurizr_makes_of_it``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from archkit import ArchkitError, Workspace, load
from archkit.export import export_text
from archkit.importers import collected_warnings
from archkit.importers.dsl import parse_dsl, parse_dsl_text
from archkit.load import load_bytes
from archkit.views import compute_view

FOREIGN = Path(__file__).parent / "fixtures" / "structurizr" / "foreign"


def _loaded(name: str) -> tuple[Workspace, list[str]]:
    with collected_warnings() as warnings:
        ws = load(FOREIGN / name)
    return ws, warnings


def _through_exports(ws: Workspace, tmp_path: Path) -> None:
    """Our DSL and our Structurizr JSON of ``ws`` read back as ``ws``, without a warning."""
    for fmt, suffix in (("dsl", "dsl"), ("structurizr", "json")):
        with collected_warnings() as warnings:
            again = load_bytes(export_text(ws, fmt).encode(), f"again.{suffix}", folder=tmp_path)
        assert again.model_dump(mode="json") == ws.model_dump(mode="json"), fmt
        assert not [w for w in warnings if "theme" not in w], warnings


def _all(data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """Every item under ``key`` anywhere in a Structurizr workspace's model."""
    out: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            out.extend(node.get(key) or [])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(data["model"])
    return out


def test_hierarchical_identifiers_name_elements_by_their_parents(tmp_path: Path) -> None:
    data = parse_dsl(FOREIGN / "hierarchical.dsl")
    idents = {e["properties"]["structurizr.dsl.identifier"]: e["name"] for e in
              [*_all(data, "containers"), *_all(data, "components")]}
    assert idents == {"s.web": "Web", "s.db": "DB", "s.web.c1": "C1"}  # as hierarchical-identifiers.structurizr.json
    ws, warnings = _loaded("hierarchical.dsl")
    assert [(r.source, r.destination) for r in ws.model.relationships] == [("u", "s.web"), ("s.web.c1", "s.db")]
    assert not [w for w in warnings if "structurizr.dsl" not in w]
    _through_exports(ws, tmp_path)


def test_implied_relationships_off_is_warned_with_its_line_and_views_keep_what_structurizr_showed() -> None:
    data = parse_dsl(FOREIGN / "implied-false.dsl")
    assert [r for r in _all(data, "relationships") if "linkedRelationshipId" in r] == []  # Structurizr implies none
    ws, warnings = _loaded("implied-false.dsl")
    assert any(w.startswith(f"{FOREIGN / 'implied-false.dsl'}:2: '!impliedRelationships false'")
               and "exclude an implied relationship" in w for w in warnings), warnings
    view = compute_view(ws, ws.views["ctx"])
    assert [n.id for n in view.nodes] == ["s"] and view.edges == ()  # Structurizr's view: the system alone


def test_an_implied_relationship_made_before_one_was_written_between_the_pair_is_kept(tmp_path: Path) -> None:
    data = parse_dsl(FOREIGN / "implied-before-written.dsl")
    between = [(r["description"], "linkedRelationshipId" in r) for r in _all(data, "relationships")
               if r["destinationId"] == "2"]
    assert between == [("Uses the container", True), ("Uses the system", False)]  # Structurizr keeps both
    ws, warnings = _loaded("implied-before-written.dsl")
    assert [(r.source, r.destination, r.description) for r in ws.model.relationships] == [
        ("u", "c", "Uses the container"), ("u", "s", "Uses the container"), ("u", "s", "Uses the system")]
    assert any("implied by Structurizr from 'u->c' before a relationship was written" in w for w in warnings)
    _through_exports(ws, tmp_path)


def test_perspectives_of_elements_and_relationships_are_kept_in_order_and_written_back(tmp_path: Path) -> None:
    data = parse_dsl(FOREIGN / "perspectives.dsl")
    user = data["model"]["people"][0]
    assert user["perspectives"] == [{"name": "Security", "description": "Authenticated by SSO"},
                                    {"name": "Ops", "description": "Paged", "value": "high"}]
    ws, _warnings = _loaded("perspectives.dsl")
    exported = json.loads(export_text(ws, "structurizr"))
    person = exported["model"]["people"][0]
    assert person["perspectives"] == user["perspectives"]
    assert person["relationships"][0]["perspectives"] == [{"name": "Security", "description": "TLS"}]
    dsl = export_text(ws, "dsl")
    assert dsl.index('"Security" "Authenticated by SSO"') < dsl.index('"Ops" "Paged" "high"')
    _through_exports(ws, tmp_path)


def test_deployment_health_checks_instances_groups_and_instances_of_systems(tmp_path: Path) -> None:
    data = parse_dsl(FOREIGN / "deployment.dsl")
    server, other = data["model"]["deploymentNodes"]
    assert (server["instances"], server["group"], other["instances"]) == ("4..8", "Region", "3")
    assert server["containerInstances"][0]["healthChecks"] == [
        {"name": "Web is up", "url": "https://web/health", "interval": 30, "timeout": 1000},
        {"name": "Other", "url": "https://web/h2", "interval": 60, "timeout": 0}]  # the language reference's defaults
    ws, warnings = _loaded("deployment.dsl")
    assert not [w for w in warnings if "health" in w]
    node = ws.model.deployment_nodes[0]
    assert (node.instances, node.group) == ("4..8", "region")
    assert node.container_instances[0].properties["healthCheck:Web is up:interval"] == "30"
    assert ws.model.deployment_nodes[1].software_system_instances[0].software_system == "other"
    exported = json.loads(export_text(ws, "structurizr"))
    assert exported["model"]["deploymentNodes"][0]["group"] == "Region"
    assert exported["model"]["deploymentNodes"][0]["containerInstances"][0]["healthChecks"] == \
        server["containerInstances"][0]["healthChecks"]
    dsl = export_text(ws, "dsl")
    assert 'group "Region" {\n                dn = deploymentNode "Server"' in dsl
    assert 'healthCheck "Web is up" "https://web/health" 30 1000' in dsl
    _through_exports(ws, tmp_path)


def test_view_properties_filtered_titles_themes_branding_and_terminology(tmp_path: Path) -> None:
    data = parse_dsl(FOREIGN / "views.dsl")
    config = data["views"]["configuration"]
    assert config["properties"] == {"plantuml.title": "true"}
    assert data["views"]["systemContextViews"][0]["properties"] == {"structurizr.groups": "false", "mykey": "myvalue"}
    assert data["views"]["filteredViews"][0]["title"] == "Filtered title"
    ws, warnings = _loaded("views.dsl")
    assert not [w for w in warnings if "properties" in w], warnings
    assert [w for w in warnings if "theme" in w] == [
        f"{FOREIGN / 'views.dsl'}: views: theme: themes {', '.join(config['themes'])} kept as references only: "
        "archkit downloads nothing and draws without their styles — copy the styles you need from the theme "
        "into 'styles'"]
    assert ws.styles.themes == config["themes"]
    exported = json.loads(export_text(ws, "structurizr"))
    assert exported["views"]["configuration"]["properties"] == {"plantuml.title": "true"}
    assert exported["views"]["systemContextViews"][0]["properties"] == {"structurizr.groups": "false",
                                                                        "mykey": "myvalue"}
    assert exported["views"]["configuration"]["terminology"] == config["terminology"]
    dsl = export_text(ws, "dsl")
    assert 'filtered "land" include "ext" "filt" "The filtered one" {\n            title "Filtered title"' in dsl
    _through_exports(ws, tmp_path)


def test_adr_tools_and_madr_decisions_are_split_into_their_parts() -> None:
    ws, warnings = _loaded("adrs.dsl")
    nygard, madr = ws.arc42.decisions
    assert (nygard.context, nygard.decision, nygard.consequences) == (
        "We need to record decisions.", "We will use ADRs.", "See Nygard.")
    assert (madr.status, madr.context, madr.decision) == (
        "superseded", "Which DB?", 'Chosen option: "PostgreSQL", because it is good.')  # no "* Status:" lines
    assert madr.links == []  # ADR 3 is not in the folder: the link would fail archkit check
    assert any("decision '2': its link 'superseded by' names ADR 3" in w for w in warnings), warnings


def test_constants_variables_comments_continuations_and_escaped_quotes() -> None:
    data = parse_dsl(FOREIGN / "text.dsl")
    assert data["name"] == 'W Acme "Corp"'
    person, = data["model"]["people"]
    assert (person["name"], person["description"]) == ('User Acme "Corp"', "Uses one and ${UNDEFINED}")
    assert data["model"]["softwareSystems"][0]["name"] == "C two"  # !var takes its new value from there on
    _ws, warnings = _loaded("text.dsl")
    assert f"{FOREIGN / 'text.dsl'}:7: '${{UNDEFINED}}' names no constant or variable defined before this line" \
        " — kept as written (archkit reads no environment variables): define it with '!const NAME value' (or " \
        "'!var') before it is used" in warnings


def test_a_path_holding_a_nul_character_is_refused_with_its_line(tmp_path: Path) -> None:
    """Found by tests/test_fuzz_dsl.py (``!include \\x00``): a ValueError from the path functions on main."""
    for text, line in (("!include \x00", 1), ('workspace {\n    !docs "d\x00"\n}\n', 2)):
        with pytest.raises(ArchkitError, match=rf"^x\.dsl:{line}: .* holds a NUL character, which no file name can"):
            parse_dsl_text(text, "x.dsl", tmp_path)
