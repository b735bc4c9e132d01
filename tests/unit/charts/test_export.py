"""Export without a browser still writes the HTML charts and says what to install."""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import pytest
from PIL import Image

from analysis.charts import export
from analysis.charts.data import chart_data
from analysis.charts.sizing import SIZES, fit
from analysis.inputs.tables import read_table


def test_export_figures__no_browser_writes_html_and_explains(tmp_path, monkeypatch, caplog):
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "no-such-chrome"))
    figure = go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    with caplog.at_level(logging.WARNING):
        written = export.export_figures({"bars": figure}, tmp_path / "figures")
    assert [path.name for path in written["html"]] == ["bars.html"]
    assert written["static"] == []
    assert not (tmp_path / "figures" / "bars.png").exists()
    assert "apt-get install -y chromium" in caplog.text


def test_write_html__is_self_contained(tmp_path):
    path = export.write_html(go.Figure(go.Bar(x=[1], y=[1])), tmp_path / "one.html")
    text = path.read_text()
    assert "<script src=\"http" not in text
    assert len(text) > 1_000_000  # plotly.js is inlined


def _site_chart(site: str) -> go.Figure:
    from analysis.charts.frequency import chart_stacked
    from analysis.measure.frequency import frequency_table
    from analysis.measure.grades import Grades

    incidents = pd.DataFrame({"event_date": ["2023-10-20", "2023-10-21", "2023-11-02"],
                              "site_name": [site, site, "Eilat"],
                              "region": ["Jordan", "Jordan", "Israel - South"],
                              "country": ["Jordan", "Jordan", "Israel"],
                              "target_type": ["us", "us", "israel"],
                              "confidence": ["high", "low", "medium"]})
    table = frequency_table(incidents, freq="month", region_level="site", start="2023-10-17",
                            end="2023-11-30", min_confidence="medium")
    return chart_stacked(table, level="site", freq="month", window="w", start="2023-10-17",
                         end="2023-11-30", grades=Grades("medium"))


def test_export_figures__chart_data_beside_each_chart(tmp_path):
    figure = _site_chart("Tower 22")
    written = export.export_figures({"stacked": figure}, tmp_path, static=False)
    assert [path.name for path in written["data"]] == ["stacked.csv"]
    data = read_table(tmp_path / "stacked.csv")
    pd.testing.assert_frame_equal(data, chart_data(figure))
    rows = data[data["value"] > 0].sort_values(["period", "place", "grade"])
    assert rows.values.tolist() == [
        ["2023-10-01", "Tower 22", "attacks", 1, "low"],
        ["2023-10-01", "Tower 22", "attacks", 1, "medium or high"],
        ["2023-11-01", "Eilat", "attacks", 1, "medium or high"]]


def test_export_figures__formulas_in_a_site_name_neutralised_in_chart_data(tmp_path):
    site = '=HYPERLINK("http://example.invalid","x")'
    export.export_figures({"stacked": _site_chart(site)}, tmp_path, static=False)
    text = (tmp_path / "stacked.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text
    assert ",=HYPERLINK" not in text
    assert site in set(read_table(tmp_path / "stacked.csv")["place"])


def test_normalise_svg__pattern_ids_of_hatched_bars_are_stable(tmp_path):
    def svg(random: str) -> str:
        return (f'<g class="patterns"><pattern id="p{random}-band-jordan"></pattern></g>'
                f'<path style="fill: url(\'#p{random}-band-jordan\')"/>')

    first, second = tmp_path / "a.svg", tmp_path / "b.svg"
    first.write_text(svg("e381e0"))
    second.write_text(svg("0a9b1c"))
    export._normalise_svg(first)
    export._normalise_svg(second)
    assert first.read_text() == second.read_text()
    assert "e381e0" not in first.read_text()


# Each size's files at their physical size: PNG pixels, SVG CSS pixels, PDF points.
PHYSICAL = {"web": (2200, 1100, 825.0),       # a web page's 1100 px
            "print": (2006, 643, 481.9),      # the A4 text column, 170 mm
            "slide": (1920, 1280, 960.0)}     # a 13.33 x 7.5 in slide


@pytest.mark.browser
@pytest.mark.parametrize("name", sorted(PHYSICAL))
def test_write_static__png_pixels_svg_and_pdf_at_physical_size(tmp_path, name):
    from pypdf import PdfReader

    if not export.browser_available():
        pytest.skip("needs Chromium")
    figure = fit(_site_chart("Tower 22"), SIZES[name])
    export.write_static({"chart": figure}, tmp_path, size=SIZES[name])
    png, svg, pdf = PHYSICAL[name]
    with Image.open(tmp_path / "chart.png") as image:
        assert image.width == png
    assert re.search(r'<svg[^>]* width="(\d+(?:\.\d+)?)"',
                     (tmp_path / "chart.svg").read_text())[1] == f"{svg:g}"
    width = float(PdfReader(tmp_path / "chart.pdf").pages[0].mediabox.width)
    assert abs(width - pdf) < 1.5, width


def test_write_job__a_figure_as_json_is_rendered_as_the_figure_itself(tmp_path):
    """The run hands static export the charts as notebook 2 stored them (JSON, not rebuilt)."""
    fig = go.Figure(go.Bar(x=["a", "b"], y=[1, 2], uid="bars"))
    jobs = {}
    for kind, given in (("figure", fig), ("json", fig.to_plotly_json())):
        work = tmp_path / kind
        work.mkdir()
        job = json.loads(export._write_job({"c": given}, ("png",), tmp_path, work,
                                           SIZES["web"]).read_text(encoding="utf-8"))
        jobs[kind] = (json.loads(Path(job[0]["figure"]).read_text(encoding="utf-8")),
                      job[0]["scale"])
    assert jobs["json"] == jobs["figure"]
