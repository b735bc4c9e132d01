"""Frequency tables: attacks per period per place, long and zero-filled."""

from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.errors import ParameterError

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
                    target: str = "all") -> pd.DataFrame:
    """Count attacks per period and place, with a 0 row wherever nothing happened.

    Args:
        incidents: the cleaned incident table (already filtered by target).
        freq: week, month or quarter.
        region_level: country, region or site.
        start: first day of the window; the first period is the one containing it.
        end: last day of the window; the last period is the one containing it.
        sites: the gazetteer, so that places without attacks still get rows.
        target: the target type the incidents were filtered to (which sites get rows).

    Returns:
        Columns period_start (ISO date), place, attacks; sorted by period then place order.

    Raises:
        ParameterError: freq or region_level not allowed, or end before start.
    """
    if pd.Timestamp(end) < pd.Timestamp(start):
        raise ParameterError("end", end, f"a date on or after start ({start})")
    column = _LEVEL_COLUMN[check_choice("region_level", region_level, config.REGION_LEVELS)]
    inside = filter_incidents(incidents, start=start, end=end)
    counted = (inside.assign(period_start=period_starts(inside["event_date"], freq))
               .groupby(["period_start", column]).size())
    first, last = period_starts(pd.Series([start, end]), freq)
    all_periods = pd.period_range(first, last, freq=config.FREQ_TO_PERIOD[freq]).start_time
    grid = pd.MultiIndex.from_product([all_periods, places(region_level, inside, sites, target)],
                                      names=["period_start", column])
    table = counted.reindex(grid, fill_value=0).rename("attacks").reset_index()
    table = table.rename(columns={column: "place"})
    table["period_start"] = table["period_start"].dt.strftime("%Y-%m-%d")
    table["attacks"] = table["attacks"].astype("int64")
    return table


def other_label(level: str, count: int) -> str:
    """The name of the group that sums the places a chart does not show one by one."""
    plural = {"site": "sites", "country": "countries", "region": "regions"}[level]
    return f"all other {plural} ({count})"


def chart_limit(level: str) -> int:
    """How many places a chart shows one by one (regions have a fixed palette of all)."""
    return len(config.REGIONS) if level == "region" else config.TOP_PLACES


def top_places(table: pd.DataFrame, level: str, limit: int | None = None) -> pd.DataFrame:
    """Keep the most-attacked places of a frequency table and sum the rest into one group.

    Places without any attack are dropped. When more than ``limit`` places remain, the
    ``limit`` with most attacks (ties by name) are kept, in that order, and the others are
    summed per period into one place named by ``other_label``. The total is unchanged.

    Args:
        table: a long frequency table (period_start, place, attacks).
        level: its region level (names the "other" group; sets the default limit).
        limit: places to show one by one (default ``chart_limit(level)``).

    Returns:
        The same columns, places in display order.
    """
    limit = chart_limit(level) if limit is None else limit
    totals = table.groupby("place", sort=False)["attacks"].sum()
    attacked = totals[totals > 0]
    if len(attacked) <= limit:
        return table[table["place"].isin(attacked.index)].reset_index(drop=True)
    ranked = sorted(attacked.items(), key=lambda item: (-item[1], item[0]))
    shown = [place for place, _ in ranked[:limit]]
    label = other_label(level, len(ranked) - limit)
    grouped = table.assign(place=table["place"].where(table["place"].isin(shown), label))
    grouped = grouped[grouped["place"].isin([*shown, label])]
    summed = grouped.groupby(["period_start", "place"], sort=False)["attacks"].sum()
    order = pd.MultiIndex.from_product([sorted(set(table["period_start"])), [*shown, label]],
                                       names=["period_start", "place"])
    return summed.reindex(order, fill_value=0).reset_index()


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


def phase_labels(dates: pd.Series) -> pd.Series:
    """The phase of the conflict (``config.PHASES`` label) of each ISO date, <NA> before it."""
    when = pd.to_datetime(dates)
    labels = pd.Series(pd.NA, index=dates.index, dtype="str")
    for first, last, label in config.PHASES:
        inside = when >= pd.Timestamp(first)
        if last:
            inside &= when <= pd.Timestamp(last)
        labels[inside] = label
    return labels


# What ``claimant`` says of an incident whose reports name no group, or several.
NO_GROUP, SEVERAL = "no group named", "several groups"


def claimant(groups: pd.Series) -> pd.Series:
    """Who an incident's reports name: one group, ``SEVERAL`` or ``NO_GROUP``."""
    text = groups.fillna("").astype("str").str.strip()
    return text.mask(text.str.contains(";"), SEVERAL).mask(text.eq(""), NO_GROUP)


def phase_mix(incidents: pd.DataFrame, column: str, values: list[str]) -> pd.DataFrame:
    """Attacks per phase and value of ``column``, zero-filled, phases and values in order.

    Args:
        incidents: incidents (``event_date`` and ``column``).
        column: the column to break each phase down by (weapon_category, claimant...).
        values: its values, in the order wanted; others are counted under "other".

    Returns:
        Long table: phase, value, attacks.
    """
    phases = [label for _, _, label in config.PHASES]
    value = incidents[column].where(incidents[column].isin(values), "other")
    counts = (pd.DataFrame({"phase": phase_labels(incidents["event_date"]), "value": value})
              .dropna(subset=["phase"]).value_counts())
    order = list(dict.fromkeys([*values, "other"]))
    full = pd.MultiIndex.from_product([phases, order], names=["phase", "value"])
    table = counts.reindex(full, fill_value=0).rename("attacks").reset_index()
    return table.astype({"attacks": "int64"})


# A published count is a month's when its period ends in the month and starts at most
# START_SLACK_DAYS before it; it covers the month when it spans this share of the month's
# days inside the window, and is otherwise a lower bound ("part of the month").
# Counts over fewer than MIN_SPAN_DAYS (a day's or a week's claims) say little of a month.
START_SLACK_DAYS = 3
MONTH_SHARE = 0.8
MIN_SPAN_DAYS = 10


def monthly_coverage(incidents: pd.DataFrame, totals: pd.DataFrame, *, start: str,
                     end: str) -> pd.DataFrame:
    """Per month and target (US forces, Israel): attacks recorded against published counts.

    A month's published count is the largest total, for US forces or Israel as a whole
    (officials', trackers' or the groups' own), whose period lies within the month
    (``START_SLACK_DAYS``) and spans at least ``MIN_SPAN_DAYS``; ``basis`` says whether it
    spans the month (``MONTH_SHARE``) or only part of it (or ends on an unknown day of the
    month), so that it is a lower bound. Cumulative totals since an earlier month
    are not split into months. Months without such a total have no published count.

    Args:
        incidents: incidents of the window (``event_date``, ``target_type``).
        totals: ``load.load_totals`` (counts limited to one country are left out).
        start: first day of the window.
        end: last day of the window.

    Returns:
        month (YYYY-MM), target_type, recorded, published (nullable), basis ("whole month",
        "part of the month" or ""), share (recorded / published, nullable, 2 decimals).
    """
    months = pd.period_range(start, end, freq="M")
    dates = pd.to_datetime(incidents["event_date"]).dt.to_period("M")
    whole = whole_target_totals(totals)
    rows = []
    for target in ("us", "israel"):
        recorded = dates[incidents["target_type"].eq(target)].value_counts()
        chosen = whole[whole["target_type"].eq(target)]
        for month in months:
            published, basis = _published_for(chosen, month, pd.Timestamp(start))
            rows.append({"month": str(month), "target_type": target,
                         "recorded": int(recorded.get(month, 0)), "published": published,
                         "basis": basis})
    table = pd.DataFrame(rows).astype({"published": "Int64"})
    share = table["recorded"] / table["published"].where(table["published"] > 0)
    return table.assign(share=share.astype("Float64").round(2))


def whole_target_totals(totals: pd.DataFrame) -> pd.DataFrame:
    """Totals for US forces or Israel as a whole: counts limited to one country left out."""
    keep = totals["target_type"].isin(["us", "israel"])
    for column in ("count_iraq", "count_syria", "count_jordan"):
        if column in totals:
            part = pd.to_numeric(totals[column], errors="coerce")
            keep &= ~(part.eq(totals["count"]) & totals["target_type"].eq("us"))
    return totals[keep]


def period_bounds(totals: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    """First and last day of each total's period, and whether the last day is unknown.

    A ``YYYY-MM`` end (the source gives only the month) is read as that month's last day.
    """
    first = pd.to_datetime(totals["period_start"])
    text = totals["period_end"].astype("str")
    month_only = text.str.fullmatch(r"\d{4}-\d{2}")
    last = pd.to_datetime(text.where(~month_only, text + "-01"))
    return first, last.where(~month_only, last + pd.offsets.MonthEnd(0)), month_only


def _published_for(totals: pd.DataFrame, month: pd.Period,
                   window_start: pd.Timestamp) -> tuple[int | None, str]:
    first, last, day_unknown = period_bounds(totals)
    month_first = max(month.start_time, window_start)
    month_last = month.end_time.normalize()
    inside = ((last >= month.start_time) & (last <= month_last)
              & (first >= month.start_time - pd.Timedelta(days=START_SLACK_DAYS))
              & ((last - first).dt.days + 1 >= MIN_SPAN_DAYS))
    if not inside.any():
        return None, ""
    best = totals.loc[inside, "count"].astype(int).idxmax()
    span = (last[best] - max(first[best], month_first)).days + 1
    whole = span >= MONTH_SHARE * ((month_last - month_first).days + 1)
    basis = "whole month" if whole and not day_unknown[best] else "part of the month"
    return int(totals.loc[best, "count"]), basis
