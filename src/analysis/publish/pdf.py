"""Print the HTML report to an A4 PDF with headless Chromium (Playwright), laid out for reading.

Running headers (title and dataset version), page numbers, and a table of contents whose
page numbers come from a first print: Chromium names each target of an internal link (the
contents' entries) in the PDF, their pages are read back (pypdf) into the contents, and
the page is printed again, tagged and with the headings as its outline. The first print
only finds pages: untagged, with every element hidden in its place (``first_print_pages``).

The page is opened with every request outside the file refused (other files of this machine
and the web alike: a refused request is dropped, it does not stop the print), its scripts
limited by the report's own Content-Security-Policy (``policy``), printed once every chart
has drawn, and its creation and modification dates are set from the dataset's release, so
the same report gives the same dates.
"""

from __future__ import annotations

import html
import io
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote

from pypdf import PdfReader

from analysis.charts.browser import browser_problem, chosen_browser
from analysis.charts.repeatable import make_repeatable

if TYPE_CHECKING:
    from playwright.sync_api import Page

CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-sync")
RENDER_TIMEOUT_MS = 60_000
UNLINK_LOCAL = ("document.querySelectorAll('a[href]').forEach(a => {"
                " if (!/^(https?:|#)/i.test(a.getAttribute('href'))) a.removeAttribute('href'); })")
# The A4 text column is 170 mm (20 mm margins, the template's @page rule): 643 px at
# 96 px per inch. The page is laid out 760 px wide, the width of a print-size chart
# (analysis.charts.sizing), and printed at 643 / 760 of its size.
PAGE_WIDTH_PX = 760
PRINT_SCALE = 643 / 760
_MARGIN_STYLE = "font-size:7.5px;width:100%;color:#555;font-family:Arial,sans-serif;margin:0 20mm"
FOOTER = (f'<div style="{_MARGIN_STYLE};text-align:center"><span class="pageNumber"></span>'
          ' / <span class="totalPages"></span></div>')
# The first print: what Chromium lays out alone, no tagging or outline (``heading_pages``).
FIRST_PRINT = {"print_background": True, "prefer_css_page_size": True, "scale": PRINT_SCALE}
# The first print's style: every element hidden, in its place.
NOTHING_PAINTED = "* { visibility: hidden !important; }"
FILL_CONTENTS = """pages => document.querySelectorAll('nav.contents a[href^="#"]').forEach(a => {
  const page = pages[a.getAttribute('href').slice(1)];
  a.parentElement.querySelector('.page').textContent = page ? String(page) : '';
})"""


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


def print_pdf(page_path: Path, target: Path, *, charts: int, date: str,
              header: str = "") -> Path:
    """Print an HTML file to A4 PDF once its ``charts`` plotly charts have drawn.

    Args:
        page_path: the HTML report.
        target: the PDF to write.
        charts: how many charts the page must show before it is printed.
        date: ISO date written as the PDF's creation and modification date.
        header: the running header of every page (plain text).

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
            margins = {"display_header_footer": True, "header_template": _header(header),
                       "footer_template": FOOTER}
            page.evaluate(FILL_CONTENTS, first_print_pages(page, margins))
            page.pdf(path=str(target), **FIRST_PRINT, **margins, outline=True, tagged=True)
        finally:
            browser.close()
    make_repeatable(target, date)
    return target


def _header(text: str) -> str:
    return (f'<div style="{_MARGIN_STYLE};text-align:right">{html.escape(text)}</div>'
            if text else "<span></span>")


def first_print_pages(page: Page, margins: dict) -> dict[str, int]:
    """Each linked heading's page, from a first print of the page that paints nothing.

    Hidden elements keep their place (``visibility`` is no part of layout) and their names
    as link targets, so this print has the real print's pages; painting nothing, it takes a
    third of the time of an untagged print of the page as it is.
    """
    hidden = page.add_style_tag(content=NOTHING_PAINTED)
    try:
        return heading_pages(page.pdf(**FIRST_PRINT, **margins))
    finally:
        hidden.evaluate("style => style.remove()")


def heading_pages(document: bytes) -> dict[str, int]:
    """The page (from 1) of each target of the document's internal links, by its id.

    Chromium writes every element an internal link points to (``href="#id"``) as a named
    destination; the contents link each heading by its id.
    """
    reader = PdfReader(io.BytesIO(document))
    return {name.lstrip("/"): reader.get_destination_page_number(destination) + 1
            for name, destination in reader.named_destinations.items()}


def _only_the_file(route, page_url: str) -> None:
    """Let through the report itself and what it holds inline; refuse anything else."""
    url = route.request.url
    if unquote(url.split("#")[0]) == unquote(page_url) or url.startswith(
            ("data:", "blob:", "about:")):
        route.continue_()
    else:
        route.abort()


