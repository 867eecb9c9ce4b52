"""The authoring API: parent-scoped factories, derived ids, duplicates, default views."""

from __future__ import annotations

import pytest

from archkit import ContainerView, ModelError, Workspace
from archkit.model import default_views
from tests.models.shop import build


def test_ids_are_derived_from_names_and_dotted_for_nested_elements() -> None:
    ws = build()
    idx = ws.model.index()
    assert {"customer", "shop", "shop.api", "shop.api.orders", "shop.api.order-repository"} <= set(idx.elements)
    assert idx.parent["shop.api.orders"] == "shop.api"


def test_user_given_ids_are_kept() -> None:
    ws = Workspace(name="x")
    s = ws.model.software_system("Ledger", id="LEDGER-1")
    assert s.container("DB", id="ledger-db").id == "ledger-db"


def test_duplicate_id_is_an_error() -> None:
    ws = Workspace(name="x")
    ws.model.software_system("Shop")
    with pytest.raises(ModelError, match="duplicate id"):
        ws.model.person("Someone", id="shop")


def test_duplicate_sibling_name_without_ids_is_a_duplicate_id() -> None:
    ws = Workspace(name="x")
    s = ws.model.software_system("Shop")
    s.container("API")
    with pytest.raises(ModelError, match=r"shop.api: duplicate id \(Container 'API'\): another element has it already"):
        s.container("API")


def test_free_standing_element_cannot_create_relationships() -> None:
    from archkit import Container

    with pytest.raises(ModelError, match="create it through its parent"):
        Container(id="c", name="C").uses("x")


def test_relationship_ids_are_unique_and_stable() -> None:
    ws = Workspace(name="x")
    a, b = ws.model.person("A"), ws.model.person("B")
    r1, r2 = a.uses(b, "one"), a.uses(b, "two")
    assert (r1.id, r2.id) == ("a->b", "a->b#2")


def test_nested_deployment_nodes_share_their_environment() -> None:
    ws = build()
    node = ws.model.deployment_nodes[0]
    assert {c.environment for c in node.children} == {"Live"}


def test_yaml_nested_ids_are_derived_when_missing() -> None:
    ws = Workspace.model_validate({"name": "w", "model": {"software_systems": [
        {"name": "Shop", "containers": [{"name": "Web App", "components": [{"name": "Cart"}]}]}]}})
    assert ws.model.software_systems[0].containers[0].components[0].id == "shop.web-app.cart"


def test_duplicate_ids_in_data_are_rejected() -> None:
    with pytest.raises(ValueError, match="duplicate id"):
        Workspace.model_validate({"name": "w", "model": {"people": [{"name": "A"}, {"name": "B", "id": "a"}]}})


def test_default_views_cover_context_container_component_and_deployment() -> None:
    ws = build()
    ws.views.root.clear()
    kinds = {v.type for v in ws.effective_views()}
    assert kinds == {"system_landscape", "system_context", "container", "component", "deployment"}
    assert [v.key for v in default_views(ws)] == [v.key for v in default_views(ws)]


def test_view_builders_include_and_exclude() -> None:
    ws = build()
    view = ws.views["container-shop"]
    assert isinstance(view, ContainerView)
    view.including("tag:Database", "*").excluding("payments")
    assert view.include == ["*", "tag:Database"] and view.exclude == ["payments"]


def test_duplicate_view_key_is_an_error() -> None:
    ws = build()
    with pytest.raises(ModelError, match="duplicate view key"):
        ws.views.container("shop")


def test_dynamic_steps_are_numbered_with_parallel_branches() -> None:
    ws = build()
    view = ws.views["place-order"]
    assert [n for n, _ in view.numbered_steps()] == ["1", "2", "3a", "3b"]  # type: ignore[union-attr]


def test_arc42_content_is_kept_apart_by_kind() -> None:
    a = build().arc42
    assert sorted(r.kind for r in a.requirements) == ["business", "functional", "quality"]


def test_parallel_branches_take_an_optional_technology() -> None:
    ws = build()
    view = ws.views.dynamic(None, key="p").parallel([("customer", "shop.api.orders", "Orders", "HTTPS")],
                                                    [("shop.api.orders", "payments", "Charges")])
    steps = [s for _, s in view.numbered_steps()]
    assert [s.technology for s in steps] == ["HTTPS", ""]
