"""How one relationship's path is written in DOT: a plain edge, or two halves through its label node.

Pure text: :class:`archkit.render.dot.DotWriter` decides which relationship is drawn how (ends, label
home, against the flow, hubs); this module writes the statements: the label node (:func:`label_node`),
the ``minlen`` of each half (:func:`spans`) and one DOT edge (:func:`edge_line`).
"""

from __future__ import annotations

from collections.abc import Collection

from archkit.render.labels import quoted
from archkit.render.style import Theme


def label_node(name: str, element_id: str, label: str, tooltip: str, theme: Theme) -> str:
    """The DOT statement of an edge's label as a small node named ``name`` (``element_id`` its SVG id),
    borderless on the background, so the edge seems to pass behind its text."""
    node = {"id": quoted(element_id), "label": f"<{label}>", "shape": "box", "style": '"filled"',
            "fillcolor": quoted(theme.background), "penwidth": "0", "margin": '"0.03,0.02"',
            "width": "0", "height": "0", "fontsize": "10", "fontcolor": quoted(theme.muted), "tooltip": tooltip}
    return f"{quoted(name)} [" + " ".join(f"{k}={v}" for k, v in node.items()) + "];"


def spans(tail: str, head: str, hubs: Collection[str], rooms: Collection[str],
          room: tuple[int, int] | tuple[()]) -> tuple[dict[str, str], dict[str, str]]:
    """The ``minlen`` of the two halves of the path ``tail -> label -> head``: the half into one of ``hubs``
    (``Layout.hubs``) spans two ranks, so the label stays by its source rather than in a row beside the hub;
    with ``room`` (``Layout.hub_room``: away, at), a path to or from one of ``rooms`` (a dense view's hubs)
    spans ``at`` ranks on each half at a hub and ``away`` on a half that is not, so its label and bends leave
    the hub's sides (a path between two hubs: ``at`` on both halves, its label clear of either; hospital
    containers 234 -> 187 against ``away`` on its tail's half, ``benchmarks/README.md``, ``h/hub3``).
    Nothing for a plain path."""
    first: dict[str, str] = {}
    second = {"minlen": "2"} if head in hubs else {}
    if room and (tail in rooms or head in rooms):
        first["minlen"], second["minlen"] = (str(room[end in rooms]) for end in (tail, head))
    return first, second


def edge_line(tail: tuple[str, str | None], head: tuple[str, str | None], attrs: dict[str, str],
              back: bool) -> str:
    """One DOT edge; ``back`` writes it from head to tail with ``dir=back``, so it ranks the head first
    and is still drawn with its arrow at the head."""
    (t, ltail), (h, lhead) = tail, head
    extra = {**({"ltail": quoted(ltail)} if ltail else {}), **({"lhead": quoted(lhead)} if lhead else {})}
    if back:
        t, h = h, t
        extra = {{"ltail": "lhead", "lhead": "ltail"}[k]: v for k, v in extra.items()}
        extra["dir"] = "back"
    return f"{quoted(t)} -> {quoted(h)} [" + " ".join(f"{k}={v}" for k, v in {**attrs, **extra}.items()) + "];"
