"""Attacks per period and place: stacked bars, a heatmap, one panel per place."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.charts.style import (
    HEIGHT,
    MAX_HEIGHT,
    PERIOD_MS,
    apply_layout,
    mark_phases,
    place_colours,
    time_axis,
    uid,
    wrap,
)
from analysis.measure.places import top_places

HEATMAP_WRAP = 40  # characters per line of a place name beside the heatmap


def chart_stacked(freq_table: pd.DataFrame, *, level: str, freq: str, window: str,
                  start: str, end: str) -> go.Figure:
    """Attacks per period, stacked by place (the most-attacked places, then all others)."""
    fig = go.Figure()
    shown = top_places(freq_table, level)
    places = list(dict.fromkeys(shown["place"]))
    colours = place_colours(places, level)
    for place in places:
        part = shown[shown["place"] == place]
        fig.add_bar(x=pd.to_datetime(part["period_start"]), y=part["attacks"],
                    name=wrap(place), marker_color=colours[place], uid=uid("bar", place),
                    xperiod=PERIOD_MS[freq], xperiodalignment="middle",
                    hovertemplate="%{x|%d %b %Y}: %{y} attacks<extra>%{fullData.name}</extra>")
    fig.update_layout(barmode="stack", bargap=0.1, legend_traceorder="normal")
    fig.update_xaxes(title_text=f"{freq.capitalize()} starting")
    fig.update_yaxes(title_text=f"Attacks per {freq}", rangemode="tozero")
    time_axis(fig, start, end, unit=freq)
    mark_phases(fig, start, end)
    return apply_layout(fig, f"Attacks per {freq} by target {level}", window)


def chart_heatmap(freq_table: pd.DataFrame, *, level: str, freq: str, window: str, start: str,
                  end: str) -> go.Figure:
    """Heatmap of places by period (the most-attacked places, then all others)."""
    shown = top_places(freq_table, level)
    matrix = shown.pivot(index="place", columns="period_start", values="attacks")
    matrix = matrix.reindex(list(dict.fromkeys(shown["place"])))
    fig = go.Figure(go.Heatmap(
        z=matrix.to_numpy(), x=pd.to_datetime(matrix.columns),
        y=[wrap(p, HEATMAP_WRAP) for p in matrix.index],
        colorscale=[[0, "#ffffff"], [0.001, "#fee8c8"], [0.5, "#fc8d59"], [1, "#7f0000"]],
        colorbar={"title": {"text": "Attacks"}}, uid="heatmap", xgap=1, ygap=1,
        xperiod=PERIOD_MS[freq], xperiodalignment="middle",
        hovertemplate="%{y}<br>%{x|%b %Y}: %{z} attacks<extra></extra>"))
    fig.update_xaxes(title_text=f"{freq.capitalize()} starting")
    time_axis(fig, start, end, unit=freq)
    fig.update_yaxes(title_text=f"Target {level}", autorange="reversed")
    lines = sum(wrap(place, HEATMAP_WRAP).count("<br>") + 1 for place in matrix.index)
    height = min(MAX_HEIGHT, max(HEIGHT, 255 + 26 * max(lines, len(matrix))))
    apply_layout(fig, f"Attacks by target {level} and {freq}", window, legend=False, height=height)
    # Every size keeps room for each label's lines (analysis.charts.sizing.fit).
    most_lines = max((wrap(place, HEATMAP_WRAP).count("<br>") + 1 for place in matrix.index),
                     default=1)
    fig.update_layout(margin_l=290, meta={**fig.layout.meta,
                                          "min_plot_px": 14 * most_lines * len(matrix) + 10})
    fig.update_yaxes(tickfont_size=11)
    return fig


def chart_small_multiples(freq_table: pd.DataFrame, *, level: str, freq: str,
                          window: str, start: str, end: str) -> go.Figure:
    """One panel per most-attacked place (and one for all others), sharing the axes."""
    shown = top_places(freq_table, level)
    places = list(dict.fromkeys(shown["place"])) or ["(no attack in the window)"]
    columns = 3 if len(places) <= 9 else 5
    rows = -(-len(places) // columns)
    # plotly refuses a vertical spacing above 1 / (rows - 1).
    spacing = min(0.12 / rows + 0.04, 0.5 / max(rows - 1, 1))
    fig = make_subplots(rows=rows, cols=columns, shared_xaxes=True, shared_yaxes=True,
                        subplot_titles=[wrap(p, 40 if columns == 3 else 20) for p in places],
                        vertical_spacing=spacing, horizontal_spacing=0.04)
    colours = place_colours(places, level)
    for number, place in enumerate(places):
        part = shown[shown["place"] == place]
        fig.add_bar(x=pd.to_datetime(part["period_start"]), y=part["attacks"],
                    marker_color=colours[place], showlegend=False,
                    xperiod=PERIOD_MS[freq], xperiodalignment="middle",
                    uid=uid("panel", place), name=html.escape(place),
                    hovertemplate="%{x|%b %Y}: %{y}<extra>%{fullData.name}</extra>",
                    row=number // columns + 1, col=number % columns + 1)
    # Tick labels on every panel: with a short last row, the other columns would have none.
    fig.update_xaxes(showticklabels=True)
    time_axis(fig, start, end, unit=freq, most=4, sep="<br>")
    fig.update_yaxes(title_text="Attacks", col=1, rangemode="tozero", nticks=3)
    height = min(MAX_HEIGHT, max(HEIGHT, 250 * rows + 200))
    fig.update_annotations(font={"size": 12})
    return apply_layout(fig, f"Attacks per {freq}, one panel per target {level}", window,
                   height=height)
