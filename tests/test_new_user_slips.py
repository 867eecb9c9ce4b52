"""What a new user writing a first real-sized YAML model stumbled on (h/qa16), each held by a test."""

from __future__ import annotations

from pathlib import Path

import pytest

from archkit import ModelError, Workspace, check, load
from tests.test_structurizr_fidelity import two_regions


def _not_replicated(ws: Workspace) -> list[tuple[str, str]]:
    return [(f.element, f.message) for f in check(ws, "r.py") if f.rule == "deployment.relationship-not-replicated"]


# ---- element objects wherever ids are taken -------------------------------------------------------------

def test_group_takes_the_group_itself_as_well_as_its_id() -> None:
    ws = Workspace(name="G")
    core = ws.model.group("Core")
    inner = ws.model.group("Inner", group=core)
    shop = ws.model.software_system("Shop", "Sells.", group=core)
    api = shop.container("API", "Serves.", "Python", group=inner)
    by_id = shop.container("DB", "Stores.", "PostgreSQL", group="inner")
    assert (shop.group, api.group, by_id.group, inner.group) == ("core", "inner", "inner", "core")
    assert ws.model.person("P", "Uses.", group=core).group == "core"


def test_rule_selectors_take_elements_alone_or_in_lists() -> None:
    ws = Workspace(name="R")
    shop = ws.model.software_system("Shop", "Sells.")
    api = shop.container("API", "Serves.", "Python")
    db = shop.container("DB", "Stores.", "PostgreSQL")
    assert ws.rules.forbid(api, db).destination == ["shop.db"]
    assert ws.rules.forbid([api, "tag:Queue"], db).source == ["shop.api", "tag:Queue"]
    assert ws.rules.layers([[api], db]).layers == [["shop.api"], ["shop.db"]]
    assert ws.rules.independent(api, db).elements == ["shop.api", "shop.db"]
    assert ws.rules.only_via(api, db, shop).via == ["shop"]
    api.uses(db, "Reads", "SQL")
    forbidden = [f for f in check(ws, "r.py") if f.rule == "rule.forbidden-dependency"]
    assert [f.element for f in forbidden] == ["shop.api"] * 2  # both forbid rules, by element or list


# ---- the unknown key of a comma inside {...} ---------------------------------------------------------------

def test_a_comma_in_an_unquoted_flow_value_is_named_with_the_quoted_value(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text("name: x\nmodel:\n  software_systems:\n  - {id: s, name: S, description: Web, mobile and API}\n",
                 encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load(p)
    (line,) = caught.value.lines
    assert "unknown key 'mobile and API' — a comma ends an unquoted value inside {...}" in line
    assert 'quote it, description: "Web, mobile and API"' in line
    assert "remove it" not in line  # not a misspelt key: removing it loses half the value


def test_an_unknown_key_without_a_close_match_lists_the_allowed_keys(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text("name: x\nmodel:\n  people:\n  - {name: A, role: buyer}\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"unknown key 'role' — remove it or fix its spelling \(allowed: id, name, "
                       r"description, tags, properties, url, icon, group, location\)"):
        load(p)


def test_a_key_with_a_value_gets_no_comma_hint(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text("name: x\nmodel:\n  people:\n  - {name: A, descripton: Buys}\n", encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load(p)
    assert "did you mean 'description'" in str(caught.value) and "comma" not in str(caught.value)


# ---- relationships Structurizr copies onto no instance ------------------------------------------------------

def test_two_full_regions_lose_no_relationship() -> None:
    assert _not_replicated(two_regions()) == []


def test_a_destination_deployed_in_one_region_only_is_named() -> None:
    ws = two_regions()
    eu = next(n for n in ws.model.deployment_nodes if n.name == "eu-west")
    eu.children = [c for c in eu.children if c.name != "rds"]
    (found,) = _not_replicated(ws)
    assert found[0] == "shop.api->shop.database"
    assert "from the instance of 'shop.api' in 'eu-west': no instance of 'shop.database' shares" in found[1]


def test_an_instance_outside_every_group_is_named_with_the_groups_to_give_it() -> None:
    ws = two_regions()
    ws.model.deployment_node("CDN", "Edge.", "CloudFront", environment="Live").container_instance(
        ws.model.software_systems[0].container("Web", "Pages.", "React"))
    web, api = ws.model.software_systems[0].containers[-1], ws.model.software_systems[0].containers[0]
    web.uses(api, "Calls", "HTTPS")
    findings = [f for f in check(ws, "r.py") if f.rule == "deployment.relationship-not-replicated"]
    assert [f.element for f in findings] == ["shop.web->shop.api"]
    assert "deployment_groups=['eu-west', 'us-east']" in findings[0].hint  # a Python model: Python's words
    assert findings[0].message == (  # was "no instance of 'shop.api' is in no deployment group as it is"
        "not drawn in environment 'Live' from the instance of 'shop.web' in 'CDN': that instance is in no "
        "deployment group, and every instance of 'shop.api' is in one, so the deployment view has no such edge")
    for node in ws.model.deployment_nodes:
        node.deployment_groups = []
    assert _not_replicated(ws) == []  # without groups every instance pair is joined


# ---- the Asynchronous tag is Structurizr's asynchronous relationship -----------------------------------------

def test_a_relationship_tagged_asynchronous_is_asynchronous_in_every_export(tmp_path: Path) -> None:
    from archkit.export import export_text
    from archkit.export.structurizr_json import structurizr_data

    p = tmp_path / "m.yaml"
    p.write_text("name: x\nmodel:\n  software_systems:\n  - id: s\n    name: S\n    description: d.\n    containers:\n"
                 "    - {id: s.a, name: A, description: d., technology: Go}\n"
                 "    - {id: s.q, name: Q, description: d., technology: Kafka, tags: [Queue]}\n"
                 "  relationships:\n  - {source: s.a, destination: s.q, description: Publishes, technology: Kafka, "
                 "tags: [Asynchronous, Events]}\n"
                 "views:\n- {type: container, software_system: s, key: c}\n", encoding="utf-8")
    ws = load(p)
    (rel,) = ws.model.relationships
    assert (rel.interaction, rel.tags) == ("async", ["Events"])
    assert rel.all_tags == ["Relationship", "Asynchronous", "Events"]
    (written,) = [r for e in structurizr_data(ws)["model"]["softwareSystems"][0]["containers"]
                  for r in e.get("relationships", [])]
    assert written["interactionStyle"] == "Asynchronous"
    assert "s_a -.->" in export_text(ws, "mermaid-flowchart", view="c")
    assert "style.stroke-dash" in export_text(ws, "d2", view="c")
    plantuml = export_text(ws, "plantuml", view="c")
    assert 'AddRelTag("Asynchronous", $lineStyle=DashedLine())' in plantuml
    assert 'Rel(s_a, s_q, "Publishes", "Kafka", $tags="Asynchronous")' in plantuml
    assert load(p) == ws  # loading again makes the same model


# ---- archkit docs names (and draws again) the diagrams a build drew from an older model -------------------------

_SMALL = """name: x
model:
  people:
  - {id: u, name: User, description: Buys.}
  software_systems:
  - id: s
    name: S
    description: Sells.
    containers:
    - {id: s.a, name: API, description: Serves., technology: Go}
    - {id: s.d, name: DB, description: Stores., technology: PostgreSQL, tags: [Database]}
  - {id: p, name: Pay, description: Takes payments., location: external}
  relationships:
  - {source: u, destination: s.a, description: Calls, technology: HTTPS}
  - {source: s.a, destination: s.d, description: Reads, technology: SQL}
views:
- {type: system_context, software_system: s, key: context}
- {type: container, software_system: s, key: containers}
- {type: system_landscape, key: landscape}
"""


def test_docs_draws_again_and_names_the_diagrams_a_build_drew_from_an_older_model(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from archkit.cli import app

    model, out = tmp_path / "m.yaml", tmp_path / "out"
    model.write_text(_SMALL, encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(app, ["build", str(model), "-o", str(out), "-j", "1"]).exit_code == 0
    diagrams = out / "m" / "diagrams"
    before = {p.name: p.read_bytes() for p in diagrams.iterdir()}
    model.write_text(_SMALL.replace("  relationships:\n", "  relationships:\n  - {source: s.d, destination: s.a, "
                                    "description: Notifies, technology: LISTEN}\n"), encoding="utf-8")
    result = runner.invoke(app, ["docs", str(model), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "drew again 1 diagram a build drew from an older model: containers\n" in result.output
    after = {p.name: p.read_bytes() for p in diagrams.iterdir()}
    assert {k: v for k, v in after.items() if not k.startswith("containers.")} == {
        k: v for k, v in before.items() if not k.startswith("containers.")}  # re-used views keep their bytes
    assert b"Notifies" in after["containers.svg"] and b"Notifies" not in before["containers.svg"]
    assert "drew again" not in runner.invoke(app, ["docs", str(model), "-o", str(out)]).output
    check = runner.invoke(app, ["build", str(model), "-o", str(out), "--check", "-j", "1"])
    assert check.exit_code == 0, check.output  # what docs drew is what a build draws, entries included


def test_the_readme_yaml_skeleton_checks_clean(tmp_path: Path) -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("### A model in YAML"):]
    text = section[section.index("```yaml\n") + 8:section.index("```\n\nOne YAML trap")]
    (tmp_path / "shop.yaml").write_text(text, encoding="utf-8")
    ws = load(tmp_path / "shop.yaml")
    assert [f.rule for f in check(ws, "shop.yaml") if f.severity != "info"] == []
    assert [v.key for v in ws.views] == ["containers", "live", "order"]


def test_the_untuned_billing_model_checks_clean() -> None:
    path = Path(__file__).parent.parent / "benchmarks" / "untuned" / "tenant_billing.yaml"
    ws = load(path)
    assert [f.rule for f in check(ws, str(path)) if f.severity != "info"] == []
    assert len(ws.model.software_systems[0].containers) == 17


def test_the_untuned_video_streaming_model_checks_clean_and_its_regions_stay_apart() -> None:
    path = Path(__file__).parent.parent / "benchmarks" / "untuned" / "video_streaming.py"
    ws = load(path)
    assert [f.line() for f in check(ws, str(path)) if f.severity != "info"] == []
    for node in ws.model.deployment_nodes:  # without its deployment groups: one finding for the two regions
        node.deployment_groups = []
    found = [f for f in check(ws, str(path)) if f.rule == "deployment.replicated-across-nodes"]
    assert [f.element for f in found] == ["live.eu, live.us"]
    assert "20 relationships are replicated between the instances under 'eu-west-1' and 'us-east-1'" in (
        found[0].message)


@pytest.mark.parametrize(("file", "description", "goal", "orphan"), [
    ("m.py", "add description=...", "goal=...", ".uses(...)"),
    ("m.yaml", "add description: ...", "goal: ...", "relationships: [{source: ..., destination: ...}]"),
    ("m.json", "add description: ...", "goal: ...", "relationships: [{source: ..., destination: ...}]"),
])
def test_hints_speak_the_language_of_the_model_file(file: str, description: str, goal: str, orphan: str) -> None:
    ws = Workspace(name="H")
    ws.model.person("Lonely")
    ws.arc42.quality_goal("QG1", 1, "Latency")
    hints = {f.rule: f.hint for f in check(ws, file)}
    assert description in hints["element.no-description"] and orphan in hints["element.orphan"]
    assert goal in hints["arc42.goal-without-scenario"]


def test_a_view_takes_one_include_or_exclude_entry_as_a_string(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text("name: x\nmodel:\n  software_systems:\n  - {id: s, name: S, description: d.}\nviews:\n"
                 "- {type: system_landscape, key: l, include: s, exclude: 'tag:External'}\n", encoding="utf-8")
    (view,) = load(p).views
    assert (view.include, view.exclude) == (["s"], ["tag:External"])


def test_a_rule_with_a_comma_slip_is_named_at_the_rule(tmp_path: Path) -> None:
    p = tmp_path / "m.yaml"
    p.write_text("name: x\nrules:\n- {type: forbid, source: a, destination: b, c}\n", encoding="utf-8")
    with pytest.raises(ModelError, match=r"rules\[0\]\.c: unknown key 'c' — a comma ends an unquoted value inside "
                       r"\{\.\.\.\}: write the list in brackets, destination: \[b, c\]"):
        load(p)
