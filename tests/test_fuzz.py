"""Property-based fuzzing: whatever bytes, text or data a model file holds, load and check raise
only ArchkitError subclasses (one clean line), and check never raises on what loads.

The normal suite runs the default hypothesis profile; `make fuzz` runs the `fuzz` profile
(HYPOTHESIS_PROFILE=fuzz, at least 2000 examples per property).
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings, strategies as st

from archkit import ArchkitError, Workspace, check
from archkit.errors import ModelError
from archkit.load import load_bytes, workspace_from_data
from archkit.output import is_windows_device, safe_name
from tests.strategies import workspaces

SUFFIXES = st.sampled_from(["fuzz.yaml", "fuzz.yml", "fuzz.json", "fuzz.dsl"])

# scalars and containers as YAML/JSON produce them, plus the odd ones YAML adds (dates, bytes)
_scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
    st.dates(), st.binary(max_size=8), st.sampled_from(["", "*", "tag:Database", "a->b", "../../x", "{{ 7*7 }}"]),
)
junk = st.recursive(
    _scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12,
)

# YAML built from its own punctuation finds parser corners that random text rarely reaches
_YAML_TOKENS = [
    "name: ", "model:", "people:", "software_systems:", "views:", "- ", "  ", "\n", "[", "]", "{", "}",
    ", ", ": ", "&a ", "*a", "&b ", "*b", "<<: ", "!!str ", "!!int ", "!!binary ", "!!timestamp ", "!!set ",
    "!!python/object:os.system ", "? ", "|", ">", "'", '"', "#", "---", "...", "%YAML 1.1", "\t", "id: ",
    "x", "2020-02-30", "0x1F", "1e999", "~", "null", "yes", "1:20", "é", "\u202e", "\\", "\\u0000",
]
yaml_like = st.lists(st.sampled_from(_YAML_TOKENS), max_size=40).map("".join)
_JSON_TOKENS = ['{', '}', '[', ']', '"name"', '"model"', ': ', ', ', '"x"', '1', '1e999', 'NaN', '-',
                'true', 'null', '"\\u0000"', '"\\ud800"', '9' * 40, ' ', '\n', '"', '\\']
json_like = st.lists(st.sampled_from(_JSON_TOKENS), max_size=40).map("".join)


def must_load_or_fail_cleanly(raw: bytes, name: str) -> None:
    """Loading ``raw`` either gives a Workspace that check() accepts, or one clean ArchkitError: a line
    per problem, each naming the file."""
    try:
        ws = load_bytes(raw, name)
    except ArchkitError as exc:
        assert all(line.startswith(name) for line in exc.lines), str(exc)
        return
    assert isinstance(ws, Workspace)
    check(ws, name)


@given(st.binary(max_size=300), SUFFIXES)
def test_random_bytes_raise_only_archkit_errors(raw: bytes, name: str) -> None:
    must_load_or_fail_cleanly(raw, name)


@given(st.text(max_size=300), SUFFIXES)
def test_random_text_raises_only_archkit_errors(text: str, name: str) -> None:
    must_load_or_fail_cleanly(text.encode("utf-8", "surrogatepass"), name)


@given(yaml_like)
def test_yaml_shaped_text_raises_only_archkit_errors(text: str) -> None:
    must_load_or_fail_cleanly(text.encode("utf-8"), "fuzz.yaml")


@given(json_like)
def test_json_shaped_text_raises_only_archkit_errors(text: str) -> None:
    must_load_or_fail_cleanly(text.encode("utf-8"), "fuzz.json")


@given(junk)
def test_random_data_raises_only_archkit_errors(data: Any) -> None:
    try:
        ws = workspace_from_data(data, "fuzz.json")
    except ArchkitError as exc:
        assert all(line.startswith("fuzz.json") for line in exc.lines), str(exc)
        return
    check(ws, "fuzz.json")


def _paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside nested dicts and lists."""
    out = [prefix]
    if isinstance(data, dict):
        for k, v in data.items():
            out += _paths(v, (*prefix, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            out += _paths(v, (*prefix, i))
    return out


@st.composite
def mutated_workspaces(draw: st.DrawFn) -> Any:
    """The data of a valid workspace with a few random edits: deleted keys, junk values, unknown
    keys, duplicated list items, swapped ids."""
    data = json.loads(draw(workspaces()).to_json())
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_paths(data)))
        if not path:
            continue
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        key = path[-1]
        action = draw(st.sampled_from(["delete", "junk", "unknown-key", "duplicate", "borrow"]))
        if action == "delete":
            del parent[key]
        elif action == "junk":
            parent[key] = draw(junk)
        elif action == "unknown-key" and isinstance(parent[key], dict):
            parent[key][draw(st.text(min_size=1, max_size=10))] = draw(junk)
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(parent[key])
        elif action == "borrow":  # a value from elsewhere in the workspace: a wrong but plausible id
            other = data
            for part in draw(st.sampled_from(_paths(data))):
                other = other[part]
            parent[key] = copy.deepcopy(other)
    return data


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
@given(mutated_workspaces(), st.sampled_from(["json", "yaml"]))
def test_mutated_workspaces_load_or_fail_cleanly_and_check_never_raises(data: Any, fmt: str) -> None:
    if fmt == "json":
        raw = json.dumps(data, ensure_ascii=False, default=str).encode()
    else:
        raw = yaml.safe_dump(data, allow_unicode=True).encode()
    must_load_or_fail_cleanly(raw, f"mutated.{fmt}")


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        data = data[part]
    return data


_SURROGATES = st.integers(0xD800, 0xDFFF).map(chr)


@st.composite
def workspaces_with_a_surrogate(draw: st.DrawFn) -> tuple[Any, tuple[Any, ...]]:
    """The data of a valid workspace with one lone surrogate put into one of its texts or keys; and
    the path of the text (or of the mapping whose key it is)."""
    data = json.loads(draw(workspaces()).to_json())
    texts = [p for p in _paths(data) if p and isinstance(_at(data, p), str)]
    mappings = [p for p in _paths(data) if isinstance(_at(data, p), dict) and _at(data, p)]
    path = draw(st.sampled_from(texts + mappings))
    surrogate = draw(_SURROGATES)
    target = _at(data, path)
    if isinstance(target, str):
        cut = draw(st.integers(0, len(target)))
        _at(data, path[:-1])[path[-1]] = target[:cut] + surrogate + target[cut:]
    else:
        key = draw(st.sampled_from(sorted(target)))
        target[key + surrogate] = target.pop(key)
    return data, path


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(workspaces_with_a_surrogate(), st.sampled_from(["fuzz.json", "fuzz.yaml", "fuzz.py"]))
def test_a_lone_surrogate_anywhere_is_refused_at_load_naming_where(case: tuple[Any, tuple[Any, ...]],
                                                                   name: str) -> None:
    """Whatever text or key holds it, a lone surrogate never gets past load (so no page, diagram or
    message can fail to encode it): one clean error, printable as UTF-8, naming the field."""
    data, path = case
    # escaped in all three (JSON's ensure_ascii, YAML's "\\uD800", a Python literal), as a file writes it
    if name.endswith(".py"):
        raw = ("import json\nfrom archkit import Workspace\n"
               f"workspace = Workspace.model_validate(json.loads({json.dumps(data)!r}))\n").encode()
    else:
        raw = (json.dumps(data) if name.endswith(".json") else yaml.safe_dump(data, allow_unicode=False)).encode()
    try:
        load_bytes(raw, name)
    except ArchkitError as exc:
        message = str(exc)
        message.encode("utf-8")  # strict: the message itself holds no surrogate
        assert all(line.startswith(name) for line in exc.lines), message
        if isinstance(exc, ModelError) or not name.endswith(".py"):  # a .py model may fail validation first
            field = next((p for p in reversed(path) if isinstance(p, str)), None)
            assert "lone surrogate" in message and (field is None or field in message), message
    else:
        raise AssertionError(f"a lone surrogate at {path} was loaded")


@given(st.text(max_size=400))
def test_file_names_made_from_text_are_short_plain_and_not_windows_devices(text: str) -> None:
    name = safe_name(text)
    assert re.fullmatch(r"[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}", name), name
    assert not name.endswith(".") and not is_windows_device(name)
    assert safe_name(name) == name  # stable: a file name made safe stays as it is
    # texts that differ only at their end get different names, also when cut (a hash of the whole ends them)
    assert safe_name(text + "a") != safe_name(text + "b")
