"""Export without a browser still writes the HTML charts and says what to install."""

from __future__ import annotations

import logging

import pandas as pd
import plotly.graph_objects as go

from analysis.charts import export
from analysis.charts.data import chart_data
from analysis.inputs.tables import read_table
from tests.unit.charts.examples import site_chart


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


def test_export_figures__chart_data_beside_each_chart(tmp_path):
    figure = site_chart("Tower 22")
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
    export.export_figures({"stacked": site_chart(site)}, tmp_path, static=False)
    text = (tmp_path / "stacked.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text
    assert "\n=HYPERLINK" not in text
    assert ",=HYPERLINK" not in text
    assert site in set(read_table(tmp_path / "stacked.csv")["place"])
