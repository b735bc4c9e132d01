"""Recorded attacks beside published totals: cumulative lines, daily claims, monthly coverage."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis import config
from analysis.charts.bands import BAND_GROUP, add_band_legend, band_fill, band_style, mark
from analysis.charts.style import apply_layout, mark_phases, time_axis, uid
from analysis.measure.grades import ALL_FIRM, LOW_SUFFIX, Grades
from analysis.measure.totals import (
    claims_vs_recorded,
    comparable_totals,
    cumulative_by_target,
    monthly_coverage,
)


def chart_cumulative(incidents: pd.DataFrame, totals: pd.DataFrame, *, window: str, start: str,
                     end: str, noun: str = "this dataset", grades: Grades = ALL_FIRM) -> go.Figure:
    """Cumulative attacks on US forces and on Israel, with published totals as points.

    Attacks below ``min_confidence`` are stacked on each line as a lighter, hatched band.
    """
    cumulative = cumulative_by_target(grades.visible(incidents), start, end, grades.minimum)
    published = comparable_totals(totals, cumulative)
    band = grades.drawn(cumulative["cumulative" + LOW_SUFFIX])
    fig = go.Figure()
    names = {"us": "US forces", "israel": "Israel"}
    for target, name in names.items():
        line = cumulative[cumulative["target_type"] == target]
        colour = config.TARGET_TYPE_COLOURS[target]
        stack = {"stackgroup": f"cum-{target}", "fill": "none"} if band else {}
        fig.add_scatter(x=line["date"], y=line["cumulative"], mode="lines", uid=f"cum-{target}",
                        name=f"{name}: attacks in {noun}",
                        line={"color": colour, "width": 2.5, "shape": "hv"},
                        meta=mark("cumulative attacks", grades.firm_grade, place=name),
                        hovertemplate="%{x|%d %b %Y}: %{y}<extra>%{fullData.name}</extra>",
                        **stack)
        if band:
            _cumulative_band(fig, line, target, name, grades)
        points = published[published["target_type"] == target]
        if len(points):
            fig.add_scatter(x=points["date"], y=points["y"], mode="markers", uid=f"pub-{target}",
                            name=f"{name}: published totals", text=points["label"],
                            marker={"color": config.TARGET_TYPE_COLOURS[target], "size": 9,
                                    "symbol": "diamond-open", "line": {"width": 2}},
                            meta=mark("published total on the cumulative scale", "",
                                      place=name),
                            hovertemplate="%{x|%d %b %Y}<br>%{text}<extra></extra>")
    if band:
        add_band_legend(fig, grades.band_name)
    fig.update_xaxes(title_text="Date")
    fig.update_yaxes(title_text="Cumulative attacks since start of window")
    time_axis(fig, start, end)
    mark_phases(fig, start, end)
    return apply_layout(fig, "Cumulative attacks by target: US forces vs Israel",
                   window + "; diamonds: totals published by officials, trackers or the groups")


def _cumulative_band(fig: go.Figure, line: pd.DataFrame, target: str, name: str,
                     grades: Grades) -> None:
    """The attacks below ``min_confidence``, cumulated and stacked on a target's line."""
    colour = config.TARGET_TYPE_COLOURS[target]
    fig.add_scatter(x=line["date"], y=line["cumulative" + LOW_SUFFIX], mode="lines",
                    uid=f"band-{target}", name=f"{name}: more rated {grades.low_grade}",
                    stackgroup=f"cum-{target}", legendgroup=BAND_GROUP, showlegend=False,
                    line={"color": colour, "width": 0.5, "shape": "hv"}, **band_fill(colour),
                    meta=mark("cumulative attacks", grades.low_grade, place=name),
                    hovertemplate="%{x|%d %b %Y}: %{y} more<extra>%{fullData.name}</extra>")


def chart_claims(incidents: pd.DataFrame, totals: pd.DataFrame, *, start: str,
                 end: str, noun: str = "this dataset", counted: str = "",
                 grades: Grades = ALL_FIRM) -> go.Figure:
    """Second campaign: operations the groups claimed each day vs attacks tied to a site.

    ``counted`` names the attacks the bars count (the run's attribution rule), if given.
    Attacks below ``min_confidence`` are stacked on each day's bar, lighter and hatched.
    """
    phase_start = max(pd.Timestamp(config.PHASES[-1][0]) - pd.Timedelta(days=1),
                      pd.Timestamp(start))
    fig = go.Figure()
    subtitle = ("Claims: the largest daily number the groups announced; "
                f"bars: attacks in {noun}" + (f" ({counted})" if counted else ""))
    if phase_start > pd.Timestamp(end):
        fig.add_annotation(text="The chosen window ends before the second campaign (March 2026).",
                           x=0.5, y=0.35, xref="paper", yref="paper", showarrow=False)
    else:
        daily = claims_vs_recorded(grades.visible(incidents), totals,
                                   f"{phase_start:%Y-%m-%d}", end, grades.minimum)
        fig.add_bar(x=daily["date"], y=daily["recorded"], name=f"Attacks tied to a site ({noun})",
                    marker_color=config.TARGET_TYPE_COLOURS["us"],
                    meta=mark("attacks tied to a site", grades.firm_grade),
                    uid="recorded", hovertemplate="%{x|%d %b %Y}: %{y}<extra></extra>")
        if grades.drawn(daily["recorded" + LOW_SUFFIX]):
            _daily_band(fig, daily, grades)
        claimed = daily.dropna(subset=["claimed"])
        fig.add_scatter(x=claimed["date"], y=claimed["claimed"], mode="markers",
                        name="Operations the groups claimed that day", uid="claimed",
                        marker={"color": "#b2182b", "size": 11, "symbol": "diamond"},
                        meta=mark("operations the groups claimed", ""),
                        hovertemplate="%{x|%d %b %Y}: %{y} claimed<extra></extra>")
        subtitle = (f"{phase_start:%-d %b %Y} to {pd.Timestamp(end):%-d %b %Y}; " + subtitle)
    fig.update_xaxes(title_text="Day")
    fig.update_yaxes(title_text="Operations or attacks per day", rangemode="tozero")
    time_axis(fig, f"{min(phase_start, pd.Timestamp(end)):%Y-%m-%d}", end, unit="day")
    return apply_layout(
        fig, "Second campaign: claimed operations far exceed attacks tied to a site", subtitle)


def _daily_band(fig: go.Figure, daily: pd.DataFrame, grades: Grades) -> None:
    """Each day's attacks below ``min_confidence``, on top of its bar."""
    fig.add_bar(x=daily["date"], y=daily["recorded" + LOW_SUFFIX],
                name=f"more rated {grades.low_grade}", uid="recorded-band",
                **band_style(config.TARGET_TYPE_COLOURS["us"]),
                meta=mark("attacks tied to a site", grades.low_grade),
                hovertemplate=f"%{{x|%d %b %Y}}: %{{y}} more rated {grades.low_grade}"
                              "<extra></extra>")
    add_band_legend(fig, grades.band_name)
    fig.update_layout(barmode="stack")


def chart_coverage(incidents: pd.DataFrame, totals: pd.DataFrame, *, window: str, start: str,
                   end: str, noun: str = "this dataset", grades: Grades = ALL_FIRM) -> go.Figure:
    """Per month: attacks recorded against the counts others published for that month.

    One panel per target (US forces, Israel); filled diamonds are counts for the whole
    month, open ones counts for part of it (lower bounds). See
    ``aggregate.monthly_coverage`` for which totals count. Attacks below ``min_confidence``
    are stacked on each month's bar, lighter and hatched.
    """
    table = monthly_coverage(grades.visible(incidents), totals, start=start, end=end,
                             min_confidence=grades.minimum)
    band = grades.drawn(table["recorded" + LOW_SUFFIX])
    names = {"us": "US forces", "israel": "Israel"}
    seen: set[str] = set()
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.12,
                        subplot_titles=[f"Attacks on {name}" for name in names.values()])
    for row, (target, name) in enumerate(names.items(), start=1):
        part = table[table["target_type"] == target]
        months = pd.to_datetime(part["month"])
        colour = config.TARGET_TYPE_COLOURS[target]
        fig.add_bar(x=months, y=part["recorded"], name=f"{name}: attacks in {noun}",
                    marker_color=colour, uid=f"coverage-{target}", xperiod="M1",
                    xperiodalignment="middle", row=row, col=1,
                    meta=mark("attacks recorded", grades.firm_grade, place=name),
                    hovertemplate="%{x|%b %Y}: %{y} recorded<extra></extra>")
        if band:
            fig.add_bar(x=months, y=part["recorded" + LOW_SUFFIX], uid=f"coverage-band-{target}",
                        name=f"{name}: more rated {grades.low_grade}", xperiod="M1",
                        xperiodalignment="middle", row=row, col=1,
                        **band_style(colour),
                        meta=mark("attacks recorded", grades.low_grade, place=name),
                        hovertemplate=f"%{{x|%b %Y}}: %{{y}} more rated {grades.low_grade}"
                                      "<extra></extra>")
        for basis, symbol in (("whole month", "diamond"),
                              ("part of the month", "diamond-open")):
            shown = part[part["basis"] == basis]
            if shown.empty:
                continue
            label = ("for the month" if basis == "whole month"
                     else "for part of the month (at least)")
            share = shown["share"].map(lambda v: "" if pd.isna(v) else f"; recorded {v:.0%}")
            fig.add_scatter(x=pd.to_datetime(shown["month"]) + pd.Timedelta(days=14),
                            y=shown["published"].astype(float), mode="markers",
                            name=f"Published count {label}", uid=uid("cov", target, basis),
                            legendgroup=basis, showlegend=basis not in seen,
                            customdata=share, row=row, col=1,
                            marker={"color": "#222", "size": 11, "symbol": symbol,
                                    "line": {"width": 2, "color": "#222"}},
                            meta=mark(f"published count {label}", "", place=name,
                                      periods=(shown["month"] + "-01").tolist()),
                            hovertemplate="%{x|%b %Y}: %{y} published%{customdata}"
                                          "<extra></extra>")
            seen.add(basis)
    if band:
        add_band_legend(fig, grades.band_name)
        fig.update_layout(barmode="stack")
    time_axis(fig, start, end)
    # Short: each panel may be only a few lines high in the report (the panel titles name them).
    fig.update_yaxes(title_text="Per month", rangemode="tozero")
    fig.update_annotations(font={"size": 13})
    return apply_layout(
        fig, "How complete is each month? Recorded attacks against published counts",
        window + "; diamonds: counts published by officials, trackers or the groups",
        height=760)
