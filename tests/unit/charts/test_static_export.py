"""PNG, SVG and PDF from one browser per batch: sizes, repeatable bytes, a worker started ahead."""

from __future__ import annotations

import contextlib
import json
import re
import time
from pathlib import Path

import kaleido
import plotly.graph_objects as go
import psutil
import pytest
from PIL import Image

from analysis import config
from analysis.charts import static_export, static_worker
from analysis.charts.browser import browser_available
from analysis.charts.sizing import SIZES, fit
from tests.charts_built import run_charts
from tests.unit.charts.examples import site_chart

needs_browser = pytest.mark.skipif(not browser_available(), reason="needs Chromium")


def test_normalise_svg__pattern_ids_of_hatched_bars_are_stable(tmp_path):
    def svg(random: str) -> str:
        return (f'<g class="patterns"><pattern id="p{random}-band-jordan"></pattern></g>'
                f'<path style="fill: url(\'#p{random}-band-jordan\')"/>')

    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    first.write_text(svg("e381e0"))
    second.write_text(svg("0a9b1c"))
    static_export.normalise_svg(first)
    static_export.normalise_svg(second)
    assert first.read_text() == second.read_text()
    assert "e381e0" not in first.read_text()


def test_normalise_svg__the_order_plotly_set_attributes_in_does_not_change_the_bytes(tmp_path):
    """In one page, plotly sets a legend's attributes in an order that depends on the charts
    it drew before: the same drawing must give the same file."""
    style = 'style="fill: rgb(255, 255, 255); stroke-width: 0px;"'
    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    first.write_text(f'<svg class="main-svg"><rect class="bg" {style} width="717" x="0"/>'
                     '<text x="1">a &lt; "b"</text></svg>')
    second.write_text(f'<svg class="main-svg"><rect class="bg" width="717" x="0" {style} />'
                      '<text x="1">a &lt; "b"</text></svg>')
    static_export.normalise_svg(first)
    static_export.normalise_svg(second)
    assert first.read_text() == second.read_text().replace(" />", "/>")
    assert first.read_text() == (
        '<svg class="main-svg"><rect class="bg" style="fill: rgb(255, 255, 255); '
        'stroke-width: 0px;" width="717" x="0"/><text x="1">a &lt; "b"</text></svg>')


# Each size's files at their physical size: PNG pixels, SVG CSS pixels, PDF points.
PHYSICAL = {"web": (2200, 1100, 825.0),       # a web page's 1100 px
            "print": (2006, 643, 481.9),      # the A4 text column, 170 mm
            "slide": (1920, 1280, 960.0)}     # a 13.33 x 7.5 in slide


@pytest.mark.browser
@needs_browser
@pytest.mark.parametrize("name", sorted(PHYSICAL))
def test_write_static__png_pixels_svg_and_pdf_at_physical_size(tmp_path, name):
    from pypdf import PdfReader

    figure = fit(site_chart("Tower 22"), SIZES[name])
    static_export.write_static({"chart": figure}, tmp_path, size=SIZES[name])
    png, svg, pdf = PHYSICAL[name]
    with Image.open(tmp_path / "chart.png") as image:
        assert image.width == png
    assert re.search(r'<svg[^>]* width="(\d+(?:\.\d+)?)"',
                     (tmp_path / "chart.svg").read_text())[1] == f"{svg:g}"
    width = float(PdfReader(tmp_path / "chart.pdf").pages[0].mediabox.width)
    assert abs(width - pdf) < 1.5, width


@pytest.fixture(scope="module")
def shipped_charts(tmp_path_factory) -> dict[str, go.Figure]:
    """The charts of a default run of the shipped dataset."""
    figures, _, _ = run_charts(tmp_path_factory.mktemp("run"), config.RAW_INCIDENTS,
                               config.RAW_SITES, "region", {"min_confidence": "medium"})
    return figures


@pytest.mark.browser
@needs_browser
def test_write_static__an_svg_does_not_depend_on_what_was_drawn_before_it(
        tmp_path, shipped_charts):
    """Every image of a batch is drawn in one page: what the page drew before must not show.

    The heatmap's SVG is drawn first in the page, then again after its own PNG and the small
    multiples (drawn so, its legend got its attributes in another order).
    """
    heatmap = shipped_charts["attacks_heatmap"]
    static_export.write_static({"first": heatmap,
                                "other": shipped_charts["attacks_small_multiples"],
                                "again": heatmap}, tmp_path, ("svg", "png"))
    assert (tmp_path / "again.svg").read_bytes() == (tmp_path / "first.svg").read_bytes()


def test_one_page_kaleido__replaces_a_method_kaleido_has():
    """The override only works while kaleido still puts its tabs back through this method."""
    assert "_return_kaleido_tab" in vars(kaleido.Kaleido)
    assert static_worker.OnePageKaleido._return_kaleido_tab is not (
        kaleido.Kaleido._return_kaleido_tab)


def _browsers_of(exporter: static_export.StaticExporter) -> list[psutil.Process]:
    found = []
    for child in psutil.Process(exporter._worker.pid).children(recursive=True):
        with contextlib.suppress(psutil.NoSuchProcess):  # a helper that ended meanwhile
            if "chrom" in child.name().lower():
                found.append(child)
    return found


@pytest.mark.browser
@needs_browser
def test_exporter__opens_its_browser_before_it_is_sent_a_batch(tmp_path):
    exporter = static_export.StaticExporter.start()
    try:
        deadline = time.monotonic() + 30
        while not _browsers_of(exporter) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _browsers_of(exporter), "no browser while the exporter waits for its batch"
        written = exporter.write({"bars": go.Figure(go.Bar(y=[1, 2]))}, tmp_path)
    finally:
        exporter.stop()
    assert sorted(path.name for path in written) == ["bars.pdf", "bars.png", "bars.svg"]


@pytest.mark.browser
@needs_browser
def test_exporter__stopped_unused_leaves_no_process():
    """A run that fails before its charts exist stops the exporter it started ahead."""
    exporter = static_export.StaticExporter.start()
    time.sleep(1.5)
    family = [psutil.Process(exporter._worker.pid), *psutil.Process(
        exporter._worker.pid).children(recursive=True)]
    exporter.stop()
    gone, alive = psutil.wait_procs(family, timeout=5)
    assert not [p for p in alive if p.status() != psutil.STATUS_ZOMBIE]


def test_exporter__without_a_browser_says_so_when_asked_to_write(tmp_path, monkeypatch):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chrome"))
    exporter = static_export.StaticExporter.start()
    with pytest.raises(static_export.StaticExportUnavailableError, match="no-such-chrome"):
        exporter.write({"bars": go.Figure(go.Bar(y=[1]))}, tmp_path)
    exporter.stop()
    assert not list(tmp_path.glob("bars.*"))


def test_job__a_figure_as_json_is_rendered_as_the_figure_itself(tmp_path):
    """The run hands static export the charts as notebook 2 stored them (JSON, not rebuilt)."""
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2], uid="bars"))
    jobs = {}
    for kind, given in (("figure", fig), ("json", fig.to_plotly_json())):
        work = tmp_path / kind
        work.mkdir()
        job = static_export._job({"c": given}, ("png",), tmp_path, work, SIZES["web"])
        jobs[kind] = (json.loads(Path(job[0]["figure"]).read_text(encoding="utf-8")),
                      job[0]["scale"])
    assert jobs["json"] == jobs["figure"]
