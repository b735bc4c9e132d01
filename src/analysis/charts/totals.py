"""Recorded attacks beside published totals: cumulative lines, daily claims, monthly coverage."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis import config
from analysis.charts.style import apply_layout, mark_phases, time_axis, uid
from analysis.measure.totals import (
    claims_vs_recorded,
    comparable_totals,
    cumulative_by_target,
    monthly_coverage,
)


def chart_cumulative(incidents: pd.DataFrame, totals: pd.DataFrame, *, window: str, start: str,
                     end: str, noun: str = "this dataset") -> go.Figure:
    """Cumulative attacks on US forces and on Israel, with published totals as points."""
    cumulative = cumulative_by_target(incidents, start, end)
    published = comparable_totals(totals, cumulative)
    fig = go.Figure()
    names = {"us": "US forces", "israel": "Israel"}
    for target, name in names.items():
        line = cumulative[cumulative["target_type"] == target]
        colour = config.TARGET_TYPE_COLOURS[target]
        fig.add_scatter(x=line["date"], y=line["cumulative"], mode="lines", uid=f"cum-{target}",
                        name=f"{name}: attacks in {noun}",
                        line={"color": colour, "width": 2.5, "shape": "hv"},
                        hovertemplate="%{x|%d %b %Y}: %{y}<extra>%{fullData.name}</extra>")
        points = published[published["target_type"] == target]
        if len(points):
            fig.add_scatter(x=points["date"], y=points["y"], mode="markers", uid=f"pub-{target}",
                            name=f"{name}: published totals", text=points["label"],
                            marker={"color": config.TARGET_TYPE_COLOURS[target], "size": 9,
                                    "symbol": "diamond-open", "line": {"width": 2}},
                            hovertemplate="%{x|%d %b %Y}<br>%{text}<extra></extra>")
    fig.update_xaxes(title_text="Date")
    fig.update_yaxes(title_text="Cumulative attacks since start of window")
    time_axis(fig, start, end)
    mark_phases(fig, start, end)
    return apply_layout(fig, "Cumulative attacks by target: US forces vs Israel",
                   window + "; diamonds: totals published by officials, trackers or the groups")


def chart_claims(incidents: pd.DataFrame, totals: pd.DataFrame, *, start: str,
                 end: str, noun: str = "this dataset", counted: str = "") -> go.Figure:
    """Second campaign: operations the groups claimed each day vs attacks tied to a site.

    ``counted`` names the attacks the bars count (the run's attribution rule), if given.
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
        daily = claims_vs_recorded(incidents, totals, f"{phase_start:%Y-%m-%d}", end)
        fig.add_bar(x=daily["date"], y=daily["recorded"], name=f"Attacks tied to a site ({noun})",
                    marker_color=config.TARGET_TYPE_COLOURS["us"],
                    uid="recorded", hovertemplate="%{x|%d %b %Y}: %{y}<extra></extra>")
        claimed = daily.dropna(subset=["claimed"])
        fig.add_scatter(x=claimed["date"], y=claimed["claimed"], mode="markers",
                        name="Operations the groups claimed that day", uid="claimed",
                        marker={"color": "#b2182b", "size": 11, "symbol": "diamond"},
                        hovertemplate="%{x|%d %b %Y}: %{y} claimed<extra></extra>")
        subtitle = (f"{phase_start:%-d %b %Y} to {pd.Timestamp(end):%-d %b %Y}; " + subtitle)
    fig.update_xaxes(title_text="Day")
    fig.update_yaxes(title_text="Operations or attacks per day", rangemode="tozero")
    time_axis(fig, f"{min(phase_start, pd.Timestamp(end)):%Y-%m-%d}", end, unit="day")
    return apply_layout(
        fig, "Second campaign: claimed operations far exceed attacks tied to a site", subtitle)


def chart_coverage(incidents: pd.DataFrame, totals: pd.DataFrame, *, window: str, start: str,
                   end: str, noun: str = "this dataset") -> go.Figure:
    """Per month: attacks recorded against the counts others published for that month.

    One panel per target (US forces, Israel); filled diamonds are counts for the whole
    month, open ones counts for part of it (lower bounds). See
    ``aggregate.monthly_coverage`` for which totals count.
    """
    table = monthly_coverage(incidents, totals, start=start, end=end)
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
                    hovertemplate="%{x|%b %Y}: %{y} recorded<extra></extra>")
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
                            hovertemplate="%{x|%b %Y}: %{y} published%{customdata}"
                                          "<extra></extra>")
            seen.add(basis)
    time_axis(fig, start, end)
    # Short: each panel may be only a few lines high in the report (the panel titles name them).
    fig.update_yaxes(title_text="Per month", rangemode="tozero")
    fig.update_annotations(font={"size": 13})
    return apply_layout(
        fig, "How complete is each month? Recorded attacks against published counts",
        window + "; diamonds: counts published by officials, trackers or the groups",
        height=760)
