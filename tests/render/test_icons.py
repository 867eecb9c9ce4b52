"""The technology -> icon mapping: examples from the issue, every key exists, overrides, extensions."""

from __future__ import annotations

import re

import pytest

from archkit import Workspace
from archkit.render import TECHNOLOGY_ICONS, IconResolver, render_dot
from archkit.render.icons import PLACE_ICONS, icon_exists, icon_root, relpath
from tests.models import gallery

pytestmark = pytest.mark.skipif(icon_root() is None, reason="the `diagrams` package (its icon set) is not installed")


@pytest.mark.parametrize(("technology", "key"), [
    ("Apache Kafka", "onprem.queue.kafka"),
    ("PostgreSQL", "onprem.database.postgresql"),
    ("Amazon SQS", "aws.integration.simple-queue-service-sqs"),
    ("Apache Spark", "onprem.analytics.spark"),
    ("Java and Spring MVC", "programming.language.java"),
    ("Python, FastAPI", "programming.language.python"),
    ("Spring Bean", "programming.framework.spring"),
    ("C#/.NET Core", "programming.language.csharp"),
    ("Node.js", "programming.language.nodejs"),
    ("kafka 3.6 (MSK)", "onprem.queue.kafka"),
])
def test_technology_matches_its_icon(technology: str, key: str) -> None:
    assert IconResolver().for_technology(technology) == key


@pytest.mark.parametrize("technology", ["", "HTTPS", "Xamarin", "Smalltalk", "Gopher protocol", "Javanese"])
def test_unknown_technologies_have_no_icon(technology: str) -> None:
    assert IconResolver().for_technology(technology) is None


def test_every_mapped_icon_exists_in_the_installed_icon_set() -> None:
    missing = sorted({k for k in [*TECHNOLOGY_ICONS.values(), *PLACE_ICONS.values()] if not icon_exists(k)})
    assert not missing


@pytest.mark.parametrize(("technology", "key"), [
    ("Kubernetes", "k8s.infra.master"),
    ("Kubernetes namespace", "k8s.group.ns"),
    ("Kubernetes node pool", "k8s.infra.node"),
    ("Amazon EKS 1.29", "aws.compute.elastic-kubernetes-service"),
    ("Amazon RDS for PostgreSQL", "aws.database.rds"),
    ("RDS Multi-AZ", "aws.database.rds"),
    ("AWS eu-west-1", "aws.aws"),  # a place: the cloud's logo
    ("Google Cloud europe-west4", "gcp.gcp"),
    ("Ubuntu 22.04 LTS", "generic.os.ubuntu"),
    ("On-premises data center", "generic.place.datacenter"),
    ("AWS Fargate", "aws.compute.fargate"),  # a product named after its cloud shows the product
    ("Azure Service Bus", "azure.integration.service-bus"),
    ("Google Cloud Pub/Sub", "gcp.analytics.pubsub"),
    ("Ubuntu, Docker", "onprem.container.docker"),
])
def test_infrastructure_technologies_match_their_icons_and_places_come_last(technology: str, key: str) -> None:
    assert IconResolver().for_technology(technology) == key


def by_id(dot: str) -> dict[str, str]:
    """The DOT lines of nodes and boundaries by their ``id`` attribute."""
    return {m.group(1): line for line in dot.splitlines() if (m := re.search(r'\bid="([^"]+)"', line))}


def deployment_workspace() -> Workspace:
    ws = Workspace(name="Infra")
    m = ws.model
    shop = m.software_system("Shop", "Sells.")
    api = shop.container("API", "Serves.", "Go")
    db = shop.container("DB", "Stores.", "PostgreSQL")
    api.uses(db, "Reads", "SQL")
    core = m.group("Core", icon="onprem.network.nginx")
    shop.container("Edge", "Routes.", "Envoy", group=core.id).uses(api, "Forwards", "HTTP")
    region = m.deployment_node("eu-west-1", "Region.", "AWS eu-west-1", environment="Live")
    cluster = region.deployment_node("Cluster", "Runs pods.", "Amazon EKS")
    cluster.container_instance(api)
    region.deployment_node("Database", "Managed.", "Amazon RDS").container_instance(db)
    region.infrastructure_node("Load balancer", "Spreads load.", "AWS ALB")
    ws.views.deployment("Live", shop, key="live")
    ws.views.container(shop, key="containers")
    return ws


def test_deployment_nodes_drawn_as_boundaries_and_infrastructure_nodes_show_their_technologys_icon() -> None:
    dot = render_dot(deployment_workspace(), "live")
    lines = by_id(dot)
    assert 'IMG SRC="aws/aws.png"' in lines["boundary-live.eu-west-1"]  # a region: its cloud
    assert 'IMG SRC="aws/compute/elastic-kubernetes-service.png"' in lines["boundary-live.eu-west-1.cluster"]
    assert 'IMG SRC="aws/database/rds.png"' in lines["boundary-live.eu-west-1.database"]
    assert 'IMG SRC="aws/network/elb-application-load-balancer.png"' in lines["el-live.eu-west-1.load-balancer"]


def test_a_group_shows_its_own_icon_and_a_system_boundary_none() -> None:
    dot = render_dot(deployment_workspace(), "containers")
    lines = by_id(dot)
    group = next(v for k, v in lines.items() if k.startswith("boundary-group:core"))
    assert 'IMG SRC="onprem/network/nginx.png"' in group
    assert "IMG SRC" not in lines["boundary-shop"]


def test_a_boundary_icon_is_inlined_in_the_svg() -> None:
    from archkit.render import render_workspace

    artifacts, _ = render_workspace(deployment_workspace(), formats=("svg",), views=["live"])
    svg = artifacts[0].content.decode()
    assert "aws/aws.png" not in svg and svg.count("data:image/png;base64,") >= 4


def test_icon_keys_are_relative_paths_under_the_icon_set() -> None:
    assert relpath("onprem.queue.kafka") == "onprem/queue/kafka.png"
    assert (icon_root() / relpath("onprem.queue.kafka")).is_file()  # type: ignore[operator]
    assert not icon_exists("../../etc/passwd") and not icon_exists("onprem/queue/kafka")


def test_users_extend_the_mapping_in_code_and_in_workspace_properties() -> None:
    assert IconResolver({"my broker": "onprem.queue.rabbitmq"}).for_technology("My Broker v2") == \
        "onprem.queue.rabbitmq"
    resolver = IconResolver.for_properties({"icon:kafka": "onprem.queue.activemq", "other": "x"})
    assert resolver.for_technology("Apache Kafka") == "onprem.queue.activemq"


def test_element_icon_overrides_the_technology_match() -> None:
    dot = render_dot(gallery.build(), "container-orders")
    payments = next(x for x in dot.splitlines() if x.lstrip().startswith('"payments"'))
    assert 'IMG SRC="saas/payment/stripe.png"' in payments


def test_workspace_property_changes_the_drawn_icon() -> None:
    ws = gallery.build()
    ws.properties["icon:apache kafka"] = "onprem.queue.rabbitmq"
    assert "onprem/queue/rabbitmq.png" in render_dot(ws, "container-orders")


def test_an_unknown_icon_key_is_a_warning_not_an_error() -> None:
    from archkit.render import render_workspace

    ws = gallery.build()
    ws.model.index().elements["orders.web-app"].icon = "onprem.nothing.here"
    artifacts, messages = render_workspace(ws, formats=("dot",), views=["container-orders"])
    assert artifacts and any("unknown icon 'onprem.nothing.here'" in m for m in messages)
