"""DOT strings are quoted by the graphviz package (``graphviz.escape`` + ``quoting.quote``), with archkit's
own additions (control characters out, line breaks flat, always quoted): the bytes are those of the
hand-written quoting they replaced, and DOT injection stays text."""

from __future__ import annotations

import subprocess

import pytest
from hypothesis import given, strategies as st

from archkit.render.graphviz import dot_executable
from archkit.render.labels import clean, quoted


def hand_written(text: str) -> str:
    """The quoting archkit wrote by hand before it used the graphviz package."""
    flat = " ".join(clean(text).split("\n"))
    return '"' + flat.replace("\\", "\\\\").replace('"', '\\"') + '"'


@given(st.text(alphabet=st.sampled_from(list('ab \\"<>\n\x1b\u2028node-4.2_')), max_size=25) | st.text(max_size=25))
def test_quoting_by_the_graphviz_package_gives_the_bytes_of_the_hand_written_one(text: str) -> None:
    assert quoted(text) == hand_written(text)


@pytest.mark.parametrize("text", ['"]; x [shape=none label=<b>]; //', "end\\", "a\\Nb", 'x\\"y', "node", "<b>x</b>"])
def test_quoted_text_is_one_dot_string_drawn_as_typed(text: str) -> None:
    dot = f"digraph {{ a [label={quoted(text)}]; }}"
    done = subprocess.run([dot_executable(), "-Tplain"], input=dot.encode(), capture_output=True, timeout=30,
                          check=True)
    nodes = [line for line in done.stdout.decode().splitlines() if line.startswith("node ")]
    assert len(nodes) == 1  # nothing injected
    label = nodes[0].split(" ", 6)[6].rsplit(" ", 4)[0]
    assert label.strip('"').replace('\\"', '"').replace("\\\\", "\\") == text
