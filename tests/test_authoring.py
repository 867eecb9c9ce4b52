"""One authoring API, Python and YAML alike (issue 15): tags, view builders, dynamic steps, the default
environment, duplicate names, close suggestions, and the check rules a new user needed."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from archkit import LoadError, Workspace, check, compute_view, load
from archkit.ids import suggest
from archkit.model.base import tag_list


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def findings(ws: Workspace, rule: str) -> list[str]:
    return [f.line() for f in check(ws, "m.py") if f.rule == rule]


# ---- tags -----------------------------------------------------------------------------------------


def test_a_tags_string_is_comma_separated_tags_never_characters() -> None:
    assert tag_list("Queue") == ["Queue"]
    assert tag_list("Queue, Kafka ,") == ["Queue", "Kafka"]
    assert tag_list(("Queue", "Kafka, Topic")) == ["Queue", "Kafka, Topic"]  # a list is taken as written
    ws = Workspace(name="x")
    system = ws.model.software_system("S", tags="Queue")
    container = system.container("C", tags="Database,Primary")
    component = container.component("K", tags="Core")
    person = ws.model.person("P", tags="Staff")
    rel = person.uses(system, tags="Async")
    node = ws.model.deployment_node("N", tags="Cloud")
    infra = node.infrastructure_node("LB", tags="Edge")
    inst = node.container_instance(container, tags="Blue")
    view = ws.views.container(system)
    filtered = ws.views.filtered(view.key, "Database")
    assert [system.tags, container.tags, component.tags, person.tags, rel.tags, node.tags, infra.tags,
            inst.tags, filtered.tags] == [["Queue"], ["Database", "Primary"], ["Core"], ["Staff"], ["Async"],
                                          ["Cloud"], ["Edge"], ["Blue"], ["Database"]]


def test_yaml_tags_string_reads_as_the_python_one(tmp_path: Path) -> None:
    p = write(tmp_path, "m.yaml", "name: x\nmodel:\n  software_systems:\n  - {name: S, tags: 'Queue, Kafka'}\n"
              "  relationships: []\n")
    assert load(p).model.software_systems[0].tags == ["Queue", "Kafka"]
    py = write(tmp_path, "m.py", "from archkit import Workspace\nworkspace = Workspace(name='x')\n"
               "workspace.model.software_system('S', tags='Queue, Kafka')\n")
    assert load(py).model.software_systems[0].tags == ["Queue", "Kafka"]


# ---- view builders --------------------------------------------------------------------------------


def _shop() -> Workspace:
    ws = Workspace(name="Shop")
    customer = ws.model.person("Customer", "Buys.")
    shop = ws.model.software_system("Shop", "Sells.")
    api = shop.container("API", "Takes orders.", "Python")
    db = shop.container("Database", "Stores orders.", "PostgreSQL", tags="Database")
    customer.uses(api, "Orders", "HTTPS")
    api.uses(db, "Stores", "SQL")
    return ws


def test_view_builders_take_include_exclude_and_direction_as_yaml_views_do() -> None:
    ws = _shop()
    shop = ws.model.software_systems[0]
    api, db = shop.containers
    view = ws.views.container(shop, key="c", include=["*", "customer"], exclude=db, direction="LR")
    assert (view.include, view.exclude, view.direction) == (["*", "customer"], ["shop.database"], "LR")
    only = ws.views.system_landscape(key="l", include="shop")  # one string is one entry
    assert only.include == ["shop"]
    deployment = ws.views.deployment("Default", shop, key="d", exclude=["tag:Database"], direction="LR")
    assert (deployment.exclude, deployment.direction) == (["tag:Database"], "LR")
    comp = ws.views.component(api, key="k", exclude=[api, "customer->shop.api"])
    assert comp.exclude == ["shop.api", "customer->shop.api"]
    assert ws.views.dynamic(shop, key="y", include=[db]).include == ["shop.database"]
    assert ws.views.system_context(shop, key="s").include == ["*"]
    # the same view from YAML
    data = {"name": "Shop", "model": ws.to_data()["model"], "views": [
        {"type": "container", "key": "c", "software_system": "shop", "include": ["*", "customer"],
         "exclude": ["shop.database"], "direction": "LR"}]}
    assert Workspace.from_data(data).views["c"] == view
    drawn = compute_view(ws, view)
    assert {n.id for n in drawn.nodes} == {"customer", "shop.api"}


def test_dynamic_steps_take_elements_and_parallel_branches_take_technology() -> None:
    ws = _shop()
    customer = ws.model.people[0]
    api, db = ws.model.software_systems[0].containers
    flow = ws.views.dynamic(ws.model.software_systems[0], key="flow")
    flow.step(customer, api, "Orders", "HTTPS").parallel(
        [(api, db, "Stores the order", "SQL")],
        [(api, "shop.database", "Reads the stock")],
    )
    numbered = [(n, s.source, s.destination, s.technology) for n, s in flow.numbered_steps()]
    assert numbered == [("1", "customer", "shop.api", "HTTPS"), ("2a", "shop.api", "shop.database", "SQL"),
                        ("2b", "shop.api", "shop.database", "")]
    assert findings(ws, "dynamic.no-relationship") == []


# ---- one default environment ----------------------------------------------------------------------


def test_python_and_yaml_deployment_nodes_default_to_the_same_environment() -> None:
    ws = Workspace(name="x")
    assert ws.model.deployment_node("Server").environment == "Default"
    data = Workspace.from_data({"name": "x", "model": {"deployment_nodes": [{"name": "Server"}]}})
    assert data.model.deployment_nodes[0].environment == "Default"


# ---- duplicate names ------------------------------------------------------------------------------


def test_same_name_distinct_ids_is_one_warning_in_python_and_yaml(tmp_path: Path) -> None:
    ws = Workspace(name="x")
    shop = ws.model.software_system("Shop", "Sells.")
    shop.container("API", "Old.", "Python", id="shop.v1")
    shop.container("API", "New.", "Python", id="shop.v2")
    from_python = findings(ws, "element.duplicate-name")
    p = write(tmp_path, "m.yaml", yaml.safe_dump(ws.to_data()))
    from_yaml = [f.line() for f in check(load(p), "m.py") if f.rule == "element.duplicate-name"]
    assert from_python == from_yaml == [
        "m.py: shop: 2 elements named 'API' in 'shop'; give siblings distinct names [warning element.duplicate-name]"]


def test_same_name_and_same_id_is_one_error_in_python_and_yaml(tmp_path: Path) -> None:
    py = write(tmp_path, "m.py", "from archkit import Workspace\nworkspace = Workspace(name='x')\n"
               "shop = workspace.model.software_system('Shop')\nshop.container('API')\nshop.container('API')\n")
    with pytest.raises(LoadError) as from_python:
        load(py)
    yml = write(tmp_path, "m.yaml", "name: x\nmodel:\n  software_systems:\n  - name: Shop\n"
                "    containers: [{name: API}, {name: API}]\n")
    with pytest.raises(LoadError) as from_yaml:
        load(yml)
    problem = "shop.api: duplicate id (Container 'API'): another element has it already — give one of the two"
    assert f"m.py:5: {problem}" in str(from_python.value)
    assert f"m.yaml:2: model: {problem}" in str(from_yaml.value)  # the line of the mapping the two are in


# ---- Python typos in values -----------------------------------------------------------------------


def test_a_python_typo_in_a_value_is_one_line_with_the_allowed_values(tmp_path: Path) -> None:
    p = write(tmp_path, "m.py", "from archkit import Workspace\nworkspace = Workspace(name='x')\n"
              "workspace.styles.element('Database', shape='cylindre')\n")
    with pytest.raises(LoadError) as caught:
        load(p)
    (line,) = caught.value.lines
    assert line.endswith("m.py:3: ElementStyle.shape: unknown value 'cylindre'; did you mean 'cylinder'? — use one "
                         "of 'box', 'rounded_box', 'person', 'cylinder', 'queue', 'folder', 'hexagon', 'component', "
                         "'web_browser', 'mobile_device', 'pipe', 'ellipse', 'circle', 'diamond'")
    assert "pydantic" not in line


def test_a_load_error_lists_every_problem(tmp_path: Path) -> None:
    people = "".join(f"  - {{name: P{n}, location: far}}\n" for n in range(6))
    p = write(tmp_path, "m.yaml", f"name: x\nmodel:\n  people:\n{people}")
    with pytest.raises(LoadError) as caught:
        load(p)
    assert [line.split(": ", 2)[1] for line in caught.value.lines] == [
        f"model.people[{n}] ('P{n}').location" for n in range(6)]
    assert [line.split(": ", 1)[0].rsplit(":", 1)[1] for line in caught.value.lines] == [str(4 + n) for n in range(6)]


# ---- suggestions ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("wrong", "meant"), [
    ("lumberjack.leaf-stor", None),  # shares only the parent with every known id
    ("lumberjack.shiper", "lumberjack.shipper"),
    ("lumberjack.tailr", "lumberjack.tailer"),
    ("tailer", "lumberjack.tailer"),  # the bare last segment of one id
    ("lumberjak.tailer", "lumberjack.tailer"),
    ("LUMBERJACK", "lumberjack"),
    ("store", None),
])
def test_suggestions_are_close_matches_only(wrong: str, meant: str | None) -> None:
    known = ["lumberjack", "lumberjack.tailer", "lumberjack.shipper", "search"]
    assert suggest(wrong, known) == meant


def test_a_bare_segment_shared_by_several_ids_suggests_none() -> None:
    assert suggest("api", ["shop.api", "web.api"]) is None


def test_suggestions_are_those_of_comparing_every_id_in_full(monkeypatch: pytest.MonkeyPatch) -> None:
    """suggest() skips an id when difflib's cheap upper bounds say it cannot be closer than the best so far;
    with the bounds made useless (always 1) every id is compared in full: the answers are the same."""
    import difflib
    import random

    rng = random.Random(18)
    known = [f"{s}.{c}.{k}" for s in ("shop", "shipping", "billing") for c in ("api", "app", "db", "web")
             for k in ("orders", "order-store", "payments", "pay", "ledger")] + ["shop", "billing", "customer"]
    typos = []
    for ident in rng.sample(known, 30):
        i = rng.randrange(len(ident))
        typos += [ident[:i] + ident[i + 1:], ident[:i] + "x" + ident[i:], ident.upper(), ident.replace(".", "-")]
    pruned = [suggest(w, known) for w in typos]
    monkeypatch.setattr(difflib.SequenceMatcher, "real_quick_ratio", lambda self: 1.0)
    monkeypatch.setattr(difflib.SequenceMatcher, "quick_ratio", lambda self: 1.0)
    assert pruned == [suggest(w, known) for w in typos]
    assert sum(p is not None for p in pruned) > 60  # most typos find their id


# ---- check rules ----------------------------------------------------------------------------------


def test_relationship_without_technology_names_its_level_and_a_fitting_example() -> None:
    ws = Workspace(name="x")
    shop = ws.model.software_system("Shop", "Sells.")
    api = shop.container("API", "Takes orders.", "Python")
    db = shop.container("DB", "Stores.", "PostgreSQL", tags="Database")
    queue = shop.container("Bus", "Carries events.", "Kafka", tags="Queue")
    orders, prices = api.component("Orders", "Orders.", "Python"), api.component("Prices", "Prices.", "Python")
    orders.uses(prices, "Prices")
    orders.uses(db, "Stores")
    api.uses(queue, "Publishes")
    orders.uses(ws.model.software_system("Bank", "Pays."), "Pays")
    ws.model.person("Buyer", "Buys.").uses(api, "Orders with")  # a person uses a user interface, not gRPC
    assert findings(ws, "relationship.no-technology") == [
        "m.py: buyer -> shop.api: person-to-container relationship has no technology; add its technology, "
        "e.g. 'HTTPS' or 'Web browser' [warning relationship.no-technology]",
        "m.py: shop.api -> shop.bus: container-to-container relationship has no technology; add its technology, "
        "e.g. 'AMQP' or 'Kafka protocol' [warning relationship.no-technology]",
        "m.py: shop.api.orders -> bank: component-to-software system relationship has no technology; add its "
        "technology, e.g. 'HTTPS/JSON' or 'gRPC' [warning relationship.no-technology]",
        "m.py: shop.api.orders -> shop.api.prices: component-to-component relationship has no technology; add its "
        "technology, e.g. 'in-process call' or 'Python call' [warning relationship.no-technology]",
        "m.py: shop.api.orders -> shop.db: component-to-container relationship has no technology; add its "
        "technology, e.g. 'SQL' or 'JDBC' [warning relationship.no-technology]",
    ]


def test_a_container_without_technology_is_a_warning() -> None:
    ws = Workspace(name="x")
    shop = ws.model.software_system("Shop", "Sells.")
    shop.container("API", "Takes orders.")
    shop.container("Web", "Shows.", "React")
    assert [f.split(";")[0] for f in findings(ws, "element.no-technology")] == [
        "m.py: shop.api: container 'API' has no technology"]


def test_a_style_for_a_tag_nothing_carries_is_a_warning() -> None:
    ws = _shop()
    ws.styles.element("Database", shape="cylinder")  # used
    ws.styles.element("Person", shape="person")  # implicit, used
    ws.styles.element("Queue", shape="pipe")
    ws.styles.relationship("Relationship", thickness=2)  # implicit, used
    ws.styles.relationship("Asynchronous", style="dotted")  # no async relationship
    assert [f.split(";")[0] for f in findings(ws, "style.unused-tag")] == [
        "m.py: element style 'Queue': no element carries the tag 'Queue', so the style is never applied",
        "m.py: relationship style 'Asynchronous': no relationship carries the tag 'Asynchronous', so the style is "
        "never applied",
    ]


def test_include_and_exclude_entries_that_select_nothing_are_findings() -> None:
    ws = _shop()
    shop = ws.model.software_systems[0]
    ws.views.container(shop, key="c", include=["*", "customer->shop.api"],
                       exclude=["x->y", "shop.*->shop.database", "tag:Databse", "tag:Database"])
    ws.views.filtered("c", ["Relationship"], key="f")  # a relationship tag selects in a filter
    found = {(f.rule, f.message) for f in check(ws, "m.py") if f.element.startswith("view ")}
    assert found == {
        ("view.unknown-relationship", "unknown relationship 'x->y'"),
        ("view.unknown-selector", "exclude 'shop.*->shop.database' is a pattern, and archkit selects by exact id only"),
        ("view.unknown-tag", "exclude 'tag:Databse' selects nothing: no element or relationship carries the tag"),
    }


def test_a_filtered_view_has_its_own_default_description() -> None:
    ws = _shop()
    ws.views.container(ws.model.software_systems[0], key="c", description="Everything, the database included.")
    ws.views.filtered("c", "Database", mode="exclude", key="f")
    ws.views.filtered("c", ["Database"], key="g", description="Only storage.")
    assert compute_view(ws, ws.views["f"]).description == "Shop — Containers: without what is tagged Database."
    assert compute_view(ws, ws.views["g"]).description == "Only storage."


def test_a_python_call_missing_arguments_names_each_keyword(tmp_path: Path) -> None:
    p = write(tmp_path, "m.py", "from archkit import Workspace\nworkspace = Workspace(name='x')\n"
              "workspace.arc42.scenario('QS1', goal='QG1', stimulus='x', environment='y', artifact='z')\n")
    with pytest.raises(LoadError) as caught:
        load(p)
    assert [line.removeprefix(str(p)) for line in caught.value.lines] == [
        ":3: QualityScenario.source: missing — pass source=...",
        ":3: QualityScenario.response: missing — pass response=...",
        ":3: QualityScenario.response_measure: missing — pass response_measure=...",
    ]


def test_an_error_of_several_lines_keeps_them_and_escapes_each() -> None:
    import pickle

    from archkit import ModelError

    error = ModelError(["m.yaml: a: first", "m.yaml: b: name with a\nnewline"])
    assert error.lines == ["m.yaml: a: first", "m.yaml: b: name with a\\nnewline"]
    again = pickle.loads(pickle.dumps(error))  # as a worker process sends it
    assert type(again) is ModelError and again.lines == error.lines
    assert ModelError("one: line\nforged: line").lines == ["one: line\\nforged: line"]


def test_a_step_without_relationship_says_how_to_add_one_in_the_models_format() -> None:
    """The hint was `add shop.api.uses(multi-drm, ...)`: ids are no Python names, and a YAML model got it too."""
    ws = Workspace(name="x")
    shop = ws.model.software_system("Shop", "Sells.")
    api = shop.container("API", "Takes orders.", "Python")
    drm = ws.model.software_system("Multi-DRM", "Keys.", location="external")
    api.uses(shop.container("DB", "Stores.", "SQL"), "Stores", "SQL")
    ws.views.dynamic(shop, key="flow").step(api, drm, "Gets keys")
    python = [f.line() for f in check(ws, "m.py") if f.rule == "dynamic.no-relationship"]
    assert python == ["m.py: view 'flow' step 1: no relationship between 'shop.api' and 'multi-drm'; add it to the "
                      "model: .uses('multi-drm', ...) on the element 'shop.api' [error dynamic.no-relationship]"]
    yaml = [f.hint for f in check(ws, "m.yaml") if f.rule == "dynamic.no-relationship"]
    assert yaml == ["add it to the model: relationships: [{source: shop.api, destination: multi-drm, description: "
                    "..., technology: ...}]"]
    ws.views.dynamic(shop, key="empty")
    assert [f.hint for f in check(ws, "m.yaml") if f.rule == "dynamic.no-steps"] == [
        "add steps with steps: [{source: ..., destination: ..., description: ...}]"]
    assert [f.hint for f in check(ws, "m.py") if f.rule == "dynamic.no-steps"] == [
        "add steps with view.step(source, destination, description)"]
