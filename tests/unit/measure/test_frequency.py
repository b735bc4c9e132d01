"""Frequency tables: zero-filling, period boundaries, filters, parameter errors."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import config
from analysis.errors import ParameterError
from analysis.measure.frequency import filter_incidents, frequency_table, period_starts


def _incidents(*rows: tuple[str, str, str]) -> pd.DataFrame:
    """rows: (event_date, region, target_type)."""
    frame = pd.DataFrame(rows, columns=["event_date", "region", "target_type"])
    countries = frame["region"].str.split(" - ").str[0]
    return frame.assign(country=countries, site_name=frame["region"] + " site")


def test_frequency_table__zero_filled_every_period_and_region():
    incidents = _incidents(("2023-10-20", "Jordan", "us"))
    table = frequency_table(incidents, freq="month", region_level="region",
                            start="2023-10-17", end="2023-12-31")
    assert len(table) == 3 * len(config.REGIONS)
    assert table["attacks"].sum() == 1
    assert table.loc[table["attacks"] == 1, ["period_start", "place"]].values.tolist() == [
        ["2023-10-01", "Jordan"]]
    assert (table.groupby("period_start").size() == len(config.REGIONS)).all()


@pytest.mark.parametrize(("date", "freq", "start"), [
    ("2023-10-22", "week", "2023-10-16"),  # a Sunday belongs to the week starting Monday 16th
    ("2023-10-23", "week", "2023-10-23"),  # a Monday opens a new week
    ("2023-10-31", "month", "2023-10-01"),
    ("2023-12-31", "quarter", "2023-10-01"),
    ("2024-01-01", "quarter", "2024-01-01"),
])
def test_period_starts__boundaries(date, freq, start):
    assert period_starts(pd.Series([date]), freq).dt.strftime("%Y-%m-%d").tolist() == [start]


def test_frequency_table__window_edges_are_inclusive():
    incidents = _incidents(("2023-10-17", "Jordan", "us"), ("2023-10-31", "Jordan", "us"),
                           ("2023-11-01", "Jordan", "us"), ("2023-10-16", "Jordan", "us"))
    table = frequency_table(incidents, freq="quarter", region_level="country",
                            start="2023-10-17", end="2023-10-31")
    assert table["attacks"].sum() == 2
    assert table["period_start"].unique().tolist() == ["2023-10-01"]


def test_filter_incidents__target():
    incidents = _incidents(("2023-10-20", "Jordan", "us"), ("2024-03-01", "Israel - South",
                                                            "israel"))
    assert filter_incidents(incidents, target="israel")["target_type"].tolist() == ["israel"]
    assert len(filter_incidents(incidents, target="all")) == 2


def test_frequency_table__site_level_uses_site_names():
    incidents = _incidents(("2023-10-20", "Jordan", "us"), ("2023-11-20", "Jordan", "us"))
    table = frequency_table(incidents, freq="month", region_level="site",
                            start="2023-10-01", end="2023-11-30")
    assert table.to_dict("list") == {"period_start": ["2023-10-01", "2023-11-01"],
                                     "place": ["Jordan site", "Jordan site"],
                                     "attacks": [1, 1], "attacks_low_confidence": [0, 0]}


@pytest.mark.parametrize(("kwargs", "message"), [
    ({"freq": "year"}, "parameter 'freq': got 'year', expected one of week, month, quarter"),
    ({"region_level": "city"}, "parameter 'region_level'.*country, region, site"),
    ({"end": "2023-01-01"}, "parameter 'end'.*on or after start"),
])
def test_frequency_table__bad_parameters(kwargs, message):
    arguments = {"freq": "month", "region_level": "region", "start": "2023-10-17",
                 "end": "2023-12-31", **kwargs}
    with pytest.raises(ParameterError, match=message):
        frequency_table(_incidents(("2023-10-20", "Jordan", "us")), **arguments)


def test_phase_mix__zero_filled_in_phase_and_value_order():
    from analysis.measure.phases import claimant, phase_mix

    incidents = pd.DataFrame({"event_date": ["2023-10-01", "2023-10-20", "2024-03-01",
                                             "2026-03-05"],
                              "groups": ["", "Kataib Hezbollah", "A; B", None]})
    incidents["claimant"] = claimant(incidents["groups"])
    assert incidents["claimant"].tolist() == ["no group named", "Kataib Hezbollah",
                                              "several groups", "no group named"]
    table = phase_mix(incidents, "claimant", ["Kataib Hezbollah", "no group named"])
    phases = [label for _, _, label in config.PHASES]
    assert table[["phase", "value"]].drop_duplicates().shape[0] == len(table) == 4 * 3
    assert list(dict.fromkeys(table["phase"])) == phases
    assert list(dict.fromkeys(table["value"])) == ["Kataib Hezbollah", "no group named", "other"]
    counts = table.set_index(["phase", "value"])["attacks"]
    assert counts[(phases[0], "Kataib Hezbollah")] == 1
    assert counts[(phases[1], "other")] == 1  # "several groups" is not among the values
    assert counts[(phases[3], "no group named")] == 1
    assert table["attacks"].sum() == 3  # 1 Oct 2023 is before the first phase
