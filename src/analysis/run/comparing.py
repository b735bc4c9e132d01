"""What notebook 3 calls under ``run --compare``: match, write the tables, export the chart."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from analysis.charts.comparison import FIGURE_NAME, comparison_figure, comparison_note
from analysis.charts.export import export_figures
from analysis.inputs import sources
from analysis.inputs.tables import read_table, write_csv
from analysis.measure import frequency
from analysis.measure.grades import Grades
from analysis.measure.matching import (
    COMPARISON_FILE,
    SUMMARY_FILE,
    build_comparison,
    export_format,
    load_export_events,
    summarise_comparison,
)


@dataclass(frozen=True)
class ComparisonResult:
    """What ``run_comparison`` builds: both tables, the chart and the two sides' sizes."""

    comparison: pd.DataFrame
    summary: pd.DataFrame
    figure: go.Figure
    source: sources.Source
    start: str
    end: str


def run_comparison(processed_dir: str, compare_path: str, sites_path: str, *,
                   raw_path: str, input_format: str = "auto", compare_format: str = "auto",
                   start: str, end: str, target: str = "all", freq: str = "month",
                   actors: str = "", min_confidence: str = "low",
                   show_low_confidence: bool = True) -> ComparisonResult:
    """Load both sides over the run's window and target, match them, chart the result.

    The project side is the run's cleaned incidents (``processed_dir``), its window ending
    where notebook 2's does: those rated below ``min_confidence`` are matched after the
    others and counted apart, or left out when ``show_low_confidence`` is false. The
    export side is selected as an export run would select it (actors, countries, event
    types, window), then cut to the same target.
    """
    source = sources.describe(raw_path, input_format)
    project = read_table(Path(processed_dir) / "incidents.csv")
    window_end = frequency.window_end(project, end, start=start,
                                      coverage_end=source.coverage_end)
    fmt = export_format(Path(compare_path), compare_format)
    export = load_export_events(Path(compare_path), Path(sites_path), fmt, start=start,
                                end=window_end, actors=actors)
    grades = Grades(min_confidence, show_low_confidence, rated=source.rated)
    project = frequency.filter_incidents(grades.visible(project), target=target,
                                         start=start, end=window_end)
    export = frequency.filter_incidents(export, target=target, start=start, end=window_end)
    comparison = build_comparison(project, export, minimum=min_confidence)
    summary = summarise_comparison(comparison, freq=freq, start=start, end=window_end,
                                   minimum=min_confidence)
    summary = grades.table(summary)  # no band columns when the band is not drawn
    export_source = sources.Source(fmt, Path(compare_path).name)
    figure = comparison_figure(comparison, start=start, end=window_end,
                               note=comparison_note(source, export_source), grades=grades)
    return ComparisonResult(comparison, summary, figure, export_source, start, window_end)


def write_comparison(result: ComparisonResult, out_dir: str) -> list[Path]:
    """Write ``comparison.csv`` and ``comparison_summary.csv`` into ``out_dir`` (empty: none)."""
    if not out_dir:
        return []
    out = Path(out_dir)
    return [write_csv(result.comparison, out / COMPARISON_FILE),
            write_csv(result.summary, out / SUMMARY_FILE)]


def export_chart(result: ComparisonResult, figures_dir: str, *, static: bool = True) -> list[str]:
    """Export the chart as HTML (and PNG, SVG) into ``figures_dir`` (empty: none); file names."""
    if not figures_dir:
        return []
    written = export_figures({FIGURE_NAME: result.figure}, Path(figures_dir),
                                    static=static)
    return sorted(path.name for paths in written.values() for path in paths)
