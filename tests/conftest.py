"""Shared test helpers: tiny raw files built from constant rows, the test order, the browser."""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from analysis.charts.browser import chosen_browser
from analysis.inputs import columns
from tests.shared_runs import shared_run

RAW_COLUMNS = list(columns.RAW_INCIDENTS)
SITE_COLUMNS = list(columns.SITES)

BASE_ROW = {
    "report_id": "r-001", "event_date": "2023-11-01", "date_note": "stated",
    "published": "2023-11-01", "site": "Ain al-Asad", "country": "Iraq", "target_type": "us",
    "weapon": "drone", "claimed_by": "Islamic Resistance in Iraq", "reported_by": "claim",
    "attribution": "claimed", "outlet": "Outlet A", "language": "en", "killed": "", "wounded": "",
    "confidence": "high",
    "summary": "A test row.", "source_url": "https://example.org/a",
}

SITES = [
    {"site_id": "ain-al-asad", "name": "Ain al-Asad Air Base",
     "aliases": "Ain al-Asad|Ayn al-Assad",
     "country": "Iraq", "admin1": "Anbar", "region": "Iraq - Anbar/West", "latitude": "33.786",
     "longitude": "42.441", "site_type": "air base", "target_type": "us"},
    {"site_id": "erbil-airbase", "name": "Erbil Air Base", "aliases": "Erbil airport",
     "country": "Iraq", "admin1": "Erbil", "region": "Iraq - Kurdistan Region",
     "latitude": "36.238", "longitude": "43.963", "site_type": "air base",
     "target_type": "us"},
    {"site_id": "il-eilat", "name": "Eilat", "aliases": "Eilat port", "country": "Israel",
     "admin1": "Southern District", "region": "Israel - South", "latitude": "29.558",
     "longitude": "34.948", "site_type": "city", "target_type": "israel"},
    {"site_id": "syria-unspecified", "name": "US base in Syria (unspecified)",
     "aliases": "a US base in Syria", "country": "Syria", "admin1": "",
     "region": "Syria - unspecified", "latitude": "", "longitude": "", "site_type": "unspecified",
     "target_type": "us"},
]


SLOW_MARKERS = ("integration", "browser")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run", "--disable-sync"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Files with slow tests (marked ``integration`` or ``browser``) first, in their order.

    pytest-xdist hands out whole files (``--dist loadfile``) in this order when told not to
    reorder them (``--no-loadscope-reorder``; by default it starts with the files holding
    the most tests, which are the quick ones). Slow files first leave quick ones for the end,
    so that no worker finishes long before the other.
    """
    slow = {item.path for item in items
            if any(item.get_closest_marker(name) for name in SLOW_MARKERS)}
    order = {path: rank for rank, path in enumerate(dict.fromkeys(item.path for item in items))}
    items.sort(key=lambda item: (item.path not in slow, order[item.path]))


def make_row(**overrides: str) -> dict[str, str]:
    """A valid raw report row with some fields changed."""
    return {**BASE_ROW, **overrides}


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def sites_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "sites.csv", SITE_COLUMNS, SITES)


@pytest.fixture
def raw_csv(tmp_path: Path):
    def _write(rows: list[dict[str, str]], name: str = "incidents.csv") -> Path:
        return write_csv(tmp_path / name, RAW_COLUMNS, rows)

    return _write


def run_cli(*args: str, timeout: float = 900) -> subprocess.CompletedProcess:
    """``python -m analysis run ARGS`` in a fresh process, from the project folder."""
    from analysis import config

    return subprocess.run([sys.executable, "-m", "analysis", "run", *args], capture_output=True,
                          text=True, cwd=config.PROJECT_ROOT, timeout=timeout)


def _as_from_a_terminal() -> None:
    """Undo what the test runner's workers set: pytest-xdist's workers ignore SIGINT, and a
    child keeps an ignored signal, so a run started from them would not see Ctrl-C."""
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, signal.SIG_DFL)


def start_cli(*args: str, prefix: tuple[str, ...] = ()) -> subprocess.Popen:
    """``python -m analysis run ARGS`` started as from a terminal, its output piped."""
    from analysis import config

    return subprocess.Popen([*prefix, sys.executable, "-m", "analysis", "run", *args],
                            cwd=config.PROJECT_ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, preexec_fn=_as_from_a_terminal)


def assert_refused(done: subprocess.CompletedProcess, out: Path | None, *words: str) -> str:
    """Exit 2, exactly one line on stderr naming every word, no traceback, no manifest."""
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 2, done.stderr[-2000:]
    assert len(lines) == 1, done.stderr[-2000:]
    assert "Traceback" not in done.stderr
    for word in words:
        assert word in lines[0], lines[0]
    if out is not None:
        assert not (out / "manifest.json").exists()
    return lines[0]


@pytest.fixture(scope="session")
def shipped_run(tmp_path_factory):
    """The shipped dataset with the default parameters, static export off (shared, read-only)."""
    run = shared_run(tmp_path_factory, "shipped", lambda _: ["-p", "export_static", "false"],
                     run_cli)
    assert run.returncode == 0, run.stderr[-2000:]
    return run


@pytest.fixture(scope="session")
def published_run(tmp_path_factory):
    """The shipped dataset with the default parameters and static export: figures in every
    format, the report's HTML and PDF (shared, read-only)."""
    run = shared_run(tmp_path_factory, "published", lambda _: [], run_cli)
    assert run.returncode == 0, run.stderr[-2000:]
    return run


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (the system's, through Playwright) for every test of a worker.

    Playwright's sync API runs an event loop for as long as it is open, and a second one in
    the same process fails: every test that opens pages in this process shares this one.
    """
    executable = chosen_browser()
    if executable is None:
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium: tasks.py installs Debian's chromium")
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_FLAGS)
        yield launched
        launched.close()
