"""Places a chart shows one by one: the most-attacked, the rest summed; attacks per site."""

from __future__ import annotations

import pandas as pd

from analysis import config


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


def site_counts(incidents: pd.DataFrame) -> pd.DataFrame:
    """Attacks per site with coordinates, largest first (sites without coordinates left out)."""
    located = incidents.dropna(subset=["latitude", "longitude"])
    counts = (located.groupby(["site_name", "region", "latitude", "longitude"])
              .size().rename("attacks").reset_index())
    return counts.sort_values(["attacks", "site_name"], ascending=[False, True],
                              ignore_index=True)
