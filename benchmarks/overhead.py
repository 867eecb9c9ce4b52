"""archkit's own overhead over raw ``dot``, R at N=1000, in both modes of the layout search.

    .venv/bin/python benchmarks/overhead.py               # 5 pairs per mode
    .venv/bin/python benchmarks/overhead.py --runs 3 --size 1000

R is measured as ``run.py`` measures it (:func:`run.paired`: archkit's render of every view to SVG, a
whole ``stages.py render`` process, and raw ``dot -Tsvg`` on the DOT files archkit drew from, two at a
time, run alternately; R the median of the pairs' ratios), once with ``--layout best`` (the default,
whose extra candidate layouts of small views count as archkit's overhead: the floor draws each view's
final DOT once) and once with ``--layout fast`` (one layout per view). The last line printed is
``overhead_best=R overhead_fast=R`` (``--modes fast``: only ``overhead_fast=R``).

Each mode's line also gives the median CPU seconds (user + system, ``dot`` children included) of
both sides, and their difference: archkit's own CPU, the figure least moved by other work on the
machine (the ``dot`` work is the same on both sides). Under load a large view's layout can outlast its
attempt's timeout and fall back to a cheaper one: the floor then lays out what the first run drew,
while each archkit run may pay the timeout too, and the pair compares different work; the line says
in how many archkit runs a layout attempt failed or timed out (then R is not comparable).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from run import ROOT, WORK, config, image_path, models, paired  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5, help="pairs per mode")
    parser.add_argument("--modes", nargs="+", choices=("best", "fast"), default=["best", "fast"],
                        help="the layout search's modes to measure (default: both)")
    args = parser.parse_args(argv)
    cfg = config(argparse.Namespace(quick=False, runs=args.runs, no_peers=True))
    WORK.mkdir(exist_ok=True)
    subprocess.run([cfg.python, "-m", "compileall", "-q", str(ROOT / "archkit")], check=False)
    model = models((args.size,))[args.size]
    imagepath = image_path(cfg)
    found = {}
    for mode in args.modes:
        arch, raw = paired(cfg, model, WORK / f"dot-{args.size}-{mode}", imagepath, args.runs, layout=mode)
        if not (arch.ok and raw.ok) or len(arch.runs) != len(raw.runs):
            raise SystemExit(f"{mode}: a run failed")
        ratios = [a.seconds / r.seconds for a, r in zip(arch.runs, raw.runs, strict=True)]
        found[mode] = statistics.median(ratios)
        print(f"{mode}: archkit {statistics.median(a.seconds for a in arch.runs):.2f} s, raw dot "
              f"{statistics.median(r.seconds for r in raw.runs):.2f} s, pairs "
              + ", ".join(f"{x:.3f}" for x in ratios) + f"; R = {found[mode]:.3f}; CPU archkit {arch.cpu:.2f} s, "
              f"raw dot {raw.cpu:.2f} s, difference {arch.cpu - raw.cpu:.2f} s; "
              f"runs with a failed layout attempt: {sum(bool(r.marks.get('failed_attempts')) for r in arch.runs)}"
              f" of {len(arch.runs)}", flush=True)
    print(" ".join(f"overhead_{mode}={r:.3f}" for mode, r in found.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
