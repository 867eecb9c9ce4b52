"""How long the layout measure takes (issue 18, "The remaining overhead"): ``quality.measure_json``
timed over the geometry of every example view, candidate layouts included.

    .venv/bin/python benchmarks/measure_speed.py            # collect (once), then time
    .venv/bin/python benchmarks/measure_speed.py --runs 5 --collect
    .venv/bin/python benchmarks/measure_speed.py --synth 1000     # the synthetic model's views instead

Collecting renders the example models (``models/*.py``) in the default ``best`` layout mode and keeps
every ``-Tjson``/``-Tjson0`` document the layout search measures (each candidate of each view), in
``benchmarks/.work/measure-corpus/``. Timing measures all of them in turn, ``--runs`` times; the
median run counts. Only this process's time: no ``dot`` runs while timing. ``--synth N`` collects the
views of the synthetic model of N elements (``synth.py``) instead, in ``measure-corpus-N/``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

from archkit.load import load
from archkit.render import render_views, search
from archkit.render.quality import measure_json

ROOT = Path(__file__).resolve().parents[1]
BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
from synth import write_model  # noqa: E402


def collect(models: list[Path]) -> list[bytes]:
    """Every geometry document the layout search measures while rendering ``models``, in order."""
    seen: list[bytes] = []
    measure = search.measure_json

    def recording(text: str | bytes) -> search.Quality:
        seen.append(text if isinstance(text, bytes) else text.encode())
        return measure(text)

    search.measure_json = recording  # type: ignore[assignment]
    try:
        for model in models:
            render_views(load(model), formats=("svg",), jobs=1)
    finally:
        search.measure_json = measure  # type: ignore[assignment]
    return seen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--collect", action="store_true", help="collect the geometry again")
    parser.add_argument("--synth", type=int, help="the synthetic model of this many elements, not the examples")
    args = parser.parse_args(argv)
    corpus = BENCH / ".work" / ("measure-corpus" + (f"-{args.synth}" if args.synth else ""))
    if args.collect or not corpus.is_dir():
        models = ([write_model(args.synth, BENCH / ".work" / "models" / f"synth-{args.synth}.json")] if args.synth
                  else sorted((ROOT / "models").glob("*.py")))
        corpus.mkdir(parents=True, exist_ok=True)
        for old in corpus.glob("*.json"):
            old.unlink()
        for n, doc in enumerate(collect(models)):
            (corpus / f"{n:04d}.json").write_bytes(doc)
    docs = [p.read_bytes() for p in sorted(corpus.glob("*.json"))]
    times = []
    for _ in range(args.runs):
        start = time.process_time()
        for doc in docs:
            measure_json(doc)
        times.append(time.process_time() - start)
    size = sum(len(d) for d in docs) / 1e6
    print(f"{len(docs)} documents ({size:.1f} MB): median {statistics.median(times):.3f} s CPU, "
          f"fastest {min(times):.3f} s (runs: {', '.join(f'{t:.3f}' for t in times)})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
