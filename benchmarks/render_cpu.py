"""Issue 13's cost target: rendering every example view against a baseline tree, in the same run.

    .venv/bin/python benchmarks/render_cpu.py --base /work/wt/base13 --runs 3
    .venv/bin/python benchmarks/render_cpu.py --base DIR --runs 5 --hash

``--base`` is a checkout of an older archkit (issue 13's "today" is commit 96d93ea:
``git worktree add --detach ../base13 96d93ea``, then ``make setup`` in it: its own ``.venv``, so its
model processes import its code). Each run renders every model of ``models/`` with ``archkit render``
(the formats each model asks for, ``svg,png`` by default, the default layout search) once with this
tree and its models and once with the base and its own, alternately, each in a fresh output folder, as
whole processes (the ``archkit`` of each tree's ``.venv``, checked to import that tree's code).
A run's CPU is the user + system time of the
process and of every ``dot`` it ran (``RUSAGE_CHILDREN``), its wall the elapsed time; the table gives
the medians and their ratios (this tree / the base), the figure least moved by other work on the
machine being the CPU. ``--hash`` also prints a digest of every file this tree wrote, to show two
versions of the code draw the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_CHECK = "import archkit, sys; sys.exit(0 if archkit.__file__.startswith(sys.argv[1]) else 3)"


def render(tree: Path, models: list[Path], out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of rendering ``models`` with the code of ``tree`` into ``out``."""
    python = tree / ".venv" / "bin" / "python"
    if subprocess.run([python, "-c", _CHECK, str(tree / "archkit")], cwd=tree).returncode:
        raise SystemExit(f"{python} does not import {tree / 'archkit'}: run `make setup` in {tree}")
    cmd = [str(tree / ".venv" / "bin" / "archkit"), "render"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for model in models:
        args = [*cmd, str(model), "-o", str(out)]
        done = subprocess.run(args, cwd=tree, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{tree}: archkit render {model.name} failed:\n{done.stderr[-2000:]}")
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def digest(out: Path) -> str:
    """One sha256 over every file under ``out`` (relative path and bytes)."""
    total = hashlib.sha256()
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        total.update(str(path.relative_to(out)).encode() + b"\0" + path.read_bytes())
    return total.hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", type=Path, required=True, help="a checkout of the baseline archkit")
    parser.add_argument("--runs", type=int, default=3, help="runs of each tree (default 3)")
    parser.add_argument("--hash", action="store_true", help="print a digest of what this tree drew")
    args = parser.parse_args(argv)
    base = args.base.resolve()
    models = sorted((ROOT / "models").glob("*.py"))
    figures: dict[str, list[tuple[float, float]]] = {"base": [], "this": []}
    with tempfile.TemporaryDirectory(prefix="render-cpu-") as folder:
        for run in range(args.runs):
            for name, tree in (("base", base), ("this", ROOT)):
                out = Path(folder) / f"{name}-{run}"
                wall, cpu = render(tree, [base / "models" / m.name if name == "base" else m for m in models],
                                   out)
                figures[name].append((wall, cpu))
                print(f"run {run + 1} {name}: wall {wall:.2f} s, CPU {cpu:.2f} s", file=sys.stderr, flush=True)
                if args.hash and name == "this":
                    print(f"run {run + 1} digest {digest(out)}", file=sys.stderr, flush=True)
    print("| tree | wall s (median) | CPU s (median) |")
    print("|---|---|---|")
    medians = {}
    for name, runs in figures.items():
        wall = statistics.median(w for w, _ in runs)
        cpu = statistics.median(c for _, c in runs)
        medians[name] = (wall, cpu)
        print(f"| {name} | {wall:.2f} | {cpu:.2f} |")
    ratio_wall = medians["this"][0] / medians["base"][0]
    ratio_cpu = medians["this"][1] / medians["base"][1]
    print(f"\nratio this/base: wall {ratio_wall:.2f}x, CPU {ratio_cpu:.2f}x ({args.runs} runs each, load "
          f"{os.getloadavg()[0]:.1f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
