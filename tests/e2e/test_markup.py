"""Hostile names from every user file, in a real browser: the report built from a run whose
gazetteer, raw rows and --compare export carry markup, LaTeX and dangerous addresses runs no
script, opens no dialog, goes nowhere, and shows each name as text; the PDF printer runs
nothing from the data even when markup gets past escaping."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis.publish.report import chart_count
from tests.e2e.test_escaping import HOVER_EVERY_POINT
from tests.hostile import IMG, LATEX, SCRIPT, hostile_run_at

pytestmark = [pytest.mark.browser, pytest.mark.integration]
PRINT = ("import sys; from pathlib import Path; from analysis.publish import pdf, report; "
         "page = Path(sys.argv[1]); pdf.print_pdf(page, Path(sys.argv[2]), "
         "charts=report.chart_count(page), date='2026-05-01')")
FORGE = "<script>document.body.innerHTML='FORGED REPORT'</script>"
INJECTED = (f"<img src=x onerror=\"window.__xss='img';document.body.innerHTML='FORGED'\">"
            f"{FORGE}<img src=https://example.invalid/pixel.png>")


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory) -> Path:
    """A run at site level with --compare, static export on: report.html and report.pdf."""
    run = hostile_run_at(tmp_path_factory, "site")
    assert run.returncode == 0, run.stderr[-2000:]
    return run.out


class Recorder:
    """Every dialog, console error, script error, navigation and outside request of a page."""

    def __init__(self, page, url: str):
        self.events: list[str] = []
        page.on("dialog", lambda d: (self.events.append(f"dialog {d.message}"), d.dismiss()))
        page.on("console", lambda m: m.type == "error" and self.events.append(
            f"console {m.text}"))
        page.on("pageerror", lambda e: self.events.append(f"pageerror {e}"))
        page.on("framenavigated", lambda f: f.url != url and self.events.append(
            f"navigated {f.url}"))
        page.on("popup", lambda p: self.events.append(f"popup {p.url}"))
        page.route("**/*", self._route)

    def _route(self, route) -> None:
        if route.request.url.startswith(("file:", "data:", "blob:", "about:")):
            route.continue_()
        else:
            self.events.append(f"request {route.request.url}")
            route.abort()


def _open(browser, path: Path):
    page = browser.new_page()
    url = path.resolve().as_uri()
    recorder = Recorder(page, url)
    page.goto(url, wait_until="load")
    return page, recorder


def test_report__hostile_names_run_nothing_and_show_as_text(browser, hostile_report):
    page, recorder = _open(browser, hostile_report / "report.html")
    page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= "
                           f"{chart_count(hostile_report / 'report.html')}", timeout=60_000)
    page.wait_for_selector("table#incidents.dataTable", timeout=30_000)
    page.wait_for_timeout(500)
    loaded = list(recorder.events)
    # Hovering reaches the charts' labels; plotly's own errors on made-up hover points are
    # not the data's, so only dialogs, navigations and requests count from here.
    assert page.evaluate(HOVER_EVERY_POINT) > 0
    for link in page.locator("a[href]").all():
        href = link.get_attribute("href") or ""
        assert href.startswith(("http://", "https://", "#")) or not href.count(":"), href
    page.wait_for_timeout(500)
    text = page.inner_text("body")
    flag = page.evaluate("window.__xss")
    page.close()
    hovered = [e for e in recorder.events[len(loaded):] if not e.startswith("pageerror")]
    assert (flag, loaded, hovered) == (None, [], [])
    for name in (IMG, SCRIPT, LATEX):
        assert name in text, name


def test_report_pdf__hostile_names_printed_as_text(hostile_report):
    text = " ".join(page.extract_text() for page in PdfReader(hostile_report / "report.pdf")
                    .pages)
    assert "onerror" in text
    assert "FORGED" not in text


def test_print_pdf__markup_past_escaping_neither_runs_nor_fails(browser, hostile_report,
                                                                 tmp_path):
    """Defence in depth: markup injected into the page (as if escaping had failed)."""
    page_path = tmp_path / "report.html"
    shutil.copyfile(hostile_report / "report.html", page_path)
    html = page_path.read_text(encoding="utf-8")
    page_path.write_text(html.replace("<h2 id=\"findings\">", f"{INJECTED}<h2 id=\"findings\">"),
                         encoding="utf-8")
    target = tmp_path / "report.pdf"
    # A process of its own: the session's browser already runs Playwright in this one.
    done = subprocess.run([sys.executable, "-c", PRINT, str(page_path), str(target)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert "FORGED" not in text
    assert "Key findings" in text
    page, _ = _open(browser, page_path)
    page.wait_for_timeout(500)
    assert page.evaluate("window.__xss") is None
    page.close()
