"""The published report: offline in a browser, every chart drawn, a PDF that reads."""

from __future__ import annotations

import json
import re
from collections import Counter
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import pytest

from analysis.publish.pdf import heading_pages
from analysis.publish.report import chart_count
from analysis.run.pipeline import dataset_released
from tests.unit.charts.test_layout import shared_pairs

pytestmark = [pytest.mark.browser, pytest.mark.integration]


@pytest.fixture(scope="module")
def published(published_run) -> Path:
    """A full run with static export: figures, report HTML and PDF."""
    return published_run.out


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


def test_report_pdf__a4_pages_numbered_every_chart_listed(published, pdf_pages):
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
    # The pages' text as pdfplumber read it for the other PDF tests (pypdf's own extraction
    # of all 85 pages took about 14 s of CPU more).
    text = "\n".join(page["text"] for page in pdf_pages)
    assert len(pdf_pages) == len(reader.pages)
    assert all(f"Figure {n}." in text for n in range(1, 9))
    assert f"1 / {len(reader.pages)}" in pdf_pages[0]["text"]
    # The PDF is dated by the dataset's release (datapackage.json), not by the day of the run.
    released = datetime.fromisoformat(dataset_released()).replace(tzinfo=UTC)
    assert reader.metadata.creation_date == released
    assert reader.metadata.modification_date == released
    actions = [annotation.get_object().get("/A", {})
               for page in reader.pages for annotation in page.get("/Annots") or []]
    links = [action["/URI"] for action in actions if "/URI" in action]
    assert any(link.startswith("http") for link in links)
    assert not [link for link in links if not link.startswith("http")]  # no file:// paths


# The text area of a page (20 mm margins): running headers and page numbers lie outside.
TOP, BOTTOM = 57, 842 - 57


@pytest.fixture(scope="module")
def pdf_pages(published) -> list[dict]:
    """Each page of the report's PDF: its text, characters and lowest content."""
    import pdfplumber

    pages = []
    with pdfplumber.open(published / "report.pdf") as document:
        for page in document.pages:
            inside = [c for c in page.chars if c["top"] >= TOP and c["bottom"] <= BOTTOM]
            marks = [o for o in page.rects + page.curves + page.lines + page.images
                     if o["top"] >= TOP and o["bottom"] <= BOTTOM]
            pages.append({"text": page.extract_text() or "", "chars": page.chars,
                          "inside": inside,
                          "lowest": max([c["bottom"] for c in inside]
                                        + [o["bottom"] for o in marks], default=TOP)})
    return pages


def test_report_pdf__contents_give_each_heading_its_page(pdf_pages):
    first = pdf_pages[0]["text"]
    assert "Contents" in first
    for heading in ("Key findings", "Charts", "Methods", "Limitations", "Appendix",
                    "Figure 1. Attacks per month by target region"):
        number = int(re.search(rf"^{re.escape(heading)} (\d+)$", first, re.M).group(1))
        body = pdf_pages[number - 1]["text"]
        assert heading in body.split("Contents")[-1] if number == 1 else heading in body, heading


def test_report_pdf__every_contents_entry_gives_the_page_its_heading_is_on(published, pdf_pages):
    """The contents' numbers come from a first print that paints nothing: they must be the
    pages of the print itself (each linked heading is a named destination in it)."""
    pages = heading_pages((published / "report.pdf").read_bytes())
    html = (published / "report.html").read_text(encoding="utf-8")
    contents = html[html.index('<nav class="contents"'):html.index("</nav>")]
    linked = re.findall(r'<a href="#([^"]+)">([^<]+)</a>', contents)
    assert len(linked) >= 15
    first = pdf_pages[0]["text"]
    for target, title in linked:
        entry = re.search(rf"^{re.escape(unescape(title))} (\d+)$", first, re.M)
        assert entry, title
        assert int(entry[1]) == pages[target], title


def test_report_pdf__charts_as_wide_as_the_text(published):
    """Nothing wider than the column makes Chromium shrink the whole document to fit."""
    import pdfplumber

    with pdfplumber.open(published / "report.pdf") as document:
        page = next(p for p in document.pages[1:] if "Figure 1." in (p.extract_text() or ""))
        right = max(o["x1"] for o in page.rects + page.curves + page.lines)
        text_right = max(c["x1"] for c in document.pages[0].chars if c["top"] >= TOP)
        sizes = Counter(round(c["size"], 1) for c in document.pages[0].chars if c["top"] >= TOP)
    assert right >= 0.97 * text_right
    # Body text is 11 pt printed at 643/760: 9.3 pt, unless the document was shrunk to fit.
    assert sizes.most_common(1)[0][0] >= 9.2


def test_report_pdf__running_header_on_every_page(pdf_pages):
    for number, page in enumerate(pdf_pages, start=1):
        header = "".join(c["text"] for c in page["chars"] if c["bottom"] < TOP)
        assert "dataset version" in header, number


def test_report_pdf__no_page_before_the_appendix_more_than_a_third_empty(pdf_pages):
    appendix = next(n for n, page in enumerate(pdf_pages)
                    if re.search(r"^Appendix$", page["text"], re.M))
    for number, page in enumerate(pdf_pages[:appendix], start=1):
        empty = (BOTTOM - page["lowest"]) / (BOTTOM - TOP)
        assert empty <= 1 / 3, f"page {number} is {empty:.0%} empty"


def test_report_pdf__appendix_type_at_least_7_points(pdf_pages):
    appendix = next(n for n, page in enumerate(pdf_pages)
                    if re.search(r"^Appendix$", page["text"], re.M))
    # Upright letters only: pdfplumber gives a turned letter (the period table's place names)
    # its advance as its size.
    sizes = [c["size"] for page in pdf_pages[appendix:] for c in page["inside"]
             if c["text"].strip() and c["upright"]]
    assert min(sizes) >= 7


def test_report_pdf__no_text_on_other_text(pdf_pages):
    found = []
    for number, page in enumerate(pdf_pages, start=1):
        boxes = [[i, c["text"], c["x0"], c["top"], c["x1"], c["bottom"]]
                 for i, c in enumerate(page["chars"]) if c["text"].strip()]
        found += [f"page {number}: {pair}" for pair in shared_pairs(boxes)]
    assert not found, found[:10]


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
