"""The comparison, graded: incidents below min_confidence matched last, drawn as a band.

Frames are built from constant rows (made-up ids), as in test_matching.py.
"""

from __future__ import annotations

import pandas as pd

from analysis.charts.bands import BAND_GROUP
from analysis.charts.comparison import chart_comparison, comparison_figure
from analysis.charts.data import chart_data
from analysis.measure import matching
from analysis.measure.grades import LOW_SUFFIX, Grades
from analysis.publish.captions import band_caption
from analysis.publish.comparison import report_section, unmatched_rows
from tests.unit.measure.test_matching import _event, _incident

START, END = "2024-01-01", "2024-03-31"
MEDIUM = Grades("medium")


def _table(incidents: list[dict], events: list[dict], minimum: str = "medium") -> pd.DataFrame:
    return matching.build_comparison(pd.DataFrame(incidents), pd.DataFrame(events),
                                     minimum=minimum)


def _graded() -> pd.DataFrame:
    """January: a firm pair and a low pair; February: a low incident alone; March: an event."""
    return _table([_incident("I-1", confidence="high"), _incident("I-2", confidence="low"),
                   _incident("I-3", "2024-02-10", confidence="low")],
                  [_event("E-1"), _event("E-2"), _event("E-3", "2024-03-10")])


def test_build_comparison__firm_incidents_take_their_events_first():
    """A low incident closer to the event does not take it from a firm one."""
    table = _table([_incident("I-1", "2024-01-11", confidence="medium"),
                    _incident("I-0", confidence="low")], [_event("E-1")])
    both = table[table["status"] == "both"]
    assert both["project_incident_id"].tolist() == ["I-1"]
    assert table.loc[table["status"] == "only_project", "project_incident_id"].tolist() == ["I-0"]


def test_build_comparison__low_incidents_match_the_events_left():
    table = _graded()
    pairs = table[table["status"] == "both"].set_index("project_incident_id")
    assert pairs["export_event_id"].to_dict() == {"I-1": "E-1", "I-2": "E-2"}
    assert pairs["project_confidence"].to_dict() == {"I-1": "high", "I-2": "low"}


def test_build_comparison__minimum_low_is_the_ungraded_rule():
    """Under min_confidence low every incident is firm: the closest pair wins, as before."""
    table = _table([_incident("I-1", "2024-01-11", confidence="medium"),
                    _incident("I-0", confidence="low")], [_event("E-1")], minimum="low")
    assert table.loc[table["status"] == "both", "project_incident_id"].tolist() == ["I-0"]


def test_monthly_counts__firm_statuses_and_the_band_apart():
    monthly = matching.monthly_counts(_graded(), start=START, end=END, minimum="medium")
    assert monthly.sum().to_dict() == {
        "both": 1, "only_project": 0, "only_export": 1,
        "both" + LOW_SUFFIX: 1, "only_project" + LOW_SUFFIX: 1}


def test_summarise_comparison__band_columns_and_shares_of_the_firm_items():
    summary = matching.summarise_comparison(_graded(), freq="month", start=START, end=END,
                                           minimum="medium")
    sums = summary[[*matching.STATUSES, *matching.LOW_STATUS_COLUMNS]].sum().to_dict()
    assert sums == {"both": 1, "only_project": 0, "only_export": 1,
                    "both" + LOW_SUFFIX: 1, "only_project" + LOW_SUFFIX: 1}
    anbar = summary[summary["region"] == "Iraq - Anbar/West"].set_index("period_start")
    assert anbar.loc["2024-01-01", "share_matched"] == 1.0  # the low pair is not in the share


def test_status_counts__rows_and_those_below_min_confidence():
    counts = matching.status_counts(_graded(), minimum="medium").set_index("status")
    assert counts["rows"].to_dict() == {"both": 2, "only_project": 1, "only_export": 1}
    assert counts["rows" + LOW_SUFFIX].to_dict() == {"both": 1, "only_project": 1,
                                                     "only_export": 0}


def _chart(grades: Grades):
    monthly = matching.monthly_counts(_graded(), start=START, end=END, minimum=grades.minimum)
    return chart_comparison(monthly, start=START, end=END, window="w", note="n", grades=grades)


def test_chart_comparison__band_on_top_of_its_status_and_named_once():
    fig = _chart(MEDIUM)
    bars = [t for t in fig.data if t.type == "bar" and t.x[0] is not None]
    assert [(t.meta["series"], t.meta["grade"]) for t in bars] == [
        ("matched", "medium or high"), ("matched", "low"),
        ("only in the project", "medium or high"), ("only in the project", "low"),
        ("only in the export", "")]
    assert bars[1].marker.pattern.shape == "/"
    named = [t for t in fig.data if t.legendgroup == BAND_GROUP and t.showlegend]
    assert [t.name.replace("<br>", " ") for t in named] == [MEDIUM.band_name]


def test_chart_comparison__data_sums_to_the_table():
    data = chart_data(_chart(MEDIUM))
    sums = data.groupby(["series", "grade"])["value"].sum().to_dict()
    assert sums == {("matched", "medium or high"): 1, ("matched", "low"): 1,
                    ("only in the project", "medium or high"): 0,
                    ("only in the project", "low"): 1, ("only in the export", ""): 1}


def test_chart_comparison__without_the_band_is_the_firm_chart():
    fig = _chart(Grades("medium", show=False))
    assert not [t for t in fig.data if t.legendgroup == BAND_GROUP]
    assert [t.meta["grade"] for t in fig.data] == ["medium or high", "medium or high", ""]


def test_comparison_figure__subtitle_names_the_band_or_what_is_left_out():
    shown = comparison_figure(_graded(), start=START, end=END, note="n", grades=MEDIUM)
    assert "confidence, those rated low hatched on top" in shown.layout.title.text
    hidden = comparison_figure(_graded(), start=START, end=END, note="n",
                               grades=Grades("medium", show=False))
    assert "(those rated low are left out)" in hidden.layout.title.text


def test_chart_comparison__no_band_for_an_unrated_project_side():
    table = _table([_incident("I-1")], [_event("E-1")])
    fig = comparison_figure(table, start=START, end=END, note="n",
                            grades=Grades("medium", rated=False))
    assert not [t for t in fig.data if t.legendgroup == BAND_GROUP]
    assert {t.meta["grade"] for t in fig.data} == {""}


def test_report_section__counts_caption_and_tables_say_which_incidents_are_below():
    table = _graded()
    summary = matching.summarise_comparison(table, freq="month", start=START, end=END,
                                           minimum="medium")
    figure = comparison_figure(table, start=START, end=END, note="n", grades=MEDIUM)
    section = report_section(table, summary, figure, grades=MEDIUM)
    assert ("2 matched pairs (1 of them with an incident rated low), 1 incidents only in the "
            "project (1 rated low)") in section
    assert "matched after all the others" in section
    assert band_caption("comparison_by_month", MEDIUM) in section
    only_project = unmatched_rows(table, "only_project")
    assert only_project[["incident", "confidence"]].values.tolist() == [["I-3", "low"]]


def test_report_section__firm_counts_alone_without_the_band():
    hidden = Grades("medium", show=False)
    table = _table([_incident("I-1", confidence="high")], [_event("E-1")])
    summary = matching.summarise_comparison(table, freq="month", start=START, end=END)
    figure = comparison_figure(table, start=START, end=END, note="n", grades=hidden)
    section = report_section(table, summary, figure, grades=hidden)
    assert "1 matched pairs, 0 incidents only in the project" in section
    assert "rated low" not in section.split("<figure>")[0]
    assert "hatched" not in section


def test_report_section__no_band_sentence_when_no_incident_is_below():
    """The caption names the hatched band only when the chart draws one, as the other
    charts' captions do (``report.has_band``)."""
    table = _table([_incident("I-1", confidence="high")], [_event("E-1")])
    summary = matching.summarise_comparison(table, freq="month", start=START, end=END,
                                           minimum="medium")
    figure = comparison_figure(table, start=START, end=END, note="n", grades=MEDIUM)
    section = report_section(table, summary, figure, grades=MEDIUM)
    assert band_caption("comparison_by_month", MEDIUM) not in section
