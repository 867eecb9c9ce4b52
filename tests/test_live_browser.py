"""`archkit serve --watch` in headless Chromium: a save shows in the open page without a reload, the scroll
position is kept, a broken model shows its error (escaped) and the page recovers when it is fixed."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest

from tests.browser import BROWSER, chromium
from tests.servers import interrupted

ROOT = Path(__file__).resolve().parent.parent
ARCHKIT = ROOT / ".venv" / "bin" / "archkit"
MODEL = ROOT / "models" / "event_driven_sqs.py"
ADDED = """
audit = updater.component("Audit Trail", "Logs every write.", "Python")
writer.uses(audit, "Records each write in", "in-process call")
"""
BROKEN = '\nraise ValueError("<b>broken</b> on purpose")\n'


def wait_until_served(url: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} was never served")


@pytest.mark.skipif(not BROWSER, reason="needs chromium, chromedriver (Debian) and selenium (pip): `make browser`")
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_in_chromium_a_saved_change_shows_by_itself_and_errors_replace_the_picture(tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    model = tmp_path / MODEL.name
    source = MODEL.read_text()
    model.write_text(source)
    proc = subprocess.Popen([str(ARCHKIT), "serve", "--watch", str(model), "-o", str(tmp_path / "out"), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    errors: list[str] = []
    reader = threading.Thread(target=lambda: errors.extend(proc.stderr), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stdout.readline()).group(1))  # type: ignore[union-attr]
        url = f"http://127.0.0.1:{port}/event_driven_sqs/diagrams/tracking-updater.html"
        wait_until_served(url, 300)  # the first build is done: the watcher is on (it starts first)
        with chromium("--window-size=900,500") as driver:
            def diagram_text(d: Any) -> str:  # read in one script: a refresh may swap the body at any time
                return str(d.execute_script("const s = document.querySelector('.diagram svg');"
                                            "return s && s.checkVisibility() ? s.textContent : ''"))

            driver.get(url)
            assert "Queue Poller" in diagram_text(driver) and "Audit Trail" not in diagram_text(driver)
            assert driver.execute_script("return document.documentElement.scrollHeight - innerHeight") > 150
            driver.execute_script("window.scrollTo(0, 150); window.notReloaded = true;")

            model.write_text(source + ADDED)  # a save: one more component, in this view only
            WebDriverWait(driver, 120, poll_frequency=0.1).until(lambda d: "Audit Trail" in diagram_text(d))
            assert driver.execute_script("return window.notReloaded") is True  # swapped in, not reloaded
            assert driver.execute_script("return window.scrollY") == 150
            assert driver.current_url == url

            model.write_text(source + ADDED + BROKEN)
            # read in one script each time: a second rebuild (a save seen as two changes) swaps the body again
            WebDriverWait(driver, 120, poll_frequency=0.1).until(  # escaped: shown as text
                lambda d: "the model raised ValueError: <b>broken</b> on purpose" in d.execute_script(
                    "const e = document.getElementById('archkit-live-error'); return e ? e.innerText : ''"))
            assert driver.execute_script("return document.querySelectorAll('#archkit-live-error b').length") == 0
            assert diagram_text(driver) == ""  # the stale picture is not shown

            model.write_text(source + ADDED.replace("every write", "every upsert"))
            WebDriverWait(driver, 120, poll_frequency=0.1).until(lambda d: "every upsert" in diagram_text(d))
            assert not driver.find_elements(By.ID, "archkit-live-error")
            assert driver.execute_script("return window.scrollY") == 150  # back where the reader was
            assert driver.execute_script("return window.notReloaded") is True
            severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
            assert severe == []  # no refused script (the policy's hash), no failed request
    finally:
        stdout = interrupted(proc)
        reader.join(timeout=10)
    assert proc.returncode == 0, "".join(errors)
    assert "archkit: stopped" in stdout
    assert "Traceback" not in "".join(errors)
    for path in (tmp_path / "out").rglob("*"):  # what the build wrote holds no live-reload code
        if path.is_file():
            assert b"archkit-live" not in path.read_bytes(), path


SITE_MODEL = """\
from archkit import Workspace

workspace = Workspace(name="Shop", properties={{"archkit.site": "true", "archkit.formats": "svg"}})
customer = workspace.model.person("Customer", "Buys things.")
shop = workspace.model.software_system("Shop", "{text}")
customer.uses(shop, "Buys in")
workspace.views.system_context(shop, key="context")
"""


@pytest.mark.skipif(not BROWSER, reason="needs chromium, chromedriver (Debian) and selenium (pip): `make browser`")
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_in_chromium_the_published_site_follows_a_save_and_its_viewer_still_zooms(tmp_path: Path) -> None:
    """The site's own <meta> policy (script-src 'self') refused the injected live script: a console error and
    no refresh. Its pages reload on a save (their scripts set the viewer up once) and zoom after it."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    model = tmp_path / "shop.py"
    model.write_text(SITE_MODEL.format(text="Sells things."))
    proc = subprocess.Popen([str(ARCHKIT), "serve", "--watch", str(model), "-o", str(tmp_path / "out"), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    try:
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stdout.readline()).group(1))  # type: ignore[union-attr]
        url = f"http://127.0.0.1:{port}/shop/site/views/context.html"
        wait_until_served(url, 120)
        with chromium("--window-size=900,700", logs={"browser": "ALL"}) as driver:
            driver.get(url)
            WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
            assert [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
            model.write_text(SITE_MODEL.format(text="Sells more things."))
            WebDriverWait(driver, 120, poll_frequency=0.2).until(
                lambda d: "Sells more things." in (d.execute_script(
                    "const s = document.querySelector('.ak-canvas svg'); return s ? s.textContent : ''") or ""))
            WebDriverWait(driver, 10).until(lambda d: d.execute_script("return document.readyState") == "complete")
            box = driver.execute_script("return document.querySelector('.ak-canvas svg').getAttribute('viewBox')")
            driver.find_element(By.CSS_SELECTOR, '[data-act="in"]').click()
            assert driver.execute_script(
                "return document.querySelector('.ak-canvas svg').getAttribute('viewBox')") != box
            assert [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
    finally:
        interrupted(proc)


SHOP = """\
from archkit import Workspace

workspace = Workspace(name="Shop", properties={{"archkit.formats": "svg"}})
customer = workspace.model.person("Customer", "Buys things.")
shop = workspace.model.software_system("Shop", "{text}")
customer.uses(shop, "Buys in")
workspace.views.system_context(shop, key="context")
{extra}"""
BANK = """\
name: Bank
properties: {{archkit.formats: svg}}
model:
  people:
    - {{id: clerk, name: Clerk, description: Keeps the books.}}
  software_systems:
    - {{id: ledger, name: Ledger, {key}: {text}}}
  relationships:
    - {{source: clerk, destination: ledger, description: Posts to}}
views:
  - {{type: system_context, key: context, software_system: ledger}}
"""
# a broken save, what the error panel must then say (the file, the element or line, the fix)
BREAKS = (
    ("shop", SHOP.format(text="Sells things.", extra="").replace('"Buys in")', '"Buys in"'),
     ("shop.py:6: syntax error", "fix the Python syntax")),
    ("shop", SHOP.format(text="Sells things.", extra='shop.uses("warehouse", "Orders from")\n'),
     ("shop.py: shop -> warehouse: unknown destination 'warehouse'", "use the id of an existing destination",
      "[error relationship.unknown-destination]")),
    ("bank", BANK.format(key="descripton", text="Keeps accounts."),
     ("bank.yaml:7: model.software_systems[0] ('ledger').descripton: unknown key 'descripton'",
      "did you mean 'description'?")),
)


@pytest.mark.skipif(not BROWSER, reason="needs chromium, chromedriver (Debian) and selenium (pip): `make browser`")
@pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz dot is not installed")
def test_in_chromium_a_syntax_a_check_and_a_yaml_key_error_each_replace_the_picture_until_a_good_save(
        tmp_path: Path) -> None:
    """As a new user: each way a save can break a model (Python syntax, a check error, an unknown YAML key)
    shows that error, naming the file, the element and the fix, in place of the stale picture; the next
    good save brings the picture back by itself."""
    from selenium.webdriver.support.ui import WebDriverWait

    files = {"shop": tmp_path / "shop.py", "bank": tmp_path / "bank.yaml"}
    good = {"shop": lambda text: SHOP.format(text=text, extra=""), "bank": lambda text: BANK.format(
        key="description", text=text)}
    for name, path in files.items():
        path.write_text(good[name]("First text."))
    proc = subprocess.Popen([str(ARCHKIT), "serve", "--watch", *map(str, files.values()), "-o", str(tmp_path / "out"),
                             "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    try:
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stdout.readline()).group(1))  # type: ignore[union-attr]
        for name in files:
            wait_until_served(f"http://127.0.0.1:{port}/{name}/diagrams/context.html", 120)
        with chromium("--window-size=900,700", logs={"browser": "ALL"}) as driver:
            shown = ("const s = document.querySelector('.diagram svg');"
                     "const e = document.getElementById('archkit-live-error');"
                     "return [s && s.checkVisibility() ? s.textContent : '', e ? e.innerText : '']")
            for i, (name, broken, says) in enumerate(BREAKS):
                driver.get(f"http://127.0.0.1:{port}/{name}/diagrams/context.html")
                driver.execute_script("window.notReloaded = true")
                files[name].write_text(broken)
                WebDriverWait(driver, 120, poll_frequency=0.1).until(lambda d: d.execute_script(shown)[1])
                picture, panel = driver.execute_script(shown)
                assert picture == ""  # the stale picture is not shown
                assert all(part in panel for part in says), panel
                fixed = f"Text number {i}."
                files[name].write_text(good[name](fixed))
                WebDriverWait(driver, 120, poll_frequency=0.1).until(
                    lambda d, fixed=fixed: fixed in d.execute_script(shown)[0])
                assert driver.execute_script(shown)[1] == ""  # the panel is gone
                assert driver.execute_script("return window.notReloaded") is True
            assert [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
    finally:
        interrupted(proc)
    assert proc.returncode == 0
