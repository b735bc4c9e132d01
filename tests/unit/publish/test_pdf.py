"""The report PDF repeats byte for byte: nothing in it depends on when the browser printed."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader

from analysis.charts.repeatable import fixed_dates, make_repeatable, stable_node_ids
from analysis.publish.pdf import heading_pages

PRINT = ("import sys; from pathlib import Path; from analysis.publish import pdf; "
         "pdf.print_pdf(Path(sys.argv[1]), Path(sys.argv[2]), charts=0, date='2026-05-01')")
_TABLE = ("<table><thead><tr><th>Place</th><th>Attacks</th></tr></thead>"
          "<tbody><tr><td>Erbil</td><td>3</td></tr></tbody></table>")
TABLES = f"<html lang=en><body><h1>T</h1>{_TABLE}<h2>U</h2>{_TABLE}</body></html>"


def test_stable_node_ids__numbered_in_the_order_elements_are_written():
    document = (b"/ID (node00000157) /Headers [(node00000157)] /ID (node00000120) "
                b"/Names [(node00000120) 2 0 R (node00000157) 1 0 R]")
    moved = document.replace(b"157", b"097").replace(b"120", b"300")
    assert stable_node_ids(document) == stable_node_ids(moved) == (
        b"/ID (node00000001) /Headers [(node00000001)] /ID (node00000002) "
        b"/Names [(node00000002) 2 0 R (node00000001) 1 0 R]")
    assert len(stable_node_ids(document)) == len(document)


def test_fixed_dates__midnight_utc_of_the_day_and_the_same_length():
    document = b"/CreationDate (D:20261207213057+01'00')\n/ModDate (D:20261207213057+01'00')"
    assert fixed_dates(document, "2026-05-01") == (
        b"/CreationDate (D:20260501000000+00'00')\n/ModDate (D:20260501000000+00'00')")


@pytest.mark.browser
def test_make_repeatable__a_print_whose_node_numbers_moved_gives_the_same_bytes(tmp_path):
    """Chromium numbers tagged header cells by DOM node in the order it meets them, which
    changed under load between two prints of the same report (seen in CI): the PDFs differed."""
    page = tmp_path / "page.html"
    page.write_text(TABLES, encoding="utf-8")
    first = tmp_path / "first.pdf"
    # A process of its own: a session's browser may already run Playwright in this one.
    done = subprocess.run([sys.executable, "-c", PRINT, str(page), str(first)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    numbers = sorted(set(re.findall(rb"\(node(\d{8})\)", first.read_bytes())))
    assert len(numbers) >= 4
    # The same print with its node numbers handed out the other way round, its id tree
    # sorted by them as Chromium writes it.
    swapped = dict(zip(numbers, reversed(numbers), strict=True))
    second = tmp_path / "second.pdf"
    second.write_bytes(_sorted_as_chromium_writes(re.sub(
        rb"\(node(\d{8})\)", lambda found: b"(node" + swapped[found[1]] + b")",
        first.read_bytes())))
    for printed in (first, second):
        make_repeatable(printed, "2026-05-01")
    assert first.read_bytes() == second.read_bytes()
    reader = PdfReader(first, strict=True)  # offsets still right
    assert reader.metadata.creation_date == datetime(2026, 5, 1, tzinfo=UTC)
    _assert_ids_resolve(reader)


def _sorted_as_chromium_writes(document: bytes) -> bytes:
    """The id tree's one leaf with its keys in order, as Chromium writes them."""
    leaf = re.search(rb"/Names \[ ?((?:\(node\d{8}\) \d+ \d+ R ?)+)\]", document)
    pairs = sorted(re.findall(rb"\(node\d{8}\) \d+ \d+ R", leaf[1]))
    ordered = iter(pairs)
    names = re.sub(rb"\(node\d{8}\) \d+ \d+ R", lambda _: next(ordered), leaf[1])
    limits = b"/Limits [" + pairs[0][:14] + b" " + pairs[-1][:14] + b"]"
    document = document[:leaf.start(1)] + names + document[leaf.end(1):]
    return re.sub(rb"/Limits \[\(node\d{8}\) \(node\d{8}\)\]", limits, document, count=1)


def _assert_ids_resolve(reader: PdfReader) -> None:
    """The id tree is sorted, and every header a data cell names is a header cell."""
    leaf = reader.root_object["/StructTreeRoot"]["/IDTree"]["/Kids"][0].get_object()
    keys = [str(key) for key in leaf["/Names"][::2]]
    assert keys == sorted(keys)
    assert [str(key) for key in leaf["/Limits"]] == [keys[0], keys[-1]]
    cells = dict(zip(keys, (ref.get_object() for ref in leaf["/Names"][1::2]), strict=True))
    assert all(cell["/S"] == "/TH" and cell["/ID"] == key for key, cell in cells.items())
    headers = re.findall(rb"/Headers \[([^\]]*)\]", reader.stream.getvalue())
    named = {name.decode() for found in headers for name in re.findall(rb"\((node\d{8})\)", found)}
    assert named
    assert named <= set(keys)


PAGED = ("<html lang=en><body><nav><a href='#one'>One</a> <a href='#three'>Three</a></nav>"
         "<h2 id='one'>One</h2><h2 id='two' style='break-before:page'>Two</h2>"
         "<h2 id='three' style='break-before:page'>Three</h2></body></html>")
PLAIN_PRINT = ("import sys; from pathlib import Path; from playwright.sync_api import "
               "sync_playwright; from analysis.publish import pdf\n"
               "with sync_playwright() as p:\n"
               "    b = p.chromium.launch(executable_path=pdf.browser_path(), "
               "args=list(pdf.CHROMIUM_ARGS))\n"
               "    page = b.new_page(); page.goto(Path(sys.argv[1]).as_uri())\n"
               "    Path(sys.argv[2]).write_bytes(page.pdf(**pdf.FIRST_PRINT)); b.close()")


@pytest.mark.browser
def test_heading_pages__read_from_an_untagged_print_by_its_links(tmp_path):
    """The first print only finds pages: untagged (half the time), read by its link targets."""
    page, printed = tmp_path / "page.html", tmp_path / "first.pdf"
    page.write_text(PAGED, encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", PLAIN_PRINT, str(page), str(printed)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    assert b"/StructTreeRoot" not in printed.read_bytes()
    assert heading_pages(printed.read_bytes()) == {"one": 1, "three": 3}


HIDDEN_PRINT = ("import io, json, sys; from pathlib import Path; from pypdf import PdfReader; "
                "from playwright.sync_api import sync_playwright\n"
                "from analysis.publish import pdf\n"
                "with sync_playwright() as p:\n"
                "    b = p.chromium.launch(executable_path=pdf.browser_path(), "
                "args=list(pdf.CHROMIUM_ARGS))\n"
                "    page = b.new_page(); page.goto(Path(sys.argv[1]).as_uri())\n"
                "    plain = pdf.heading_pages(page.pdf(**pdf.FIRST_PRINT))\n"
                "    hidden = pdf.first_print_pages(page, {})\n"
                "    after = page.pdf(**pdf.FIRST_PRINT); b.close()\n"
                "text = PdfReader(io.BytesIO(after)).pages[0].extract_text()\n"
                "print(json.dumps([plain, hidden, text]))")


@pytest.mark.browser
def test_first_print_pages__painting_nothing_finds_the_pages_of_the_page_as_it_is(tmp_path):
    """The first print hides every element in its place: the same pages, and the page shows
    again afterwards."""
    page = tmp_path / "page.html"
    page.write_text(PAGED.replace("<h2 id='one'>One</h2>",
                                  "<h2 id='one'>One</h2>" + "<p>Line of text.</p>" * 80),
                    encoding="utf-8")
    done = subprocess.run([sys.executable, "-c", HIDDEN_PRINT, str(page)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    plain, hidden, text = json.loads(done.stdout)
    assert plain == hidden == {"one": 1, "three": 5}
    assert "Line of text." in text
