"""Headless Chromium for the browser tests (`make browser` installs Debian's chromium and chromium-driver).

One way to start it: :func:`chromium` gives a driver with a fresh profile, no network of its own
(no sync, no component updates, no QUIC) and a page-load timeout, and quits it afterwards."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

CHROMIUM, CHROMEDRIVER = shutil.which("chromium"), shutil.which("chromedriver")
try:
    import selenium  # noqa: F401
    HAVE_SELENIUM = True
except ImportError:
    HAVE_SELENIUM = False
BROWSER = bool(CHROMIUM and CHROMEDRIVER and HAVE_SELENIUM)
CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
)


@contextmanager
def chromium(*flags: str, logs: Mapping[str, str] | None = None) -> Iterator[Any]:
    """A headless Chromium driver with ``flags`` beside the usual ones and ``logs`` (e.g.
    ``{"browser": "ALL", "performance": "ALL"}``) recorded; quit, and its profile removed, on exit."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*CHROMIUM_FLAGS, *flags):
        options.add_argument(flag)
    if logs:
        options.set_capability("goog:loggingPrefs", dict(logs))
    with tempfile.TemporaryDirectory() as profile:
        options.add_argument(f"--user-data-dir={profile}")
        driver = webdriver.Chrome(options=options, service=Service(executable_path=str(CHROMEDRIVER)))
        try:
            driver.set_page_load_timeout(30)
            yield driver
        finally:
            driver.quit()
