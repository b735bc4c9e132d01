"""The run's incidents beside an export's events, matched one to one, month by month."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from analysis.charts.bands import mark
from analysis.charts.sizing import WEB, fit
from analysis.charts.style import (
    PERIOD_MS,
    apply_layout,
    mark_phases,
    time_axis,
    uid,
)
from analysis.inputs import sources
from analysis.measure.grades import BELOW_WORDS, FIRM_WORDS
from analysis.measure.matching import STATUS_LABELS, monthly_counts

# One colour per status of ``analysis.measure.matching.STATUSES``: matched grey, each side its own.
STATUS_COLOURS = {"both": "#4d4d4d", "only_project": "#2171b5", "only_export": "#e6850e"}
FIGURE_NAME = "comparison_by_month"


def chart_comparison(monthly: pd.DataFrame, *, start: str, end: str, window: str,
                     note: str) -> go.Figure:
    """Per month: incidents matched in the export, only in the project, only in the export.

    Args:
        monthly: ``analysis.measure.matching.monthly_counts`` (months as index, one column
            per status).
        start: first day of the window (phases and key dates are marked inside it).
        end: last day of the window.
        window: the subtitle.
        note: the source line under the chart.
    """
    fig = go.Figure()
    for status in STATUS_LABELS:
        label = STATUS_LABELS[status]
        fig.add_bar(x=monthly.index, y=monthly[status], name=html.escape(label),
                    marker_color=STATUS_COLOURS[status], uid=uid("comparison", status),
                    xperiod=PERIOD_MS["month"], xperiodalignment="middle",
                    meta=mark(label, ""),
                    hovertemplate=f"%{{x|%b %Y}}: %{{y}} {html.escape(label)}<extra></extra>")
    fig.update_layout(barmode="stack", bargap=0.1, legend_traceorder="normal")
    fig.update_xaxes(title_text="Month")
    fig.update_yaxes(title_text="Attacks per month", rangemode="tozero")
    time_axis(fig, start, end)
    mark_phases(fig, start, end)
    fig = apply_layout(fig, "The project's incidents and the export's events, matched one to one",
                       window)
    return fit(fig, WEB, note=note)


def comparison_figure(comparison: pd.DataFrame, *, start: str, end: str, note: str,
                      counted: str = "") -> go.Figure:
    """The monthly chart of matched and unmatched items over the window [start, end].

    ``counted`` (``counted_words``) says which of the project's incidents were matched.
    """
    window = f"{pd.Timestamp(start):%-d %b %Y} to {pd.Timestamp(end):%-d %b %Y}"
    window += f"; {counted}" if counted else ""
    return chart_comparison(monthly_counts(comparison, start=start, end=end),
                            start=start, end=end, window=window, note=note)


def counted_words(project: sources.Source, min_confidence: str) -> str:
    """Which of the project's incidents the comparison matches, when not all of them."""
    if not project.rated or min_confidence == "low":
        return ""
    return (f"the project's incidents at {FIRM_WORDS[min_confidence]} confidence (those rated "
            f"{BELOW_WORDS[min_confidence]} are left out)")


def comparison_note(project: sources.Source, export: sources.Source) -> str:
    """The source line under the comparison chart: both inputs, credited."""
    left = ("the project's incident dataset" if project.fmt == "project"
            else f"{sources.PROVIDERS[project.fmt]}, export {project.file_name}")
    return (f"Sources: {left} and {sources.PROVIDERS[export.fmt]}, export {export.file_name}; "
            "matched one to one.")
