"""Frequency tables: attacks per period per place, long and zero-filled."""

from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.errors import ParameterError
from analysis.measure.grades import LOW_COLUMN, below

_LEVEL_COLUMN = {"country": "country", "region": "region", "site": "site_name"}


def check_choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    """Return ``value`` if allowed, else raise ParameterError listing the allowed values."""
    if value not in allowed:
        raise ParameterError(name, value, "one of " + ", ".join(allowed))
    return value


def filter_incidents(incidents: pd.DataFrame, *, target: str = "all", start: str | None = None,
                     end: str | None = None) -> pd.DataFrame:
    """Keep incidents of one target type (us, israel or all) inside [start, end]."""
    check_choice("target", target, config.TARGETS)
    dates = pd.to_datetime(incidents["event_date"])
    keep = pd.Series(True, index=incidents.index)
    if target != "all":
        keep &= incidents["target_type"].eq(target)
    if start:
        keep &= dates >= pd.Timestamp(start)
    if end:
        keep &= dates <= pd.Timestamp(end)
    return incidents[keep]


def period_starts(dates: pd.Series, freq: str) -> pd.Series:
    """Return the first day of the week (Monday), month or quarter of each date."""
    check_choice("freq", freq, tuple(config.FREQ_TO_PERIOD))
    periods = pd.to_datetime(dates).dt.to_period(config.FREQ_TO_PERIOD[freq])
    return periods.dt.start_time.dt.normalize()


def places(level: str, incidents: pd.DataFrame, sites: pd.DataFrame | None = None,
           target: str = "all") -> list[str]:
    """Return every place of a level that gets a row in a frequency table.

    Regions: all of ``config.REGIONS``. Countries: every country of the gazetteer and of
    the incidents, whatever the target. Sites: every gazetteer site of the selected target
    type (all sites for "all") and every site an incident names.
    """
    check_choice("region_level", level, config.REGION_LEVELS)
    check_choice("target", target, config.TARGETS)
    if level == "region":
        return list(config.REGIONS)
    seen = set(incidents[_LEVEL_COLUMN[level]].dropna())
    if sites is not None and level == "country":
        seen |= set(sites["country"])
    elif sites is not None:
        chosen = sites if target == "all" else sites[sites["target_type"].eq(target)]
        seen |= set(chosen["name"])
    return sorted(seen)


def frequency_table(incidents: pd.DataFrame, *, freq: str = "month", region_level: str = "region",
                    start: str, end: str, sites: pd.DataFrame | None = None,
                    target: str = "all", min_confidence: str = "low") -> pd.DataFrame:
    """Count attacks per period and place, with a 0 row wherever nothing happened.

    Args:
        incidents: the cleaned incident table (already filtered by target).
        freq: week, month or quarter.
        region_level: country, region or site.
        start: first day of the window; the first period is the one containing it.
        end: last day of the window; the last period is the one containing it.
        sites: the gazetteer, so that places without attacks still get rows.
        target: the target type the incidents were filtered to (which sites get rows).
        min_confidence: attacks graded below it are counted apart (``grades.below``).

    Returns:
        Columns period_start (ISO date), place, attacks (at or above ``min_confidence``),
        attacks_low_confidence (below it); sorted by period then place order.

    Raises:
        ParameterError: freq or region_level not allowed, or end before start.
    """
    if pd.Timestamp(end) < pd.Timestamp(start):
        raise ParameterError("end", end, f"a date on or after start ({start})")
    column = _LEVEL_COLUMN[check_choice("region_level", region_level, config.REGION_LEVELS)]
    inside = filter_incidents(incidents, start=start, end=end)
    periods = inside.assign(period_start=period_starts(inside["event_date"], freq),
                            low=below(inside, min_confidence))
    first, last = period_starts(pd.Series([start, end]), freq)
    all_periods = pd.period_range(first, last, freq=config.FREQ_TO_PERIOD[freq]).start_time
    grid = pd.MultiIndex.from_product([all_periods, places(region_level, inside, sites, target)],
                                      names=["period_start", column])
    counts = {name: periods[periods["low"].eq(low)].groupby(["period_start", column]).size()
              .reindex(grid, fill_value=0).astype("int64")
              for name, low in (("attacks", False), (LOW_COLUMN, True))}
    table = pd.DataFrame(counts, index=grid).reset_index().rename(columns={column: "place"})
    table["period_start"] = table["period_start"].dt.strftime("%Y-%m-%d")
    return table


def window_end(incidents: pd.DataFrame, end: str, *, start: str,
               coverage_end: str | None = None) -> str:
    """Return the last day of the window.

    Args:
        incidents: the cleaned incidents.
        end: the ``end`` parameter; returned as it is when given.
        start: the first day of the window.
        coverage_end: where the input's coverage ends (the project's dataset:
            ``config.COVERAGE_END``); None for exports, whose window then ends with the month
            of the latest event (or of ``start`` when there is none).

    Raises:
        ParameterError: ``end`` is empty and ``start`` lies after the end of coverage.
    """
    if end:
        return end
    if coverage_end:
        if pd.Timestamp(start) > pd.Timestamp(coverage_end):
            raise ParameterError("start", start, f"a date up to {coverage_end}, where the "
                                 "dataset's coverage ends, or an explicit end")
        return coverage_end
    dates = pd.to_datetime(incidents["event_date"])
    latest = max(dates.max(), pd.Timestamp(start)) if len(dates) else pd.Timestamp(start)
    return (latest + pd.offsets.MonthEnd(0)).strftime("%Y-%m-%d")


def frequency_filename(freq: str, level: str) -> str:
    """Name of the frequency table for one frequency and region level."""
    return f"frequency_{freq}_{level}.csv"
