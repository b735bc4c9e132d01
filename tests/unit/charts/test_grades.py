"""Every chart that counts attacks draws the band below min_confidence, and only then."""

from __future__ import annotations

import json

import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.charts.bands import BAND_GROUP
from analysis.charts.data import chart_data
from analysis.charts.frequency import chart_heatmap, chart_small_multiples, chart_stacked
from analysis.charts.map import chart_map
from analysis.charts.phases import chart_phase_mix
from analysis.charts.totals import chart_claims, chart_coverage, chart_cumulative
from analysis.measure.frequency import frequency_table
from analysis.measure.grades import Grades

START, END = "2023-10-17", "2026-03-31"
BAND = "low confidence: weak attribution or conflicting sources"


def graded() -> pd.DataFrame:
    """Medium and low attacks in the first and the last phase."""
    rows = [("2023-10-20", "Jordan", "us", "medium", "Tower 22", 33.3, 38.7, "drone", ""),
            ("2023-10-21", "Jordan", "us", "low", "Tower 22", 33.3, 38.7, "rocket", ""),
            ("2023-11-05", "Iraq - Anbar/West", "us", "high", "Ain al-Asad", 33.8, 42.4,
             "drone", "Kataib Hezbollah"),
            ("2024-05-06", "Israel - South", "israel", "low", "Eilat", 29.6, 34.9, "drone",
             "Islamic Resistance in Iraq"),
            ("2026-03-02", "Iraq - Baghdad", "us", "medium", "Victory", 33.3, 44.2, "drone", ""),
            ("2026-03-03", "Iraq - Baghdad", "us", "low", "Victory", 33.3, 44.2, "drone", ""),
            ("2026-03-03", "Iraq - Kurdistan Region", "us", "low", "Erbil", 36.2, 43.9, "drone",
             "")]
    frame = pd.DataFrame(rows, columns=["event_date", "region", "target_type", "confidence",
                                        "site_name", "latitude", "longitude", "weapon_category",
                                        "groups"])
    return frame.assign(country=frame["region"].str.split(" - ").str[0])


def totals() -> pd.DataFrame:
    return pd.DataFrame([
        {"period_start": "2023-10-17", "period_end": "2023-11-30", "target_type": "us",
         "count": 10, "scope": "attacks", "reported_by": "official", "outlet": "x"},
        {"period_start": "2026-03-02", "period_end": "2026-03-03", "target_type": "us",
         "count": 30, "scope": "operations", "reported_by": "claim", "outlet": "y"}])


def _table(incidents: pd.DataFrame, grades: Grades) -> pd.DataFrame:
    return frequency_table(incidents, freq="month", region_level="region", start=START, end=END,
                           min_confidence=grades.minimum)


BUILDERS = {
    "attacks_stacked": lambda inc, g: chart_stacked(
        _table(inc, g), level="region", freq="month", window="w", start=START, end=END, grades=g),
    "attacks_heatmap": lambda inc, g: chart_heatmap(
        _table(inc, g), level="region", freq="month", window="w", start=START, end=END, grades=g),
    "attacks_small_multiples": lambda inc, g: chart_small_multiples(
        _table(inc, g), level="region", freq="month", window="w", start=START, end=END, grades=g),
    "attacks_cumulative": lambda inc, g: chart_cumulative(
        inc, totals(), window="w", start=START, end=END, grades=g),
    "attacks_map": lambda inc, g: chart_map(inc, window="w", grades=g),
    "claims_vs_recorded_2026": lambda inc, g: chart_claims(
        inc, totals(), start=START, end=END, grades=g),
    "attacks_by_phase": lambda inc, g: chart_phase_mix(inc, window="w", grades=g),
    "coverage_by_month": lambda inc, g: chart_coverage(
        inc, totals(), window="w", start=START, end=END, grades=g),
}


def _band(fig: go.Figure) -> list:
    return [trace for trace in fig.data if trace.legendgroup == BAND_GROUP]


def _legend_names(fig: go.Figure) -> list[str]:
    return [trace.name for trace in fig.data if trace.showlegend is not False and trace.name]


def _without_meta(fig: go.Figure) -> dict:
    figure = json.loads(fig.to_json())
    for trace in figure["data"]:
        trace.pop("meta", None)
    return figure


@pytest.mark.parametrize("name", BUILDERS)
def test_chart__medium_and_low_attacks_give_two_bands(name):
    fig = BUILDERS[name](graded(), Grades("medium"))
    assert _band(fig), "no band below min_confidence"
    assert _legend_names(fig).count(BAND) == 1
    grades = chart_data(fig)["grade"]
    assert {"medium or high", "low"} <= set(grades)


@pytest.mark.parametrize("name", BUILDERS)
def test_chart__show_low_confidence_false_gives_todays_figure(name):
    firm = graded()[graded()["confidence"].ne("low")]
    hidden = BUILDERS[name](graded(), Grades("medium", show=False))
    today = BUILDERS[name](firm, Grades())
    assert not _band(hidden)
    assert _without_meta(hidden) == _without_meta(today)


@pytest.mark.parametrize("name", BUILDERS)
def test_chart__nothing_below_min_confidence_low(name):
    fig = BUILDERS[name](graded(), Grades("low"))
    assert not _band(fig)
    assert not any("confidence" in text for text in _legend_names(fig))
    assert chart_data(fig)["grade"].isin(["high, medium or low", ""]).all()


@pytest.mark.parametrize("name", BUILDERS)
def test_chart__unrated_export_draws_no_band_and_says_nothing_of_grades(name):
    fig = BUILDERS[name](graded().assign(confidence=""), Grades("medium", rated=False))
    assert not _band(fig)
    assert "confidence" not in json.dumps([trace.name for trace in fig.data])
    assert chart_data(fig)["grade"].eq("").all()


def _drawn_total(trace) -> float:
    """What a trace draws, read from the attribute plotly draws it from."""
    if trace.type == "heatmap":
        return float(pd.DataFrame(trace.z).fillna(0).to_numpy().sum())
    if trace.type == "bar" and trace.orientation == "h":
        return float(sum(trace.x))
    if trace.type == "scatter" and trace.customdata is not None and trace.meta.get(
            "value") == "customdata":
        return float(sum(trace.customdata))
    return float(pd.Series(trace.y, dtype="float").fillna(0).sum())


@pytest.mark.parametrize("name", BUILDERS)
def test_chart_data__sums_equal_the_traces(name):
    fig = BUILDERS[name](graded(), Grades("medium"))
    data = chart_data(fig)
    assert list(data.columns) == ["period", "place", "series", "value", "grade"]
    drawn = {}
    for trace in fig.data:
        if isinstance(trace.meta, dict):
            key = (trace.meta["series"], trace.meta["grade"])
            drawn[key] = drawn.get(key, 0) + _drawn_total(trace)
    from_csv = data.groupby(["series", "grade"])["value"].sum().to_dict()
    assert from_csv == pytest.approx(drawn)
    assert drawn
