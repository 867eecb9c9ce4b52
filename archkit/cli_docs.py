"""``archkit docs`` and the diagrams it embeds: those a build drew from an older model are drawn again.

``archkit docs`` draws the diagrams that are missing; a diagram that is there but was drawn (by ``archkit
build``) from an older version of the model would be embedded as it is, silently out of date. Each view
whose freshness entry (:mod:`archkit.render.freshness`) no longer matches the model is drawn again here,
with the entry that lets the next build re-use it, and named; a view without an entry (drawn by ``archkit
render``) cannot be judged and is left as it is.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from archkit.model import Workspace


def redraw_stale(ws: Workspace, root: Path) -> tuple[list[str], list[str]]:
    """Draw again (and write under ``root``) the views a build drew from an older model; returns their keys
    and what drawing them said."""
    from archkit.build.job import fresh_cache
    from archkit.output import write_artifacts
    from archkit.render.formats import diagram_formats
    from archkit.render.freshness import Kept
    from archkit.render.pipeline import iter_render

    formats = tuple(dict.fromkeys(diagram_formats(ws.properties)))
    cache = replace(fresh_cache(root, contents=False), formats=formats)
    judged = [v.key for v in ws.effective_views() if cache.read(v.key) is not None]
    if not judged:
        return [], []
    stale: list[str] = []
    notes: list[str] = []
    drawn = []
    for (key, (batch, messages)) in zip(judged, iter_render(ws, formats=formats, views=judged, cache=cache),
                                        strict=True):
        fresh = [a for a in batch if not isinstance(a, Kept)]  # a re-used view's files are Kept: never written
        drawn += fresh  # (its entry may be renewed: the same key, a new quick key)
        if any(a.relpath.startswith("diagrams/") for a in fresh):
            stale.append(key)
            notes += messages
    write_artifacts(root, drawn, merge=False)  # every path checked before the first write
    return stale, notes
