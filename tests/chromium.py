"""Debian's Chromium through Playwright, for the reader-site and admin browser tests.

Never `playwright install`: the browser is the distribution's (make browser installs it).
"""

import os
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/lib/chromium/chromium")
AXE = Path(__file__).parent / "frontend" / "vendor" / "axe.min.js"
MISSING_CHROMIUM = (
    "Chromium not found at {path}: install Debian's package "
    "(apt-get update && apt-get install -y chromium) or set CHROMIUM_PATH. "
    "Never run `playwright install`."
)
# Nothing leaves the machine: every host but loopback fails to resolve.
LOOPBACK_ONLY = "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost"


@contextmanager
def headless_chromium():
    if not Path(CHROMIUM).exists():
        pytest.fail(MISSING_CHROMIUM.format(path=CHROMIUM))
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[LOOPBACK_ONLY])
        try:
            yield browser
        finally:
            browser.close()
