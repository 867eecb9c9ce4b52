"""A view with layout hints keeps the flow of its relationships (:mod:`archkit.render.flow`): people first, the
fewest edges drawn back; the hints decide only the ranks they name, and win where the two disagree."""

from __future__ import annotations

import json
import re

from archkit import Workspace
from archkit.render import render_dot
from archkit.render.drawing import parse
from archkit.render.graphviz import run_dot
from archkit.render.quality import measure_json


def _support() -> Workspace:
    """A user, a web app, an API that notifies the user (declared first: ``dot``'s own cycle breaking, in
    declaration order, would draw the user below the API), a store and a worker that reads it."""
    ws = Workspace(name="Support")
    user = ws.model.person("User", "Asks for help.")
    s = ws.model.software_system("Desk", "Answers.")
    web, api = s.container("Web", "Pages.", "Python"), s.container("API", "Tickets.", "Python")
    db = s.container("DB", "Tickets.", "PostgreSQL", tags=["Database"])
    worker = s.container("Worker", "Escalates.", "Python")
    api.uses(user, "Notifies", "E-mail")
    user.uses(web, "Asks in", "HTTPS")
    web.uses(api, "Calls", "HTTPS")
    api.uses(db, "Stores tickets in", "SQL")
    worker.uses(db, "Scans tickets in", "SQL")
    ws.views.container(s, key="k")
    return ws


def _lines(dot: str, rel: str) -> list[str]:
    return [x for x in dot.splitlines() if re.search(rf'id="rel-{re.escape(rel)}(:head)?"', x)]


def _y(dot: str) -> dict[str, float]:
    """Element centres' y, growing downwards."""
    laid = json.loads(run_dot(dot, "json").content)
    return {o["name"]: -float(o["pos"].split(",")[1]) for o in laid["objects"] if "pos" in o}


def test_a_hint_elsewhere_leaves_the_person_first_and_the_notification_drawn_back() -> None:
    ws = _support()
    ws.views["k"].right_of("desk.worker", "desk.api")  # a hint the flow agrees with, naming neither end of the callback
    dot = render_dot(ws, "k")
    notify = _lines(dot, "desk.api->user")
    assert len(notify) == 2 and all("dir=back" in x and "archkit:hint" not in x for x in notify)
    y = _y(dot)
    assert y["user"] < y["desk.web"] < y["desk.api"] == y["desk.worker"] < y["desk.db"]
    laid = run_dot(dot, "json").content
    assert measure_json(laid).backward_edges == 1  # drawn against the flow, and counted so: no hint asked for it
    assert "desk.api->user" not in parse(json.loads(laid)).steered


def test_a_hint_against_the_flow_wins_and_its_relationships_are_steered_not_counted_back() -> None:
    ws = _support()
    ws.views["k"].below("user", "desk.api")  # the author wants the user under the API that notifies them
    dot = render_dot(ws, "k")
    notify = _lines(dot, "desk.api->user")  # the flow would draw it back; the hint wants it forward
    assert len(notify) == 2 and all("dir=back" not in x and 'comment="archkit:hint"' in x for x in notify)
    asks = _lines(dot, "user->desk.web")  # the user's own call now runs against the hint's ranks: steered back
    assert all("dir=back" in x and 'comment="archkit:hint"' in x for x in asks)
    y = _y(dot)
    assert y["user"] > y["desk.api"]
    assert measure_json(run_dot(dot, "json").content).backward_edges == 0
