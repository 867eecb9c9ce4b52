"""compute_view: what each view type shows, how relationships are lifted and merged, include/exclude."""

from __future__ import annotations

from archkit import Workspace
from archkit.views import ComputedView, compute_view
from tests.models.gallery import build


def view(key: str, ws: Workspace | None = None) -> ComputedView:
    ws = ws or build()
    return compute_view(ws, ws.views[key])


def edges(v: ComputedView) -> set[tuple[str, str]]:
    return {(e.source, e.destination) for e in v.edges}


def test_context_view_shows_the_system_and_its_neighbours_one_hop_away() -> None:
    v = view("system-context-orders")
    assert v.node_ids == ["customer", "notifications", "orders", "partner", "payments", "support-agent"]
    assert ("orders", "payments") in edges(v)  # lifted from checkout -> payments
    assert v.title == "Orders — System Context"


def test_landscape_view_shows_every_person_and_system_in_group_boundaries() -> None:
    v = view("system-landscape")
    assert {b.id for b in v.boundaries} == {"group:back-office"}
    inside = sorted(n.id for n in v.nodes if n.parent == "group:back-office")
    assert inside == ["notifications", "support-agent"]


def test_container_view_lifts_component_relationships_to_containers() -> None:
    v = view("container-orders")
    edge = next(e for e in v.edges if (e.source, e.destination) == ("orders.api", "payments"))
    assert edge.implied and edge.relationships == ("orders.api.checkout->payments",)
    assert edge.description == "Charges cards" and "Critical" in edge.tags


def test_implied_relationships_onto_one_pair_are_merged_into_one_edge() -> None:
    v = view("container-orders")
    merged = [e for e in v.edges if (e.source, e.destination) == ("orders.web-app", "orders.api")]
    assert len(merged) == 1
    assert merged[0].description == "Queries products; Submits orders"
    assert merged[0].technology == "JSON/HTTPS"


def test_a_direct_relationship_wins_over_implied_ones_on_the_same_pair() -> None:
    ws = build()
    m = ws.model.index()
    web, api = m.elements["orders.web-app"], m.elements["orders.api"]
    web.uses(api, "Calls directly", "HTTPS")
    v = view("container-orders", ws)
    pair = [e for e in v.edges if (e.source, e.destination) == ("orders.web-app", "orders.api")]
    assert [(e.description, e.implied) for e in pair] == [("Calls directly", False)]


def test_container_view_draws_its_system_as_a_boundary_without_system_level_edges() -> None:
    v = view("container-orders")
    assert v.boundary("orders") is not None and v.node("orders") is None
    assert all("orders" not in (e.source, e.destination) for e in v.edges)
    assert "partner" not in v.node_ids  # partner uses the system, no container


def test_component_view_nests_the_container_in_its_system_with_sibling_containers() -> None:
    v = view("component-orders-api")
    assert v.boundary("orders.api").parent == "orders"  # type: ignore[union-attr]
    assert v.node("orders.api.checkout").parent == "orders.api"  # type: ignore[union-attr]
    assert v.node("orders.orders-db").parent == "orders"  # type: ignore[union-attr]
    assert v.node("payments").parent is None  # type: ignore[union-attr]


def test_dynamic_view_numbers_its_steps_with_parallel_branches() -> None:
    v = view("checkout-flow")
    assert [(e.order, e.source, e.destination) for e in v.edges] == [
        ("1", "orders.web-app", "orders.api.checkout"),
        ("2", "orders.api.checkout", "orders.api.repository"),
        ("3a", "orders.api.checkout", "payments"),
        ("3b", "orders.api.checkout", "orders.events"),
        ("4", "orders.api.checkout", "orders.web-app"),
    ]
    response = v.edges[-1]
    assert response.technology == "JSON/HTTPS"  # taken from the reverse relationship


def test_deployment_view_nests_nodes_and_replicates_container_relationships() -> None:
    v = view("deployment-live")
    assert v.boundary("live.aws.cluster.api-pod").parent == "live.aws.cluster"  # type: ignore[union-attr]
    api = v.node("live.aws.cluster.api-pod.api")
    assert api is not None and api.deployed == "orders.api" and api.kind == "Container"
    to_dbs = {e.destination for e in v.edges if e.source == "live.aws.cluster.api-pod.api"
              and "orders-db" in e.destination}
    assert to_dbs == {"live.aws.db-primary.orders-db", "live.aws.db-standby.orders-db"}


def test_deployment_relationship_between_nodes_joins_their_boundaries() -> None:
    v = view("deployment-live")
    edge = next(e for e in v.edges if e.description == "Replicates to")
    assert (edge.source, edge.destination) == ("live.aws.db-primary", "live.aws.db-standby")
    assert v.boundary(edge.source) is not None and v.boundary(edge.destination) is not None


def test_filtered_view_drops_tagged_elements_and_their_edges() -> None:
    base, filtered = view("container-orders"), view("container-orders-core")
    assert set(base.node_ids) - set(filtered.node_ids) == {"orders.analytics-job", "orders.events"}
    assert all("orders.events" not in (e.source, e.destination) for e in filtered.edges)
    assert filtered.title == "Orders — without queues and legacy"


def test_include_and_exclude_by_id_tag_and_relationship() -> None:
    ws = build()
    v = ws.views.container("orders", key="custom")
    v.include = ["tag:Database", "customer->orders.web-app"]
    v.exclude = ["orders.api.repository->orders.orders-db"]
    got = compute_view(ws, v)
    assert got.node_ids == ["customer", "orders.orders-db", "orders.web-app"]
    assert edges(got) == {("customer", "orders.web-app")}


def test_exclude_by_tag_removes_elements_and_relationships() -> None:
    ws = build()
    v = ws.views.container("orders", key="custom")
    v.exclude = ["tag:Critical", "tag:Queue"]
    got = compute_view(ws, v)
    assert "orders.events" not in got.node_ids
    assert ("orders.api", "payments") not in edges(got) and "payments" not in got.node_ids


def test_includes_that_name_nothing_become_notes_not_errors() -> None:
    ws = build()
    v = ws.views.system_context("orders", key="custom")
    v.include = ["*", "nope", "orders.api", "a->b"]
    got = compute_view(ws, v)
    assert "orders" in got.node_ids  # orders.api is lifted to its system on a context view
    assert any("'nope'" in n for n in got.notes) and any("'a->b'" in n for n in got.notes)


def test_default_views_are_computed_for_a_workspace_without_views() -> None:
    ws = build()
    ws.views.root.clear()
    keys = [v.key for v in ws.effective_views()]
    assert keys == ["system-landscape", "system-context-notifications", "system-context-orders",
                    "container-orders", "component-orders-api", "deployment-live"]
    for spec in ws.effective_views():
        assert compute_view(ws, spec).nodes


def test_computed_views_are_sorted_by_id() -> None:
    ws = build()
    for spec in ws.effective_views():
        v = compute_view(ws, spec)
        assert [n.id for n in v.nodes] == sorted(n.id for n in v.nodes)
        assert [b.id for b in v.boundaries] == sorted(b.id for b in v.boundaries)
        if spec.type != "dynamic":
            assert [e.id for e in v.edges] == sorted(e.id for e in v.edges)
