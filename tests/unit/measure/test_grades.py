"""Attacks below min_confidence: counted apart in every table, never dropped."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.measure.frequency import frequency_table
from analysis.measure.grades import Grades, split
from analysis.measure.phases import phase_counts
from analysis.measure.places import site_counts, top_places
from analysis.measure.totals import claims_vs_recorded, cumulative_by_target, monthly_coverage

WINDOW = dict(start="2023-10-17", end="2023-12-31")


def graded_incidents() -> pd.DataFrame:
    """Two medium attacks and three low ones (one in a region with no firm attack)."""
    rows = [("2023-10-20", "Jordan", "us", "medium", "Tower 22", 33.3, 38.7),
            ("2023-10-21", "Jordan", "us", "low", "Tower 22", 33.3, 38.7),
            ("2023-11-05", "Iraq - Anbar/West", "us", "high", "Ain al-Asad", 33.8, 42.4),
            ("2023-11-06", "Iraq - Anbar/West", "us", "low", "Ain al-Asad", 33.8, 42.4),
            ("2023-12-01", "Israel - South", "israel", "low", "Eilat", 29.6, 34.9)]
    frame = pd.DataFrame(rows, columns=["event_date", "region", "target_type", "confidence",
                                        "site_name", "latitude", "longitude"])
    return frame.assign(country=frame["region"].str.split(" - ").str[0])


def test_split__firm_and_below_partition_and_unrated_is_firm():
    incidents = pd.concat([graded_incidents(), graded_incidents().iloc[:1].assign(confidence="")])
    firm, below = split(incidents, "medium")
    assert (len(firm), len(below)) == (3, 3)
    assert split(incidents, "low")[1].empty
    assert len(split(incidents, "high")[1]) == 4
    assert split(incidents.drop(columns="confidence"), "medium")[1].empty


def test_frequency_table__attacks_and_attacks_low_confidence_zero_filled():
    table = frequency_table(graded_incidents(), freq="month", region_level="region",
                            min_confidence="medium", **WINDOW)
    assert list(table.columns) == ["period_start", "place", "attacks", "attacks_low_confidence"]
    assert len(table) == 3 * len(config.REGIONS)
    assert (table["attacks"].sum(), table["attacks_low_confidence"].sum()) == (2, 3)
    cells = table.set_index(["period_start", "place"])
    assert cells.loc[("2023-10-01", "Jordan")].tolist() == [1, 1]
    assert cells.loc[("2023-12-01", "Israel - South")].tolist() == [0, 1]
    everything = frequency_table(graded_incidents(), freq="month", region_level="region",
                                 min_confidence="low", **WINDOW)
    assert (everything["attacks"].sum(), everything["attacks_low_confidence"].sum()) == (5, 0)


def test_top_places__sums_the_low_band_and_keeps_places_with_only_low_attacks():
    table = frequency_table(graded_incidents(), freq="month", region_level="region",
                            min_confidence="medium", **WINDOW)
    shown = top_places(table, "region")
    assert list(dict.fromkeys(shown["place"])) == ["Iraq - Anbar/West", "Jordan",
                                                   "Israel - South"]
    grouped = top_places(table, "region", limit=1)
    assert grouped.groupby("place", sort=False)[["attacks", "attacks_low_confidence"]].sum(
    ).to_dict("index") == {"Iraq - Anbar/West": {"attacks": 1, "attacks_low_confidence": 1},
                           "all other regions (2)": {"attacks": 1, "attacks_low_confidence": 2}}
    firm_only = top_places(table.drop(columns="attacks_low_confidence"), "region")
    assert "Israel - South" not in set(firm_only["place"])


def test_phase_counts__firm_counts_and_the_low_band_beside_them():
    table = phase_counts(graded_incidents(), "2026-04-30", min_confidence="medium")
    first = table.set_index("phase").loc["1: US bases"]
    assert (first["us"], first["israel"], first["all"], first["low_confidence"]) == (2, 0, 2, 3)
    assert phase_counts(graded_incidents(), "2026-04-30")["low_confidence"].eq(0).all()


def test_totals__recorded_and_low_confidence_apart():
    incidents, totals = graded_incidents(), pd.DataFrame(
        columns=["period_start", "period_end", "target_type", "count", "reported_by"])
    coverage = monthly_coverage(incidents, totals, min_confidence="medium", **WINDOW)
    us = coverage[coverage["target_type"].eq("us")].set_index("month")
    assert us[["recorded", "recorded_low_confidence"]].sum().tolist() == [2, 2]
    lines = cumulative_by_target(incidents, WINDOW["start"], WINDOW["end"], "medium")
    last = lines.groupby("target_type").last()
    assert last.loc["israel", ["cumulative", "cumulative_low_confidence"]].tolist() == [0, 1]
    daily = claims_vs_recorded(incidents, totals, WINDOW["start"], WINDOW["end"], "medium")
    assert daily[["recorded", "recorded_low_confidence"]].sum().tolist() == [2, 3]


def test_site_counts__sites_with_only_low_attacks_listed():
    counts = site_counts(graded_incidents(), min_confidence="medium").set_index("site_name")
    assert counts.loc["Eilat", ["attacks", "attacks_low_confidence"]].tolist() == [0, 1]
    assert counts.loc["Tower 22", ["attacks", "attacks_low_confidence"]].tolist() == [1, 1]
    assert site_counts(graded_incidents())["attacks_low_confidence"].eq(0).all()


@pytest.mark.parametrize(("minimum", "rated", "firm", "below", "band"), [
    ("medium", True, "medium or high", "low",
     "low confidence: weak attribution or conflicting sources"),
    ("high", True, "high", "medium or low", "medium or low confidence: vague date or site, "
     "weak attribution or conflicting sources"),
    ("low", True, "high, medium or low", "", ""),
    ("medium", False, "", "", ""),
], ids=["medium", "high", "low", "unrated"])
def test_grades__words(minimum, rated, firm, below, band):
    grades = Grades(minimum, rated=rated)
    assert (grades.firm_grade, grades.low_grade, grades.band_name) == (firm, below, band)
