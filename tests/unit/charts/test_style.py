"""The phases and key dates drawn on a time chart: what plotly's own calls would draw."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis import config
from analysis.charts import style


def _figure() -> go.Figure:
    """A chart that already holds a shape and an annotation of its own."""
    fig = go.Figure(go.Bar(x=["2024-01-01"], y=[1]))
    fig.add_annotation(text="drawn before", x=0, y=0)
    fig.add_hline(y=1)
    return fig


def _with_plotly_calls(start: str, end: str) -> go.Figure:
    """The marks drawn one by one with plotly's add_vrect, add_vline and add_annotation."""
    low, high = pd.Timestamp(start), pd.Timestamp(end)
    expected = _figure()
    for number, (first, last, label) in enumerate(config.PHASES):
        left = max(pd.Timestamp(first), low)
        right = min(pd.Timestamp(last) if last else high, high)
        if left >= right:
            continue
        expected.add_vrect(x0=left, x1=right, fillcolor="#f2f2f2" if number % 2 else "#ffffff",
                           opacity=0.6, layer="below", line_width=0)
        x, anchor = ((left, "left") if left == low and right < high
                     else (right, "right") if right == high and left > low
                     else (left + (right - left) / 2, "center"))
        expected.add_annotation(x=x, y=1.0, xref="x", yref="paper", text=f"Phase {label}",
                                showarrow=False, yanchor="bottom", xanchor=anchor,
                                font={"size": 11, "color": "#555"})
    dates = style.key_dates(start, end)
    for moment, _ in dates:
        expected.add_vline(x=moment, line={"color": "#444", "width": 1, "dash": "dot"})
    for moment, numbers in style._markers(dates, low, high):
        expected.add_annotation(x=moment, y=1.0, yref="paper", yshift=17, text=numbers,
                                showarrow=False, yanchor="bottom", name="key-date",
                                font={"size": 10, "color": "#222"}, bordercolor="#444",
                                borderwidth=1, borderpad=1, bgcolor="#ffffff")
    return expected


@pytest.mark.parametrize(("start", "end"), [(config.CAMPAIGN_START, "2026-04-30"),
                                            ("2025-01-01", "2025-05-31"),
                                            ("2024-03-10", "2026-03-20")])
def test_mark_phases__the_shapes_and_labels_plotly_would_add(start, end):
    fig = _figure()
    expected = _with_plotly_calls(start, end)
    style.mark_phases(fig, start, end)
    drawn = json.loads(fig.to_json())["layout"]
    wanted = json.loads(expected.to_json())["layout"]
    assert drawn["shapes"] == wanted["shapes"]
    assert drawn["annotations"] == wanted["annotations"]
    expected.layout.meta = fig.layout.meta
    assert fig.to_json() == expected.to_json()  # the same bytes in the same order
