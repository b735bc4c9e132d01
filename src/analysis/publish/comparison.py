"""The report's section on an export set beside the run, and the tables of unmatched items.

Every text from either input is HTML-escaped; only http(s) addresses become links.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
from pandas.io.formats.style import Styler

from analysis.charts.comparison import FIGURE_NAME, comparison_figure, comparison_note
from analysis.charts.style import SOURCE_ANNOTATION
from analysis.inputs import sources
from analysis.inputs.tables import read_table
from analysis.measure import frequency
from analysis.measure.grades import ALL_FIRM, LOW_SUFFIX, Grades
from analysis.measure.matching import (
    COMPARISON_FILE,
    MATCH_DISTANCE_KM,
    STATUS_LABELS,
    SUMMARY_FILE,
    TOLERANCE_DAYS,
    export_format,
    region_totals,
    status_counts,
)
from analysis.publish.captions import band_caption
from analysis.publish.html_tables import HtmlTable, data_link, styled, table_styler
from analysis.publish.html_tables import source_links as numbered_links
from analysis.publish.report import chart_html, chart_title, has_band

# Columns of the readable tables of unmatched items: (comparison column, heading).
UNMATCHED_VIEWS = {
    "only_project": (("project_date", "date"), ("project_incident_id", "incident"),
                     ("project_confidence", "confidence"), ("project_site_name", "site"),
                     ("project_region", "region"), ("project_source_urls", "sources")),
    "only_export": (("export_date", "date"), ("export_event_id", "event id"),
                    ("export_date_precision", "date precision"),
                    ("export_location", "location"), ("export_region", "region"),
                    ("export_source", "source")),
}


def source_links(urls: object) -> str:
    """Numbered links to each ' ; '-separated web address (``html_tables.source_links``)."""
    return numbered_links(str(urls or ""))


def unmatched_rows(comparison: pd.DataFrame, status: str) -> pd.DataFrame:
    """The unmatched items of one side, as text, with the headings of the readable table."""
    columns = dict(UNMATCHED_VIEWS[status])
    rows = comparison.loc[comparison["status"] == status, list(columns)].rename(columns=columns)
    rows = rows.reset_index(drop=True).fillna("").astype("str")
    # An export set as the run's input rates nothing: no confidence column to show.
    unrated = "confidence" in rows and rows["confidence"].eq("").all()
    return rows.drop(columns="confidence") if unrated else rows


def unmatched_view(comparison: pd.DataFrame, status: str) -> Styler:
    """The unmatched items of one side as a readable table, text escaped, sources linked.

    The table id is fixed (no random Styler uuid), so notebooks and the report repeat.
    """
    rows = unmatched_rows(comparison, status)
    links = [c for c in rows.columns if c == "sources"]
    rows[links] = rows[links].map(source_links)
    return table_styler(rows, f"unmatched-{status.replace('_', '-')}", html_columns=links,
                        classes="data comparison-unmatched")


def unmatched_table(comparison: pd.DataFrame, status: str) -> HtmlTable:
    """``unmatched_view`` for a notebook: its HTML, and its rows as text (no object address)."""
    return HtmlTable(unmatched_rows(comparison, status),
                     unmatched_view(comparison, status).to_html())


def report_section(comparison: pd.DataFrame, summary: pd.DataFrame, figure: go.Figure,
                   data: str = "", grades: Grades = ALL_FIRM) -> str:
    """The report's comparison section, as an HTML fragment.

    Headline counts, the monthly chart (plotly.js is the report's own, included once) with
    a link to the numbers it draws (``data``, the chart's CSV relative to the report; none
    when empty), the matched share per region, and both tables of unmatched items linked
    to their sources. The counts and the caption say how many of the project's incidents
    are rated below ``grades.minimum``. Every text from either input is HTML-escaped.
    """
    counts = status_counts(comparison, grades.minimum).set_index("status")
    drawn = json.loads(figure.to_json())
    band = band_caption(FIGURE_NAME, grades) if has_band(drawn) else ""
    caption = " ".join([" ".join(note_text(figure).split()), band]).strip()
    title, subtitle = chart_title(drawn)
    chart = chart_html(drawn, "comparison")
    regions = styled(region_totals(summary), "comparison-regions")
    parts = [
        '<section id="comparison">', "<h2>Compared with the export</h2>",
        f"<p>{html.escape(rule_sentence(counts, grades))}</p>",
        f'<figure><div class="chart-title"><b>{html.escape(title)}</b><br>'
        f'<span class="note">{html.escape(subtitle)}</span></div>', chart,
        f"<figcaption>{html.escape(caption)}"
        f"{' ' + data_link(data) if data else ''}</figcaption></figure>",
        "<h3>Matched share by target region</h3>", regions,
    ]
    for status in ("only_project", "only_export"):
        parts += [f"<h3>{html.escape(STATUS_LABELS[status].capitalize())} "
                  f"({counts.loc[status, 'rows']})</h3>",
                  '<div style="max-height:32em;overflow:auto">',
                  unmatched_view(comparison, status).to_html(), "</div>"]
    return "\n".join([*parts, "</section>"])


def note_text(figure: go.Figure) -> str:
    """The source line under a chart, as plain text."""
    return next((html.unescape(re.sub(r"<[^>]+>", " ", a.text or "")) for a in
                 figure.layout.annotations if a.name == SOURCE_ANNOTATION), "")


def rule_sentence(counts: pd.DataFrame, grades: Grades = ALL_FIRM) -> str:
    """How many items matched, and by which rule (``counts``: ``status_counts`` by status)."""
    rows, low = counts["rows"], counts["rows" + LOW_SUFFIX]
    rated = f"rated {grades.low_grade}"
    pairs = f" ({low['both']} of them with an incident {rated})" if low["both"] else ""
    alone = f" ({low['only_project']} {rated})" if low["only_project"] else ""
    last = (f"; the project's incidents {rated} are matched after all the others, with the "
            "events left" if low.sum() else "")
    tolerances = ", ".join(f"{label} {days}" for label, days in TOLERANCE_DAYS.items())
    return (f"{rows['both']} matched pairs{pairs}, {rows['only_project']} incidents only in the "
            f"project{alone} and {rows['only_export']} events only in the export. An event and "
            "an incident match when their dates differ by no more than the event's date "
            f"precision allows (days: {tolerances}) and their places agree (the same "
            f"gazetteer site, within {MATCH_DISTANCE_KM:g} km in the same country, or at worst "
            "the same target region); one to one, closest pair first"
            f"{last} (analysis.measure.matching).")


def build_report_section(tables_dir: Path, *, raw_path: str, input_format: str,
                         compare_path: str, compare_format: str, start: str,
                         end: str, figures: str = "", min_confidence: str = "low",
                         show_low_confidence: bool = True) -> str:
    """The report's comparison section from the tables a run wrote (``report_section``).

    The chart is rebuilt from ``comparison.csv`` over the window notebook 3 used, graded as
    the run graded it; its caption links the data notebook 3 exported into ``figures``
    (relative to the report).
    """
    tables = Path(tables_dir)
    comparison = read_table(tables / COMPARISON_FILE)
    summary = read_table(tables / SUMMARY_FILE)
    source = sources.describe(raw_path, input_format)
    window_end = frequency.window_end(read_table(tables / "incidents.csv"), end, start=start,
                                      coverage_end=source.coverage_end)
    export_source = sources.Source(export_format(Path(compare_path), compare_format),
                                   Path(compare_path).name)
    grades = Grades(min_confidence, show_low_confidence, rated=source.rated)
    figure = comparison_figure(comparison, start=start, end=window_end,
                               note=comparison_note(source, export_source), grades=grades)
    data = f"{figures}/{FIGURE_NAME}.csv" if figures else ""
    return report_section(comparison, summary, figure, data=data, grades=grades)
