"""The site's index of a workspace: places, relationships (written and derived), views and arc42 items."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest
from hypothesis import given

from archkit import Workspace
from archkit.load import load
from archkit.site.model_index import SiteIndex, build_index
from archkit.views import compute_view
from tests.arc42.docs_models import shop
from tests.strategies import workspaces

MODELS = Path(__file__).resolve().parent.parent.parent / "models"


@cache
def shop_index() -> SiteIndex:
    return build_index(shop())


@cache
def cqrs() -> Workspace:
    return load(MODELS / "cqrs_event_sourcing.py")


def test_a_container_knows_its_parent_children_and_relationships() -> None:
    api = shop_index().element("shop.api")
    assert (api.kind, api.name, api.technology) == ("Container", "API", "Python, FastAPI")
    assert api.parent == "shop"
    assert api.children == ("shop.api.orders", "shop.api.order-repository")
    assert [(r.other, r.kind) for r in api.incoming] == [("clerk", "written"), ("customer", "implied"),
                                                         ("payments", "implied")]
    assert [(r.other, r.kind, r.derived_from) for r in api.outgoing] == [
        ("shop.database", "implied", "shop.api.order-repository->shop.database"),
        ("payments", "implied", "shop.api.orders->payments"),
    ]
    assert all(r.implied for r in api.outgoing)
    assert not api.incoming[0].implied


def test_written_relationships_keep_description_technology_and_come_first() -> None:
    orders = shop_index().element("shop.api.orders")
    out = [(r.other, r.description, r.technology, r.interaction) for r in orders.outgoing]
    assert out == [("shop.api.order-repository", "Saves orders through", "Python call", "sync"),
                   ("payments", "Charges cards with", "HTTPS/JSON", "async")]
    customer = shop_index().element("customer")
    assert [r.kind for r in customer.outgoing] == ["written", "implied", "implied"]


def test_instances_get_replicated_relationships_and_name_what_they_deploy() -> None:
    pod_api = shop_index().element("live.cloud.pod.api")
    assert (pod_api.name, pod_api.deploys, pod_api.environment) == ("API", "shop.api", "Live")
    assert pod_api.technology == "Python, FastAPI"
    assert [(r.other, r.kind) for r in pod_api.outgoing] == [("live.cloud.managed-db.database", "replicated")]


def test_views_are_those_the_renderer_computes_with_the_role_of_the_element() -> None:
    ws = shop()
    index = build_index(ws)
    for view in ws.effective_views():
        computed = compute_view(ws, view)
        entry = index.view(view.key)
        assert entry.title == computed.title
        assert entry.elements == tuple(n.id for n in computed.nodes)
        for node in computed.nodes:
            assert (view.key, "node") in [(v.key, v.role) for v in index.element(node.id).views]
    assert [(v.key, v.role) for v in index.element("shop").views] == [
        ("system-context-shop", "node"), ("container-shop", "boundary"), ("component-shop-api", "boundary"),
        ("place-order", "boundary")]
    assert [v.key for v in index.element("live.cloud").views] == ["deployment-live-shop"]


def test_arc42_items_name_elements_by_reference_and_by_mention() -> None:
    api = shop_index().element("shop.api")
    assert [(r.item.kind, r.item.id, r.via) for r in api.arc42] == [
        ("requirement", "F1", "reference"), ("quality-scenario", "QS1", "mention"), ("glossary", "API", "mention")]
    risk = shop_index().element("payments").arc42[0]
    assert (risk.item.kind, risk.item.id, risk.item.anchor, risk.item.page) == (
        "risk", "RISK1", "risk-RISK1", "11_technical_risks")


def test_mentions_match_whole_names_with_their_capitals_the_longest_first() -> None:
    ws = Workspace(name="M")
    system = ws.model.software_system("Shop")
    system.container("API", "", "Python")
    system.container("Query API", "", "Python")
    system.container("Orders", "", "Python")
    a = ws.arc42
    a.constraint("C1", "The Query API is read-only")
    a.constraint("C2", "orders are kept ten years")
    a.constraint("C3", "APIs are versioned; the API gateway too")
    index = build_index(ws)
    assert [r.item.id for r in index.element("shop.query-api").arc42] == ["C1"]
    assert [r.item.id for r in index.element("shop.api").arc42] == ["C3"]
    assert index.element("shop.orders").arc42 == ()


def test_an_example_model_indexes_its_known_container() -> None:
    index = build_index(cqrs())
    command_api = index.element("wallet-platform.command-api")
    assert command_api.parent == "wallet-platform"
    assert "wallet-platform.command-api.command-handlers" in command_api.children
    assert ("containers", "node") in [(v.key, v.role) for v in command_api.views]
    assert ("command-api", "boundary") in [(v.key, v.role) for v in command_api.views]
    refs = {(r.item.kind, r.item.id, r.via) for r in command_api.arc42}
    assert ("requirement", "F1", "reference") in refs
    assert any(kind == "quality-scenario" and via == "mention" for kind, _id, via in refs)
    assert [v.key for v in index.views] == [v.key for v in cqrs().effective_views()]


@pytest.mark.parametrize("build", [shop, cqrs])
def test_the_index_is_the_same_every_time(build: object) -> None:
    assert callable(build)
    assert build_index(build()) == build_index(build())


def test_an_unknown_element_is_a_key_error_naming_it() -> None:
    with pytest.raises(KeyError, match="no element 'nope'"):
        shop_index().element("nope")


@given(workspaces())
def test_any_workspace_gives_a_consistent_index(ws: Workspace) -> None:
    index = build_index(ws)
    for entry in index.elements:
        for child in entry.children:
            assert index.element(child).parent == entry.id
        for rel in entry.outgoing:
            assert any(back.id == rel.id and back.other == entry.id for back in index.element(rel.other).incoming)
        for ref in entry.views:
            view = index.view(ref.key)
            assert entry.id in (view.elements if ref.role == "node" else view.boundaries)
    for view in index.views:
        for element_id in view.elements:
            assert (view.key, "node") in [(v.key, v.role) for v in index.element(element_id).views]
    written = {r.id for r in index.relationships}
    assert all(r.derived_from in written for e in index.elements for r in e.outgoing if r.kind == "implied")
