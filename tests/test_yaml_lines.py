"""A YAML model that fails validation: each problem names its line, and a key written as one word of the
key meant (``debts`` for ``technical_debts``) gets a did-you-mean."""

from __future__ import annotations

from pathlib import Path

import pytest

from archkit import ModelError, load
from archkit.yamlfile import line_finder

MODEL = """\
name: T
model:
  people:
    - id: u
      name: User
      descripton: d
arc42:
  debts:
    - {id: x, title: X}
views:
  - type: system_context
    key: c
    software_system: nowhere
    layout_hints:
      - {kind: above, elements: [u, v, w]}
"""


def test_each_problem_names_its_line_and_a_one_word_key_its_full_name(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(MODEL, encoding="utf-8")
    with pytest.raises(ModelError) as caught:
        load(path)
    lines = str(caught.value).splitlines()
    assert any(line.startswith(f"{path}:6: model.people[0] ('u').descripton: unknown key 'descripton'; did you mean "
                               "'description'?") for line in lines), lines
    assert any(line.startswith(f"{path}:8: arc42.debts: unknown key 'debts'; did you mean 'technical_debts'?")
               for line in lines), lines
    assert any(line.startswith(f"{path}:15: views[0] ('c').layout_hints[0]: an 'above' hint") for line in lines), lines


def test_the_line_of_a_path_is_its_key_or_item_and_a_missing_key_its_parent() -> None:
    find = line_finder(MODEL)
    assert find(["model", "people", 0, "name"]) == 5
    assert find(["views", 0]) == 11
    assert find(["model", "people", 0, "location"]) == 4  # missing: the item it is missing from
    assert find(["nothing"]) is None
    assert line_finder("a: [")(["a"]) is None  # text that cannot be read again: no line
