"""Fuzzing the Structurizr DSL parser: whatever the text, one clean ArchkitError or a workspace archkit
imports (`make fuzz` draws 2000 examples of each)."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, strategies as st

from archkit.errors import ArchkitError
from archkit.importers import import_structurizr
from archkit.importers.dsl import parse_dsl_text, readable_ids

DSL = Path(__file__).parent / "fixtures" / "structurizr" / "dsl"  # the includes some texts name are read here

_WORDS = ["workspace", "model", "views", "{", "}", "\n", " ", '"', '"""', "\\\n", "->", "=", "a", "b", "this",
          "person", "softwareSystem", "container", "component", "group", "deploymentEnvironment", "deploymentNode",
          "containerInstance", "softwareSystemInstance", "infrastructureNode", "deploymentGroup", "element",
          "include", "exclude", "*", "autolayout", "lr", "systemContext", "dynamic", "deployment", "filtered",
          "styles", "tags", "properties", "!const", "!var", "${X}", "X", "!identifiers", "hierarchical",
          "!element", "!relationship", "!include", "x.dsl", "/*", "*/", "//", "#", "animation", "title",
          "image", "plantuml", "theme", "default", "\u202e", "é", "\x00", "1"]
dsl_like = st.lists(st.sampled_from(_WORDS), max_size=60).map(" ".join)


@given(dsl_like)
def test_dsl_shaped_text_raises_only_archkit_errors(text: str) -> None:
    try:
        data = parse_dsl_text("workspace {\n" + text + "\n}\n", "fuzz.dsl", DSL / "include")
    except ArchkitError as exc:
        assert str(exc).startswith(("fuzz.dsl", str(DSL))) and "\n" not in str(exc), str(exc)
        return
    try:
        import_structurizr(data, "fuzz.dsl")
    except ArchkitError as exc:
        assert "\n" not in str(exc)




_MODEL_WORDS = ["a", "b", "c", "=", "->", "{", "}", "this", '"A"', '"B"', '"x y"', "person", "softwareSystem",
                "container", "component", "element", "group", "deploymentEnvironment", "deploymentNode",
                "containerInstance", "softwareSystemInstance", "instanceOf", "infrastructureNode", "deploymentGroup",
                "tags", "description", "technology", "url", "properties", "perspectives", "!element", "!ref",
                "!relationship", "!elements", "!relationships", '"*->*"', "healthCheck", "!identifiers",
                "hierarchical", "a.b", "1", "!impliedRelationships", "false"]
_VIEW_WORDS = ["systemLandscape", "systemContext", "container", "component", "dynamic", "deployment", "filtered",
               "custom", "image", "*", "a", "b", "c", '"E"', "{", "}", "include", "exclude", "autoLayout", "lr",
               "->", "a->b", "->a->", "element.tag==T", "relationship.tag==T", "element.type==Container",
               "animation", "title", "default", "styles", "element", '"T"', "shape", "box", "theme", "default",
               "exclude", "include", "properties", "terminology", "person", "branding", "logo"]
_lines = st.lists(st.lists(st.sampled_from(_MODEL_WORDS), min_size=1, max_size=6).map(" ".join), max_size=25)
_view_lines = st.lists(st.lists(st.sampled_from(_VIEW_WORDS), min_size=1, max_size=6).map(" ".join), max_size=15)


@given(_lines, _view_lines)
def test_dsl_statements_in_any_order_raise_only_archkit_errors(model: list[str], views: list[str]) -> None:
    text = "workspace {\n    model {\n" + "\n".join(model) + "\n    }\n    views {\n" + "\n".join(views) + \
        "\n    }\n}\n"
    try:
        data = parse_dsl_text(text, "fuzz.dsl", DSL / "include")
    except ArchkitError as exc:
        assert str(exc).startswith("fuzz.dsl") and "\n" not in str(exc), str(exc)
        return
    try:
        import_structurizr(readable_ids(data), "fuzz.dsl")
    except ArchkitError as exc:
        assert "\n" not in str(exc)


_ident = st.sampled_from(["a", "b", "c", "d", "e"])
_name = st.sampled_from(["A", "B", "C", "D"])


def _leaf(kind: str) -> st.SearchStrategy[list[str]]:
    return st.builds(lambda i, n: [f'{i} = {kind} "{n}"'], _ident, _name)


def _block(head: st.SearchStrategy[str], inner: st.SearchStrategy[list[str]]) -> st.SearchStrategy[list[str]]:
    return st.builds(lambda h, body: [f"{h} {{", *(line for part in body for line in part), "}"],
                     head, st.lists(inner, max_size=3))


_rel = st.builds(lambda a, b, d: [f'{a} -> {b} "{d}"'], _ident, _ident, _name)
_component = _leaf("component") | _rel
_container = _leaf("container") | _block(st.builds(lambda i, n: f'{i} = container "{n}"', _ident, _name), _component)
_system = _leaf("softwareSystem") | _block(st.builds(lambda i, n: f'{i} = softwareSystem "{n}"', _ident, _name),
                                            _container | _block(st.just('group "G"'), _container))
_instance = st.builds(lambda k, i: [f"{k} {i}"], st.sampled_from(["containerInstance", "softwareSystemInstance",
                                                                   "instanceOf"]), _ident)
_node = st.deferred(lambda: _block(st.builds(lambda i, n: f'{i} = deploymentNode "{n}"', _ident, _name),
                                   _instance | _node | _leaf("infrastructureNode") | _rel))
_model = st.lists(_leaf("person") | _system | _rel | _block(st.just('group "G"'), _system | _leaf("person"))
                  | _block(st.just('deploymentEnvironment "E"'), _node | _rel), max_size=8)
_view_body = st.lists(st.sampled_from(["include *", "include a", "exclude b", "include ->c->", "include a->b",
                                       "exclude element.tag==Element", "autoLayout tb", "a -> b", "b -> a",
                                       "title T", "animation {\na b\n}", "{\na -> b\n}", "exclude *"]),
                      max_size=4)
_view = st.builds(lambda head, body: [f"{head} {{", *body, "}"],
                  st.sampled_from(["systemLandscape", "systemContext a", "container b", "component c",
                                   'deployment * "E"', "deployment a E", "dynamic *", "dynamic b", "custom"]),
                  _view_body)


@given(_model, st.lists(_view, max_size=4))
def test_dsl_workspaces_built_from_the_grammar_parse_and_import_or_fail_cleanly(
        model: list[list[str]], views: list[list[str]]) -> None:
    lines = [line for part in model for line in part]
    view_lines = [line for part in views for line in part]
    text = "workspace {\n    model {\n" + "\n".join(lines) + "\n    }\n    views {\n" + "\n".join(view_lines) + \
        "\n    }\n}\n"
    try:
        data = parse_dsl_text(text, "fuzz.dsl", DSL / "include")
    except ArchkitError as exc:
        assert str(exc).startswith("fuzz.dsl") and "\n" not in str(exc), str(exc)
        return
    try:
        import_structurizr(readable_ids(data), "fuzz.dsl")
    except ArchkitError as exc:
        assert "\n" not in str(exc)
