"""load(): every way a model file can be wrong gives one clean LoadError/ModelError."""

from __future__ import annotations

from pathlib import Path

import pytest

from archkit import LoadError, ModelError, Workspace, load

MODELS = Path(__file__).parent / "models"


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(content if isinstance(content, bytes) else content.encode())
    return p


def test_load_reads_python_yaml_and_json_alike(tmp_path: Path) -> None:
    ws = load(MODELS / "shop.py")
    import yaml

    y = write(tmp_path, "shop.yaml", yaml.safe_dump(ws.to_data(), allow_unicode=True))
    j = write(tmp_path, "shop.json", ws.to_json())
    assert load(y) == load(j) == ws


def test_load_accepts_a_build_function(tmp_path: Path) -> None:
    p = write(tmp_path, "b.py", "from archkit import Workspace\ndef build():\n    return Workspace(name='B')\n")
    assert load(p).name == "B"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.yaml", "", "file is empty"),
        ("blank.json", "  \n", "file is empty"),
        ("binary.json", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("latin1.yaml", "name: caf\xe9".encode("latin-1"), "not UTF-8"),
        ("invalid.yaml", "name: [x\n", "invalid YAML"),
        ("invalid.json", "{\"name\": ", "invalid JSON"),
        ("array.json", "[1, 2]", "top level must be a mapping"),
        ("scalar.yaml", "just text", "top level must be a mapping"),
        ("raises.py", "raise RuntimeError('boom')\n", "the model raised RuntimeError: boom"),
        ("syntax.py", "def (:\n", "syntax error"),
        ("nothing.py", "x = 1\n", "defines no workspace"),
        ("wrongtype.py", "workspace = 42\n", "not an archkit.Workspace"),
        ("exits.py", "import sys\nsys.exit(3)\n", "the model raised SystemExit"),
        ("model.txt", "name: x", "unsupported file type"),
    ],
)
def test_load_rejects_bad_files_with_one_clean_message(tmp_path: Path, name: str, content: str | bytes,
                                                       message: str) -> None:
    p = write(tmp_path, name, content)
    with pytest.raises(LoadError) as info:
        load(p)
    text = str(info.value)
    assert message in text and text.startswith(str(p)) and "\n" not in text


def test_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="file not found"):
        load(tmp_path / "nope.yaml")


def test_unknown_yaml_key_is_named_with_a_suggestion(tmp_path: Path) -> None:
    p = write(tmp_path, "m.yaml", "name: x\nmodel:\n  software_systems:\n    - name: Shop\n      technolgy: y\n")
    with pytest.raises(ModelError, match=r"software_systems\[0\] \('Shop'\)\.technolgy: unknown key 'technolgy'"):
        load(p)


def test_unknown_key_in_a_view_suggests_the_right_key(tmp_path: Path) -> None:
    p = write(tmp_path, "m.yaml", "name: x\nviews:\n  - type: container\n    software_system: a\n    titel: T\n")
    with pytest.raises(ModelError, match="did you mean 'title'"):
        load(p)


def test_wrong_field_type_names_the_value(tmp_path: Path) -> None:
    p = write(tmp_path, "m.yaml", "name: x\nmodel:\n  people:\n    - name: A\n      tags: 5\n")
    with pytest.raises(ModelError, match=r"people\[0\] \('A'\)\.tags"):
        load(p)


def test_python_model_errors_name_the_file_and_line(tmp_path: Path) -> None:
    p = write(tmp_path, "dup.py", "from archkit import Workspace\nworkspace = Workspace(name='w')\n"
              "workspace.model.person('A')\nworkspace.model.person('A')\n")
    with pytest.raises(LoadError, match=r"dup\.py:4: a: duplicate id \(Person 'A'\)"):
        load(p)


def test_endless_python_model_times_out(tmp_path: Path) -> None:
    p = write(tmp_path, "loop.py", "while True:\n    pass\n")
    with pytest.raises(LoadError, match=r"did not finish within 0\.5 s"):
        load(p, timeout=0.5)


def test_printing_model_does_not_write_to_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = write(tmp_path, "loud.py", "print('hello')\nfrom archkit import Workspace\nworkspace = Workspace(name='w')\n")
    load(p)
    out = capsys.readouterr()
    assert out.out == "" and "hello" in out.err


def test_python_model_can_import_its_neighbours(tmp_path: Path) -> None:
    write(tmp_path, "common.py", "NAME = 'Shared'\n")
    p = write(tmp_path, "m.py",
              "from common import NAME\nfrom archkit import Workspace\nworkspace = Workspace(name=NAME)\n")
    assert load(p).name == "Shared"


def test_hand_built_structure_is_revalidated(tmp_path: Path) -> None:
    p = write(tmp_path, "m.py", "from archkit import Workspace, Person\nworkspace = Workspace(name='w')\n"
              "workspace.model.people += [Person(id='a', name='A'), Person(id='a', name='B')]\n")
    with pytest.raises(ModelError, match="duplicate id"):
        load(p)


def test_loaded_workspace_supports_authoring(tmp_path: Path) -> None:
    ws: Workspace = load(MODELS / "shop.py")
    rel = ws.model.people[0].uses("payments", "Pays", "HTTPS")
    assert rel.id == "customer->payments"


def _shape_outcome(data: object, **kwargs: str) -> str:
    from archkit.datafile import check_shape

    try:
        check_shape(data, "m.json", **kwargs)
    except ModelError as exc:
        return str(exc)
    return "ok"


@pytest.mark.parametrize("text", [
    *('{"name": "W", "properties": ' + "[" * depth + "]" * depth + "}" for depth in (198, 199, 200, 201, 250)),
    '{"name": "W\\ud800"}', '{"name": "W\\ud83d\\ude00"}', '{"n\\udfff": "W"}', '{"name": "W\\\\ud800"}',
    '{"name": "Zoë", "x": [{"y": ["\\uDBFF"]}]}', '[[[{"k": "\\u00e9"}]]]',
])
def test_json_shape_check_has_the_outcome_of_the_full_walk(text: str) -> None:
    """The JSON path of ``check_shape`` (no aliases, surrogates only where the text escapes them) refuses
    exactly what the full walk refuses, with its message."""
    import json

    data = json.loads(text)
    assert _shape_outcome(data, json_text=text) == _shape_outcome(data)


def test_a_json_model_nested_past_the_limit_is_refused_where_it_is(tmp_path: Path) -> None:
    model = write(tmp_path, "deep.json", '{"name": "W", "properties": {"a": ' + "[" * 201 + "]" * 201 + "}}")
    with pytest.raises(ModelError, match=r"deep\.json: properties\.a(\[0\])+.*: nested more than 200 levels deep"):
        load(model)
