"""Render CPU and wall time of every example model, this tree against a base tree, in the same run.

Issue 13 ends with "rendering every example view costs at most 1.5x today's time", today being the
commit before its layout work (96d93ea). Each run renders all the models of ``models/`` (SVG and PNG,
``render_workspace`` as ``archkit render`` does, the default layout mode) in a fresh interpreter, once
with this tree and once with the base tree (``--base DIR``, a checkout of the baseline, imported through
``PYTHONPATH``: the script checks that the archkit imported is the one asked for), alternating which goes
first, two ways: ``render``, a process that measures its own rendering only (models loaded and modules
imported before the clock starts: ``getrusage`` of the process and of the ``dot`` children it waited for,
user + system), and ``cli``, ``archkit render MODEL`` run as a user runs it, a process per model (interpreter
start, imports and loading included: ``getrusage`` of the children). The medians of ``--runs`` runs, and
their ratios, end the output.

    .venv/bin/python benchmarks/render_cpu.py --base /work/wt/base13 --runs 3

``--hashes FILE`` instead writes the SHA-256 of every SVG, PNG and DOT file this tree renders of the
examples and of the untuned models (``benchmarks/untuned/``), and ``--compare FILE`` checks them against
a file written before: a change meant to make rendering cheaper must draw the same bytes.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FORMATS = ("svg", "png")


def _cpu() -> float:
    """CPU seconds of this process and of the children it waited for (``dot``), user + system."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _models(tree: Path) -> list[Path]:
    return sorted((tree / "models").glob("*.py"))


def _worker(tree: Path) -> None:
    """Render every example model of ``tree`` (this process imports ``tree``'s archkit): print the wall and
    CPU seconds as JSON."""
    import archkit
    from archkit import load
    from archkit.render import render_workspace

    imported = Path(archkit.__file__).resolve().parents[1]
    if imported != tree.resolve():
        raise SystemExit(f"render_cpu: imported archkit from {imported}, not from {tree}")
    workspaces = [load(path) for path in _models(tree)]
    start, start_cpu = time.perf_counter(), _cpu()
    views = 0
    for ws in workspaces:
        artifacts, _ = render_workspace(ws, formats=FORMATS)
        views += len(artifacts) // len(FORMATS)
    print(json.dumps({"wall": time.perf_counter() - start, "cpu": _cpu() - start_cpu, "views": views}))


def _run(tree: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--worker", str(tree)], env=env,
                         cwd=tree, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"render_cpu: rendering with {tree} failed:\n{out.stderr}")
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return result


#: Checks that the archkit imported is the tree's, then runs its command line (``archkit render ...``).
_CLI = ("import sys, pathlib, archkit\n"
        "tree = pathlib.Path(sys.argv.pop(1)).resolve()\n"
        "if pathlib.Path(archkit.__file__).resolve().parents[1] != tree: sys.exit('imported ' + archkit.__file__)\n"
        "from archkit.cli import main\n"
        "sys.argv[0] = 'archkit'\n"
        "main()\n")


def _cli(tree: Path) -> dict[str, float]:
    """``archkit render MODEL -o DIR`` of every example model with ``tree``'s archkit, a process each (what a
    user runs): the processes' wall and CPU seconds (interpreter start, imports and loading included)."""
    env = {**os.environ, "PYTHONPATH": str(tree)}
    wall = cpu = 0.0
    with tempfile.TemporaryDirectory(prefix="render-cpu-") as out:
        for model in _models(tree):
            before, start = _children(), time.perf_counter()
            done = subprocess.run([sys.executable, "-c", _CLI, str(tree), "render", str(model), "-o", out],
                                  env=env, cwd=tree, capture_output=True, text=True, check=False)
            wall, cpu = wall + time.perf_counter() - start, cpu + _children() - before
            if done.returncode != 0:
                raise SystemExit(f"render_cpu: archkit render {model} with {tree} failed:\n{done.stderr}")
    return {"wall": wall, "cpu": cpu}


def _children() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def compare(base: Path, runs: int) -> None:
    trees = {"current": ROOT, "base": base.resolve()}
    seen: dict[tuple[str, str], list[dict[str, float]]] = {}
    for at in range(runs):
        order = list(trees) if at % 2 == 0 else list(reversed(trees))
        for name in order:
            for how, measure in (("render", _run), ("cli", _cli)):
                result = measure(trees[name])
                seen.setdefault((how, name), []).append(result)
                print(f"run {at + 1} {how:6s} {name:7s} wall {result['wall']:6.2f} s cpu {result['cpu']:6.2f} s"
                      f"  load {os.getloadavg()[0]:.2f}", flush=True)
    median = {key: {figure: statistics.median(r[figure] for r in results) for figure in ("wall", "cpu")}
              for key, results in seen.items()}
    for (how, name), figures in median.items():
        print(f"median {how:6s} {name:7s} wall {figures['wall']:6.2f} s cpu {figures['cpu']:6.2f} s")
    for how in ("render", "cli"):
        cpu = median[how, "current"]["cpu"] / median[how, "base"]["cpu"]
        wall = median[how, "current"]["wall"] / median[how, "base"]["wall"]
        print(f"ratio current/base ({how}): cpu {cpu:.2f}x wall {wall:.2f}x")


def hashes() -> dict[str, str]:
    """The SHA-256 of every SVG, PNG and DOT file this tree renders of the examples and the untuned models."""
    from archkit import load
    from archkit.render import render_workspace

    found: dict[str, str] = {}
    for path in [*_models(ROOT), *sorted((ROOT / "benchmarks" / "untuned").glob("*.py"))]:
        artifacts, _ = render_workspace(load(path), formats=(*FORMATS, "dot"))
        for artifact in artifacts:
            found[f"{path.parent.name}/{path.stem}/{artifact.relpath}"] = hashlib.sha256(artifact.content).hexdigest()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--base", type=Path, help="a checkout of the baseline (issue 13: 96d93ea)")
    parser.add_argument("--runs", type=int, default=3, help="runs of each tree; the medians count")
    parser.add_argument("--hashes", type=Path, help="write the hashes of every rendered file here")
    parser.add_argument("--compare", type=Path, help="check the hashes of every rendered file against this file")
    parser.add_argument("--worker", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        _worker(args.worker)
    elif args.hashes is not None or args.compare is not None:
        found = hashes()
        if args.hashes is not None:
            args.hashes.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n")
            print(f"{len(found)} files hashed into {args.hashes}")
        if args.compare is not None:
            before: dict[str, str] = json.loads(args.compare.read_text())
            changed = sorted(k for k in before.keys() | found.keys() if before.get(k) != found.get(k))
            print(f"{len(found)} files, {len(changed)} differ from {args.compare}")
            for key in changed:
                print(f"  {key}")
            if changed:
                raise SystemExit(1)
    elif args.base is not None:
        compare(args.base, args.runs)
    else:
        parser.error("give --base DIR (with --runs N), or --hashes FILE / --compare FILE")


if __name__ == "__main__":
    main()
