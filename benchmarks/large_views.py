"""Large views (issue 3): how long a big container view with boundaries takes to draw.

The graph mirrors the one FINDINGS.md measured: a container view of ``n``
elements, 70% of them containers inside ``n/10`` group boundaries within the
system boundary, 30% people and external systems around it, and about two
labelled relationships per element. For each size it reports:

- ``archkit``: ``render_workspace(..., formats=("svg",))`` end to end (view
  computation, DOT, Graphviz with its layout choice and fallbacks, SVG post-processing);
- ``raw dot``: ``dot -Tsvg`` on the very DOT archkit drew the view with;
- ``naive dot``: ``dot -Tsvg`` on the same view encoded the natural way (clusters,
  edge ``label``s, ``newrank`` — without it dot fails outright from ~100 nodes — and
  no fallback), with a timeout: what a renderer that does not adapt would get.

    .venv/bin/python benchmarks/large_views.py            # 100, 500, 1000
    .venv/bin/python benchmarks/large_views.py 2000 --naive-timeout 30
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time

from archkit import Relationship, Workspace
from archkit.render import render_workspace
from archkit.render.dot import view_to_dot
from archkit.render.graphviz import dot_executable, image_dirs
from archkit.render.icons import IconResolver
from archkit.render.layout import ORDER, RANKED, Layout, choose
from archkit.render.style import LIGHT, Styler
from archkit.views import compute_view

SIZES = (100, 500, 1000)
_TECH = ("Python, FastAPI", "Java, Spring Boot", "Go", "PostgreSQL", "Apache Kafka", "Redis", "TypeScript, React")
_VERBS = ("Calls", "Reads from", "Publishes to", "Queries", "Sends events to", "Writes to")


def large_workspace(n: int, seed: int = 3) -> Workspace:
    """A workspace whose container view has ``n`` elements, ``n // 10`` groups and ~``2n`` edges."""
    rng = random.Random(seed)
    ws = Workspace(name=f"Large {n}")
    m = ws.model
    system = m.software_system("Platform", "The system in scope.")
    groups = [m.group(f"Team {g:03d}", id=f"team-{g:03d}") for g in range(max(1, n // 10))]
    inside = round(n * 0.7)
    containers = [
        system.container(f"Service {i:04d}", f"Does part {i} of the work.", _TECH[i % len(_TECH)],
                         id=f"platform.s{i:04d}", group=groups[i % len(groups)].id,
                         tags=["Database"] if i % 11 == 0 else ["Queue"] if i % 13 == 0 else [])
        for i in range(inside)
    ]
    outside = [
        m.person(f"User {i:04d}", "Uses the platform.", id=f"user{i:04d}") if i % 10 == 0
        else m.software_system(f"Partner {i:04d}", "A neighbouring system.", id=f"partner{i:04d}",
                               location="external")
        for i in range(n - inside)
    ]
    pairs: set[tuple[str, str]] = set()
    for element in outside:  # every neighbour is connected, so it is on the view
        target = rng.choice(containers)
        pairs.add((element.id, target.id) if rng.random() < 0.5 else (target.id, element.id))
    everything = [*containers, *outside]
    while len(pairs) < 2 * n:
        a, b = rng.choice(containers), rng.choice(everything)
        if a.id != b.id:
            pairs.add((a.id, b.id) if rng.random() < 0.8 else (b.id, a.id))
    for k, (source, destination) in enumerate(sorted(pairs)):
        m.add_relationship(Relationship(
            source=source, destination=destination, description=f"{_VERBS[k % len(_VERBS)]} it",
            technology="HTTPS/JSON" if k % 3 else "Kafka", interaction="async" if k % 7 == 0 else "sync",
        ))
    ws.views.container(system, key="large")
    return ws


def raw_dot(dot: str, timeout: float) -> tuple[float, str]:
    """Seconds `dot -Tsvg` takes on ``dot``, and "ok", "failed: ..." or "timeout"."""
    args = [dot_executable(), "-Tsvg", "-Gimagepath=" + ":".join(str(d) for d in image_dirs())]
    start = time.perf_counter()
    try:
        proc = subprocess.run(args, input=dot.encode(), capture_output=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return time.perf_counter() - start, "timeout"
    took = time.perf_counter() - start
    if proc.returncode != 0:
        first = proc.stderr.decode(errors="replace").strip().splitlines()[:1]
        return took, "failed: " + (first[0] if first else f"exit {proc.returncode}")
    return took, "ok"


def measure(n: int, naive_timeout: float) -> dict[str, object]:
    ws = large_workspace(n)
    view = ws.views["large"]
    computed = compute_view(ws, view)
    styler, icons = Styler(ws.styles, LIGHT), IconResolver()
    start = time.perf_counter()
    artifacts, messages = render_workspace(ws, formats=("svg",), jobs=1)
    archkit_s = time.perf_counter() - start
    start = time.perf_counter()
    render_workspace(ws, formats=("svg", "png"), jobs=1)
    both_s = time.perf_counter() - start
    fallback = [m for m in messages if "layout" in m]
    used = layout_named(fallback, choose(computed))
    chosen_dot = view_to_dot(computed, styler, icons, layout=used).text
    raw_s, raw_status = raw_dot(chosen_dot, timeout=600)
    naive_s, naive_status = raw_dot(view_to_dot(computed, styler, icons, layout=RANKED).text, naive_timeout)
    return {
        "n": n, "nodes": len(computed.nodes), "edges": len(computed.edges),
        "boundaries": len(computed.boundaries), "archkit_s": archkit_s, "both_s": both_s, "layout": used.name,
        "raw_s": raw_s, "raw": raw_status, "naive_s": naive_s, "naive": naive_status,
        "svg_kb": len(artifacts[0].content) // 1024, "messages": fallback,
    }


def layout_named(messages: list[str], default: Layout) -> Layout:
    """The layout the last fallback message names (the one that drew the view), else ``default``."""
    for message in reversed(messages):
        for layout in ORDER:
            if f"drawn with the '{layout.name}' layout" in message:
                return layout
    return default


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES))
    parser.add_argument("--naive-timeout", type=float, default=60.0,
                        help="seconds the naive encoding may take before it counts as a timeout")
    args = parser.parse_args(argv)
    print("| elements | edges | boundaries | layout | archkit render, SVG | raw `dot -Tsvg`, same DOT "
          "| archkit render, SVG + PNG | naive encoding, raw `dot -Tsvg` |")
    print("|---:|---:|---:|---|---:|---:|---:|---|")
    for n in args.sizes:
        r = measure(n, args.naive_timeout)
        naive = f"{r['naive_s']:.2f} s" if r["naive"] == "ok" else f"{r['naive']} after {r['naive_s']:.1f} s"
        print(f"| {r['nodes']} | {r['edges']} | {r['boundaries']} | {r['layout']} | {r['archkit_s']:.2f} s "
              f"| {r['raw_s']:.2f} s | {r['both_s']:.2f} s | {naive} |", flush=True)
        for message in r["messages"]:  # type: ignore[attr-defined]
            print(f"  <!-- {message} -->", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
