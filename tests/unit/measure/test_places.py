"""Places of a level: zero-filled over the gazetteer, and the charts' top-N grouping."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.measure import frequency
from analysis.measure.places import top_places
from analysis.measure.totals import monthly_coverage
from tests.conftest import SITES

GAZETTEER = pd.DataFrame(SITES)
WINDOW = dict(start="2023-10-01", end="2023-12-31")


def _table(counts: dict[str, int], periods: int = 2) -> pd.DataFrame:
    """A long frequency table: each place's attacks all in the first of ``periods`` months."""
    starts = pd.period_range("2023-10", periods=periods, freq="M").start_time.strftime("%Y-%m-%d")
    rows = [(start, place, counts[place] if number == 0 else 0)
            for number, start in enumerate(starts) for place in counts]
    return pd.DataFrame(rows, columns=["period_start", "place", "attacks"])


def _empty_incidents() -> pd.DataFrame:
    return pd.DataFrame(columns=["event_date", "country", "region", "site_name", "target_type"])


def test_places__country_lists_every_gazetteer_country_whatever_the_target():
    assert frequency.places("country", _empty_incidents(), GAZETTEER, "us") == [
        "Iraq", "Israel", "Syria"]


@pytest.mark.parametrize(("target", "expected"), [
    ("all", {"Ain al-Asad Air Base", "Erbil Air Base", "Eilat",
             "US base in Syria (unspecified)"}),
    ("us", {"Ain al-Asad Air Base", "Erbil Air Base", "US base in Syria (unspecified)"}),
    ("israel", {"Eilat"}),
])
def test_places__site_lists_gazetteer_sites_of_the_target(target, expected):
    assert set(frequency.places("site", _empty_incidents(), GAZETTEER, target)) == expected


def test_places__site_adds_places_incidents_name_outside_the_gazetteer():
    incidents = _empty_incidents()
    incidents.loc[0] = ["2023-10-02", "Iraq", "Iraq - Baghdad", "Baghdad", "us"]
    assert "Baghdad" in frequency.places("site", incidents, GAZETTEER, "us")


@pytest.mark.parametrize("level", ["country", "site"])
def test_frequency_table__empty_window_is_zero_filled_not_header_only(level):
    table = frequency.frequency_table(_empty_incidents(), freq="month", region_level=level,
                                      sites=GAZETTEER, target="us", **WINDOW)
    places = frequency.places(level, _empty_incidents(), GAZETTEER, "us")
    assert len(table) == 3 * len(places) > 0
    assert table["attacks"].eq(0).all()


def test_top_places__keeps_the_most_attacked_and_sums_the_rest():
    counts = {f"site {n:02d}": n for n in range(1, 21)}  # site 20 has most attacks
    shown = top_places(_table(counts), "site", limit=5)
    order = list(dict.fromkeys(shown["place"]))
    assert order == ["site 20", "site 19", "site 18", "site 17", "site 16",
                     "all other sites (15)"]
    totals = shown.groupby("place")["attacks"].sum()
    assert totals["all other sites (15)"] == sum(range(1, 16))
    assert shown["attacks"].sum() == sum(counts.values())
    assert len(shown) == 2 * 6  # every period for every shown place


def test_top_places__ties_broken_by_name_and_zero_places_dropped():
    counts = {"b": 2, "a": 2, "c": 2, "never": 0}
    shown = top_places(_table(counts), "site", limit=2)
    assert list(dict.fromkeys(shown["place"])) == ["a", "b", "all other sites (1)"]
    assert "never" not in set(top_places(_table(counts), "site", limit=5)["place"])


def test_top_places__no_group_when_few_places():
    counts = {"a": 1, "b": 3}
    shown = top_places(_table(counts), "site")
    assert set(shown["place"]) == {"a", "b"}


def test_top_places__regions_are_all_shown():
    counts = {region: 1 for region in config.REGIONS}
    assert set(top_places(_table(counts), "region")["place"]) == set(config.REGIONS)


def test_window_end__coverage_end_for_the_dataset_and_latest_month_for_exports():
    incidents = pd.DataFrame({"event_date": ["2024-02-10"]})
    assert frequency.window_end(incidents, "", start="2023-10-17",
                                coverage_end="2026-04-30") == "2026-04-30"
    assert frequency.window_end(incidents, "", start="2023-10-17") == "2024-02-29"
    assert frequency.window_end(incidents.iloc[:0], "", start="2025-03-05") == "2025-03-31"
    assert frequency.window_end(incidents, "2024-01-05", start="2023-10-17") == "2024-01-05"


def test_window_end__start_after_coverage_needs_an_explicit_end():
    from analysis.errors import ParameterError

    with pytest.raises(ParameterError, match="parameter 'start'.*2026-04-30"):
        frequency.window_end(_empty_incidents(), "", start="2026-06-01",
                             coverage_end="2026-04-30")


def _totals(*rows: tuple[str, str, str, int]) -> pd.DataFrame:
    """rows: (period_start, period_end, target_type, count)."""
    frame = pd.DataFrame(rows, columns=["period_start", "period_end", "target_type", "count"])
    return frame.assign(reported_by="tracker")


def test_monthly_coverage__whole_month_part_of_month_and_none():
    incidents = pd.DataFrame({"event_date": ["2024-07-03", "2024-07-20", "2024-08-02"],
                              "target_type": ["israel", "israel", "us"]})
    totals = _totals(("2024-07-01", "2024-07-31", "israel", 13),
                     ("2024-08-01", "2024-08-12", "us", 4),   # part of August: a lower bound
                     ("2024-08-01", "2024-08-03", "us", 9),   # too short to describe a month
                     ("2023-10-17", "2024-08-31", "us", 170))  # cumulative: not a month's
    table = monthly_coverage(incidents, totals, start="2024-07-01", end="2024-09-30")
    rows = {(r.month, r.target_type): r for r in table.itertuples()}
    july = rows["2024-07", "israel"]
    assert (july.recorded, july.published, july.basis, july.share) == (2, 13, "whole month",
                                                                       0.15)
    august = rows["2024-08", "us"]
    assert (august.recorded, august.published, august.basis) == (1, 4, "part of the month")
    assert pd.isna(rows["2024-09", "us"].published)
    assert rows["2024-09", "us"].basis == ""
    assert len(table) == 3 * 2


def test_monthly_coverage__country_only_counts_left_out():
    totals = _totals(("2024-07-01", "2024-07-31", "us", 5)).assign(count_syria=5)
    table = monthly_coverage(pd.DataFrame(columns=["event_date", "target_type"]),
                                       totals, start="2024-07-01", end="2024-07-31")
    assert table["published"].isna().all()
