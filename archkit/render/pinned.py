"""A pinned order written into DOT: the declarations, starts and chains that make ``dot`` keep an order
:mod:`archkit.render.order` found (what ``dot`` takes from DOT, and why, is in that module's docstring).

:mod:`archkit.render.dot` writes a view with these; the sifting itself stays in :mod:`archkit.render.order`,
which only the layout search imports.
"""

from __future__ import annotations

from dataclasses import dataclass

from archkit.render.labels import quoted

#: The DOT cluster name of the top level in :attr:`Pinned.children`.
ROOT = ""


@dataclass(frozen=True)
class Pinned:
    """An order to write: per boundary (its DOT cluster name, ``""`` for the top level), its direct
    contents (node names and cluster names) in order; per rank, the top-level nodes that come before
    the first boundary on it (``leads``); and (``chains``, when the order is to be held) the top-level
    nodes of each rank left to right."""

    children: tuple[tuple[str, tuple[str, ...]], ...] = ()
    leads: tuple[tuple[str, ...], ...] = ()
    chains: tuple[tuple[str, ...], ...] = ()

    def place(self, cluster: str) -> dict[str, int]:
        """Where each direct content of ``cluster`` comes in its order."""
        names = dict(self.children).get(cluster, ())
        return {name: at for at, name in enumerate(names)}


def _cluster(boundary: str | None) -> str:
    """The DOT cluster name of a boundary id (``ROOT`` for the top level)."""
    return ROOT if boundary is None else "cluster_" + boundary


def pinned_order(items: list[tuple[str, list[str]]], pinned: Pinned | None,
                 boundary: str | None) -> list[tuple[str, list[str]]]:
    """The DOT declarations of a boundary's direct contents (``(name, lines)``) in ``pinned``'s
    order; contents it does not name keep their place after the named ones. Unchanged without one."""
    if pinned is None:
        return items
    place = pinned.place(_cluster(boundary))
    return sorted(items, key=lambda item: place.get(item[0], len(place)))


def pinned_chains(pinned: Pinned | None, boundary: str | None) -> list[str]:
    """The DOT lines that hold ``pinned``'s order among the top level's nodes on each rank:
    ``{rank=same; "a" -> "b" -> "c" [style=invis];}`` (``dot`` keeps a flat edge's tail left of its
    head there; inside a cluster it keeps some tail first and others head first)."""
    if pinned is None or boundary is not None:
        return []
    return ["{rank=same; " + " -> ".join(quoted(name) for name in chain) + " [style=invis];}"
            for chain in pinned.chains]


def pinned_sources(pinned: Pinned | None) -> list[str]:
    """The DOT lines that start ``dot``'s first walk of the edges at the nodes ``pinned`` puts before
    the boundaries on their rank: per rank, an invisible point with an invisible edge to each of
    them, declared before anything else. ``dot`` places nodes on a rank in the order that walk meets
    them and keeps it unless its crossing reduction finds better; the order of a node and a boundary
    cannot be given otherwise (``dot`` drops edges between a cluster's members and other nodes on a rank)."""
    if pinned is None:
        return []
    lines = []
    for at, row in enumerate(pinned.leads):
        name = quoted(f"archkit:lead:{at}")
        lines.append(f'{name} [style=invis shape=point width=0 height=0 label=""];')
        lines += [f"{name} -> {quoted(node)} [style=invis];" for node in row]
    return lines
