"""``!impliedRelationships true|false|<strategy>``: which implied relationships Structurizr makes.

archkit derives implied relationships by Structurizr's default rule (``true``, the DSL's default): another
strategy is read, and warned about with its line, as archkit's views and exports imply by that rule.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from archkit.importers.dsl.context import State

_STRATEGIES = {"true": "any", "false": "none",
               "com.structurizr.model.createimpliedrelationshipsunlessanyrelationshipexistsstrategy": "any",
               "com.structurizr.model.createimpliedrelationshipsunlesssamerelationshipexistsstrategy": "same",
               "com.structurizr.model.defaultimpliedrelationshipsstrategy": "none"}


def implied(state: State, words: list[str]) -> None:
    """``!impliedRelationships true|false`` or one of Structurizr's own strategy classes."""
    if len(words) != 2:
        state.fail("expected '!impliedRelationships <true|false>'", "give true or false")
    strategy = _STRATEGIES.get(words[1].lower())
    if strategy is None:
        state.fail(f"'!impliedRelationships {words[1]}' names a strategy class of its own, which would run Java "
                   "code", "use true, false or one of Structurizr's strategies")
    state.ws.implied = strategy
    if strategy != "any":
        state.warn(f"'!impliedRelationships {words[1]}': archkit derives implied relationships by Structurizr's "
                   "default rule (one between two parents where none joins them yet) in its views and exports",
                   "the imported views keep the elements and relationships Structurizr's showed; exclude an "
                   "implied relationship from a view where it must not appear")
