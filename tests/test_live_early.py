"""The live preview's early SVG (`archkit serve --watch`): a drawn view's SVG is written and published before
its other formats, through the real watcher and builds; the files end as a plain build's, a build killed
between the two leaves a state the next build repairs, and `build --check` keeps its meaning."""

from __future__ import annotations

import hashlib
import http.client
import json
import multiprocessing
import os
import shutil
import threading
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from archkit.build import BuildReport, build_model, run
from archkit.build.plan import STAMP, plan
from archkit.build.runner import Announce
from archkit.preview import serve_watch
from archkit.preview.live import EVENTS_PATH
from archkit.render.freshness import FILES_PATH
from tests.test_live import read_event

ROOT = Path(__file__).resolve().parent.parent
MODEL = '''from archkit import Workspace

workspace = Workspace(name="Shop")
workspace.properties["archkit.formats"] = "svg, png, pdf"
m = workspace.model
customer = m.person("Customer", "Buys things.")
shop = m.software_system("Shop", "Sells things.")
web = shop.container("Web", "{text}", technology="Python")
db = shop.container("Database", "Keeps orders.", technology="PostgreSQL")
customer.uses(web, "Orders with")
web.uses(db, "Reads and writes")
workspace.views.system_context(shop, key="context")
workspace.views.container(shop, key="containers")
'''


def files(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` but the stamp and the diagrams' signatures (inodes and times), by relative
    path."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != STAMP and not p.relative_to(folder).as_posix().endswith(FILES_PATH)}


def test_through_the_watcher_a_saved_views_svg_is_published_before_the_build_ends(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    model, out = tmp_path / "shop.py", tmp_path / "out"
    model.write_text(MODEL.format(text="Takes orders."))
    seen: list[tuple[str, str, bool]] = []
    reports: list[BuildReport] = []

    def rebuild(paths: Sequence[Path], drawn: Announce | None) -> BuildReport:
        def announce(name: str, view: str) -> None:  # what the page would fetch now
            svg = (out / name / "diagrams" / f"{view}.svg").read_text()
            seen.append((name, view, "Sold out." in svg))
            assert drawn is not None
            drawn(name, view)

        reports.append(run(paths, out=out, fancy=False, announce=announce if drawn is not None else None))
        return reports[-1]

    stop = threading.Event()
    thread = threading.Thread(target=serve_watch, args=([model], out, rebuild, "127.0.0.1", 0, stop))
    thread.start()
    try:
        deadline = time.monotonic() + 120
        while not reports and time.monotonic() < deadline:
            time.sleep(0.05)
        assert reports and reports[0].ok
        assert seen == []  # the first build draws every view, and announces none
        port = int(capsys.readouterr().out.split("http://127.0.0.1:")[1].split("/")[0])
        stream = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        stream.request("GET", EVENTS_PATH)
        events = stream.getresponse()
        start = read_event(events)
        assert isinstance(start, dict)
        time.sleep(0.5)  # the watcher settled
        model.write_text(MODEL.format(text="Sold out."))
        while len(reports) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        # the one view showing the edited description was drawn again, its new SVG on disk when announced
        assert seen == [("shop", "containers", True)]
        # its event, then the build's: the stream may join them, the generations count both
        last = read_event(events)
        while isinstance(last, str) or last["generation"] != start["generation"] + 2:  # type: ignore[operator]
            assert time.monotonic() < deadline
            last = read_event(events)
        assert last["models"] == ["shop"]
    finally:
        stop.set()
        thread.join(timeout=60)
    assert not thread.is_alive()
    assert reports[1].ok and (out / "shop" / STAMP).is_file()
    assert run([model], out=out, check=True, fancy=False).ok  # --check: fresh
    run([model], out=tmp_path / "plain", force=True, fancy=False)
    assert files(out / "shop") == files(tmp_path / "plain" / "shop")  # the bytes of a plain build


@pytest.mark.parametrize("example", ["event_driven_sqs.py"])
def test_the_files_of_a_build_that_announces_are_those_of_a_plain_build(tmp_path: Path, example: str) -> None:
    """Searched views (candidates, evened rows) whose PNG comes after their SVG, from a run of its own."""
    announced: list[str] = []
    plain = build_model(str(ROOT / "models" / example), str(tmp_path / "plain"), render_jobs=2)
    live = build_model(str(ROOT / "models" / example), str(tmp_path / "live"), render_jobs=2,
                       announce=announced.append)
    assert plain.status == live.status == "built"
    assert sorted(announced) == sorted(p.removeprefix("diagrams/").removesuffix(".svg")
                                       for p in plain.generated if p.startswith("diagrams/") and p.endswith(".svg"))
    assert files(tmp_path / "live") == files(tmp_path / "plain")


def _killed_at_the_first_svg(path: str, out_dir: str) -> None:
    build_model(path, out_dir, announce=lambda view: os._exit(3))


def test_a_build_killed_after_a_views_early_svg_is_not_up_to_date_and_the_next_build_repairs_it(
        tmp_path: Path) -> None:
    model, out = tmp_path / "shop.py", tmp_path / "out"
    model.write_text(MODEL.format(text="Takes orders."))
    assert run([model], out=out, fancy=False).ok
    before = files(out / "shop")
    model.write_text(MODEL.format(text="Sold out."))
    process = multiprocessing.get_context("fork").Process(target=_killed_at_the_first_svg,
                                                         args=(str(model), str(out / "shop")))
    process.start()
    process.join(timeout=120)
    assert process.exitcode == 3
    # the new SVG is there, the PNG and the PDF are the old ones, the entry still vouches for the old files
    after = files(out / "shop")
    assert b"Sold out." in after["diagrams/containers.svg"]
    assert {k: v for k, v in after.items() if k != "diagrams/containers.svg"} == {
        k: v for k, v in before.items() if k != "diagrams/containers.svg"}
    entry = json.loads(after[".archkit-views/containers.json"])
    assert entry["files"]["svg"] != hashlib.sha256(after["diagrams/containers.svg"]).hexdigest()
    assert not (out / "shop" / STAMP).exists()
    assert [job.up_to_date for job in plan([model], out)] == [False]
    assert not run([model], out=out, check=True, fancy=False).ok  # --check sees the half-done view
    assert run([model], out=out, fancy=False).ok  # the next build draws it again
    assert run([model], out=out, check=True, fancy=False).ok
    shutil.rmtree(tmp_path / "plain", ignore_errors=True)
    run([model], out=tmp_path / "plain", force=True, fancy=False)
    assert files(out / "shop") == files(tmp_path / "plain" / "shop")
