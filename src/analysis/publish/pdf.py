"""Print the HTML report to an A4 PDF with headless Chromium (Playwright), page numbers included.

The page is opened with every request outside the file refused (other files of this machine
and the web alike: a refused request is dropped, it does not stop the print), its scripts
limited by the report's own Content-Security-Policy (``policy``), printed once every chart
has drawn, and its creation and modification dates are set from the dataset's release, so
the same report gives the same dates.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

from analysis.charts.export import browser_problem, chosen_browser, set_dates

CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync")
RENDER_TIMEOUT_MS = 60_000
UNLINK_LOCAL = ("document.querySelectorAll('a[href]').forEach(a => {"
                " if (!/^https?:/i.test(a.getAttribute('href'))) a.removeAttribute('href'); })")
PAGE_WIDTH_PX = 690  # 210 mm less 2 x 14 mm of margin, at 96 px per inch
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#555;'
          'font-family:Arial,sans-serif"><span class="pageNumber"></span> / '
          '<span class="totalPages"></span></div>')


class PdfUnavailableError(RuntimeError):
    """No browser to print with: the HTML report was written, the PDF was not."""


def browser_path() -> str:
    """The Chrome or Chromium to print with (``BROWSER_PATH`` first).

    Raises:
        PdfUnavailableError: none is installed, or it does not answer like Chrome.
    """
    if problem := browser_problem():
        raise PdfUnavailableError(problem)
    return chosen_browser()


def print_pdf(page_path: Path, target: Path, *, charts: int, date: str) -> Path:
    """Print an HTML file to A4 PDF once its ``charts`` plotly charts have drawn.

    Args:
        page_path: the HTML report.
        target: the PDF to write.
        charts: how many charts the page must show before it is printed.
        date: ISO date written as the PDF's creation and modification date.

    Raises:
        PdfUnavailableError: no browser.
        playwright's TimeoutError: a chart did not draw.
    """
    from playwright.sync_api import sync_playwright

    page_url = Path(page_path).resolve().as_uri()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=browser_path(),
                                             args=list(CHROMIUM_ARGS),
                                             timeout=RENDER_TIMEOUT_MS)
        try:
            # The printable width of A4 with these margins, so charts lay out for the page.
            page = browser.new_page(viewport={"width": PAGE_WIDTH_PX, "height": 1000})
            page.route("**/*", lambda route: _only_the_file(route, page_url))
            page.goto(page_url, wait_until="load")
            page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg')"
                                   f".length >= {charts}", timeout=RENDER_TIMEOUT_MS)
            # Links to files beside the report would print as file:// addresses of this
            # machine: a PDF keeps only its links to source pages on the web.
            page.evaluate(UNLINK_LOCAL)
            page.emulate_media(media="print")
            page.pdf(path=str(target), format="A4", print_background=True,
                     display_header_footer=True, header_template="<span></span>",
                     footer_template=FOOTER,
                     margin={"top": "16mm", "bottom": "18mm", "left": "14mm", "right": "14mm"})
        finally:
            browser.close()
    set_dates(target, date)
    return target


def _only_the_file(route, page_url: str) -> None:
    """Let through the report itself and what it holds inline; refuse anything else."""
    url = route.request.url
    if unquote(url.split("#")[0]) == unquote(page_url) or url.startswith(
            ("data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort()


