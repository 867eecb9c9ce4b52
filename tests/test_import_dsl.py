"""Structurizr DSL import: every DSL file of Structurizr's test suite here gives the JSON Structurizr's
own parser made of it; code and network are refused; errors name the file, line and token."""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from archkit.build.plan import model_sources
from archkit.cli import app
from archkit.errors import ArchkitError, LoadError
from archkit.export import export_text
from archkit.importers import import_structurizr
from archkit.importers.dsl import dsl_inputs, parse_dsl, parse_dsl_text, readable_ids
from archkit.importers.dsl.source import MAX_FILES
from archkit.load import load

FIXTURES = Path(__file__).parent / "fixtures" / "structurizr"
DSL = FIXTURES / "dsl"
BIG_BANK = FIXTURES / "big-bank-plc.dsl"
PAIRS = sorted(p.name.removesuffix(".structurizr.json") for p in DSL.glob("*.structurizr.json"))
_CHILDREN = ("containers", "components", "children", "infrastructureNodes", "softwareSystemInstances",
             "containerInstances")
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-")


def test_every_pair_is_here() -> None:
    assert len(PAIRS) == 14


@cache
def reference(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((DSL / f"{name}.structurizr.json").read_text(encoding="utf-8"))
    return data


def mine(name: str) -> dict[str, Any]:
    return parse_dsl(DSL / f"{name}.dsl")


def _flat(data: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Elements (with their parent id, children taken out) and relationships, by id; the random
    identifiers Structurizr gives anonymous elements (UUIDs) are left out."""
    elements: dict[str, Any] = {}
    relationships: dict[str, Any] = {}

    def walk(item: dict[str, Any], parent: str | None) -> None:
        item = copy.deepcopy(item)
        for rel in item.pop("relationships", []):
            relationships[rel["id"]] = rel
        children = [(key, item.pop(key)) for key in _CHILDREN if key in item]
        props = item.get("properties") or {}
        if _UUID.search(props.get("structurizr.dsl.identifier", "")):
            del props["structurizr.dsl.identifier"]
        if not props:
            item.pop("properties", None)
        item["parent"] = parent
        elements[item["id"]] = item
        for _key, items in children:
            for child in items:
                walk(child, item["id"])

    for value in data["model"].values():
        for item in value if isinstance(value, list) else []:
            walk(item, None)
    return elements, relationships


def _views(data: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for collection, views in data["views"].items():
        if collection == "configuration":
            out[collection] = views
            continue
        for view in views:
            view = copy.deepcopy(view)
            view["elements"] = sorted(e["id"] for e in view.get("elements", []))
            if collection != "dynamicViews":  # a dynamic view's steps keep their order
                view["relationships"] = sorted(r["id"] for r in view.get("relationships", []))
            for step in view.get("animations", []):
                step["elements"] = sorted(step["elements"])
            out[f"{collection}/{view['key']}"] = view
    return out


@pytest.mark.parametrize("name", PAIRS)
def test_dsl_gives_the_json_structurizr_makes_of_it(name: str) -> None:
    """Same ids, elements (kind, name, parent, description, technology, tags, groups, properties),
    relationships (implied and replicated ones included), views and their contents, styles."""
    got, want = mine(name), reference(name)
    got_elements, got_relationships = _flat(got)
    want_elements, want_relationships = _flat(want)
    assert got_elements == want_elements
    assert got_relationships == want_relationships
    assert _views(got) == _views(want)
    rest = ("model", "views")
    assert {k: v for k, v in got.items() if k not in rest} == {k: v for k, v in want.items() if k not in rest}
    assert {k: v for k, v in got["model"].items() if not isinstance(v, list)} == \
        {k: v for k, v in want["model"].items() if not isinstance(v, list)}


def test_the_comparison_sees_a_changed_relationship() -> None:
    got = mine("parallel1")
    got["model"]["softwareSystems"][0]["containers"][0]["relationships"][0]["description"] = "changed"
    assert _flat(got)[1] != _flat(reference("parallel1"))[1]


def _without_random_identifiers(data: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(data)
    return dict(json.loads(re.sub(r'"structurizr\.dsl\.identifier": "[^"]*[0-9a-f]{8}-[0-9a-f]{4}-[^"]*",? ?', "",
                                  text).replace(", }", "}")))


@pytest.mark.parametrize("name", PAIRS)
def test_dsl_imports_into_the_same_archkit_workspace_as_structurizr_json(name: str) -> None:
    got = import_structurizr(readable_ids(mine(name)), name).workspace
    want = import_structurizr(readable_ids(_without_random_identifiers(reference(name))), name).workspace
    assert got.model_dump(mode="json") == want.model_dump(mode="json")


# ---- what is refused ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "says"), [
    ("unexpected-tokens-in-workspace.dsl", ":3: unexpected token 'softwareSystem' at column 5"),
    ("multi-line-with-error.dsl", ":8: unexpected token 'component': a component cannot be defined inside a "
                                  "software system"),
    ("script-inline.dsl", ":3: !script is not supported: it runs code"),
])
def test_structurizr_test_files_that_must_fail_fail_with_file_line_and_token(name: str, says: str) -> None:
    with pytest.raises(LoadError) as info:
        parse_dsl(DSL / name)
    assert str(info.value).startswith(str(DSL / name) + says)


def write(folder: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder / next(iter(files))


def _fails(path: Path, *fragments: str) -> str:
    with pytest.raises(ArchkitError) as info:
        parse_dsl(path)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message
    return message


@pytest.mark.parametrize(("statement", "says"), [
    ("!plugin com.example.Plugin", "!plugin is not supported: it runs Java code"),
    ("!include https://example.com/model.dsl", "!include of a URL (https://example.com/model.dsl)"),
    ("!include ../outside.dsl", "is outside the workspace folder"),
    ("!docs ../docs", "is outside the workspace folder"),
    ("!adrs decisions com.example.Importer", "would run Java code"),
    ("!impliedRelationships com.example.Strategy", "names a strategy class of its own, which would run Java code"),
])
def test_code_network_and_files_outside_the_folder_are_refused_naming_the_line(
        tmp_path: Path, statement: str, says: str) -> None:
    (tmp_path / "outside.dsl").write_text("model {\n}\n", encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "ws" / "decisions").mkdir(parents=True)
    path = write(tmp_path / "ws", {"workspace.dsl": f"workspace {{\n    {statement}\n    model {{\n    }}\n}}\n"})
    _fails(path, f"{path}:2: ", says)


def test_a_symbolic_link_out_of_the_workspace_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "secret.dsl").write_text('softwareSystem "Secret"\n', encoding="utf-8")
    path = write(tmp_path / "ws", {"workspace.dsl": "workspace {\n    model {\n        !include parts\n    }\n}\n"})
    (tmp_path / "ws" / "parts").mkdir()
    (tmp_path / "ws" / "parts" / "link.dsl").symlink_to(tmp_path / "secret.dsl")
    _fails(path, f"{path}:3: ", "outside the workspace folder")


def test_an_include_loop_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, {"workspace.dsl": "workspace {\n    model {\n        !include a.dsl\n    }\n}\n",
                            "a.dsl": "!include b.dsl\n", "b.dsl": "!include a.dsl\n"})
    _fails(path, "!include loop", "a.dsl -> ", "b.dsl")


def test_documentation_folders_count_towards_the_files_limit(tmp_path: Path) -> None:
    """``!docs`` of a folder of many Markdown files is refused at the 501st, as includes are, not read to the end."""
    docs = {f"docs/{i:04}.md": f"# Section {i}\n" for i in range(MAX_FILES + 1)}
    path = write(tmp_path, {"workspace.dsl": 'workspace {\n    model {\n        s = softwareSystem "S" {\n'
                                             "            !docs docs\n        }\n    }\n}\n", **docs})
    _fails(path, ":4: more than 500 files read (includes, documentation and ADRs)")
    (tmp_path / "docs" / f"{MAX_FILES:04}.md").unlink()
    assert json.dumps(parse_dsl(path)).count('"filename"') == MAX_FILES


@pytest.mark.parametrize(("text", "says"), [
    ('workspace {\n    model {\n        a = person "A\n    }\n}\n', ':3: a quoted string is never closed'),
    ('workspace {\n    model {\n        a = person "A"\n}\n', ':1: block \'workspace ... {\' is never closed'),
    ('workspace {\n    model {\n        a -> b\n    }\n}\n', ":3: the element 'a' does not exist"),
    ('workspace {\n    model {\n        a = person "A"\n        a = person "B"\n    }\n}\n',
     ":4: the identifier 'a' is already in use"),
    ('workspace {\n    model {\n        a = person "A"\n        b = softwareSystem "A"\n    }\n}\n',
     ":4: a person named 'A' already exists"),
    ('workspace {\n    model {\n        a = person "A"\n        b = person "B"\n        a -> b "x"\n'
     '        a -> b "x"\n    }\n}\n',
     ":6: a relationship with the description 'x' already exists between 'A' and 'B'"),
    ('workspace {\n    views {\n        !const X """\n            text\n    }\n}\n', ':3: text block'),
    ('workspace {\n    model {\n        s = softwareSystem "S"\n    }\n    views {\n        container s {\n'
     '            autolayout up\n        }\n    }\n}\n', ":7: 'up' is not a rank direction"),
    ('workspace {\n    model {\n        s = softwareSystem "S"\n        p = person "P"\n    }\n    views {\n'
     '        systemContext p {\n        }\n    }\n}\n', ":7: 'p' is a person: a systemContext view is about"),
    ('workspace {\n    model {\n    }\n}\n}\n', ":5: unexpected '}'"),
    ('workspace {\n    model {\n    }\n    model {\n    }\n}\n', ":4: a second 'model' block"),
    ('workspace extends base.json {\n}\n', ":1: 'workspace extends base.json': archkit extends only .dsl files"),
    ('workspace extends https://example.com/w.dsl {\n}\n', ":1: 'workspace extends https://example.com/w.dsl' "
                                                          "would download a workspace"),
    ('workspace {\n    model {\n        archetypes {\n            sync = -> {\n            }\n        }\n    }\n}\n',
     ":4: relationship archetype 'sync' is not supported"),
    ('workspace {\n}\n\nhello world\n', ":4: unexpected token 'hello' at column 1"),
    # the right keyword with its block on one line: said so, not "unexpected 'model' ... expected model"
    ('workspace {\n    model { u = person "U" }\n}\n', ":2: 'model' at column 5 is not written as Structurizr reads "
                                                     "it — a block opens with '{' at the end of its line"),
    ('workspace {\n    views {\n        properties {\n            "plantuml.url" "https://plantuml.com"\n        }\n'
     '        image * {\n            plantuml https://example.com/a.puml\n        }\n    }\n}\n',
     ":7: the diagram source https://example.com/a.puml is a URL, which Structurizr downloads"),
])
def test_syntax_and_model_errors_name_file_line_and_token(tmp_path: Path, text: str, says: str) -> None:
    path = write(tmp_path, {"workspace.dsl": text})
    _fails(path, f"{path}{says}")


# ---- language features -----------------------------------------------------------------------------


def test_constants_text_blocks_continuations_and_this(tmp_path: Path) -> None:
    path = write(tmp_path, {"workspace.dsl": """workspace "Shop" {
    !const SYSTEM "Web \\
Shop"
    !var TECH "Python"
    model {
        !impliedRelationships false
        customer = person "Customer"
        shop = softwareSystem "${SYSTEM}" {
            api = container "API" \"\"\"
                Serves the shop.
                \"\"\" "${TECH}"
            customer -> this "Buys from"
        }
        customer -> api "Calls"
    }
}
"""})
    data = parse_dsl(path)
    system = data["model"]["softwareSystems"][0]
    assert system["name"] == "Web Shop"
    assert system["containers"][0]["description"] == "Serves the shop."
    assert system["containers"][0]["technology"] == "Python"
    rels = data["model"]["people"][0]["relationships"]
    assert [(r["destinationId"], r["description"]) for r in rels] == [("2", "Buys from"), ("3", "Calls")]


def test_element_extend_relationship_and_hierarchical_identifiers(tmp_path: Path) -> None:
    path = write(tmp_path, {"workspace.dsl": """workspace {
    !identifiers hierarchical
    model {
        shop = softwareSystem "Shop" {
            api = container "API"
            db = container "DB"
            r = api -> db "Reads"
        }
        !element shop.api {
            tags "Edge"
            properties {
                owner "team-a"
            }
        }
        !relationship r {
            technology "SQL"
        }
    }
}
"""})
    system = parse_dsl(path)["model"]["softwareSystems"][0]
    api = system["containers"][0]
    assert api["tags"] == "Element,Container,Edge"
    assert api["properties"] == {"structurizr.dsl.identifier": "shop.api", "owner": "team-a"}
    assert api["relationships"][0]["technology"] == "SQL"


def test_docs_and_adrs_come_in_as_structurizr_documentation(tmp_path: Path) -> None:
    path = write(tmp_path, {
        "workspace.dsl": "workspace {\n    !docs docs\n    !adrs decisions\n    model {\n    }\n}\n",
        "docs/01-context.md": "## Context\n\nWhy.\n",
        "decisions/0001-use-dsl.md": "# 1. Use the DSL\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n\n"
                                     "## Context\n\nc\n\n## Decision\n\nd\n\n## Consequences\n\ne\n",
    })
    documentation = parse_dsl(path)["documentation"]
    assert documentation["sections"][0]["content"] == "## Context\n\nWhy.\n"
    decision = documentation["decisions"][0]
    assert (decision["id"], decision["title"], decision["status"]) == ("1", "Use the DSL", "Accepted")
    assert set(dsl_inputs(path)) == {tmp_path / "docs/01-context.md", tmp_path / "decisions/0001-use-dsl.md"}


def test_workspace_extends_a_local_dsl_file(tmp_path: Path) -> None:
    write(tmp_path, {"base.dsl": 'workspace "Base" {\n    model {\n        a = person "A"\n    }\n}\n'})
    path = write(tmp_path, {"ext.dsl": 'workspace extends base.dsl {\n    model {\n        b = softwareSystem "B"\n'
                                       '        a -> b "Uses"\n    }\n}\n'})
    data = parse_dsl(path)
    assert data["name"] == "Base"
    assert data["model"]["people"][0]["relationships"][0]["destinationId"] == "2"


# ---- through archkit -------------------------------------------------------------------------------


def test_big_bank_dsl_matches_its_json_in_every_element_relationship_and_view() -> None:
    """Big Bank's JSON is a later revision of the workspace than its DSL: ids differ, the JSON says
    'SQL/TCP' where the DSL says 'JDBC', has one image view more, and drops the DSL's 'Failover' tag on
    the secondary database instance (its style fades it); everything else must match."""
    def content(data: dict[str, Any]) -> tuple[set[Any], set[Any], dict[str, Any]]:
        elements, relationships = _flat(data)
        names: dict[str, Any] = {}
        for e in elements.values():  # parents come before their children
            own = e.get("name") or f"instance of {names[e.get('containerId') or e['softwareSystemId']][0]}"
            names[e["id"]] = (own, names.get(e["parent"]))
        tags = {e["id"]: {t for t in e["tags"].split(",") if t and t != "Failover"} for e in elements.values()}
        found = {(names[i], e.get("description", ""), e.get("technology", ""), frozenset(tags[i]))
                 for i, e in elements.items()}
        rels = {(names[r["sourceId"]], names[r["destinationId"]], r.get("description", ""),
                 r.get("technology", "").replace("SQL/TCP", "JDBC")) for r in relationships.values()}
        views = {v["key"]: (sorted(str(names[e]) for e in v["elements"]),
                            sorted(str(names[relationships[r if isinstance(r, str) else r["id"]]["sourceId"]])
                                   for r in v["relationships"]))
                 for key, v in _views(data).items() if key != "configuration" and not key.startswith("image")}
        return found, rels, views

    got = content(parse_dsl(BIG_BANK))
    want = content(json.loads((FIXTURES / "big-bank-plc.json").read_text(encoding="utf-8")))
    assert got == want
    assert len(got[1]) == 42 and len(got[2]) == 7


def _content(data: dict[str, Any]) -> tuple[set[Any], set[Any], dict[str, Any], dict[str, Any]]:
    """Elements, relationships and views by name (ids and generated keys may differ after a round trip)."""
    elements, relationships = _flat(data)
    names: dict[str, Any] = {}
    for e in elements.values():
        own = e.get("name") or f"instance of {names[e.get('containerId') or e['softwareSystemId']]}"
        names[e["id"]] = (own, names.get(e["parent"]))
    found = {(names[i], e.get("description", ""), e.get("technology", ""), e["tags"], e.get("group", ""))
             for i, e in elements.items()}
    rels = {(names[r["sourceId"]], names[r["destinationId"]], r.get("description", ""), r.get("technology", ""),
             "linked" in r) for r in relationships.values()}
    views = {key.split("/")[0] + "/" + str(v.get("title") or v.get("description") or v["key"]):
             sorted(str(names[e]) for e in v["elements"]) for key, v in _views(data).items() if key != "configuration"}
    pictures = {v["key"]: (v.get("content"), v.get("contentType"), v.get("title"), names.get(v.get("elementId")))
                for v in data["views"].get("imageViews", [])}
    return found, rels, views, pictures


@pytest.mark.parametrize("name", [*PAIRS, "big-bank-plc"])
def test_round_trip_dsl_archkit_dsl_gives_the_same_workspace(name: str, tmp_path: Path) -> None:
    path = BIG_BANK if name == "big-bank-plc" else DSL / f"{name}.dsl"
    exported = export_text(load(path), "dsl")
    again = parse_dsl_text(exported, "exported.dsl", tmp_path)
    assert _content(again) == _content(parse_dsl(path))


def test_cli_imports_a_dsl_file_into_a_python_model_that_loads(tmp_path: Path) -> None:
    out = tmp_path / "models" / "bigbank.py"
    result = CliRunner().invoke(app, ["import", str(BIG_BANK), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "structurizr.dsl'" not in result.output  # the DSL source itself is no loss worth a warning
    ws = load(out)
    assert len(list(ws.model.walk())) == 51
    assert {v.key for v in ws.views} >= {"SystemLandscape", "SignIn", "LiveDeployment"}


@pytest.mark.parametrize("command", ["check", "render", "docs"])
def test_check_render_and_docs_take_a_dsl_file(tmp_path: Path, command: str) -> None:
    args = [command, str(DSL / "getting-started.dsl")] + ([] if command == "check" else ["--out", str(tmp_path)])
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    if command == "render":
        assert list(tmp_path.rglob("*.svg"))


def test_cli_refuses_a_script_cleanly() -> None:
    result = CliRunner().invoke(app, ["check", str(DSL / "script-inline.dsl")])
    assert result.exit_code == 2
    assert "script-inline.dsl:3: !script is not supported" in result.output
    assert "Traceback" not in result.output


def test_build_fingerprints_every_file_the_dsl_reads(tmp_path: Path) -> None:
    path = write(tmp_path, {
        "workspace.dsl": 'workspace {\n    !docs docs\n    model {\n        !include "one.dsl"\n'
                         '        !include parts\n    }\n}\n',
        "parts/a.dsl": 'a = person "A"\n', "parts/deeper/b.dsl": '!include ../../two.dsl\n',
        "one.dsl": 's = softwareSystem "S"\n', "two.dsl": 'a -> s "Uses"\n', "docs/intro.md": "# Intro\n",
    })
    fingerprinted = {tmp_path / rel for rel in model_sources(path)}
    assert set(dsl_inputs(path)) <= fingerprinted
    assert fingerprinted == {path, *(tmp_path / p for p in ("parts/a.dsl", "parts/deeper/b.dsl", "one.dsl",
                                                            "two.dsl", "docs/intro.md"))}


# ---- nested groups and deployment groups through the DSL ---------------------------------------------


def test_nested_groups_survive_dsl_import_and_structurizr_export() -> None:
    exported = json.loads(export_text(load(DSL / "groups-nested.dsl"), "structurizr"))
    assert exported["model"].get("properties", {}).get("structurizr.groupSeparator") == "/"
    groups = {s["name"]: s.get("group") for s in exported["model"]["softwareSystems"]}
    assert groups["A"] == "Organisation/Department A"


def test_deployment_groups_survive_dsl_import_and_keep_replication_within_a_group() -> None:
    exported = json.loads(export_text(load(DSL / "deployment-groups-hierarchical.dsl"), "structurizr"))
    got = _flat(exported)
    environment = {e["id"]: e.get("environment") for e in got[0].values()}
    replicated = [r for r in got[1].values() if environment[r["sourceId"]] == "WithSpecifiedDeploymentGroups"]
    assert len(replicated) == 2  # API -> DB within each of the two groups, none across them
