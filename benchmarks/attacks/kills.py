"""`kill -9` at random instants of the commands the last round did not kill (h/attack2): `import -o`, `export -o`
(one file, and a folder of one file per view), `docs` (arc42 pages with hand-written text) and `render -o` as
`make gallery` runs it. Each run starts from the outputs of an uninterrupted run of an older model, runs the
command on a newer one and kills its process group with SIGKILL at a random instant in [LO, 1.1] x an
uninterrupted run (LO: --lo, default 0); with --every, the command kills itself with SIGKILL just before and
just after each rename and removal it makes, each in turn (a `sitecustomize` on its path wraps `os.replace` and
`os.unlink`). Then every output file must hold either its old bytes or its new bytes (never a part, never
another), hand-written text must be intact, and the same command run again must give exactly the outputs of an
uninterrupted run, leaving no temporary file.

    .venv/bin/python benchmarks/attacks/kills.py [--runs 8] [--seed 1] [--lo 0.5] [--every]
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARCHKIT = str(Path(sys.executable).with_name("archkit"))
BIG_BANK = ROOT / "tests/fixtures/structurizr/big-bank-plc.dsl"
MODEL = """\
name: Shop
model:
  people:
  - {id: customer, name: Customer, description: Buys things.}
  software_systems:
  - id: shop
    name: Shop
    description: DESCRIPTION
    containers:
    - {id: shop.api, name: API, description: Takes orders., technology: Python}
    - {id: shop.db, name: DB, description: Keeps orders., technology: PostgreSQL}
  relationships:
  - {source: customer, destination: shop.api, description: Places orders, technology: HTTPS}
  - {source: shop.api, destination: shop.db, description: Stores orders, technology: SQL}
views:
- {type: system_context, key: context, software_system: shop}
VIEWS
arc42:
  decisions:
  - {id: "0001", title: Keep orders in PostgreSQL, context: Orders are relational., decision: Use PostgreSQL.}
DECISIONS
"""
OLD = (MODEL.replace("DESCRIPTION", "Sells things.").replace("VIEWS", "- {type: container, key: containers, "
       "software_system: shop}").replace("DECISIONS", ""))
NEW = (MODEL.replace("DESCRIPTION", "Sells other things now.").replace("VIEWS\n", "")
       .replace("DECISIONS", '  - {id: "0002", title: Publish order events, context: Others need orders., '
                "decision: Publish events.}"))
HAND = "\nWritten by a person, outside the markers.\n"
SMALL_DSL = 'workspace {\n  model {\n    u = person "User"\n    s = softwareSystem "Shop"\n    u -> s "Uses"\n  }\n}\n'


@dataclass
class Scenario:
    name: str
    old: list[str]  # the command run first, uninterrupted, on the old input
    new: list[str]  # the command killed, on the new input
    out: str  # the folder (or file) whose files are compared
    hand_written: bool = False  # arc42 pages get hand-written text after the old run


SCENARIOS = [
    Scenario("import -o", ["import", "small.dsl", "-o", "model.py"],
             ["import", "big.dsl", "-o", "model.py", "--force"], "model.py"),
    Scenario("export --to dsl -o FILE", ["export", "old.yaml", "--to", "dsl", "-o", "exp/shop.dsl"],
             ["export", "new.yaml", "--to", "dsl", "-o", "exp/shop.dsl"], "exp"),
    Scenario("export --to mermaid -o DIR", ["export", "old.yaml", "--to", "mermaid", "-o", "views"],
             ["export", "new.yaml", "--to", "mermaid", "-o", "views"], "views"),
    Scenario("docs (hand-written text)", ["docs", "shop.yaml", "-o", "docs"], ["docs", "shop.yaml", "-o", "docs"],
             "docs", hand_written=True),
    Scenario("render -f svg,dot -o (gallery)", ["render", "shop.yaml", "-f", "svg,dot", "-o", "gallery"],
             ["render", "shop.yaml", "-f", "svg,dot", "-o", "gallery"], "gallery"),
]


HOOK = """\
import os, signal
_k = int(os.environ.get("ARCHKIT_KILL_AT", "0")); _n = [0]
def _counted(real):
    def change(*args, **kwargs):
        _n[0] += 1
        if _n[0] == _k:
            os.kill(os.getpid(), signal.SIGKILL)
        result = real(*args, **kwargs)
        _n[0] += 1
        if _n[0] == _k:
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    return change
if _k:
    os.replace, os.unlink = _counted(os.replace), _counted(os.unlink)
"""


def run(work: Path, args: list[str], kill_after: float | None = None, kill_at: int = 0) -> tuple[float, int]:
    start = time.monotonic()
    env = dict(os.environ)
    if kill_at:
        (work.parent / "hook").mkdir(exist_ok=True)
        (work.parent / "hook" / "sitecustomize.py").write_text(HOOK)
        env.update(ARCHKIT_KILL_AT=str(kill_at), PYTHONPATH=str(work.parent / "hook"))
    proc = subprocess.Popen([ARCHKIT, *args], cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True, env=env)
    if kill_after is not None:
        try:
            proc.wait(timeout=kill_after)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
    code = proc.wait()
    return time.monotonic() - start, code


def files(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def prepare(work: Path, scenario: Scenario) -> None:
    (work / "small.dsl").write_text(SMALL_DSL)
    shutil.copy(BIG_BANK, work / "big.dsl")
    (work / "old.yaml").write_text(OLD)
    (work / "new.yaml").write_text(NEW)
    (work / "shop.yaml").write_text(OLD)
    assert run(work, scenario.old)[1] == 0, scenario.old
    if scenario.hand_written:
        for page in sorted((work / scenario.out).rglob("*.md"))[:3]:
            page.write_text(page.read_text() + HAND)
    (work / "shop.yaml").write_text(NEW)


def attack(base: Path, scenario: Scenario, runs: int, rng: random.Random, say: Callable[[str], None],
           lo: float, every: bool) -> None:
    ref = base / "reference"
    shutil.rmtree(ref, ignore_errors=True)
    ref.mkdir()
    prepare(ref, scenario)
    old = files(ref / scenario.out)
    seconds, code = run(ref, scenario.new)
    assert code == 0, scenario.new
    new = files(ref / scenario.out)
    killed = mixed = 0
    problems: list[str] = []
    i, code = 0, 0
    while i < runs or (every and code == -signal.SIGKILL):
        i += 1
        work = base / f"run{i}"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir()
        prepare(work, scenario)
        if every:
            _, code = run(work, scenario.new, kill_at=i)
        else:
            _, code = run(work, scenario.new, kill_after=rng.uniform(lo * seconds, 1.1 * seconds))
        killed += code == -signal.SIGKILL
        found = files(work / scenario.out)
        torn = [rel for rel, data in found.items()
                if not rel.rpartition("/")[2].startswith(".") and data not in (old.get(rel), new.get(rel))]
        mixed += found != old and found != new
        lost = [rel for rel, data in old.items() if HAND.encode() in data and HAND.encode() not in found.get(rel, b"")]
        if lost:
            problems.append(f"run {i}: hand-written text lost in {lost}")
        if torn:
            problems.append(f"run {i}: files neither old nor new: {torn}")
        assert run(work, scenario.new)[1] == 0
        if files(work / scenario.out) != new:
            problems.append(f"run {i}: the run after the kill differs from an uninterrupted one")
        tmp = [p.name for p in work.rglob("*.tmp")]
        if tmp:
            problems.append(f"run {i}: temporary files left: {tmp}")
        shutil.rmtree(work, ignore_errors=True)
    verdict = "held  " if not problems else "FAILED"
    say(f"{verdict}  {scenario.name}: {i} runs, {killed} killed mid-run ({mixed} with old and new files mixed), "
        f"an uninterrupted run {seconds:.1f} s{'; ' + '; '.join(problems) if problems else ''}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--every", action="store_true", help="kill at each rename and removal in turn (--runs is "
                        "then the least number of runs)")
    parser.add_argument("--lo", type=float, default=0.0, help="earliest kill, as a share of an uninterrupted run "
                        "(the start-up before the first write is most of a run)")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    base = Path(tempfile.mkdtemp(prefix="archkit-kills-"))
    try:
        for scenario in SCENARIOS:
            attack(base, scenario, args.runs, rng, lambda line: print(line, flush=True), args.lo,
                   args.every)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
