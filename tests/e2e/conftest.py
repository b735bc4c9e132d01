"""Headless Chromium through Playwright, using the system browser (nothing is downloaded)."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]


def _chromium() -> str | None:
    return os.environ.get("BROWSER_PATH") or shutil.which("chromium")


@pytest.fixture(scope="session")
def browser():
    executable = _chromium()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium: tasks.py installs Debian's chromium")
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
