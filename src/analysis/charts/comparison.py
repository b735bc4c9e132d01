"""The run's incidents beside an export's events, matched one to one, month by month."""

from __future__ import annotations

import html

import pandas as pd
import plotly.graph_objects as go

from analysis.charts.bands import add_band_legend, band_style, mark
from analysis.charts.sizing import WEB, fit
from analysis.charts.style import (
    PERIOD_MS,
    apply_layout,
    mark_phases,
    time_axis,
    uid,
)
from analysis.inputs import sources
from analysis.measure.grades import ALL_FIRM, LOW_SUFFIX, Grades
from analysis.measure.matching import (
    LOW_STATUS_COLUMNS,
    LOW_STATUSES,
    STATUS_LABELS,
    monthly_counts,
)

# One colour per status of ``analysis.measure.matching.STATUSES``: matched grey, each side its own.
STATUS_COLOURS = {"both": "#4d4d4d", "only_project": "#2171b5", "only_export": "#e6850e"}
FIGURE_NAME = "comparison_by_month"


def chart_comparison(monthly: pd.DataFrame, *, start: str, end: str, window: str,
                     note: str, grades: Grades = ALL_FIRM) -> go.Figure:
    """Per month: incidents matched in the export, only in the project, only in the export.

    The project's incidents rated below ``grades.minimum`` (matched after the others) are
    drawn as a band on top of their status, when ``grades`` draws one and there are any.

    Args:
        monthly: ``analysis.measure.matching.monthly_counts`` (months as index, one column
            per count column).
        start: first day of the window (phases and key dates are marked inside it).
        end: last day of the window.
        window: the subtitle.
        note: the source line under the chart.
        grades: the run's grades (the export's own events are never graded).
    """
    fig = go.Figure()
    for status, label in STATUS_LABELS.items():
        graded = status in LOW_STATUSES
        _add_status(fig, monthly[status], status, label,
                    grade=grades.firm_grade if graded else "")
        band = monthly[status + LOW_SUFFIX] if graded else None
        if grades.drawn(band):
            _add_status(fig, band, status, label, grade=grades.low_grade, low=True)
    if grades.drawn(monthly[list(LOW_STATUS_COLUMNS)].stack()):
        add_band_legend(fig, grades.band_name)
    fig.update_layout(barmode="stack", bargap=0.1, legend_traceorder="normal")
    fig.update_xaxes(title_text="Month")
    fig.update_yaxes(title_text="Attacks per month", rangemode="tozero")
    time_axis(fig, start, end)
    mark_phases(fig, start, end)
    fig = apply_layout(fig, "The project's incidents and the export's events, matched one to one",
                       window)
    return fit(fig, WEB, note=note)


def _add_status(fig: go.Figure, counts: pd.Series, status: str, label: str, *, grade: str,
                low: bool = False) -> None:
    """One bar trace: a status's firm count, or (``low``) its band of lower-rated incidents."""
    colour = STATUS_COLOURS[status]
    style = band_style(colour) if low else {"marker_color": colour, "name": html.escape(label)}
    what = f"{label}, rated {grade}" if low else label
    fig.add_bar(x=counts.index, y=counts, uid=uid("comparison", status + ("-low" if low else "")),
                xperiod=PERIOD_MS["month"], xperiodalignment="middle", meta=mark(label, grade),
                hovertemplate=f"%{{x|%b %Y}}: %{{y}} {html.escape(what)}<extra></extra>",
                **style)


def comparison_figure(comparison: pd.DataFrame, *, start: str, end: str, note: str,
                      grades: Grades = ALL_FIRM) -> go.Figure:
    """The monthly chart of matched and unmatched items over the window [start, end].

    Its subtitle says how the project's incidents below ``grades.minimum`` are counted
    (``counted_words``).
    """
    window = f"{pd.Timestamp(start):%-d %b %Y} to {pd.Timestamp(end):%-d %b %Y}"
    counted = counted_words(grades)
    window += f"; {counted}" if counted else ""
    monthly = monthly_counts(comparison, start=start, end=end, minimum=grades.minimum)
    return chart_comparison(monthly, start=start, end=end, window=window, note=note,
                            grades=grades)


def counted_words(grades: Grades) -> str:
    """How the project's incidents below ``min_confidence`` are counted, when there can be any."""
    if not grades.band_name:
        return ""
    lower = f"those rated {grades.low_grade}"
    what = f", {lower} hatched on top" if grades.show else f" ({lower} are left out)"
    return f"the project's incidents at {grades.firm_grade} confidence{what}"


def comparison_note(project: sources.Source, export: sources.Source) -> str:
    """The source line under the comparison chart: both inputs, credited."""
    left = ("the project's incident dataset" if project.fmt == "project"
            else f"{sources.PROVIDERS[project.fmt]}, export {project.file_name}")
    return (f"Sources: {left} and {sources.PROVIDERS[export.fmt]}, export {export.file_name}; "
            "matched one to one.")
