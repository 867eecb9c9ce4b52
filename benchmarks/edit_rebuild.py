"""The edit loop (issue 18): ``archkit build`` after one element's description changed, against a cold build.

    .venv/bin/python benchmarks/edit_rebuild.py              # N=1000, 3 pairs
    .venv/bin/python benchmarks/edit_rebuild.py --size 100 --runs 5

The synthetic model of ``synth.py`` is built once into a warm output folder. Then, in pairs taken
alternately on the same machine: a cold build (an empty output folder) of the model, and a rebuild of the
warm folder after the description of one container was changed (toggled between two texts, so every
rebuild follows a real edit). Each number is a whole ``archkit build`` process (wall seconds); a failed
build or a rebuild that is not "built" stops the run. The last line printed is
``cold_s=C edit_s=E ratio=R`` (medians; R the median of the per-pair ratios edit / cold).
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
WORK = BENCH / ".work" / "edit"
sys.path.insert(0, str(BENCH))
from synth import synth  # noqa: E402

TEXTS = ("The first text of the edited container.", "The second text of the edited container.")


def first_container(model: dict[str, Any]) -> dict[str, Any]:
    for system in model["model"]["software_systems"]:
        for container in system.get("containers", []):
            return container
    raise SystemExit("the synthetic model has no container to edit")


def write(model: dict[str, Any], path: Path, text: str) -> None:
    first_container(model)["description"] = text
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(model, indent=1) + "\n")


def timed_build(archkit: str, model: Path, out: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run([archkit, "build", str(model), "-o", str(out)], capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if proc.returncode != 0 or " built" not in proc.stdout + proc.stderr:
        raise SystemExit(f"archkit build {model} failed (exit {proc.returncode}):\n{proc.stdout}{proc.stderr}")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    archkit = str(Path(sys.executable).parent / "archkit")
    model = synth(args.size)
    shutil.rmtree(WORK, ignore_errors=True)
    warm_model, cold_model = WORK / "warm" / f"synth-{args.size}.json", WORK / "cold" / f"synth-{args.size}.json"
    write(model, warm_model, TEXTS[0])
    write(model, cold_model, TEXTS[0])
    print(f"first build of N={args.size}: {timed_build(archkit, warm_model, WORK / 'warm-out'):.1f} s", flush=True)
    colds, edits, ratios = [], [], []
    for n in range(args.runs):
        shutil.rmtree(WORK / "cold-out", ignore_errors=True)
        cold = timed_build(archkit, cold_model, WORK / "cold-out")
        write(model, warm_model, TEXTS[(n + 1) % 2])
        edit = timed_build(archkit, warm_model, WORK / "warm-out")
        colds.append(cold)
        edits.append(edit)
        ratios.append(edit / cold)
        print(f"pair {n + 1}: cold {cold:.2f} s, after one description edit {edit:.2f} s ({edit / cold:.1%})",
              flush=True)
    print(f"cold_s={statistics.median(colds):.2f} edit_s={statistics.median(edits):.2f} "
          f"ratio={statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
