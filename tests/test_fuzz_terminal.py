"""Fuzzing what reaches a terminal: models whose names, descriptions, titles and FILE NAME are random
text full of control characters (C0, C1, DEL, ESC/OSC sequences) and bidi marks, overrides and
isolates go through every command and output format; stdout and stderr never hold one raw, and the
JSON outputs stay valid and load back to the model's text.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from typer.testing import CliRunner

from archkit.cli import app
from tests.test_terminal_output import assert_no_raw, strings

_FUZZING = os.environ.get("HYPOTHESIS_PROFILE") == "fuzz"
_HOSTILE = ["\x1b", "\x1b[31m", "\x1b]0;t\x07", "\x1b]8;;http://x\x1b\\", "\x07", "\x00", "\x08", "\r", "\t", "\x0b",
            "\x7f", "\x85", "\x9b", "\x9d", "\u061c", "\u200e", "\u200f", "\u2028", "\u2029",
            *map(chr, range(0x202A, 0x202F)), *map(chr, range(0x2066, 0x206A)), "[bold]", "%0A", "::error::", "\n"]
_PIECE = st.one_of(st.sampled_from(_HOSTILE), st.characters(codec="utf-8", exclude_categories=("Cs",)))
hostile_text = st.lists(_PIECE, min_size=1, max_size=8).map("".join)
file_names = st.lists(_PIECE.filter(lambda c: "/" not in c and "\x00" not in c and "\n" not in c),
                      min_size=1, max_size=6).map(lambda parts: "m" + "".join(parts)[:40] + ".json")
# every command and format that prints model text, as CLI arguments after the model file(s)
COMMANDS = [["check", "-f", f] for f in ("text", "json", "sarif", "github")]
COMMANDS += [["diff", "-f", f, "NEW"] for f in ("text", "markdown", "json")]
COMMANDS += [["export", "--to", "structurizr"], ["export", "--to", "dsl"], ["render", "-f", "dot", "-o", "out"],
             ["docs", "--no-render", "--report", "json", "-o", "out"], ["export", "--to", "importlinter"],
             ["conform", "--src", "."]]


def model(name: str, text: list[str]) -> dict[str, Any]:
    return {
        "name": name,
        "model": {
            # "person " / "system ": Structurizr refuses a person and a system of one name, and export with it
            "people": [{"id": "customer", "name": "person " + text[0], "description": text[1]}],
            "software_systems": [{"id": "shop", "name": "system " + text[2], "description": text[3],
                                  "containers": [{"id": "shop.api", "name": text[4], "technology": text[5],
                                                  "code": "pkg"}]},
                                 {"id": "orphan", "name": text[6]}],
            "relationships": [{"source": "customer", "destination": "shop.api", "description": text[7]}],
        },
        "views": [{"type": "container", "key": "containers", "software_system": "shop", "title": text[1]}],
        # a rule the model keeps (a broken one is an error, and export refuses a model with errors)
        "rules": [{"type": "forbid", "source": "shop.api", "destination": "customer", "why": text[7]}],
    }


@settings(max_examples=150 if _FUZZING else 6,  # each example runs 13 commands (about 2.5 s)
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(file_name=file_names, texts=st.lists(hostile_text, min_size=9, max_size=9))
def test_hostile_text_in_every_output_format_never_reaches_the_terminal_raw(
        tmp_path_factory: pytest.TempPathFactory, file_name: str, texts: list[str]) -> None:
    work = tmp_path_factory.mktemp("term")
    (work / file_name).write_text(json.dumps(model(texts[8], texts)), encoding="utf-8")
    (work / "new.json").write_text(json.dumps(model("new", texts[::-1])), encoding="utf-8")
    (work / "pkg").mkdir()
    (work / "pkg" / "__init__.py").write_text("", encoding="utf-8")  # the code shop.api maps, for conform
    cwd = Path.cwd()
    os.chdir(work)
    try:
        for command in COMMANDS:
            args = [command[0], file_name, *("new.json" if a == "NEW" else a for a in command[1:])]
            result = CliRunner().invoke(app, args, env={"CI": "true"})
            assert result.exception is None or isinstance(result.exception, SystemExit), (args, result.exception)
            assert result.exit_code in (0, 1), (args, result.output)
            assert_no_raw(result.stdout.replace("\n", ""), f"{args} stdout")
            assert_no_raw(result.stderr.replace("\n", ""), f"{args} stderr")
            if args[0] == "export" and result.exit_code == 1:  # a model with errors is refused, nothing written
                refused = "in the model (listed above), nothing written"
                assert result.stdout == "" and refused in result.stderr, (args, result.output)
            elif "json" in args or "sarif" in args or "structurizr" in args:
                loaded = strings(json.loads(result.stdout))  # valid JSON ...
                assert "structurizr" not in args or texts[6] in loaded  # ... that loads back to the model's text
    finally:
        os.chdir(cwd)
