"""``archetypes { ... }`` (Structurizr DSL 2024+): elements of a named type take its defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from archkit.errors import ArchkitError
from archkit.importers.dsl import parse_dsl_text

ARCHETYPES = """workspace {
    model {
        archetypes {
            application = container {
                technology "Java"
                tags "Application"
                properties {
                    "team" "Checkout"
                }
            }
            service = application {
                tag "Service"
            }
        }
        s = softwareSystem "Shop" {
            a = application "API" "Serves the shop."
            b = service "Billing" "Bills." "Kotlin" "Billing"
            b -> a "Calls"
        }
    }
}
"""


def _containers(text: str, tmp_path: Path) -> dict[str, dict[str, Any]]:
    data = parse_dsl_text(text, "ws.dsl", tmp_path)
    system = data["model"]["softwareSystems"][0]
    return {c["name"]: c for c in system["containers"]}


def test_an_element_of_an_archetype_takes_its_technology_tags_and_properties(tmp_path: Path) -> None:
    containers = _containers(ARCHETYPES, tmp_path)
    api = containers["API"]
    assert api["technology"] == "Java"
    assert api["tags"] == "Element,Container,Application"
    assert api["properties"]["team"] == "Checkout"
    assert api["description"] == "Serves the shop."


def test_an_archetype_of_an_archetype_adds_to_it_and_the_element_s_own_values_win(tmp_path: Path) -> None:
    billing = _containers(ARCHETYPES, tmp_path)["Billing"]
    assert billing["technology"] == "Kotlin"
    assert billing["tags"] == "Element,Container,Application,Service,Billing"
    assert billing["properties"]["team"] == "Checkout"


@pytest.mark.parametrize(("archetypes", "message"), [
    ("sync = -> {\n technology \"HTTPS\"\n }", "ws.dsl:4: relationship archetype 'sync' is not supported"),
    ("app = widget {\n }", "ws.dsl:4: archetype 'app' is based on 'widget', which is neither"),
])
def test_what_an_archetype_cannot_be_is_refused_with_the_line(tmp_path: Path, archetypes: str, message: str) -> None:
    text = f"workspace {{\n    model {{\n        archetypes {{\n{archetypes}\n        }}\n    }}\n}}\n"
    with pytest.raises(ArchkitError) as caught:
        parse_dsl_text(text, "ws.dsl", tmp_path)
    assert message in str(caught.value)


def test_a_quoted_relationship_expression_may_have_spaces_around_the_arrow(tmp_path: Path) -> None:
    text = """workspace {
    model {
        u = person "User"
        s = softwareSystem "Shop"
        t = softwareSystem "Stock"
        u -> s "Buys"
        u -> t "Counts"
    }
    views {
        systemLandscape k {
            include *
            exclude "u -> s"
        }
    }
}
"""
    view = parse_dsl_text(text, "ws.dsl", tmp_path)["views"]["systemLandscapeViews"][0]
    model = parse_dsl_text(text, "ws.dsl", tmp_path)["model"]
    kept = {r["id"] for r in view["relationships"]}
    buys = next(r["id"] for p in model["people"] for r in p.get("relationships", []) if r["description"] == "Buys")
    assert buys not in kept and len(kept) == 1
