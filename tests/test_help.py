"""`archkit CMD --help` is written for people: `archkit check [OPTIONS] FILE...`, `--out DIR`,
`--format [text|json]` — never typer's `{files}`, `<list[Path]>` or `<float>`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from archkit.cli import app

COMMANDS = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
MACHINE = re.compile(r"\{\w+\}|<(?:path|str|int|float|bool|list\[[^>]*\]|[\w-]+(?:\|[\w-]+)+)>|list\[")
"""What typer writes for a machine: ``{files}``, ``<list[Path]>``, ``<path>``, ``<text|json>`` (not the
prose ``OUT/<model>/`` of a help text)."""
ARCHKIT = Path(sys.executable).with_name("archkit")  # the installed console script, as a user runs it


def help_text(command: str) -> str:
    done = subprocess.run([str(ARCHKIT), command, "--help"], capture_output=True, text=True, check=False, timeout=60,
                          env={**os.environ, "COLUMNS": "120"})
    assert done.returncode == 0, done.stderr
    return done.stdout


def usage_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("Usage:"))


def options_and_arguments(text: str) -> str:
    """The Arguments and Options sections (the command's own description may mention `<model>`)."""
    return text[text.index("\nArguments:") if "\nArguments:" in text else text.index("\nOptions:"):]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_commands_help_names_values_as_a_person_would(command: str) -> None:
    text = help_text(command)
    assert not MACHINE.search(usage_line(text)), usage_line(text)
    found = MACHINE.findall(options_and_arguments(text))
    assert not found, f"archkit {command} --help: {found}"


@pytest.mark.parametrize(("command", "usage"), [
    ("check", "Usage: archkit check [OPTIONS] FILE..."),
    ("build", "Usage: archkit build [OPTIONS] [MODEL]..."),
    ("diff", "Usage: archkit diff [OPTIONS] OLD [NEW]"),
    ("render", "Usage: archkit render [OPTIONS] MODEL"),
    ("import", "Usage: archkit import [OPTIONS] WORKSPACE"),
    ("schema", "Usage: archkit schema [OPTIONS]"),
])
def test_usage_lines_read_as_the_readme_writes_them(command: str, usage: str) -> None:
    assert usage_line(help_text(command)) == usage


def test_options_show_what_their_value_means() -> None:
    text = help_text("check")
    assert "-f, --format [text|json|sarif|github]" in text
    assert "--timeout SECONDS" in text
    assert "\n  FILE...  Model files" in text
    render = help_text("render")
    assert "-o, --out DIR" in render and "-v, --view KEY" in render and "--quality [text|json|off]" in render
    assert "--report [text|json]" in help_text("docs")  # only what --report accepts
