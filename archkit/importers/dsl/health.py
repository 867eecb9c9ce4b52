"""``healthCheck <name> <url> [interval] [timeout]`` inside a container or software system instance."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from archkit.importers.dsl.context import State

_SYNTAX = "healthCheck <name> <url> [interval] [timeout]"


def health_check(state: State, words: list[str]) -> dict[str, Any]:
    """One health check in Structurizr's JSON form (interval 60 seconds and timeout 0 ms by default)."""
    if not 3 <= len(words) <= 5:
        state.fail(f"expected '{_SYNTAX}'", "give the check's name and URL, then optionally its interval in "
                   "seconds and its timeout in milliseconds")
    numbers = []
    for word, what, default in zip([*words[3:5], "", ""], ("interval", "timeout"), (60, 0), strict=False):
        if word and not word.isdigit():
            state.fail(f"the health check's {what} '{word[:40]}' is not a whole number", f"write '{_SYNTAX}' with "
                       f"the {what} in {'seconds' if what == 'interval' else 'milliseconds'}")
        numbers.append(int(word) if word else default)
    return {"name": words[1], "url": words[2], "interval": numbers[0], "timeout": numbers[1]}
