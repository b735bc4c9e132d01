"""The published report: offline in a browser, every chart drawn, a PDF that reads."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import config
from analysis.publish.report import chart_count
from analysis.run.pipeline import dataset_released

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """A full run with static export: figures, report HTML and PDF."""
    out = tmp_path_factory.mktemp("published") / "out"
    done = subprocess.run([sys.executable, "-m", "analysis", "run", "--out", str(out)],
                          capture_output=True, text=True, cwd=config.PROJECT_ROOT, timeout=900)
    assert done.returncode == 0, done.stderr
    return out


def _open_offline(browser, path: Path, charts: int) -> list[str]:
    """Open a page with every request outside the file refused; return what it asked for."""
    asked: list[str] = []

    def refuse(route):
        url = route.request.url
        if url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            asked.append(url)
            route.abort()

    page = browser.new_page()
    page.route("**/*", refuse)
    page.goto(path.resolve().as_uri(), wait_until="load")
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length"
                           f" >= {charts}", timeout=60_000)
    page.wait_for_timeout(500)
    page.close()
    return asked


def test_report_and_figures__no_request_outside_the_file(browser, published):
    report = published / "report.html"
    pages = [(report, chart_count(report)), *[(p, 1) for p in
                                             sorted((published / "figures").glob("*.html"))]]
    assert chart_count(report) == 8
    assert len(pages) == 9
    for path, charts in pages:
        assert _open_offline(browser, path, charts) == [], path.name


def test_report__incident_table_is_searchable_offline(browser, published):
    page = browser.new_page()
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(
        ("file:", "data:", "blob:")) else route.abort())
    page.goto((published / "report.html").resolve().as_uri())
    page.wait_for_selector("#incidents_wrapper input", timeout=60_000)
    page.fill("#incidents_wrapper input", "Tower 22")  # the Jordan base, 28 Jan 2024
    page.wait_for_timeout(500)
    rows = page.locator("#incidents tbody tr").count()
    links = page.locator("#incidents tbody a[href^='http']").count()
    visible = page.locator("table#incidents").is_visible()
    page.close()
    assert visible
    assert rows >= 1
    assert links >= rows


def test_report_pdf__a4_pages_numbered_every_chart_listed(published):
    from pypdf import PdfReader

    manifest = json.loads((published / "manifest.json").read_text())
    kinds = {entry["path"]: entry["kind"] for entry in manifest["outputs"]}
    assert kinds["report.pdf"] == "report"
    reader = PdfReader(published / "report.pdf")
    assert len(reader.pages) >= 10
    box = reader.pages[0].mediabox
    # A4 is 595 x 842 points; Chromium rounds its page size up to whole pixels.
    assert abs(float(box.width) - 595.3) < 2
    assert abs(float(box.height) - 841.9) < 2
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert all(f"Figure {n}." in text for n in range(1, 9))
    assert f"1 / {len(reader.pages)}" in reader.pages[0].extract_text()
    # The PDF is dated by the dataset's release (datapackage.json), not by the day of the run.
    assert reader.metadata["/CreationDate"] == f"D:{dataset_released().replace('-', '')}000000Z"
    links = [annotation.get_object().get("/A", {}).get("/URI", "")
             for page in reader.pages for annotation in page.get("/Annots") or []]
    assert any(link.startswith("http") for link in links)
    assert not [link for link in links if not link.startswith("http")]  # no file:// paths


def test_figures__pdf_beside_png_and_svg(published):
    for html in (published / "figures").glob("*.html"):
        for suffix in (".png", ".svg", ".pdf"):
            assert html.with_suffix(suffix).is_file(), html.with_suffix(suffix).name


def test_report__incident_table_holds_every_incident(browser, published):
    import pandas as pd

    expected = len(pd.read_csv(published / "tables" / "incidents.csv"))
    page = browser.new_page()
    page.goto((published / "report.html").resolve().as_uri())
    page.wait_for_selector("#incidents_wrapper .dt-info", timeout=60_000)
    info = page.locator("#incidents_wrapper .dt-info").inner_text()
    page.close()
    assert info.endswith(f"of {expected:,} entries"), info
