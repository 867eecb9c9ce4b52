"""The live preview's edit loop (issue 18): from saving a model to the open page showing the change.

    .venv/bin/python benchmarks/live_preview.py                             # models/event_driven_sqs.py, 7 saves
    .venv/bin/python benchmarks/live_preview.py --model models/hexagonal.py --saves 9
    .venv/bin/python benchmarks/live_preview.py --all --saves 5             # every model in models/, a table

The edited element is chosen from the model alone (:func:`choose`): an element whose description is held by
exactly one view (``render.view_inputs.shown_ids``: a container counts for the deployment views whose
instances deploy it too) and drawn in its box there, a component before a container, a software system, a
person, then any other kind (a deployment view's infrastructure node, in models whose every C4 element is
shown by two views or more), first by id within a kind; without one, the element held by the fewest views. A
copy of the model gets one more statement that sets that element's description (a ``.py`` model: lines
appended; YAML or JSON: the loaded workspace written back as JSON with the description set), and ``archkit
serve --watch`` runs on the copy as a user starts it. Headless Chromium (selenium; ``make browser``) opens
that view's page. Then, ``--saves`` times, the description is toggled between two texts and saved, and the
time from just before the write to the first animation frame after the page swapped in a body whose diagram
shows the new text is taken (both clocks are this machine's wall clock, in milliseconds). Each save waits
until the one before it is shown and its build has ended (the page may show the change first: a drawn view's
SVG is published before its PNG), and the watcher is idle again. Per save it prints that time, the build's own
seconds (from the build's line), when that line came (after the save, polled every 20 ms) and the CPU seconds
the server and everything it ran used for it (a figure that does not grow with the machine's load); per model
the last line is ``save_to_page_s=MEDIAN min=MIN max=MAX build_s=MEDIAN save_to_built_s=MEDIAN cpu_s=MEDIAN``
(and ``--all`` ends with a Markdown table of those lines and the load average).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WORK = Path(__file__).resolve().parent / ".work" / "live"
ARCHKIT = Path(sys.executable).parent / "archkit"
MODEL = ROOT / "models" / "event_driven_sqs.py"
TEXTS = ("Edited for the benchmark: one.", "Edited for the benchmark: two.")  # short: one line in a box
KINDS = ("Component", "Container", "SoftwareSystem", "Person")
EDIT = """
def _archkit_benchmark_edit(ws):
    ws.model.index().get({element!r}).description = {text!r}
    return ws


if "workspace" in globals():
    _archkit_benchmark_edit(workspace)
else:
    build = (lambda make: lambda: _archkit_benchmark_edit(make()))(build)
"""
# every body the live script swaps in: the time of the next frame, with the diagram's text
OBSERVE = """
window.__swaps = [];
new MutationObserver(() => requestAnimationFrame(() => {
  const svg = document.querySelector(".diagram svg");
  window.__swaps.push([Date.now(), svg ? svg.textContent : ""]);
})).observe(document.documentElement, {childList: true});
"""


@dataclass(frozen=True)
class Choice:
    """The element whose description the saves toggle, and the one view (or the fewest) that shows it."""

    element: str
    kind: str
    views: tuple[str, ...]


def choose(model: Path) -> Choice:
    """The element to edit in ``model`` (see the module's text), from its computed views."""
    from archkit.load import load
    from archkit.model import ImageView
    from archkit.render.view_inputs import shown_ids
    from archkit.views import compute_view

    ws = load(model)
    index = ws.model.index()
    shown: dict[str, list[str]] = defaultdict(list)  # element id -> the views whose drawing holds its description
    drawn: set[str] = set()  # the elements some view draws as a box of their own
    for view in ws.views:
        if isinstance(view, ImageView):  # a picture: it draws no element
            continue
        computed = compute_view(ws, view)
        drawn |= {n.id for n in computed.nodes}
        for held in shown_ids(computed):  # its nodes, the containers its instances deploy, its boundaries
            shown[held].append(view.key)
    boxes = {element: views for element, views in shown.items() if element in drawn and index.get(element)}

    def rank(item: tuple[str, list[str]]) -> tuple[int, int, str]:
        kind = type(index.get(item[0])).__name__
        return len(item[1]), KINDS.index(kind) if kind in KINDS else len(KINDS), item[0]

    views_by_key = {view.key: view for view in ws.views}
    for element, views in sorted(boxes.items(), key=rank):  # the first whose box shows its description
        edited = index.get(element)
        assert edited is not None
        kept, edited.description = edited.description, TEXTS[0]
        computed = compute_view(ws, views_by_key[views[0]])
        edited.description = kept
        if any(TEXTS[0] in node.description for node in computed.nodes):
            return Choice(element, type(edited).__name__, tuple(views))
    raise SystemExit(f"{model}: no view draws an element with its description — nothing to edit")


def editor(model: Path) -> tuple[str, object]:
    """How a save writes the copy: the suffix it keeps and what :func:`save` needs."""
    if model.suffix == ".py":
        return ".py", model.read_text()
    if model.suffix.lower() in (".yaml", ".yml", ".json"):
        from archkit.load import load

        return model.suffix, load(model).to_data()
    raise SystemExit(f"{model}: only .py, .yaml and .json models can be edited by this benchmark")


def save(copy: Path, base: object, element: str, text: str) -> None:
    if isinstance(base, str):
        copy.write_text(base + EDIT.format(element=element, text=text))
        return
    from archkit.model import Workspace

    ws = Workspace.from_data(base)
    ws.model.index().elements[element].description = text
    copy.write_text(json.dumps(ws.to_data(), indent=1))  # JSON is YAML too


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process ``pid`` and of the children it has reaped: the server, its build
    workers, the ``.py`` model's child and every ``dot`` run (Linux ``/proc``; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def wait_for_page(url: str, text: str, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if text in response.read().decode("utf-8", "replace"):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"{url} never showed {text!r}")


def measure(model: Path, saves: int) -> tuple[Choice, list[tuple[float, float, float, float]]]:
    """The element edited, and (save to page, build, CPU) seconds for each of ``saves`` saves of a copy of
    ``model`` (in ``benchmarks/.work/live/<model>/``; an example's copy sits in a ``models/`` folder beside
    links to the checkout's other folders, so that its paths out of ``models/`` lead where they do)."""
    from tests.browser import chromium

    choice = choose(model)
    print(f"{model.name}: editing the description of {choice.kind} {choice.element}, "
          f"drawn by {len(choice.views)} view(s): {', '.join(choice.views)}", flush=True)
    work = WORK / model.stem
    shutil.rmtree(work, ignore_errors=True)
    folder = work / model.parent.name
    folder.mkdir(parents=True)
    suffix, base = editor(model)
    copy = folder / f"{model.stem}{suffix}"
    for extra in model.parent.iterdir():  # sibling modules, pictures: what the model reads, as beside the original
        if extra == model or extra.name.startswith(".") or extra.name in ("__pycache__", "out"):
            continue
        if extra.is_dir():
            shutil.copytree(extra, folder / extra.name, ignore=shutil.ignore_patterns(".*", "__pycache__"))
        elif extra.is_file():
            shutil.copy2(extra, folder / extra.name)
    if model.parent.parent == ROOT:  # an example's paths out of models/ (hexagonal's ../examples) still lead there
        for entry in ROOT.iterdir():
            if entry != model.parent and entry.name != "out" and not entry.name.startswith("."):  # out: ours
                (work / entry.name).symlink_to(entry)
    save(copy, base, choice.element, TEXTS[1])
    log = (work / "serve.log").open("w+")
    proc = subprocess.Popen([str(ARCHKIT), "serve", "--watch", str(copy), "-o", str(work / "out"), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=log, text=True, cwd=work)
    assert proc.stdout is not None
    port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stdout.readline()).group(1))  # type: ignore[union-attr]
    threading.Thread(target=lambda: [None for _ in proc.stdout], daemon=True).start()  # type: ignore[union-attr]
    url = f"http://127.0.0.1:{port}/{quote(copy.stem)}/diagrams/{quote(choice.views[0])}.html"
    results: list[tuple[float, float, float, float]] = []
    try:
        wait_for_page(url, TEXTS[1], time.monotonic() + 300)
        while not re.search(r": built \(", Path(log.name).read_text()):  # the first build ended: the page is
            time.sleep(0.1)  # there before it, and its line must not be taken for the first save's
        with chromium("--window-size=1200,900") as driver:
            driver.get(url)
            driver.execute_script(OBSERVE)
            for i in range(saves):
                results.append(_one_save(driver, proc.pid, log, lambda t: save(copy, base, choice.element, t), i))
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
    return choice, results


def _one_save(driver: object, pid: int, log: object, write: object, i: int) -> tuple[float, float, float, float]:
    text = TEXTS[i % 2]
    log.seek(0, 2)  # type: ignore[attr-defined]
    before = log.tell()  # type: ignore[attr-defined]
    cpu = cpu_seconds(pid)
    start = time.time()
    write(text)  # type: ignore[operator]
    shown, built, done = None, [], None
    deadline = time.monotonic() + 120
    # until the page shows the text and the build has ended (the page may show it before: a view's SVG is
    # published as soon as it is drawn, its PNG after), polled together every 20 ms
    while (shown is None or done is None) and time.monotonic() < deadline:
        time.sleep(0.02)
        if shown is None:
            swaps = driver.execute_script("return window.__swaps")  # type: ignore[attr-defined]
            shown = next((at / 1000 for at, seen in swaps if text in seen), None)
        if done is None:
            log.seek(before)  # type: ignore[attr-defined]
            built = re.findall(r": built \(\d+ files, ([\d.]+) s\)", log.read())  # type: ignore[attr-defined]
            done = time.time() if built else None
    if shown is None:
        raise SystemExit(f"save {i + 1}: the page never showed {text!r}")
    driver.execute_script("window.__swaps = []")  # type: ignore[attr-defined]
    time.sleep(1.0)  # the watcher idle again before the next save (and its workers reaped)
    result = (shown - start, float(built[-1]) if built else float("nan"), cpu_seconds(pid) - cpu,
              (done or float("nan")) - start)
    print(f"save {i + 1}: page {result[0]:.3f} s, build {result[1]:.1f} s (ended {result[3]:.3f} s after the save), "
          f"cpu {result[2]:.2f} s", flush=True)
    return result


def summary(results: list[tuple[float, float, float, float]]) -> str:
    pages, builds, cpus, ends = ([r[k] for r in results] for k in range(4))
    return (f"save_to_page_s={statistics.median(pages):.3f} min={min(pages):.3f} max={max(pages):.3f} "
            f"build_s={statistics.median(builds):.1f} save_to_built_s={statistics.median(ends):.3f} "
            f"cpu_s={statistics.median(cpus):.2f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=7)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--model", type=Path, default=MODEL, help="a model file (default: %(default)s)")
    which.add_argument("--all", action="store_true", help="every model in models/, one after another")
    args = parser.parse_args(argv)
    from archkit.build.plan import discover

    models = discover(ROOT / "models") if args.all else [args.model.resolve()]
    rows = []
    for model in models:
        choice, results = measure(model, args.saves)
        line = summary(results)
        print(line, flush=True)
        rows.append((model.name, choice, line))
    if args.all:
        print(f"\nload average before the last model: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        print("| model | edited element (kind) | view | " + " | ".join(f.split("=")[0] for f in rows[0][2].split())
              + " |")
        print("|---" * (3 + len(rows[0][2].split())) + "|")
        for name, choice, line in rows:
            values = [f.split("=")[1] for f in line.split()]
            print(f"| {name} | {choice.element.rsplit('.', 1)[-1]} ({choice.kind}) | {choice.views[0]} | "
                  + " | ".join(values) + " |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
