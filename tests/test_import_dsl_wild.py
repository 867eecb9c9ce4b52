"""Constructs real Structurizr workspaces use that archkit's DSL import got wrong (issue 13, ``h/qa15``).

Each DSL here is written for the test (no public workspace is copied): an inline script whose code holds
braces, a deployment view including a container or a software system by identifier, ``a -/> b`` in a
deployment environment, a relationship hidden by ``exclude relationship.tag==X`` when another joins the same
two elements, and archkit's DSL export of a model whose relationships it writes in another order.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from archkit.cli import app
from archkit.errors import LoadError
from archkit.export import export_text
from archkit.importers import collected_warnings
from archkit.load import load, load_bytes
from archkit.model import Workspace
from archkit.views import compute_view

RUNNER = CliRunner()

SHOP = """workspace "Shop" {
    model {
        buyer = person "Buyer"
        shop = softwareSystem "Shop" {
            web = container "Web" "" "Node"
            api = container "API" "" "Go"
            db = container "DB" "" "Postgres"
        }
        buyer -> web "Browses"
        web -> api "Calls" "HTTPS"
        api -> db "Reads"
        live = deploymentEnvironment "Live" {
            edge = deploymentNode "Edge" {
                gate = infrastructureNode "Gate" "Filters requests"
                webInstance = containerInstance web
            }
            core = deploymentNode "Core" {
                apiInstance = containerInstance api
                dbInstance = containerInstance db
            }
%s
        }
    }
    views {
%s
    }
}
"""


def _write(tmp_path: Path, text: str, name: str = "workspace.dsl") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _edges(ws: Workspace, key: str) -> set[tuple[str, str]]:
    view = next(v for v in ws.views if v.key == key)
    return {(e.source, e.destination) for e in compute_view(ws, view).edges}


def _nodes(ws: Workspace, key: str) -> set[str]:
    view = next(v for v in ws.views if v.key == key)
    return set(compute_view(ws, view).node_ids)


# ---- an inline script is refused at its own line, whatever its code holds -----------------------------------

def test_an_inline_script_with_braces_in_its_code_is_refused_at_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, """workspace {
    model {
        a = softwareSystem "A" {
            !script groovy {
                if (element.name) {
                    element.description = [1, 2].collect { it * 2 }.join(",")
            }
        }
    }
}
""")
    result = RUNNER.invoke(app, ["import", str(path)])
    assert result.exit_code == 2
    assert f"{path}:4: !script is not supported" in result.output
    assert "never closed" not in result.output and "Traceback" not in result.output


def test_an_inline_script_never_closed_names_its_line(tmp_path: Path) -> None:
    path = _write(tmp_path, 'workspace {\n    model {\n        !script groovy {\n            x = 1\n')
    with pytest.raises(LoadError, match=r"workspace\.dsl:3: the '!script' block is never closed"):
        load(path)


# ---- a deployment view includes a container or software system as its instances --------------------------

def test_a_deployment_view_includes_and_excludes_a_container_as_its_instances(tmp_path: Path) -> None:
    views = """        deployment shop live "ApiOnly" {
            include api db
        }
        deployment shop live "AllButDb" {
            include *
            exclude db
        }
"""
    ws = load(_write(tmp_path, SHOP % ("", views)))
    assert _nodes(ws, "ApiOnly") == {"apiInstance", "dbInstance"}  # in their node, drawn as a boundary
    assert ("apiInstance", "dbInstance") in _edges(ws, "ApiOnly")
    assert "dbInstance" not in _nodes(ws, "AllButDb") and "apiInstance" in _nodes(ws, "AllButDb")


# ---- 'a -/> b' in a deployment environment -----------------------------------------------------------------

def test_a_relationship_not_replicated_is_drawn_through_what_replaces_it(tmp_path: Path) -> None:
    replaced = """            web -/> api {
                web -> gate
                gate -> api "Forwards to"
            }"""
    views = '        deployment shop live "Live" {\n            include *\n        }\n'
    path = _write(tmp_path, SHOP % (replaced, views))
    with collected_warnings():
        ws = load(path)
    edges = _edges(ws, "Live")
    assert ("webInstance", "apiInstance") not in edges
    assert {("webInstance", "gate"), ("gate", "apiInstance"), ("apiInstance", "dbInstance")} <= edges
    via = {(r.source, r.destination): r for r in ws.model.relationships}
    assert (via["webInstance", "gate"].description, via["webInstance", "gate"].technology) == ("Calls", "HTTPS")
    assert via["gate", "apiInstance"].description == "Forwards to"
    result = RUNNER.invoke(app, ["import", str(path), "-o", str(tmp_path / "shop.py")])
    assert result.exit_code == 0, result.output
    assert _edges(load(tmp_path / "shop.py"), "Live") == edges
    again = load_bytes(export_text(ws, "dsl").encode(), "again.dsl", folder=tmp_path)
    assert again.views == ws.views and _edges(again, "Live") == edges


def test_a_deployment_view_excluding_a_container_relationship_hides_its_replicas(tmp_path: Path) -> None:
    views = '        deployment shop live "NoCalls" {\n            include *\n            exclude web->api\n        }\n'
    ws = load(_write(tmp_path, SHOP % ("", views)))
    assert ("webInstance", "apiInstance") not in _edges(ws, "NoCalls")
    assert ("apiInstance", "dbInstance") in _edges(ws, "NoCalls")


@pytest.mark.parametrize(("statement", "message"), [
    ("web -/> db", "no relationship is replicated between 'web' and 'db' in 'Live'"),
    ('web -/> api "Other"', "no relationship with the description 'Other' is replicated"),
    ("gate -/> api", "'gate' is an infrastructure node: '-/>' joins a software system, a container"),
])
def test_a_relationship_not_replicated_that_names_nothing_replicated_is_refused(
        tmp_path: Path, statement: str, message: str) -> None:
    path = _write(tmp_path, SHOP % ("            " + statement, ""))
    with pytest.raises(LoadError, match=message):
        load(path)


def test_a_relationship_not_replicated_outside_an_environment_is_refused(tmp_path: Path) -> None:
    text = SHOP.replace('        buyer -> web "Browses"', "        web -/> api") % ("", "")
    with pytest.raises(LoadError, match=r"workspace\.dsl:\d+: '-/>' is only allowed inside a deploymentEnvironment"):
        load(_write(tmp_path, text))


# ---- a relationship hidden by its tag, beside another between the same elements ------------------------------

def test_a_relationship_hidden_by_its_tag_stays_hidden_beside_its_twin(tmp_path: Path) -> None:
    path = _write(tmp_path, """workspace {
    model {
        s = softwareSystem "S" {
            app = container "App" {
                orders = component "Orders"
                mailer = component "Mailer"
            }
        }
        bus = softwareSystem "Bus"
        orders -> bus "Publishes orders" "" "Orders"
        mailer -> bus "Reads orders" "" "Orders"
        mailer -> bus "Reads refunds" "" "Refunds"
    }
    views {
        component app "OrdersOnly" {
            include orders mailer bus
            exclude relationship.tag==Refunds
        }
    }
}
""")
    with collected_warnings() as warnings:
        ws = load(path)
    assert not [w for w in warnings if "hidden in Structurizr" in w]
    view = next(v for v in ws.views if v.key == "OrdersOnly")
    shown = [r for e in compute_view(ws, view).edges for r in e.relationships]
    descriptions = {r.description for r in ws.model.relationships if (r.id or f"{r.source}->{r.destination}")
                    in shown}
    assert descriptions == {"Publishes orders", "Reads orders"}
    again = load_bytes(export_text(ws, "dsl").encode(), "again.dsl", folder=tmp_path)  # relationship.tag=="X"
    assert again.views == ws.views


def test_a_quoted_part_inside_a_word_is_its_text(tmp_path: Path) -> None:
    path = _write(tmp_path, """workspace {
    model {
        a = softwareSystem "A" "" "Core System"
        b = softwareSystem "B" "" "Edge"
        a -> b "Calls" "" "Slow Path"
    }
    views {
        systemLandscape "Core" {
            include element.tag=="Core System"
        }
        systemLandscape "Fast" {
            include *
            exclude relationship.tag=="Slow Path"
        }
    }
}
""")
    ws = load(path)
    assert _nodes(ws, "Core") == {"a"}
    assert _nodes(ws, "Fast") == {"a", "b"} and _edges(ws, "Fast") == set()


# ---- archkit's DSL export: the model's order of relationships, and what the DSL leaves out -----------------

def test_the_dsl_export_gives_back_the_order_of_relationships_it_writes_otherwise(tmp_path: Path) -> None:
    ws = load(_write(tmp_path, """workspace {
    model {
        u = person "U"
        s = softwareSystem "S" {
            c = container "C"
        }
        u -> c "Uses the container"
        u -> s "Uses the system"
    }
}
"""))
    order = [(r.source, r.destination, r.description) for r in ws.model.relationships]
    # Structurizr implied u -> s "Uses the container" before u -> s was written, and keeps both: so does the import
    assert order == [("u", "c", "Uses the container"), ("u", "s", "Uses the container"), ("u", "s", "Uses the system")]
    exported = export_text(ws, "dsl")
    assert exported.index("u -> s") < exported.index("u -> c")  # Structurizr would imply u -> s otherwise
    again = load_bytes(exported.encode(), "again.dsl", folder=tmp_path)
    assert [(r.source, r.destination, r.description) for r in again.model.relationships] == order


def test_the_dsl_export_says_the_arc42_content_it_leaves_out(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "01-context.md").write_text("## Context\n\nWritten for the test.\n", encoding="utf-8")
    path = _write(tmp_path, 'workspace {\n    !docs docs\n    model {\n        a = softwareSystem "A"\n    }\n}\n')
    result = RUNNER.invoke(app, ["export", str(path), "--to", "dsl", "-o", str(tmp_path / "out.dsl")])
    assert result.exit_code == 0, result.output
    assert "arc42 content (concepts) is not in the DSL" in result.output
    plain = _write(tmp_path, 'workspace {\n    model {\n        a = softwareSystem "A"\n    }\n}\n', "plain.dsl")
    result = RUNNER.invoke(app, ["export", str(plain), "--to", "dsl", "-o", str(tmp_path / "plain-out.dsl")])
    assert "arc42" not in result.output


# ---- the workspace configuration's properties; files a DSL names that are not there ------------------------

def test_configuration_properties_are_kept_and_exported_again(tmp_path: Path) -> None:
    path = _write(tmp_path, """workspace {
    model {
        a = softwareSystem "A"
    }
    configuration {
        scope softwaresystem
        properties {
            "structurizr.inspection.model.softwaresystem.decisions" "ignore"
        }
    }
}
""")
    ws = load(path)
    exported = export_text(ws, "dsl")
    assert '"structurizr.inspection.model.softwaresystem.decisions" "ignore"' in exported
    again = load_bytes(exported.encode(), "again.dsl", folder=tmp_path)
    assert again.properties == ws.properties


@pytest.mark.parametrize(("line", "what"), [
    ("image pictures/flow.png", "image 'pictures/flow.png'"),
    ("plantuml pictures/flow.puml", "image source 'pictures/flow.puml'"),
])
def test_an_image_view_whose_file_is_missing_names_the_line_and_a_file_differing_in_case(
        tmp_path: Path, line: str, what: str) -> None:
    (tmp_path / "Pictures").mkdir()
    (tmp_path / "Pictures" / "flow.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "Pictures" / "flow.puml").write_text("@startuml\nA -> B\n@enduml\n", encoding="utf-8")
    path = _write(tmp_path, f"""workspace {{
    model {{
        a = softwareSystem "A"
    }}
    views {{
        image a "Flow" {{
            {line}
        }}
    }}
}}
""")
    result = RUNNER.invoke(app, ["import", str(path)])
    assert result.exit_code == 2
    assert f"{path}:7: {what}: no such file ('Pictures/flow." in result.output
    assert "differs only in letter case" in result.output


# ---- hierarchical identifiers under anonymous deployment nodes ----------------------------------------------

def test_instances_named_under_anonymous_nodes_take_their_names_with_the_environment_where_needed(
        tmp_path: Path) -> None:
    path = _write(tmp_path, """workspace {
    !identifiers hierarchical
    model {
        s = softwareSystem "S" {
            web = container "Web"
            db = container "DB"
        }
        s.web -> s.db "Reads"
        deploymentEnvironment "Live" {
            deploymentNode "Host" {
                webInstance = containerInstance s.web
                dbInstance = containerInstance s.db
            }
        }
        deploymentEnvironment "Test" {
            deploymentNode "Host" {
                webInstance = containerInstance s.web
            }
        }
    }
}
""")
    ws = load(path)
    ids = {e.id for e, _parent in ws.model.walk()}
    assert {"live.webInstance", "test.webInstance", "dbInstance"} <= ids
    assert not any("~" in i for i in ids)
    again = load_bytes(export_text(ws, "dsl").encode(), "again.dsl", folder=tmp_path)
    assert again.model_dump() == ws.model_dump()


# ---- decisions of several software systems: Structurizr numbers each one's on their own --------------------

def _adr(folder: Path, title: str) -> None:
    folder.mkdir()
    (folder / "0001-decide.md").write_text(f"# 1. {title}\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n\n"
                                           "## Context\n\nWritten for the test.\n", encoding="utf-8")


def test_decisions_of_two_systems_with_the_same_number_both_survive_and_check_clean(tmp_path: Path) -> None:
    _adr(tmp_path / "shared", "Use one queue")
    _adr(tmp_path / "other", "Use two databases")
    path = _write(tmp_path, """workspace {
    model {
        a = softwareSystem "A" {
            !adrs shared
        }
        b = softwareSystem "B" {
            !adrs shared
        }
        c = softwareSystem "C" {
            !adrs other
        }
        a -> b "Calls"
        b -> c "Calls"
    }
}
""")
    with collected_warnings() as warnings:
        ws = load(path)
    decisions = {d.id: d for d in ws.arc42.decisions}
    assert set(decisions) == {"1", "c-1"}
    assert decisions["1"].elements == ["a", "b"] and decisions["c-1"].title == "Use two databases"
    assert any("imported as 'c-1'" in w for w in warnings)
    result = RUNNER.invoke(app, ["import", str(path), "-o", str(tmp_path / "model.py")])
    assert result.exit_code == 0, result.output
    checked = RUNNER.invoke(app, ["check", str(tmp_path / "model.py")])
    assert " 0 errors" in checked.output, checked.output
