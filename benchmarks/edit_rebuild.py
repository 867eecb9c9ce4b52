"""The edit loop (issue 18): ``archkit build`` after one element's description changed, against a cold build.

    .venv/bin/python benchmarks/edit_rebuild.py              # N=1000, 3 pairs
    .venv/bin/python benchmarks/edit_rebuild.py --size 100 --runs 5
    .venv/bin/python benchmarks/edit_rebuild.py --size 5000 --runs 3 --no-cold --stages

The synthetic model of ``synth.py`` is built once into a warm output folder. Then, in pairs taken
alternately on the same machine: a cold build (an empty output folder) of the model, and a rebuild of the
warm folder after the description of one container was changed (toggled between two texts, so every
rebuild follows a real edit). Each number is a whole ``archkit build`` process (wall seconds); a failed
build or a rebuild that is not "built" stops the run. The last line printed is
``cold_s=C edit_s=E ratio=R`` (medians; R the median of the per-pair ratios edit / cold).

``--no-cold`` times the rebuilds only (no cold builds, ``cold_s`` and ``ratio`` are ``nan``): at N=5000 a
cold build takes minutes. ``--stages`` then makes one more edit and rebuilds in this process, timing the
stages of the build (:func:`archkit.build.job.build_model`, one render thread): load, check, the views
(computing and drawing them, or finding them fresh), the arc42 docs (generating them, merging the pages
on disk), writing, and the rest; printed as ``stage=seconds``.
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
WORK_ROOT = BENCH / ".work" / "edit"
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


STAGES = (("load", "archkit.load", "load"), ("check", "archkit.check", "check"),
          ("docs", "archkit.arc42", "generate_docs"), ("docs", "archkit.arc42.pipeline", "keep_hand_written"),
          ("write", "archkit.arc42.pipeline", "write_pages"), ("write", "archkit.output", "write_artifacts"),
          ("views", "archkit.render.pipeline", "iter_render"))


def stages(model: Path, out: Path) -> dict[str, float]:
    """Seconds per stage of one ``build_model`` in this process (the functions of :data:`STAGES` wrapped)."""
    import importlib

    from archkit.build.job import build_model, warm_up

    warm_up()
    spent: dict[str, float] = {}
    originals = []
    for stage, module_name, name in STAGES:
        module = importlib.import_module(module_name)
        original = getattr(module, name)
        originals.append((module, name, original))
        setattr(module, name, _timed(stage, original, spent))
    try:
        start = time.perf_counter()
        outcome = build_model(str(model), str(out), render_jobs=1)
        total = time.perf_counter() - start
    finally:
        for module, name, original in originals:
            setattr(module, name, original)
    if outcome.status != "built":
        raise SystemExit(f"build_model {model}: {outcome.status}: {outcome.messages[:3]}")
    spent["other"] = total - sum(spent.values())
    spent["total"] = total
    return spent


def _timed(stage: str, fn: Any, spent: dict[str, float]) -> Any:
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        if stage == "views":  # a generator: its time is the time spent in next()
            return _timed_iter(result, spent)
        spent[stage] = spent.get(stage, 0.0) + time.perf_counter() - start
        return result
    return timed


def _timed_iter(items: Any, spent: dict[str, float]) -> Any:
    iterator = iter(items)
    while True:
        start = time.perf_counter()
        try:
            item = next(iterator)
        except StopIteration:
            spent["views"] = spent.get("views", 0.0) + time.perf_counter() - start
            return
        spent["views"] = spent.get("views", 0.0) + time.perf_counter() - start
        yield item


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-cold", action="store_true", help="time the rebuilds only")
    parser.add_argument("--stages", action="store_true", help="then time the stages of one more rebuild")
    args = parser.parse_args(argv)
    archkit = str(Path(sys.executable).parent / "archkit")
    model = synth(args.size)
    work = WORK_ROOT / str(args.size)  # one folder per size: two sizes can be measured one after the other
    shutil.rmtree(work, ignore_errors=True)
    warm_model, cold_model = work / "warm" / f"synth-{args.size}.json", work / "cold" / f"synth-{args.size}.json"
    write(model, warm_model, TEXTS[0])
    write(model, cold_model, TEXTS[0])
    print(f"first build of N={args.size}: {timed_build(archkit, warm_model, work / 'warm-out'):.1f} s", flush=True)
    colds, edits, ratios = [], [], []
    for n in range(args.runs):
        cold = float("nan")
        if not args.no_cold:
            shutil.rmtree(work / "cold-out", ignore_errors=True)
            cold = timed_build(archkit, cold_model, work / "cold-out")
        write(model, warm_model, TEXTS[(n + 1) % 2])
        edit = timed_build(archkit, warm_model, work / "warm-out")
        colds.append(cold)
        edits.append(edit)
        ratios.append(edit / cold)
        print(f"pair {n + 1}: cold {cold:.2f} s, after one description edit {edit:.2f} s ({edit / cold:.1%})",
              flush=True)
    if args.stages:
        write(model, warm_model, TEXTS[(args.runs + 1) % 2])
        spent = stages(warm_model, work / "warm-out" / warm_model.stem)
        print(" ".join(f"{stage}={seconds:.2f}" for stage, seconds in spent.items()))
    print(f"cold_s={statistics.median(colds):.2f} edit_s={statistics.median(edits):.2f} "
          f"ratio={statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
