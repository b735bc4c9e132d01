"""Attacks per period and place: stacked bars, a heatmap, one panel per place."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.charts.bands import BAND_GROUP, add_band_legend, band_style, mark
from analysis.charts.sizing import LEGEND_LINE_PX, ROW_GAP_PX
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
from analysis.measure.grades import ALL_FIRM, LOW_COLUMN, Grades
from analysis.measure.places import top_places

HEATMAP_WRAP = 40  # characters per line of a place name beside the heatmap


def chart_stacked(freq_table: pd.DataFrame, *, level: str, freq: str, window: str,
                  start: str, end: str, grades: Grades = ALL_FIRM) -> go.Figure:
    """Attacks per period, stacked by place (the most-attacked places, then all others).

    Attacks below ``min_confidence`` (``attacks_low_confidence``) are stacked on top of all
    the firm ones, in each place's colour, lighter and hatched (``grades``).
    """
    fig = go.Figure()
    shown = top_places(grades.table(freq_table), level)
    places = list(dict.fromkeys(shown["place"]))
    colours = place_colours(places, level)
    for place in places:
        part = shown[shown["place"] == place]
        fig.add_bar(x=pd.to_datetime(part["period_start"]), y=part["attacks"],
                    name=wrap(place), marker_color=colours[place], uid=uid("bar", place),
                    xperiod=PERIOD_MS[freq], xperiodalignment="middle",
                    meta=mark("attacks", grades.firm_grade, place=place),
                    hovertemplate="%{x|%d %b %Y}: %{y} attacks<extra>%{fullData.name}</extra>")
    if grades.drawn(shown.get(LOW_COLUMN)):
        _band_bars(fig, shown, colours, freq, grades)
    fig.update_layout(barmode="stack", bargap=0.1, legend_traceorder="normal")
    fig.update_xaxes(title_text=f"{freq.capitalize()} starting")
    fig.update_yaxes(title_text=f"Attacks per {freq}", rangemode="tozero")
    time_axis(fig, start, end, unit=freq)
    mark_phases(fig, start, end)
    return apply_layout(fig, f"Attacks per {freq} by target {level}", window)


def _band_bars(fig: go.Figure, shown: pd.DataFrame, colours: dict[str, str], freq: str,
               grades: Grades, **panel: int) -> None:
    """Each place's attacks below ``min_confidence``, hatched in its colour, on top.

    ``panel`` (row, col) puts each place's band in its own panel, where each place has one.
    """
    for number, place in enumerate(colours):
        part = shown[shown["place"] == place]
        where = ({"row": number // panel["columns"] + 1, "col": number % panel["columns"] + 1}
                 if panel else {})
        fig.add_bar(x=pd.to_datetime(part["period_start"]), y=part[LOW_COLUMN],
                    name=html.escape(place), **band_style(colours[place]), uid=uid("band", place),
                    xperiod=PERIOD_MS[freq], xperiodalignment="middle",
                    meta=mark("attacks", grades.low_grade, place=place),
                    hovertemplate=f"%{{x|%d %b %Y}}: %{{y}} more rated {grades.low_grade}"
                                  "<extra>%{fullData.name}</extra>", **where)
    add_band_legend(fig, grades.band_name)


def chart_heatmap(freq_table: pd.DataFrame, *, level: str, freq: str, window: str, start: str,
                  end: str, grades: Grades = ALL_FIRM) -> go.Figure:
    """Heatmap of places by period (the most-attacked places, then all others).

    Cells are coloured by the firm count; a cell that also holds attacks below
    ``min_confidence`` gets an open circle, larger with more of them (``grades``).
    """
    shown = top_places(grades.table(freq_table), level)
    matrix = shown.pivot(index="place", columns="period_start", values="attacks")
    matrix = matrix.reindex(list(dict.fromkeys(shown["place"])))
    fig = go.Figure(go.Heatmap(
        z=matrix.to_numpy(), x=pd.to_datetime(matrix.columns),
        y=[wrap(p, HEATMAP_WRAP) for p in matrix.index],
        colorscale=[[0, "#ffffff"], [0.001, "#fee8c8"], [0.5, "#fc8d59"], [1, "#7f0000"]],
        colorbar={"title": {"text": "Attacks"}}, uid="heatmap", xgap=1, ygap=1,
        xperiod=PERIOD_MS[freq], xperiodalignment="middle",
        meta=mark("attacks", grades.firm_grade, places=list(matrix.index)),
        hovertemplate="%{y}<br>%{x|%b %Y}: %{z} attacks<extra></extra>"))
    band = grades.drawn(shown.get(LOW_COLUMN))
    if band:
        _band_circles(fig, shown, freq, grades)
    fig.update_xaxes(title_text=f"{freq.capitalize()} starting")
    time_axis(fig, start, end, unit=freq)
    fig.update_yaxes(title_text=f"Target {level}", autorange="reversed")
    lines = sum(wrap(place, HEATMAP_WRAP).count("<br>") + 1 for place in matrix.index)
    height = min(MAX_HEIGHT, max(HEIGHT, 255 + 26 * max(lines, len(matrix))))
    apply_layout(fig, f"Attacks by target {level} and {freq}", window, legend=band, height=height)
    # Every size keeps room for each label's lines (analysis.charts.sizing.fit).
    most_lines = max((wrap(place, HEATMAP_WRAP).count("<br>") + 1 for place in matrix.index),
                     default=1)
    fig.update_layout(margin_l=290, meta={**fig.layout.meta,
                                          "min_plot_px": 14 * most_lines * len(matrix) + 10})
    fig.update_yaxes(tickfont_size=11)
    return fig


def _band_circles(fig: go.Figure, shown: pd.DataFrame, freq: str, grades: Grades) -> None:
    """An open circle on each cell with attacks below ``min_confidence``, sized by them."""
    cells = shown[shown[LOW_COLUMN] > 0]
    fig.add_scatter(
        x=pd.to_datetime(cells["period_start"]), y=[wrap(p, HEATMAP_WRAP) for p in cells["place"]],
        mode="markers", customdata=cells[LOW_COLUMN], name=html.escape(grades.band_name),
        legendgroup=BAND_GROUP, uid="band-cells", xperiod=PERIOD_MS[freq],
        xperiodalignment="middle",
        marker={"symbol": "circle-open", "color": "#333333", "line": {"width": 1.5},
                "size": (5 + 3 * cells[LOW_COLUMN] ** 0.5).clip(upper=16)},
        meta=mark("attacks", grades.low_grade, places=cells["place"].tolist(),
                  value="customdata"),
        hovertemplate=f"%{{y}}<br>%{{x|%b %Y}}: %{{customdata}} more rated {grades.low_grade}"
                      "<extra></extra>")


def chart_small_multiples(freq_table: pd.DataFrame, *, level: str, freq: str,
                          window: str, start: str, end: str,
                          grades: Grades = ALL_FIRM) -> go.Figure:
    """One panel per most-attacked place (and one for all others), sharing the axes.

    Attacks below ``min_confidence`` are stacked on each panel's bars, lighter and hatched.
    """
    shown = top_places(grades.table(freq_table), level)
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
                    meta=mark("attacks", grades.firm_grade, place=place),
                    hovertemplate="%{x|%b %Y}: %{y}<extra>%{fullData.name}</extra>",
                    row=number // columns + 1, col=number % columns + 1)
    if grades.drawn(shown.get(LOW_COLUMN)):
        _band_bars(fig, shown, colours, freq, grades, columns=columns)
        fig.update_layout(barmode="stack")
    # Tick labels on every panel: with a short last row, the other columns would have none.
    fig.update_xaxes(showticklabels=True)
    time_axis(fig, start, end, unit=freq, most=2)
    fig.update_yaxes(title_text="Attacks", col=1)
    # Matched axes left without an explicit autorange keep plotly.js's default range (0-4),
    # cutting every taller bar: each row's axes are sized to their own tallest bar.
    fig.update_yaxes(autorange=True, rangemode="tozero", nticks=3)
    title_lines = max(wrap(p, 40 if columns == 3 else 20).count("<br>") + 1 for p in places)
    # Each row: a panel of at least 40 px, then tick labels and the next row's titles.
    fig.update_layout(meta={**(fig.layout.meta or {}), "min_plot_px": rows * 40 + (rows - 1) * (
        ROW_GAP_PX + (title_lines - 1) * LEGEND_LINE_PX)})
    height = min(MAX_HEIGHT, max(HEIGHT, 250 * rows + 200))
    fig.update_annotations(font={"size": 12})
    return apply_layout(fig, f"Attacks per {freq}, one panel per target {level}", window,
                   height=height)
