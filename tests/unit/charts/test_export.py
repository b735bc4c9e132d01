"""Export without a browser still writes the HTML charts and says what to install."""

from __future__ import annotations

import logging

import plotly.graph_objects as go

from analysis.charts import export


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
