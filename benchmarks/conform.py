"""How long `archkit conform` takes on a large real package, mapped by subpackage.

    .venv/bin/python benchmarks/conform.py PACKAGE [--src DIR] [--runs N]

The model is the one `archkit discover PACKAGE` drafts (a container for the package, a component
per subpackage, a relationship per pair of components whose code imports the other's), plus one
rule (the first component may use no other) so that rule evaluation is timed too. Measured: the
in-process `conform()` (grimp parses every module, nothing is cached between runs) and the whole
`archkit conform MODEL --src DIR` process, each the median of N runs after one warm-up.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from archkit.conform import conform
from archkit.conform.discover import discover
from archkit.export.python_source import to_python


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("package")
    parser.add_argument("--src", type=Path, default=Path("."))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    ws = discover(args.package, args.src)
    components = ws.model.software_systems[0].containers[0].components
    if len(components) > 1:
        ws.rules.forbid(components[0].id, "*", id="bench", why="benchmark rule")
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "bench_model.py"
        model.write_text(to_python(ws), encoding="utf-8")
        found = conform(ws, model, args.src)  # warm-up
        inproc = []
        for _ in range(args.runs):
            start = time.perf_counter()
            conform(ws, model, args.src)
            inproc.append(time.perf_counter() - start)
        command = [str(Path(sys.executable).parent / "archkit"), "conform", str(model), "--src", str(args.src)]
        subprocess.run(command, capture_output=True, check=False)
        whole = []
        for _ in range(args.runs):
            start = time.perf_counter()
            subprocess.run(command, capture_output=True, check=False)
            whole.append(time.perf_counter() - start)
    from archkit.conform.imports import build

    graph = build([args.package], args.src)
    imports = sum(len(graph.imported_by(m)) for m in graph.modules)
    rules = {f.rule for f in found}
    print(f"package={args.package} modules={len(graph.modules)} imports={imports} components={len(components)} "
          f"relationships={len(ws.model.relationships)} findings={len(found)} ({', '.join(sorted(rules))})")
    print(f"conform_in_process_s median={statistics.median(inproc):.3f} min={min(inproc):.3f} max={max(inproc):.3f}")
    print(f"archkit_conform_cli_s median={statistics.median(whole):.3f} min={min(whole):.3f} max={max(whole):.3f}")


if __name__ == "__main__":
    main()
