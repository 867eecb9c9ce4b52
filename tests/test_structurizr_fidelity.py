"""Exports Structurizr accepts and imports it would make the same (issue 16, items 1-3, 7, 8).

Structurizr's own parser is not on this machine (no Java Structurizr in any registry the project
reaches), so these tests hold archkit to what Structurizr's rules and its own JSON output say: the
``*.structurizr.json`` files in ``fixtures/structurizr/dsl/`` were written by Structurizr's parser.
"""

from __future__ import annotations

import copy
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from archkit import ArchkitError, Workspace, check, load
from archkit.export import export_text
from archkit.export.structurizr_json import structurizr_data
from archkit.importers import import_structurizr
from archkit.model import Component, Container, ContainerInstance, DeploymentView, Person, SoftwareSystem
from archkit.views import compute_view

FIXTURES = Path(__file__).parent / "fixtures" / "structurizr"
_CHILDREN = ("containers", "components", "children", "infrastructureNodes", "softwareSystemInstances",
             "containerInstances")


def _elements(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    out = []
    for item in items:
        out.append(item)
        for key in _CHILDREN:
            out += _elements(item.get(key) or [])
    return out


def json_relationships(data: dict[str, Any]) -> list[dict[str, Any]]:
    model = data["model"]
    every = _elements([*model.get("people", []), *model.get("softwareSystems", []),
                       *model.get("deploymentNodes", [])])
    return [r for e in every for r in e.get("relationships") or []]


def two_regions() -> Workspace:
    """The same API and database deployed in us-east and eu-west, one deployment group per region."""
    ws = Workspace(name="Regions")
    user = ws.model.person("User", "Uses it.")
    shop = ws.model.software_system("Shop", "Sells.")
    api = shop.container("API", "Serves.", "Python")
    db = shop.container("Database", "Stores.", "PostgreSQL")
    user.uses(api, "Calls", "HTTPS")
    api.uses(db, "Reads", "SQL")
    for region in ("us-east", "eu-west"):
        node = ws.model.deployment_node(region, "Region.", "AWS", environment="Live", deployment_groups=[region])
        node.deployment_node("k8s", "Cluster.", "Kubernetes").container_instance(api)
        node.deployment_node("rds", "Database.", "RDS").container_instance(db)
    ws.views.deployment("Live", shop, key="live")
    return ws


def _region(ws: Workspace, element_id: str) -> str:
    return element_id.split(".")[1]


# ---- 1: numeric instances ----------------------------------------------------------------------------------

def test_numeric_instances_import_from_structurizr_json_yaml_and_python(tmp_path: Path) -> None:
    data = json.loads((FIXTURES / "big-bank-plc.json").read_text(encoding="utf-8"))
    for node in _elements(data["model"]["deploymentNodes"]):
        if "instances" in node:
            node["instances"] = int(node["instances"])
    ws = import_structurizr(data, "numbers.json").workspace
    assert {n.instances for n in ws.model.deployment_nodes} == {"1"}
    (tmp_path / "m.yaml").write_text(
        "name: N\nmodel:\n  deployment_nodes:\n  - {id: live.web, name: Web, instances: 3}\n"
        "  - {id: live.api, name: API, instances: '4..12'}\n", encoding="utf-8")
    assert [n.instances for n in load(tmp_path / "m.yaml").model.deployment_nodes] == ["3", "4..12"]
    built = Workspace(name="P")
    assert built.model.deployment_node("Web", instances=3).instances == "3"


@pytest.mark.parametrize("value", [-1, True, 1.5])
def test_instances_that_are_no_count_are_refused(value: object) -> None:
    data = json.loads((FIXTURES / "big-bank-plc.json").read_text(encoding="utf-8"))
    data["model"]["deploymentNodes"][0]["instances"] = value
    with pytest.raises(Exception, match="instances"):
        import_structurizr(data, "bad.json")


# ---- 2: no implied relationship duplicates an explicit one -------------------------------------------------

def _duplicated(data: dict[str, Any]) -> list[tuple[str, str, str]]:
    seen = Counter((r["sourceId"], r["destinationId"], r.get("description", "")) for r in json_relationships(data))
    return [k for k, n in seen.items() if n > 1]


def implied_clash() -> Workspace:
    """A component's relationship implies ``api -> db`` before the explicit ``api -> db`` with its text."""
    ws = Workspace(name="Clash")
    shop = ws.model.software_system("Shop", "Sells.")
    api = shop.container("API", "Serves.", "Python")
    db = shop.container("DB", "Stores.", "SQL")
    api.component("Repo", "Reads.", "Python").uses(db, "Reads", "SQL")
    api.uses(db, "Reads", "SQL")
    node = ws.model.deployment_node("Server", "A server.", environment="Live")
    node.container_instance(api)
    node.container_instance(db)
    node.container_instances[0].uses(node.container_instances[1].id, "Reads", "SQL")
    return ws


def test_json_export_adds_no_derived_relationship_that_duplicates_a_written_one() -> None:
    data = structurizr_data(implied_clash())
    assert _duplicated(data) == []
    pairs = {(r["sourceId"], r["destinationId"]) for r in json_relationships(data)}
    assert ("shop.api", "shop.db") in pairs and ("shop.api.repo", "shop") not in pairs
    big_bank = structurizr_data(load(FIXTURES / "big-bank-plc.json"))
    assert _duplicated(big_bank) == []


def test_dsl_export_writes_the_higher_level_relationship_before_the_one_that_implies_it() -> None:
    lines = export_text(implied_clash(), "dsl").splitlines()
    explicit = next(i for i, line in enumerate(lines) if line.strip().startswith("shop_api -> shop_db "))
    component = next(i for i, line in enumerate(lines) if line.strip().startswith("shop_api_repo -> shop_db "))
    assert explicit < component


# ---- 3: relationships before the deployment environments ---------------------------------------------------

def test_dsl_export_writes_static_relationships_before_the_deployment_environments() -> None:
    ws = load(FIXTURES / "big-bank-plc.json")
    lines = export_text(ws, "dsl").splitlines()
    first_env = next(i for i, line in enumerate(lines) if "deploymentEnvironment" in line)
    arrows = [i for i, line in enumerate(lines) if re.match(r"^ {8}(\w+ = )?\w+ -> \w+ ", line)]
    index = ws.model.index()
    static = sum(1 for r in ws.model.relationships
                 if all(isinstance(index.get(e), Person | SoftwareSystem | Container | Component)
                        for e in (r.source, r.destination)))
    assert static == len(ws.model.relationships) - 1  # Big Bank's one instance -> instance replication
    assert sum(1 for i in arrows if i < first_env) == static
    assert all(i > first_env for i in arrows[static:])


def test_big_bank_live_deployment_shows_the_seven_relationships_structurizr_shows() -> None:
    ws = load(FIXTURES / "big-bank-plc.json")
    exported = structurizr_data(ws)
    live = next(v for v in exported["views"]["deploymentViews"] if v["key"] == "LiveDeployment")
    original = json.loads((FIXTURES / "big-bank-plc.json").read_text(encoding="utf-8"))
    expected = next(v for v in original["views"]["deploymentViews"] if v["key"] == "LiveDeployment")
    assert len(live["relationships"]) == len(expected["relationships"]) == 7


# ---- 7: no default views in exports ------------------------------------------------------------------------

def test_a_workspace_without_views_exports_none() -> None:
    ws = implied_clash()
    assert ws.effective_views()  # archkit still draws its defaults
    data = structurizr_data(ws)
    assert set(data["views"]) == {"configuration"}
    assert "default_views" not in json.dumps(data)
    dsl = export_text(ws, "dsl")
    views = dsl[dsl.index("    views {"):]
    assert not re.search(r"^\s+(systemLandscape|systemContext|container|component|deployment)\b", views, re.M)
    assert import_structurizr(data, "x.json").workspace == ws


# ---- 8: deployment groups ----------------------------------------------------------------------------------

def test_two_regions_replicate_relationships_only_within_their_region() -> None:
    ws = two_regions()
    view = compute_view(ws, ws.views["live"])
    instances = {n.id for n in view.nodes if n.deployed is not None}
    assert len(instances) == 4
    edges = [e for e in view.edges if e.source in instances and e.destination in instances]
    assert len(edges) == 2
    assert all(_region(ws, e.source) == _region(ws, e.destination) for e in edges)
    data = structurizr_data(ws)
    replicated = [r for r in json_relationships(data) if r["sourceId"] in instances]
    assert len(replicated) == 2 and all(_region(ws, r["sourceId"]) == _region(ws, r["destinationId"])
                                        for r in replicated)


def test_without_deployment_groups_every_instance_pair_is_joined_and_check_warns() -> None:
    ws = two_regions()
    assert [f for f in check(ws, "r.py") if f.rule == "deployment.replicated-across-nodes"] == []
    for node in ws.model.deployment_nodes:
        node.deployment_groups = []
    view = compute_view(ws, ws.views["live"])
    instances = {n.id for n in view.nodes if n.deployed is not None}
    assert len([e for e in view.edges if e.source in instances and e.destination in instances]) == 4
    found = [f for f in check(ws, "r.py") if f.rule == "deployment.replicated-across-nodes"]
    # one finding for the one cause (two regions without groups), not one per relationship and direction
    assert [(f.element, f.severity) for f in found] == [("live.eu-west, live.us-east", "warning")]
    assert found[0].message == (
        "in environment 'Live', relationship is replicated between the instances under 'eu-west' and 'us-east' "
        "(2 copies from one to another), though each holds its own instances of the destinations — the usual "
        "sign of regions that should stay apart: shop.api->shop.database")
    assert found[0].hint.endswith("deployment_node('eu-west', ..., deployment_groups=['eu-west']) and "
                                  "deployment_node('us-east', ..., deployment_groups=['us-east'])")
    yaml_hint = next(f for f in check(ws, "r.yaml") if f.rule == "deployment.replicated-across-nodes").hint
    assert yaml_hint.endswith("deployment_groups: [eu-west] on 'live.eu-west' and "
                              "deployment_groups: [us-east] on 'live.us-east'")


def test_regions_that_replicate_into_each_other_are_one_finding_naming_every_relationship() -> None:
    ws = two_regions()
    m = ws.model
    shop = m.software_systems[-1]
    cache = shop.container("Cache", "Caches.", "Redis")
    shop.containers[0].uses(cache, "Caches in", "RESP")
    for node in m.deployment_nodes:
        node.deployment_groups = ["everywhere"]  # one group for all: as good as none
        node.children[0].container_instance(cache)
    third = m.deployment_node("ap-south", "Region.", "AWS", environment="Live", deployment_groups=["everywhere"])
    k8s = third.deployment_node("k8s", "Cluster.", "Kubernetes")
    k8s.container_instance("shop.api")
    k8s.container_instance(cache)  # its own cache, but no database: api->database is replicated out of need
    found = [f for f in check(ws, "r.py") if f.rule == "deployment.replicated-across-nodes"]
    assert len(found) == 1, [f.line() for f in found]
    assert found[0].element == ", ".join(sorted(node.id for node in m.deployment_nodes))
    assert "2 relationships are replicated between the instances under 'ap-south', 'eu-west' and 'us-east'" in (
        found[0].message)
    assert found[0].message.endswith(": shop.api->shop.cache, shop.api->shop.database")
    assert "of its own instead of the group they share (everywhere)" in found[0].hint


def test_deployment_groups_survive_json_and_python_and_yaml(tmp_path: Path) -> None:
    ws = two_regions()
    again = import_structurizr(structurizr_data(ws), "x.json").workspace
    assert again == ws
    (tmp_path / "regions.py").write_text(export_text(ws, "python"), encoding="utf-8")
    assert load(tmp_path / "regions.py") == ws
    (tmp_path / "regions.json").write_text(ws.to_json(), encoding="utf-8")
    assert load(tmp_path / "regions.json") == ws
    (tmp_path / "g.yaml").write_text(
        "name: G\nmodel:\n  software_systems:\n  - id: s\n    name: S\n    containers:\n    - {id: s.a, name: A}\n"
        "  deployment_nodes:\n  - id: live.n\n    name: N\n    container_instances:\n"
        "    - {container: s.a, deployment_groups: [blue]}\n", encoding="utf-8")
    yaml_ws = load(tmp_path / "g.yaml")
    instance = yaml_ws.model.deployment_nodes[0].container_instances[0]
    assert isinstance(instance, ContainerInstance) and instance.deployment_groups == ["blue"]


def test_dsl_export_declares_deployment_groups_per_environment() -> None:
    dsl = export_text(two_regions(), "dsl")
    assert re.search(r'^ {12}dg_Live_us_east = deploymentGroup "us-east"$', dsl, re.M)
    assert re.search(r"^ {16}deploymentGroup dg_Live_eu_west$", dsl, re.M)


def test_structurizr_deployment_groups_import_as_structurizr_replicated_them() -> None:
    path = FIXTURES / "dsl" / "deployment-groups-hierarchical.structurizr.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    result = import_structurizr(copy.deepcopy(data), path.name)
    linked = sorted(r["id"] for r in json_relationships(data) if "linkedRelationshipId" in r)
    assert sorted(result.derived) == linked  # every relationship Structurizr replicated, archkit derives
    again = structurizr_data(result.workspace)
    pairs = sorted((r["sourceId"], r["destinationId"]) for r in json_relationships(again))
    assert pairs == sorted((r["sourceId"], r["destinationId"]) for r in json_relationships(data))
    for view_env in ("WithSpecifiedDeploymentGroups", "WithInheritedDeploymentGroups"):
        ws = result.workspace
        view = DeploymentView(environment=view_env, key=view_env)
        computed = compute_view(ws, view)
        assert len(computed.edges) == 2, view_env


# ---- 5: import never writes a model that fails to load -----------------------------------------------------

@pytest.mark.parametrize(("fault", "says"), [
    ("raise SystemExit('boom')\n", "would not load"),
    ("model.software_system('Extra', id='extra')\n", "would load as a different workspace"),
])
def test_import_loads_what_it_would_write_and_writes_nothing_that_fails(
        fault: str, says: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from archkit.cli import app
    from archkit.export import python_source

    real = python_source.to_python
    monkeypatch.setattr(python_source, "to_python", lambda ws, source="": real(ws, source) + fault)
    target = tmp_path / "bank.py"
    result = CliRunner().invoke(app, ["import", str(FIXTURES / "big-bank-plc.json"), "-o", str(target)])
    assert result.exit_code == 2 and says in result.output and "big-bank-plc.json" in result.output
    assert not target.exists()
    result = CliRunner().invoke(app, ["export", str(FIXTURES / "big-bank-plc.json"), "--to", "python"])
    assert result.exit_code == 2 and says in result.output


def test_import_writes_a_model_that_loads_as_the_workspace(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from archkit.cli import app

    target = tmp_path / "groups.py"
    source = FIXTURES / "dsl" / "deployment-groups-hierarchical.structurizr.json"
    assert CliRunner().invoke(app, ["import", str(source), "-o", str(target)]).exit_code == 0
    assert load(target) == load(source)


def test_import_writes_control_characters_escaped_and_the_model_still_loads_equal(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from archkit.cli import app

    ws = two_regions()
    ws.name = "Shop\x00\x1b[2J\u202e"
    source = tmp_path / "hostile.json"
    source.write_text(json.dumps(structurizr_data(ws)), encoding="utf-8")
    target = tmp_path / "hostile.py"
    assert CliRunner().invoke(app, ["import", str(source), "-o", str(target)]).exit_code == 0
    assert not re.search("[\x00\x1b\u202e]", target.read_text(encoding="utf-8"))
    assert load(target) == ws


def _replicas(derived: list[Any]) -> list[tuple[str, ...]]:
    """Each replicated relationship: its ends, texts and the written relationship it comes from."""
    links = {r.id: r.linked for r in derived}
    out = []
    for r in derived:
        if r.kind == "replicated":
            root = r.linked
            while root in links:
                root = links[root]
            out.append((r.source, r.destination, r.description, r.technology, r.interaction, root))
    return out


def _replication_cases() -> list[Workspace]:
    models = sorted((Path(__file__).parent.parent / "models").glob("*.py"))
    ungrouped = two_regions()
    for node in ungrouped.model.deployment_nodes:
        node.deployment_groups = []
    fixtures = []
    for dsl in sorted((FIXTURES / "dsl").glob("*.dsl")):
        try:
            fixtures.append(load(dsl))
        except ArchkitError:  # the fixtures of Structurizr's parse errors
            continue
    return [*(load(m) for m in models), two_regions(), ungrouped, *fixtures]


def test_the_checks_replicated_relationships_are_those_of_the_whole_derivation() -> None:
    """``archkit check`` derives only the implied relationships that instances replicate: the replicas (ends,
    texts, the written relationship behind each) are the whole derivation's, in the same order."""
    from archkit.importers.derived import derived_relationships, replicated_relationships

    cases = _replication_cases()
    assert sum(bool(_replicas(derived_relationships(ws.model))) for ws in cases) >= 4
    for ws in cases:
        assert _replicas(replicated_relationships(ws.model, ws.model.index())) == _replicas(
            derived_relationships(ws.model)), ws.name
