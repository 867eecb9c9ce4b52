"""The README documents every CLI command and the two set-up commands."""

from __future__ import annotations

from pathlib import Path

import typer.main

from archkit.cli import app

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def test_every_cli_command_appears_in_the_readme() -> None:
    group = typer.main.get_command(app)
    missing = [n for n in group.commands if f"archkit {n}" not in README]  # type: ignore[attr-defined]
    assert not missing, f"commands not documented in README.md: {missing}"


def test_readme_shows_the_two_setup_commands() -> None:
    assert "make demo" in README and "make test" in README
