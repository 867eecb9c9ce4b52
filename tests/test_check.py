"""check(): semantic rules return findings with rule, severity, element, file, message and hint."""

from __future__ import annotations

from archkit import Workspace, check
from archkit.check import RULES
from tests.models.shop import build


def rules(ws: Workspace) -> set[str]:
    return {f.rule for f in check(ws, "m.py")}


def test_the_reference_model_is_clean() -> None:
    assert check(build(), "shop.py") == []


def test_unknown_destination_has_a_did_you_mean_hint() -> None:
    ws = build()
    ws.model.people[0].uses("shop.databse", "Reads", "SQL")
    (finding,) = [f for f in check(ws, "shop.py") if f.rule == "relationship.unknown-destination"]
    assert finding.line().startswith(
        "shop.py: customer -> shop.databse: unknown destination 'shop.databse'; did you mean 'shop.database'?")
    assert finding.severity == "error"


def test_unknown_source_is_reported() -> None:
    ws = build()
    ws.model.add_relationship(ws.model.relationships[0].model_copy(update={"id": None, "source": "ghost"}))
    assert "relationship.unknown-source" in rules(ws)


def test_parent_child_relationship_is_an_error() -> None:
    ws = build()
    ws.model.software_systems[0].uses("shop.api", "Contains", "n/a")
    assert "relationship.parent-child" in rules(ws)


def test_view_scope_must_match_view_type() -> None:
    ws = build()
    ws.views.component("shop", key="bad")
    assert "view.scope-type" in rules(ws)
    ws2 = build()
    ws2.views.container("shopp", key="bad")
    assert "view.unknown-scope" in rules(ws2)


def test_dynamic_step_without_relationship_is_an_error() -> None:
    ws = build()
    ws.views.dynamic(None, key="d").step("payments", "customer", "Calls the customer")
    assert "dynamic.no-relationship" in rules(ws)


def test_dynamic_step_may_use_a_relationship_between_children() -> None:
    ws = build()
    ws.views.dynamic(None, key="d").step("customer", "shop", "Orders")
    assert "dynamic.no-relationship" not in rules(ws)


def test_orphans_missing_descriptions_and_technology() -> None:
    ws = build()
    lonely = ws.model.software_system("Lonely")
    cache = ws.model.software_systems[0].container("Cache")
    cache.uses("shop.database", "Warms")
    found = rules(ws)
    assert {"element.orphan", "element.no-description", "relationship.no-technology"} <= found
    assert lonely.id in {f.element for f in check(ws) if f.rule == "element.orphan"}


def test_duplicate_names_among_siblings_in_data() -> None:
    ws = Workspace.model_validate({"name": "w", "model": {"software_systems": [
        {"name": "S", "description": "d", "containers": [
            {"id": "a", "name": "Same", "description": "d"}, {"id": "b", "name": "Same", "description": "d"}]}]}})
    assert "element.duplicate-name" in rules(ws)


def test_deployment_instance_of_unknown_container() -> None:
    ws = build()
    ws.model.deployment_nodes[0].container_instance("shop.apii")
    (f,) = [f for f in check(ws) if f.rule == "deployment.unknown-container"]
    assert "did you mean 'shop.api'" in f.hint


def test_arc42_references_must_resolve() -> None:
    ws = build()
    ws.arc42.scenario("QS9", goal="QG7", source="s", stimulus="s", environment="e", artifact="a",
                      response="r", response_measure="m")
    ws.arc42.risk("R9", "x", elements=["nowhere"])
    assert {"arc42.unknown-quality-goal", "arc42.unknown-element"} <= rules(ws)


def test_findings_are_sorted_and_serialisable() -> None:
    ws = build()
    ws.model.software_system("Lonely")
    findings = check(ws, "m.py")
    assert findings == sorted(findings, key=lambda f: (f.file, {"error": 0, "warning": 1, "info": 2}[f.severity],
                                                        f.rule, f.element, f.message))
    assert set(findings[0].to_dict()) == {"rule", "severity", "element", "file", "message", "hint"}


def test_every_rule_family_is_registered() -> None:
    assert set(RULES) == {"model", "deployment", "relationship", "structurizr", "view", "dynamic", "arc42", "style",
                          "property", "rules", "code"}


def test_unknown_formats_and_layout_mode_in_the_workspace_properties_are_errors() -> None:
    ws = build().model_copy(update={"properties": {"archkit.formats": "svg, pnj, webp, pnj", "archkit.layout": "Fsat",
                                                   "archkit.site": "yes"}})
    found = [(f.rule, f.severity, f.element, f.message, f.hint) for f in check(ws, "m.py")
             if f.rule.startswith("workspace.")]
    assert found == [
        ("workspace.site-value", "error", "workspace property 'archkit.site'", "'yes' is neither true nor false",
         "write 'true' to publish the site with the build (out/<model>/site/), 'false' or nothing not to"),
        ("workspace.unknown-format", "error", "workspace property 'archkit.formats'", "unknown diagram format 'pnj'",
         "did you mean 'png'?; use a comma-separated list of svg, png, pdf, dot (e.g. \"svg, png, pdf\")"),
        ("workspace.unknown-format", "error", "workspace property 'archkit.formats'", "unknown diagram format 'webp'",
         "use a comma-separated list of svg, png, pdf, dot (e.g. \"svg, png, pdf\")"),
        ("workspace.unknown-layout", "error", "workspace property 'archkit.layout'", "unknown layout mode 'Fsat'",
         "did you mean 'fast'?; use 'best' (search the candidate layouts of small views) "
         "or 'fast' (one layout per view)"),
    ]
    fine = build().model_copy(update={"properties": {"archkit.formats": " SVG, pdf,dot ", "archkit.layout": " Fast",
                                                     "archkit.site": " True"}})
    assert [f for f in check(fine, "m.py") if f.rule.startswith("workspace.")] == []


def test_a_view_over_a_wrong_scope_is_never_computed_as_an_empty_diagram() -> None:
    import pytest

    from archkit import ModelError
    from archkit.views import compute_view

    ws = build()
    view = ws.views.container("customer", key="bad")
    with pytest.raises(ModelError, match="view 'bad': a container view needs a software system as scope"):
        compute_view(ws, view)


def _structurizr_refuses() -> Workspace:
    ws = build()
    ws.model.software_system("Customer", "Shares the person's name.", id="customer-system")
    first = ws.model.relationships[0]
    ws.model.add_relationship(first.model_copy(update={"id": None, "technology": "Other"}))
    ws.model.deployment_node("Twin", "A node.", environment="Live")
    ws.model.deployment_node("Twin ", "Another.", environment="Live", id="live.twin-2").name = "Twin"
    ws.model.deployment_node("Solo", "Elsewhere.", environment="Test", id="test.twin").name = "Twin"
    return ws


def test_structurizr_validation_rules_are_errors_with_stable_ids() -> None:
    ws = _structurizr_refuses()
    wanted = ("element.person-system-same-name", "relationship.duplicate-description", "deployment.duplicate-node-name")
    found = {f.rule: f for f in check(ws, "m.py") if f.rule in wanted}
    assert set(found) == {"element.person-system-same-name", "relationship.duplicate-description",
                          "deployment.duplicate-node-name"}
    assert all(f.severity == "error" for f in found.values())
    assert found["deployment.duplicate-node-name"].element == "live.twin-2"  # not test.twin: another environment
    assert found["element.person-system-same-name"].element == "customer-system"
    assert "element.duplicate-name" not in rules(ws)  # deployment nodes are reported once


def test_structurizr_rules_show_in_every_check_output_format() -> None:
    from archkit.check.formats import to_github, to_sarif

    findings = check(_structurizr_refuses(), "m.py")
    for text in (to_sarif(findings), to_github(findings), "\n".join(f.line() for f in findings),
                 str([f.to_dict() for f in findings])):
        for rule in ("element.person-system-same-name", "relationship.duplicate-description",
                     "deployment.duplicate-node-name"):
            assert rule in text


def test_instances_are_a_count_or_a_range_as_structurizr_takes_them() -> None:
    ws = Workspace(name="w")
    api = ws.model.software_system("S", "d").container("API", "d", "Python")
    for n, value in enumerate(["3", "0", "4..12", "2..N", "0..*", "many", "12..4", "1..", "N"]):
        ws.model.deployment_node(f"N{n}", "d", "t", environment="Live", instances=value).container_instance(api)
    found = {f.element: f for f in check(ws, "m.py") if f.rule == "deployment.invalid-instances"}
    assert sorted(found) == ["live.n5", "live.n6", "live.n7", "live.n8"]
    assert found["live.n5"].severity == "error"
    assert "instances 'many' is neither a count nor a range" in found["live.n5"].message
    assert "the range '12..4' runs downwards" in found["live.n6"].message
    assert found["live.n7"].hint == ("use a count or a range, e.g. instances=3 or instances='4..12' "
                                     "('1..N' for any number)")


def test_a_scenario_artifact_written_like_an_unknown_id_is_named_with_a_did_you_mean() -> None:
    ws = build()
    known = next(e for e in ws.model.index().elements if "." in e)
    slip = known[:-1] + ("x" if known[-1] != "x" else "y")
    ws.arc42.scenario("QS9", source="a user", stimulus="clicks", environment="normal operation",
                      artifact=f"{slip}, Checkout Service", response="answers", response_measure="p95 < 1 s")
    ws.arc42.scenario("QS10", source="a user", stimulus="clicks", environment="normal operation",
                      artifact="the order-taking part", response="answers", response_measure="p95 < 1 s")
    found = [f for f in check(ws) if f.rule == "arc42.unknown-artifact"]
    assert [(f.element, f.severity) for f in found] == [("QS9", "warning")]  # words are left alone
    assert f"artifact '{slip}' is written like an element id" in found[0].message
