"""The arc42 docs describe one software system (issue 15): the one the workspace (``arc42.system``) or
``archkit docs --system`` names, else the only internal one; with several and none named, ``check``
warns and the docs describe the first in model order with containers. Sections 3, 5, 6 and 7 are about
that system; other internal systems are neighbours, shown as partners where they relate to it.

The model is ``tests/models/neighbours.py`` (a shop and a warehouse, both internal), run through the
real CLI; the generated pages of both choices are golden files too.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit.arc42 import generate_docs
from archkit.check import check
from archkit.cli import app
from archkit.export.python_source import to_python
from archkit.export.structurizr_json import structurizr_data
from archkit.importers import import_structurizr
from archkit.load import load, load_bytes
from archkit.model import Workspace
from tests.golden import assert_golden
from tests.models import neighbours

ROOT = Path(__file__).resolve().parents[2]
MODEL = ROOT / "tests" / "models" / "neighbours.py"
PAGES = ("03_context_and_scope", "05_building_block_view", "06_runtime_view", "07_deployment_view")


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _docs(tmp_path: Path, *options: str) -> dict[str, str]:
    code, _out, err = _run("docs", str(MODEL), "-o", str(tmp_path), "--no-render", *options)
    assert code == 0, err
    folder = tmp_path / "neighbours" / "arc42"
    return {p.stem: p.read_text(encoding="utf-8") for p in folder.glob("*.md")}


def _block(page: str, block: str) -> str:
    """The text between ``<!-- archkit:begin BLOCK -->`` and its end marker."""
    m = re.search(rf"<!-- archkit:begin {re.escape(block)} -->\n(.*?)<!-- archkit:end {re.escape(block)} -->",
                  page, re.DOTALL)
    assert m, f"no block {block}"
    return m.group(1)


def _partners(page: str) -> list[str]:
    return re.findall(r"^\| <a id=\"[^\"]+\"></a>\*\*([^*]+)\*\*", _block(page, "3.1"), re.MULTILINE)


def _diagrams(pages: dict[str, str]) -> set[str]:
    return {key for text in pages.values() for key in re.findall(r"Diagram '([^']+)' is not rendered", text)}


# ---- which system ----------------------------------------------------------------------------


def test_check_warns_when_several_internal_systems_and_none_is_named() -> None:
    code, out, _err = _run("check", str(MODEL), "--format", "json")
    findings = [f for f in json.loads(out) if f["rule"].startswith("arc42.")]
    assert [(f["rule"], f["severity"], f["element"]) for f in findings] == [
        ("arc42.system-not-named", "warning", "arc42.system")]
    message = findings[0]["message"] + " " + findings[0]["hint"]
    for part in ("shop, warehouse", "they describe 'shop'", "arc42.system", "arc42: system:", "--system"):
        assert part in message
    assert code == 0
    assert _run("check", str(MODEL), "--strict")[0] == 1


def test_naming_the_system_in_the_workspace_silences_the_warning(tmp_path: Path) -> None:
    named = tmp_path / "named.py"
    named.write_text(MODEL.read_text(encoding="utf-8").replace('def build(system: str = "")',
                                                               'def build(system: str = "warehouse")'),
                     encoding="utf-8")
    code, out, _err = _run("check", str(named), "--format", "json")
    assert code == 0 and not [f for f in json.loads(out) if f["rule"].startswith("arc42.")]


def test_an_unknown_or_external_system_is_a_finding() -> None:
    ws = neighbours.build("wharehouse")
    found = [(f.rule, f.severity, f.hint) for f in check(ws, "m.py") if f.rule.startswith("arc42.")]
    assert found == [("arc42.unknown-system", "error", "did you mean 'warehouse'?")]
    ws.arc42.system = "payments"
    assert [(f.rule, f.severity) for f in check(ws, "m.py") if f.rule.startswith("arc42.")] == [
        ("arc42.external-system", "warning")]


def test_docs_with_an_unknown_system_fails_with_one_line_naming_the_candidates(tmp_path: Path) -> None:
    code, _out, err = _run("docs", str(MODEL), "-o", str(tmp_path), "--no-render", "--system", "Shop")
    assert code == 2
    assert err.count("\n") == 1
    assert "--system: 'Shop' is not a software system of the model" in err and "shop, warehouse" in err
    assert not (tmp_path / "neighbours").exists()


def test_docs_without_a_name_describe_the_first_system_with_containers_and_say_so(tmp_path: Path) -> None:
    code, _out, err = _run("docs", str(MODEL), "-o", str(tmp_path), "--no-render")
    assert code == 0
    assert "the docs describe 'shop', one of 2 internal systems" in err and "--system" in err
    again = _docs(tmp_path, "--system", "shop")  # the same docs as when named
    assert "one of 2 internal systems" not in _run("docs", str(MODEL), "-o", str(tmp_path), "--no-render",
                                                   "--system", "shop")[2]
    assert "<a id=\"el-shop\"></a>**Shop**" in _block(again["05_building_block_view"], "5.1")


def test_yaml_names_the_system_with_arc42_system(tmp_path: Path) -> None:
    model = tmp_path / "two.yaml"
    model.write_text("name: Two\nmodel:\n  people:\n    - {name: User, description: Uses ERP.}\n"
                     "  software_systems:\n"
                     "    - {name: CRM, description: Customers., containers: [{name: Web, technology: React}]}\n"
                     "    - {name: ERP, description: Orders., containers: [{name: API, technology: Java}]}\n"
                     "  relationships:\n    - {source: user, destination: erp.api, description: Orders with}\n"
                     "    - {source: crm, destination: erp, description: Reads orders from}\n"
                     "arc42:\n  system: erp\n", encoding="utf-8")
    assert load(model).arc42.system == "erp"
    code, _out, err = _run("docs", str(model), "-o", str(tmp_path), "--no-render")
    assert code == 0 and "internal systems" not in err
    page = (tmp_path / "two" / "arc42" / "03_context_and_scope.md").read_text(encoding="utf-8")
    assert _partners(page) == ["User", "CRM"]


# ---- sections 3, 5, 6, 7 are about it ------------------------------------------------------


def test_the_shop_docs_are_about_the_shop(tmp_path: Path) -> None:
    pages = _docs(tmp_path, "--system", "shop")
    assert _partners(pages["03_context_and_scope"]) == ["Customer", "Payments", "Warehouse"]  # not the picker
    assert _diagrams(pages) == {"system-landscape", "system-context-shop", "container-shop", "ordering",
                                "deployment-live"}
    overall = _block(pages["05_building_block_view"], "5.1")
    assert overall.index("**Web**") < overall.index("**API**") < overall.index("**Database**")  # model order
    assert "Stock Service" not in pages["05_building_block_view"]
    deployment = pages["07_deployment_view"]
    assert "Warehouse Servers" not in deployment and "Depot" not in deployment and "Scanner" not in deployment


def test_the_warehouse_docs_are_about_the_warehouse(tmp_path: Path) -> None:
    pages = _docs(tmp_path, "--system", "warehouse")
    assert _partners(pages["03_context_and_scope"]) == ["Picker", "Shop"]  # the shop relates: a neighbour
    assert _diagrams(pages) == {"system-landscape", "system-context-warehouse", "container-warehouse",
                                "component-warehouse-stock-service", "picking", "deployment-live",
                                "deployment-depot-warehouse"}
    blocks = pages["05_building_block_view"]
    assert _block(blocks, "5.1").index("Stock Service") < _block(blocks, "5.1").index("Scanner App")
    stock = _block(blocks, "wb-warehouse.stock-service")
    assert stock.index("**Reservations**") < stock.index("**Allocation**")  # model order, not alphabetical
    deployment = pages["07_deployment_view"]
    assert "Warehouse Servers" in deployment and "Shop Cluster" not in deployment and "Managed DB" not in deployment


# ---- 5.3 says what is true ---------------------------------------------------------------------


def test_level_3_says_how_far_the_model_goes(tmp_path: Path) -> None:
    shop = _block(_docs(tmp_path / "a", "--system", "shop")["05_building_block_view"], "5.3")
    assert "down to its containers (level 1)" in shop and "components (level 2)" not in shop
    warehouse = _block(_docs(tmp_path / "b", "--system", "warehouse")["05_building_block_view"], "5.3")
    assert "down to its components (level 2)" in warehouse
    bare = neighbours.build("shop")
    bare.model.software_systems[0].containers.clear()
    text = next(a.content.decode() for a in generate_docs(bare) if a.relpath.endswith("05_building_block_view.md"))
    assert "does not decompose this system yet" in _block(text, "5.3")


# ---- model order, instance counts ----------------------------------------------------------------


def test_stakeholders_keep_model_order(tmp_path: Path) -> None:
    page = _docs(tmp_path)["01_introduction_and_goals"]
    assert re.findall(r"^\| ([^|]+?) \|", _block(page, "1.3"), re.MULTILINE)[2:] == [
        "Warehouse lead", "Shop owner", "Developers"]


def test_the_mapping_counts_the_copies_of_each_instance(tmp_path: Path) -> None:
    """Cloud (2) / Shop Cluster (3) runs the API 6 times, its Web Pod (2..4) the web app 6 × 2..4 times;
    each node's own count stays in the node tables."""
    mapping = re.findall(r"^\| <a id=\"[^\"]+\"></a>\[([^\]]+)\]\([^)]*\) \| \[[^\]]+\]\([^)]*\) \| ([^|]+) \|$",
                         _docs(tmp_path, "--system", "shop")["07_deployment_view"], re.MULTILINE)
    assert mapping == [("API", "6"), ("Web", "6 × 2..4"), ("Database", "2")]


# ---- golden pages of both choices --------------------------------------------------------------


@pytest.mark.parametrize("system", ["shop", "warehouse"])
@pytest.mark.parametrize("page", PAGES)
def test_pages_match_their_golden_files(system: str, page: str) -> None:
    texts = {a.relpath: a.content.decode("utf-8") for a in generate_docs(neighbours.build(system))}
    assert_golden(f"arc42/neighbours-{system}/{page}.md", texts[f"arc42/{page}.md"])


def test_the_named_system_survives_every_round_trip() -> None:
    ws = neighbours.build("warehouse")
    assert Workspace.from_data(json.loads(ws.to_json())).arc42.system == "warehouse"
    assert load_bytes(to_python(ws).encode(), "generated.py").arc42.system == "warehouse"
    assert import_structurizr(structurizr_data(ws), "x.json").workspace.arc42.system == "warehouse"


def test_an_external_systems_views_stay_out_of_the_docs() -> None:
    """Marking the warehouse external made it a partner but put its container view into the shop's 5.1."""
    ws = neighbours.build()
    ws.model.software_systems[1].location = "external"
    texts = {a.relpath: a.content.decode("utf-8") for a in generate_docs(ws)}
    shown = set(re.findall(r"\(\.\./diagrams/([^)]+)\.svg\)", "".join(
        t for rel, t in texts.items() if rel != "arc42/arc42.md")))
    assert shown == {"system-landscape", "system-context-shop", "container-shop", "ordering", "deployment-live"}
    assert _partners(texts["arc42/03_context_and_scope.md"]) == ["Customer", "Payments", "Warehouse"]
    assert [f.rule for f in check(ws, "m.py") if f.rule.startswith("arc42.")] == []  # one internal system
