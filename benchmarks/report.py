"""Tables, targets and the summary line of a benchmark run; the results section of the README."""

from __future__ import annotations

import json
import math
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from measure import Sample

START = "<!-- bench:results:start (written by `python benchmarks/run.py --readme`) -->"
END = "<!-- bench:results:end -->"

TARGETS = {
    "overhead": "archkit's own overhead (everything but `dot`) < 10% of the `dot` time at N=1000",
    "load": "load + check of 5000 elements < 1 s",
    "cli": "`archkit --version` < 0.3 s",
    "noop": "no-op `archkit build` of all examples < 1 s",
    "memory": "peak memory at N=5000 < 300 MB",
    "views": "no view of any size fails",
}


#: the rows R is taken on (the target's mode, one layout per view: `--layout fast`) ...
RENDER = "render every view to SVG (archkit, `--layout fast`)"
RAW_DOT = "Graphviz layout (raw `dot -Tsvg`, the floor)"
#: ... and the default mode's, whose layout search lays small views out several times (reported, not a target)
RENDER_BEST = "render every view to SVG (archkit, `--layout best`)"
RAW_DOT_BEST = "Graphviz layout (raw `dot -Tsvg` of the `best` DOT)"


@dataclass
class Row:
    what: str
    n: int | None
    how: str
    sample: Sample


@dataclass
class PeerRow:
    n: int
    view: str
    nodes: int
    edges: int
    tool: str
    sample: Sample


@dataclass
class Report:
    quick: bool
    started: float = field(default_factory=time.perf_counter)
    load_before: str = field(default_factory=lambda: _loadavg())
    rows: list[Row] = field(default_factory=list)
    peers: list[PeerRow] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def add(self, row: Row) -> None:
        self.rows.append(row)
        status = "ok" if row.sample.ok else ("n/a" if row.sample.unavailable else "FAILED")
        where = f" N={row.n}" if row.n is not None else ""
        print(f"  {row.what}{where}: {_cell(row.sample)} [{status}]", file=sys.stderr, flush=True)

    def add_peer(self, n: int, view: str, spec: Path, tool: str, sample: Sample) -> None:
        data = json.loads(spec.read_text(encoding="utf-8")) if spec.exists() else {}
        self.peers.append(PeerRow(n, view, len(data.get("nodes", [])), len(data.get("edges", [])), tool, sample))
        print(f"  peers N={n} {tool}: {_cell(sample)}", file=sys.stderr, flush=True)

    def find(self, what: str, n: int | None) -> Sample | None:
        found = [r.sample for r in self.rows if r.what == what and r.n == n]
        return found[0] if found and found[0].ok else None

    # ---- targets ---------------------------------------------------------------------

    def figures(self) -> dict[str, float]:
        render, raw = self.find(RENDER, 1000), self.find(RAW_DOT, 1000)
        best, raw_best = self.find(RENDER_BEST, 1000), self.find(RAW_DOT_BEST, 1000)
        load, cli = self.find("load + check", 5000), self.find("CLI start-up", None)
        noop = self.find("`archkit build` all examples, no-op", None)
        at_5000 = [r.sample.peak_mib for r in self.rows if r.n == 5000 and r.sample.runs]
        return {
            "overhead_ratio": _paired_ratio(render, raw) if render and raw else math.nan,
            "overhead_ratio_cpu": render.cpu / raw.cpu if render and raw and raw.cpu else math.nan,
            "overhead_best": _paired_ratio(best, raw_best) if best and raw_best else math.nan,
            "load_check_5000_s": load.median if load else math.nan,
            "load_check_5000_cpu": load.cpu if load else math.nan,
            "cli_start_s": cli.median if cli else math.nan,
            "cli_start_cpu": cli.cpu if cli else math.nan,
            "noop_build_s": noop.median if noop else math.nan,
            "noop_build_cpu": noop.cpu if noop else math.nan,
            "peak_mib_5000": max(at_5000) if at_5000 else math.nan,
        }

    def failed_views(self) -> list[str]:
        drawing = ("view computation", "DOT generation", "render", "Graphviz", "`archkit build`")
        return [f"{r.what} N={r.n}: {r.sample.failure()}" for r in self.rows
                if r.what.startswith(drawing) and not r.sample.ok and not r.sample.unavailable]

    def verdicts(self) -> list[tuple[str, str, str]]:
        f = self.figures()
        failed = self.failed_views()

        def check(value: float, limit: float, shown: str) -> tuple[str, str]:
            if math.isnan(value):
                return "not measured", "—"
            return ("holds" if value < limit else "MISSED"), shown

        out = [
            ("overhead", *check(f["overhead_ratio"], 1.10, f"R = {f['overhead_ratio']:.3f} wall (`--layout fast`), "
                                f"median of paired runs (overhead {100 * (f['overhead_ratio'] - 1):+.1f}%); "
                                f"{f['overhead_ratio_cpu']:.3f} in CPU time; `--layout best`: "
                                f"R = {f['overhead_best']:.3f}")),
            ("load", *check(f["load_check_5000_s"], 1.0, f"{f['load_check_5000_s']:.3f} s wall, "
                            f"{f['load_check_5000_cpu']:.3f} s CPU")),
            ("cli", *check(f["cli_start_s"], 0.3, f"{f['cli_start_s']:.3f} s wall, {f['cli_start_cpu']:.3f} s CPU")),
            ("noop", *check(f["noop_build_s"], 1.0, f"{f['noop_build_s']:.3f} s wall, "
                            f"{f['noop_build_cpu']:.3f} s CPU")),
            ("memory", *check(f["peak_mib_5000"] * 1.048576, 300.0, f"{f['peak_mib_5000'] * 1.048576:.0f} MB")),
            ("views", "holds" if not failed else "MISSED", "none failed" if not failed else "; ".join(failed)),
        ]
        return [(TARGETS[k], verdict, shown) for k, verdict, shown in out]

    def summary_line(self) -> str:
        f = self.figures()
        return (f"overhead_ratio={f['overhead_ratio']:.3f} load_check_5000_s={f['load_check_5000_s']:.3f} "
                f"cli_start_s={f['cli_start_s']:.3f} noop_build_s={f['noop_build_s']:.3f} "
                f"overhead_best={f['overhead_best']:.3f}")

    # ---- output ----------------------------------------------------------------------

    def markdown(self) -> str:
        elapsed = time.perf_counter() - self.started
        lines = [f"### Run: {'`--quick`' if self.quick else 'full'}", "", "Machine: " + machine(), "",
                 f"Took {elapsed:.0f} s; load average (1, 5, 15 min) {self.load_before} at the start, "
                 f"{_loadavg()} at the end. Wall times stretch when other work shares the cores; "
                 "CPU times much less.", "",
                 "| stage | N | median s | min s | max s | CPU s | peak MiB | in-process s | runs | status |",
                 "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
        for r in self.rows:
            s = r.sample
            inner = _inner(r)
            lines.append(f"| {r.what} | {r.n or ''} | {_cell(s)} | {_cpu(s)} | {_peak(s)} | {inner} | "
                         f"{len(s.runs)} | {_status(s)} |")
        if self.peers:
            lines += ["", "Peers drawing the same view (the largest container view of each model):", "",
                      "| N | view (nodes / edges) | tool | median s | min s | max s | peak MiB | "
                      "time / archkit | status |", "|---:|---|---|---:|---:|---:|---:|---:|---|"]
            for p in self.peers:
                base = next((q.sample for q in self.peers if q.n == p.n and q.tool.startswith("archkit")), None)
                ratio = (f"{p.sample.median / base.median:.2f}×" if base and base.ok and p.sample.ok else "—")
                lines.append(f"| {p.n} | `{p.view}` ({p.nodes} / {p.edges}) | {p.tool} | {_cell(p.sample)} | "
                             f"{_peak(p.sample)} | {ratio} | {_status(p.sample)} |")
        lines += ["", "| target | verdict (wall time) | measured |", "|---|---|---|"]
        lines += [f"| {t} | {v} | {m} |" for t, v, m in self.verdicts()]
        rebuilt = sum(r.sample.discarded for r in self.rows)
        if rebuilt:
            lines += ["", f"{rebuilt} no-op build run(s) rebuilt a model (archkit's files changed during "
                          "the run) and were repeated, not counted."]
        if self.missing:
            lines += ["", "Not measured in this run: " + "; ".join(self.missing) + "."]
        lines += ["", "Summary line: `" + self.summary_line() + "`"]
        return "\n".join(lines)

    def write_readme(self, path: Path) -> None:
        """Replace the results section between the markers, keeping everything else."""
        text = path.read_text(encoding="utf-8") if path.exists() else f"# Benchmarks\n\n{START}\n{END}\n"
        if START not in text or END not in text:
            text = text.rstrip("\n") + f"\n\n{START}\n{END}\n"
        head, rest = text.split(START, 1)
        _, tail = rest.split(END, 1)
        path.write_text(f"{head}{START}\n{self.markdown()}\n{END}{tail}", encoding="utf-8")

    def write_json(self, path: Path) -> None:
        def dump(s: Sample) -> dict[str, Any]:
            return {"command": s.command, "ok": s.ok, "runs": [
                {"seconds": r.seconds, "cpu": r.cpu, "peak_mib": r.peak_mib, "returncode": r.returncode,
                 "marks": r.marks, "timed_out": r.timed_out, "stderr_tail": r.stderr[-2000:]} for r in s.runs],
                "failure": s.failure()}

        data = {"machine": machine(), "quick": self.quick, "summary": self.summary_line(),
                "rows": [{"what": r.what, "n": r.n, **dump(r.sample)} for r in self.rows],
                "peers": [{"n": p.n, "view": p.view, "tool": p.tool, **dump(p.sample)} for p in self.peers]}
        path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")

    @staticmethod
    def largest_container_view(python: str, model: Path) -> str | None:
        """Key of the container view with the most nodes (the peers' common ground)."""
        code = ("import sys; from archkit.load import load; from archkit.views import Catalog, compute_view\n"
                "ws = load(sys.argv[1]); cat = Catalog(ws)\n"
                "views = [compute_view(ws, v, cat) for v in ws.effective_views() if v.type == 'container']\n"
                "print(max(views, key=lambda c: (len(c.nodes), c.key)).key if views else '')")
        proc = subprocess.run([python, "-c", code, str(model)], capture_output=True, text=True, check=False)
        return proc.stdout.strip() or None


def _cell(s: Sample) -> str:
    if not s.runs or s.unavailable:
        return "— | — | —"
    if not s.ok:
        return f"{s.runs[-1].seconds:.3f} | — | —"
    return f"{s.median:.3f} | {s.min:.3f} | {s.max:.3f}"


def _cpu(s: Sample) -> str:
    return f"{s.cpu:.3f}" if s.ok else "—"


def _peak(s: Sample) -> str:
    return f"{s.peak_mib:.0f}" if s.runs and not s.unavailable else "—"


def _inner(r: Row) -> str:
    key = {"load + check (stage)": ("load", "check"), "view computation": ("views",), "DOT generation": ("dot",),
           RENDER: ("render",), RENDER_BEST: ("render",)}.get(r.what)
    if key is None:
        return ""
    values = [r.sample.mark(k) for k in key]
    return f"{sum(v for v in values if v is not None):.3f}" if all(v is not None for v in values) else ""


def _status(s: Sample) -> str:
    if s.unavailable:
        return "not available"
    return "ok" if s.ok else f"FAILED: {s.failure().replace('|', '/')}"


def _loadavg() -> str:
    return ", ".join(f"{x:.1f}" for x in os.getloadavg())


def machine() -> str:
    """CPU, cores, memory, OS, Python, Graphviz — where the numbers were taken."""
    cpu = _first(["lscpu"], r"Model name:\s*(.+)") or platform.processor() or "unknown CPU"
    mem = _first(["cat", "/proc/meminfo"], r"MemTotal:\s*(\d+)")
    ram = f"{int(mem) / 2**20:.0f} GiB RAM" if mem else "RAM unknown"
    dot = subprocess.run(["dot", "-V"], capture_output=True, text=True, check=False).stderr.strip()
    osname = _first(["cat", "/etc/os-release"], r'PRETTY_NAME="([^"]+)"') or platform.system()
    return (f"{cpu}, {os.cpu_count()} cores (nproc), {ram}; {osname}; Python {platform.python_version()}; "
            f"{dot or 'dot missing'}")


def _first(command: list[str], pattern: str) -> str | None:
    try:
        text = subprocess.run(command, capture_output=True, text=True, check=False).stdout
    except OSError:
        return None
    match = re.search(pattern, text)
    return match.group(1).strip() if match else None


def _paired_ratio(render: Sample, raw: Sample) -> float:
    """The median of run-by-run ratios when the two were measured in pairs, else of the medians."""
    if len(render.runs) == len(raw.runs) and render.runs:
        return statistics.median(a.seconds / b.seconds for a, b in zip(render.runs, raw.runs, strict=True))
    return render.median / raw.median
