"""A model exported to Structurizr DSL and to Structurizr JSON and imported again is the same model, field by
field: one small model per thing found lost on the way (h/qa16), each through both exports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archkit import Workspace
from archkit.export import export_text
from archkit.importers.derived import derived_relationships
from archkit.load import load

FORMATS = {"dsl": "dsl", "structurizr": "json"}
_ALSO = {"python": "py"}


def _read_back(ws: Workspace, fmt: str, tmp_path: Path) -> Workspace:
    path = tmp_path / f"exported.{({**FORMATS, **_ALSO})[fmt]}"
    path.write_text(export_text(ws, fmt), encoding="utf-8")
    return load(path)


def _same(ws: Workspace, fmt: str, tmp_path: Path) -> dict[str, Any]:
    """The model and views of ``ws`` read back, beside the originals (as pytest shows a difference)."""
    again = _read_back(ws, fmt, tmp_path)
    got = {"model": again.model.model_dump(mode="json"), "views": [v.model_dump(mode="json") for v in again.views]}
    want = {"model": ws.model.model_dump(mode="json"), "views": [v.model_dump(mode="json") for v in ws.views]}
    assert got == want
    return got


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_group_keeps_its_id_and_description(fmt: str, tmp_path: Path) -> None:
    ws = Workspace(name="Groups")
    ws.model.group("Money movement", "Payments and refunds.", id="money")
    ws.model.software_system("Shop", "The shop.", group="money")
    got = _same(ws, fmt, tmp_path)
    assert got["model"]["groups"][0]["id"] == "money"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_group_named_as_its_slug_needs_no_declaration(fmt: str, tmp_path: Path) -> None:
    ws = Workspace(name="Groups")
    ws.model.group("Money", id="money")
    ws.model.software_system("Shop", "The shop.", group="money")
    _same(ws, fmt, tmp_path)
    assert "archkit.json.groups" not in export_text(ws, fmt)


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_explicit_external_tag_stays_a_tag(fmt: str, tmp_path: Path) -> None:
    ws = Workspace(name="External")
    ws.model.software_system("Bank", "Takes payments.", location="external", tags=["External"])
    ws.model.person("Clerk", "Works for us, tagged so.", tags=["External", "Staff"])
    ws.model.software_system("Partner", "Location only.", location="external")
    got = _same(ws, fmt, tmp_path)
    assert [(e["tags"], e["location"]) for e in got["model"]["software_systems"]] == [
        (["External"], "external"), ([], "external")]


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_step_described_as_its_relationship_keeps_its_description(fmt: str, tmp_path: Path) -> None:
    ws = Workspace(name="Steps")
    shop = ws.model.software_system("Shop", "The shop.")
    api, db = shop.container("API", "api", "Python"), shop.container("DB", "db", "Postgres")
    api.uses(db, "Reads", "SQL")
    flow = ws.views.dynamic(shop, key="flow")
    flow.step(api, db, "Reads").step(api, db, "Reads the basket").step(api, db)
    got = _same(ws, fmt, tmp_path)
    assert [s["description"] for s in got["views"][0]["steps"]] == ["Reads", "Reads the basket", ""]
    assert "archkit.json.steps" not in export_text(ws, fmt)  # not the whole list: each step says it


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_parallel_or_response_step_described_as_its_relationship_keeps_its_description(
        fmt: str, tmp_path: Path) -> None:
    ws = Workspace(name="Steps")
    shop = ws.model.software_system("Shop", "The shop.")
    api, db = shop.container("API", "api", "Python"), shop.container("DB", "db", "Postgres")
    api.uses(db, "Reads", "SQL")
    flow = ws.views.dynamic(shop, key="flow")
    flow.step(api, db, "Reads").step(db, api, "Reads", response=True).parallel([(api, db, "Reads")], [(api, db, "")])
    _same(ws, fmt, tmp_path)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_relationship_between_instances_beside_a_replicated_one_keeps_its_id(fmt: str, tmp_path: Path) -> None:
    ws = Workspace(name="Instances")
    shop = ws.model.software_system("Shop", "The shop.")
    api, db = shop.container("API", "api", "Python"), shop.container("DB", "db", "Postgres")
    api.uses(db, "Reads", "SQL")
    node = ws.model.deployment_node("Server", environment="Live")
    node.container_instance(api).uses(node.container_instance(db), "Replicates to")  # no technology
    got = _same(ws, fmt, tmp_path)
    assert [r["id"] for r in got["model"]["relationships"]] == ["shop.api->shop.db", "live.server.api->live.server.db"]


DSL_NOT_REPLICATED = """workspace "Not replicated" {
    model {
        s = softwareSystem "Shop" {
            api = container "API" "" "Python"
            db = container "DB" "" "Postgres"
        }
        api -> db "Reads" "SQL"
        live = deploymentEnvironment "Live" {
            n = deploymentNode "Server" {
                waf = infrastructureNode "WAF"
                ai = containerInstance api
                di = containerInstance db
            }
            api -/> db {
                api -> waf
                waf -> db
            }
        }
    }
}
"""


def _not_replicated_model(tmp_path: Path) -> Workspace:
    (tmp_path / "source.dsl").write_text(DSL_NOT_REPLICATED, encoding="utf-8")
    return load(tmp_path / "source.dsl")


def test_a_relationship_not_replicated_is_read_so_and_has_no_copies(tmp_path: Path) -> None:
    ws = _not_replicated_model(tmp_path)
    assert [(r.id, r.not_replicated) for r in ws.model.relationships] == [
        ("api->db", True), ("ai->waf", False), ("waf->di", False)]
    assert "ai" not in {r.source for r in derived_relationships(ws.model)}


@pytest.mark.parametrize("fmt", [*FORMATS, "python"])
def test_a_relationship_not_replicated_stays_so(fmt: str, tmp_path: Path) -> None:
    ws = _not_replicated_model(tmp_path)
    got = _same(ws, fmt, tmp_path)
    assert got["model"]["relationships"][0]["not_replicated"] is True
    if fmt == "dsl":
        assert '            api -/> db "Reads"\n        }' in export_text(ws, fmt)  # inside the environment
    elif fmt == "structurizr":  # as Structurizr's own JSON says it: no copy between the instances
        assert '"linkedRelationshipId":"api->db"' not in export_text(ws, fmt).replace(" ", "")


def test_a_relationship_removed_in_one_environment_only_stays_replicated(tmp_path: Path) -> None:
    two = DSL_NOT_REPLICATED.replace("    }\n}\n", """        test = deploymentEnvironment "Test" {
            deploymentNode "Box" {
                containerInstance api
                containerInstance db
            }
        }
    }
}
""")
    (tmp_path / "two.dsl").write_text(two, encoding="utf-8")
    ws = load(tmp_path / "two.dsl")
    assert ws.model.relationships[0].not_replicated is False  # copied in Test: the Live views exclude the copy
