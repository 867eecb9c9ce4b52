"""ws.rules: forbid, layers, independent, only_via, evaluated by `archkit check` on the model's
relationships (nested ones lifted to the elements a rule names), in every output format."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit import ModelError, Workspace, check, generate_docs
from archkit.cli import app
from archkit.model import Component


def hexagon() -> tuple[Workspace, dict[str, Component]]:
    ws = Workspace(name="Hex")
    service = ws.model.software_system("Orders", "Takes orders.").container("Service", "The hexagon.", "Python")
    parts = {
        "rest": service.component("REST", "Driving adapter.", "HTTP", tags=["Adapter"]),
        "cli": service.component("CLI", "Driving adapter.", "argparse", tags=["Adapter"]),
        "port": service.component("Port", "A use case.", "Protocol", tags=["Port"]),
        "domain": service.component("Domain", "The rules.", "Python", tags=["Domain"]),
    }
    parts["rest"].uses(parts["port"], "Calls", "Python call")
    parts["domain"].uses(parts["port"], "Implements", "Python call")
    return ws, parts


def found(ws: Workspace, rule: str) -> list[str]:
    return [f"{f.element}: {f.message}" for f in check(ws, "m.py") if f.rule == rule]


def test_a_clean_hexagon_breaks_no_rule() -> None:
    ws, _ = hexagon()
    ws.rules.forbid(["tag:Domain", "tag:Port"], "tag:Adapter", why="the core knows no technology")
    ws.rules.independent("tag:Adapter", why="adapters meet only in the core")
    assert [f for f in check(ws, "m.py") if f.rule.startswith("rule.")] == []


def test_forbid_reports_the_relationship_and_the_why() -> None:
    ws, p = hexagon()
    ws.rules.forbid("tag:Domain", "tag:Adapter", why="the core knows no technology")
    p["domain"].uses(p["rest"], "Calls back", "Python call")
    assert found(ws, "rule.forbidden-dependency") == [
        "orders.service.domain: depends on 'orders.service.rest' — breaks rule 'forbid tag:Domain -> tag:Adapter': "
        "the core knows no technology (relationship orders.service.domain->orders.service.rest)"]


def test_a_nested_relationship_is_lifted_to_the_container_the_rule_names() -> None:
    ws = Workspace(name="Lift")
    system = ws.model.software_system("S", "A system.")
    web = system.container("Web", "Front end.", "TS", tags=["Edge"])
    db = system.container("DB", "Storage.", "SQL", tags=["Store"])
    web.component("Page", "A page.", "TS").uses(db, "Reads", "SQL")
    ws.rules.forbid("tag:Edge", "tag:Store", id="no-direct-db", why="go through the API")
    (finding,) = [f for f in check(ws, "m.py") if f.rule == "rule.forbidden-dependency"]
    assert finding.element == "s.web"
    assert "'no-direct-db': go through the API (relationship s.web.page->s.db)" in finding.message


def test_layers_allow_only_downward_dependencies() -> None:
    ws, _ = hexagon()
    ws.rules.layers(["tag:Adapter", "tag:Port", "tag:Domain"])
    # rest -> port is downward; domain -> port goes up one layer
    assert found(ws, "rule.layer-violation") == [
        "orders.service.domain: depends on 'orders.service.port' — breaks rule "
        "'layers tag:Adapter > tag:Port > tag:Domain' (relationship orders.service.domain->orders.service.port)"]


def test_independent_elements_may_not_use_each_other() -> None:
    ws, p = hexagon()
    ws.rules.independent("tag:Adapter")
    assert found(ws, "rule.independence-violation") == []
    p["cli"].uses(p["rest"], "Shares a helper with", "Python call")
    assert [m.split(" — ")[0] for m in found(ws, "rule.independence-violation")] == [
        "orders.service.cli: depends on 'orders.service.rest'"]


def test_only_via_forbids_the_direct_path_only() -> None:
    ws, p = hexagon()
    ws.rules.only_via("tag:Adapter", "tag:Domain", "tag:Port", why="adapters call use cases")
    assert found(ws, "rule.only-via-violation") == []
    p["rest"].uses(p["domain"], "Reaches into", "Python call")
    assert [m.split(" — ")[0] for m in found(ws, "rule.only-via-violation")] == [
        "orders.service.rest: depends on 'orders.service.domain'"]


def test_selectors_that_name_nothing_are_reported() -> None:
    ws, _ = hexagon()
    ws.rules.forbid("orders.service.domian", "tag:Adaptr")
    findings = {f.rule: f for f in check(ws, "m.py") if f.rule.startswith("rule.")}
    assert findings["rule.unknown-element"].hint == "did you mean 'orders.service.domain'?"
    assert findings["rule.empty-selector"].severity == "warning"


def test_duplicate_rule_ids_and_bad_code_prefixes_are_model_errors() -> None:
    ws, _ = hexagon()
    ws.rules.forbid("*", "tag:Adapter", id="r1")
    with pytest.raises(ModelError, match="rule 'r1': duplicate rule id"):
        ws.rules.layers(["a", "b"], id="r1")
    service = ws.model.software_systems[0].containers[0]
    with pytest.raises(ValueError, match=r"code 'orders\.\.x' is not a Python module name"):
        service.component("Bad", code="orders..x")


def test_two_elements_claiming_one_module_prefix_is_an_error() -> None:
    ws, p = hexagon()
    p["rest"].code.append("orders.web")
    p["cli"].code.append("orders.web")
    assert found(ws, "code.duplicate-prefix") == ["orders.service.rest: code 'orders.web' is also claimed by "
                                                  "'orders.service.cli'"]


def test_rules_and_code_survive_the_json_round_trip() -> None:
    ws, p = hexagon()
    p["domain"].code.append("orders.domain")
    ws.rules.forbid("tag:Domain", "tag:Adapter", why="pure core")
    ws.rules.layers(["tag:Adapter", ["tag:Port", "tag:Domain"]])
    ws.rules.independent("orders.service.rest", "orders.service.cli")
    ws.rules.only_via("tag:Adapter", "tag:Domain", "tag:Port")
    again = Workspace.from_data(json.loads(ws.to_json()))
    assert again == ws
    assert [r.type for r in again.rules] == ["forbid", "layers", "independent", "only_via"]


def test_arc42_section_8_lists_the_rules_with_their_reasons() -> None:
    ws, _ = hexagon()
    ws.rules.forbid("tag:Domain", "tag:Adapter", why="the core knows no technology")
    pages = {a.relpath: a.content.decode() for a in generate_docs(ws, diagrams=[])}
    page = pages["arc42/08_crosscutting_concepts.md"]
    assert "### 8.1 Architecture Rules" in page
    assert "| forbid tag:Domain -> tag:Adapter | the core knows no technology |" in page


YAML = """\
name: Hex
model:
  software_systems:
    - name: Orders
      description: Takes orders.
      containers:
        - name: Service
          description: The hexagon.
          technology: Python
          components:
            - {name: REST, description: Driving adapter., technology: HTTP, tags: [Adapter]}
            - {name: Domain, description: The rules., technology: Python, tags: [Domain], code: orders.domain}
  relationships:
    - {source: orders.service.domain, destination: orders.service.rest, description: Calls back,
       technology: Python call}
rules:
  - type: forbid
    source: tag:Domain
    destination: tag:Adapter
    why: the core knows no technology
"""


@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github"])
def test_check_reports_a_yaml_rule_in_every_format(tmp_path: Path, fmt: str) -> None:
    model = tmp_path / "hex.yaml"
    model.write_text(YAML, encoding="utf-8")
    result = CliRunner().invoke(app, ["check", str(model), "--format", fmt])
    assert result.exit_code == 1, result.output
    assert "rule.forbidden-dependency" in result.stdout
    assert "the core knows no technology" in result.stdout
    if fmt == "json":
        (finding,) = [f for f in json.loads(result.stdout) if f["rule"].startswith("rule.")]
        assert finding["element"] == "orders.service.domain"
    if fmt == "github":
        assert "::error file=" in result.stdout


def test_the_python_model_archkit_import_writes_keeps_rules_and_code() -> None:
    from archkit.export.python_source import to_python

    ws, p = hexagon()
    p["domain"].code.append("orders.domain")
    ws.rules.forbid(["tag:Domain", "tag:Port"], "tag:Adapter", why="pure core")
    ws.rules.layers(["tag:Adapter", ["tag:Port", "tag:Domain"]], id="hexagon")
    ws.rules.independent("tag:Adapter")
    ws.rules.only_via("tag:Adapter", "tag:Domain", "tag:Port")
    source = to_python(ws)
    assert 'code="orders.domain"' in source
    namespace: dict[str, object] = {}
    exec(compile(source, "generated.py", "exec"), namespace)
    assert namespace["workspace"] == ws


def test_diff_shows_an_added_and_a_changed_rule() -> None:
    from archkit.diff import diff_workspaces

    old, _ = hexagon()
    old.rules.forbid("tag:Domain", "tag:Adapter", id="core", why="pure")
    new, _ = hexagon()
    new.rules.forbid("tag:Domain", "tag:Adapter", id="core", why="the core knows no technology")
    new.rules.independent("tag:Adapter")
    changes = {(c.kind, c.key) for c in diff_workspaces(old, new).of("rule")}
    assert changes == {("changed", "core"), ("added", "independent tag:Adapter")}
