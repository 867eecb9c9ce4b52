"""Section 7 shows which deployment group each instance is in, when an environment has groups: a reader of two
regions sees why an instance talks only to its own region's instances."""

from __future__ import annotations

import pytest

from archkit.arc42 import generate_docs
from archkit.model import Workspace
from tests.test_structurizr_fidelity import two_regions


def _section7(ws: Workspace, fmt: str) -> str:
    return next(a.content.decode("utf-8") for a in generate_docs(ws, fmt)  # type: ignore[arg-type]
                if a.relpath.rsplit("/", 1)[-1].startswith("07"))


@pytest.mark.parametrize("fmt", ["md", "adoc"])
def test_the_instances_table_has_a_deployment_groups_column_when_the_environment_has_groups(fmt: str) -> None:
    page = _section7(two_regions(), fmt)
    assert "share a deployment group with it" in page
    assert "Deployment groups" in page
    lines = page.splitlines()
    for region, other in (("us-east", "eu-west"), ("eu-west", "us-east")):
        # each instance's row names its node and its region's group alone
        row = next(line for line in lines if f"{region} / k8s" in line)
        assert row.count(region) >= 2 and other not in row


def test_an_environment_without_groups_keeps_its_three_columns() -> None:
    ws = two_regions()
    for node in ws.model.deployment_nodes:
        node.deployment_groups.clear()
    page = _section7(ws, "md")
    assert "Deployment groups" not in page and "share a deployment group" not in page
    assert "| Building block | Node | Instances |" in page
