"""The technology -> icon mapping: examples from the issue, every key exists, overrides, extensions."""

from __future__ import annotations

import pytest

from archkit.render import TECHNOLOGY_ICONS, IconResolver, render_dot
from archkit.render.icons import icon_exists, icon_root, relpath
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


@pytest.mark.parametrize("technology", ["", "HTTPS", "Xamarin", "Google Cloud", "Gopher protocol", "Javanese"])
def test_unknown_technologies_have_no_icon(technology: str) -> None:
    assert IconResolver().for_technology(technology) is None


def test_every_mapped_icon_exists_in_the_installed_icon_set() -> None:
    missing = sorted({k for k in TECHNOLOGY_ICONS.values() if not icon_exists(k)})
    assert not missing


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
