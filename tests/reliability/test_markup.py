"""Markup and links from user files, through the command line: a gazetteer, raw rows and an
export carrying ``<img onerror>``, ``<script>``, an outside image, ``$...$`` and
``javascript:``/``data:`` addresses. The run succeeds (PDF included), every name reaches the
pages as text, and only http(s) addresses become links."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tests.hostile import BAD_URLS, MARKUP, hostile_run_at
from tests.shared_runs import SharedRun

pytestmark = pytest.mark.integration
HREF = re.compile(r"""href\s*=\s*["']?\s*([a-z][a-z0-9+.-]*):""", re.IGNORECASE)


@pytest.fixture(scope="module", params=["site", "country"])
def hostile_run(request, tmp_path_factory) -> SharedRun:
    """One run per region level with hostile names in every user file (static export on)."""
    return hostile_run_at(tmp_path_factory, request.param)


def _pages(out: Path) -> list[Path]:
    """The report and every executed notebook."""
    return [out / "report.html", *sorted((out / "notebooks").glob("*.ipynb"))]


def test_hostile_names__run_succeeds_with_pdf(hostile_run):
    assert hostile_run.returncode == 0, hostile_run.stderr[-2000:]
    assert "Traceback" not in hostile_run.stderr
    assert (hostile_run.out / "report.pdf").stat().st_size > 0


def test_hostile_names__never_markup_in_the_report(hostile_run):
    out = hostile_run.out
    page = (out / "report.html").read_text(encoding="utf-8")
    for name in MARKUP:
        assert name not in page, name
    assert "&lt;img src=x onerror" in page


def test_hostile_urls__only_http_links_anywhere(hostile_run):
    out = hostile_run.out
    for path in _pages(out):
        text = path.read_text(encoding="utf-8")
        schemes = {m.lower() for m in HREF.findall(text)} - {"http", "https"}
        # plotly.js itself sets one data: download link from script; no data ever does.
        assert schemes <= {"data"}, (path.name, schemes)
        for url in BAD_URLS:
            assert f'href="{url}' not in text


def test_hostile_urls__rejected_with_a_reason(hostile_run):
    out = hostile_run.out
    with (out / "tables" / "rejected.csv").open(encoding="utf-8", newline="") as handle:
        rejected = {row["report_id"]: row["reason"] for row in csv.DictReader(handle)}
    for n in range(len(BAD_URLS)):
        assert "source_url: expected an http(s) address" in rejected[f"u-{n}"]
