"""The live preview's edit loop (issue 18): from saving a model to the open page showing the change.

    .venv/bin/python benchmarks/live_preview.py               # models/event_driven_sqs.py, 7 saves
    .venv/bin/python benchmarks/live_preview.py --saves 11

A copy of the example model ``event_driven_sqs`` gets one more component in its Tracking Updater (shown by one
view only, ``tracking-updater``), and ``archkit serve --watch`` runs on it as a user starts it. Headless
Chromium (selenium; ``make browser``) opens that view's page. Then, ``--saves`` times, the component's
description is toggled between two texts and saved, and the time from just before the write to the first
animation frame after the page swapped in a body whose diagram shows the new text is taken (both clocks are
this machine's wall clock, in milliseconds). Each save waits until the one before it is shown and the
watcher is idle again. Per save it prints that time, the build's own seconds (from the build's line) and the
CPU seconds the server and everything it ran used for it (a figure that does not grow with the machine's
load); the last line is ``save_to_page_s=MEDIAN min=MIN max=MAX build_s=MEDIAN cpu_s=MEDIAN``.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(__file__).resolve().parent / ".work" / "live"
ARCHKIT = Path(sys.executable).parent / "archkit"
MODEL = ROOT / "models" / "event_driven_sqs.py"
VIEW = "tracking-updater"
TEXTS = ("Logs every write.", "Logs every upsert.")
EDIT = """
audit = updater.component("Audit Trail", "{text}", "Python")
writer.uses(audit, "Records each write in", "in-process call")
"""
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--window-size=1200,900")
# every body the live script swaps in: the time of the next frame, with the diagram's text
OBSERVE = """
window.__swaps = [];
new MutationObserver(() => requestAnimationFrame(() => {
  const svg = document.querySelector(".diagram svg");
  window.__swaps.push([Date.now(), svg ? svg.textContent : ""]);
})).observe(document.documentElement, {childList: true});
"""


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of process ``pid`` and of the children it has reaped: the server, its build
    workers, the ``.py`` model's child and every ``dot`` run (Linux ``/proc``; NaN elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def save(model: Path, source: str, text: str) -> None:
    model.write_text(source + EDIT.format(text=text))


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=7)
    args = parser.parse_args(argv)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    shutil.rmtree(WORK, ignore_errors=True)
    WORK.mkdir(parents=True)
    model, source = WORK / MODEL.name, MODEL.read_text()
    save(model, source, TEXTS[1])
    log = (WORK / "serve.log").open("w+")
    proc = subprocess.Popen([str(ARCHKIT), "serve", "--watch", str(model), "-o", str(WORK / "out"), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=log, text=True)
    assert proc.stdout is not None
    port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stdout.readline()).group(1))  # type: ignore[union-attr]
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(proc.stdout), daemon=True).start()  # type: ignore[arg-type]
    url = f"http://127.0.0.1:{port}/{model.stem}/diagrams/{VIEW}.html"
    wait_for_page(url, TEXTS[1], time.monotonic() + 300)
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for flag in FLAGS:
        options.add_argument(flag)
    results: list[tuple[float, float, float]] = []
    with tempfile.TemporaryDirectory() as profile:
        options.add_argument(f"--user-data-dir={profile}")
        driver = webdriver.Chrome(options=options, service=Service(executable_path=shutil.which("chromedriver")))
        try:
            driver.get(url)
            driver.execute_script(OBSERVE)
            for i in range(args.saves):
                text = TEXTS[i % 2]
                log.seek(0, 2)
                before = log.tell()
                cpu = cpu_seconds(proc.pid)
                start = time.time()
                save(model, source, text)
                shown = None
                deadline = time.monotonic() + 120
                while shown is None and time.monotonic() < deadline:
                    time.sleep(0.02)
                    swaps = driver.execute_script("return window.__swaps")
                    shown = next((at / 1000 for at, seen in swaps if text in seen), None)
                if shown is None:
                    raise SystemExit(f"save {i + 1}: the page never showed {text!r}")
                driver.execute_script("window.__swaps = []")
                log.seek(before)
                built = re.findall(r": built \(\d+ files, ([\d.]+) s\)", log.read())
                time.sleep(1.0)  # the watcher idle again before the next save (and its workers reaped)
                build = float(built[-1]) if built else float("nan")
                results.append((shown - start, build, cpu_seconds(proc.pid) - cpu))
                print(f"save {i + 1}: page {results[-1][0]:.3f} s, build {results[-1][1]:.1f} s, "
                      f"cpu {results[-1][2]:.2f} s", flush=True)
        finally:
            driver.quit()
            proc.send_signal(signal.SIGINT)
            proc.wait(timeout=60)
    pages, builds, cpus = ([r[k] for r in results] for k in range(3))
    print(f"save_to_page_s={statistics.median(pages):.3f} min={min(pages):.3f} max={max(pages):.3f} "
          f"build_s={statistics.median(builds):.1f} cpu_s={statistics.median(cpus):.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
