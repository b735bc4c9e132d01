"""Places a chart shows one by one: the most-attacked, the rest summed; attacks per site."""

from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.measure.grades import LOW_COLUMN, below


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
    ``limit`` with most attacks (then most attacks below ``min_confidence``, then by name)
    are kept, in that order, and the others are summed per period into one place named by
    ``other_label``. The totals are unchanged.

    Args:
        table: a long frequency table (period_start, place, attacks, and
            attacks_low_confidence when the band below ``min_confidence`` is counted).
        level: its region level (names the "other" group; sets the default limit).
        limit: places to show one by one (default ``chart_limit(level)``).

    Returns:
        The same columns, places in display order.
    """
    limit = chart_limit(level) if limit is None else limit
    counted = [column for column in ("attacks", LOW_COLUMN) if column in table]
    totals = table.groupby("place", sort=False)[counted].sum()
    attacked = totals[totals.sum(axis=1) > 0]
    if len(attacked) <= limit:
        return table[table["place"].isin(attacked.index)].reset_index(drop=True)
    ranked = sorted(attacked.index, key=lambda place: (
        *(-attacked.loc[place, column] for column in counted), place))
    shown = ranked[:limit]
    label = other_label(level, len(ranked) - limit)
    grouped = table.assign(place=table["place"].where(table["place"].isin(shown), label))
    grouped = grouped[grouped["place"].isin([*shown, label])]
    summed = grouped.groupby(["period_start", "place"], sort=False)[counted].sum()
    order = pd.MultiIndex.from_product([sorted(set(table["period_start"])), [*shown, label]],
                                       names=["period_start", "place"])
    return summed.reindex(order, fill_value=0).reset_index()


def site_counts(incidents: pd.DataFrame, min_confidence: str = "low") -> pd.DataFrame:
    """Attacks per site with coordinates, largest first (sites without coordinates left out).

    ``attacks`` counts those at or above ``min_confidence``, ``attacks_low_confidence`` those
    below it: a site attacked only by attacks below it has 0 attacks.
    """
    located = incidents.dropna(subset=["latitude", "longitude"])
    located = located.assign(low=below(located, min_confidence).astype("int64"))
    counts = (located.groupby(["site_name", "region", "latitude", "longitude"])["low"]
              .agg(["size", "sum"]).reset_index())
    counts = counts.assign(attacks=counts["size"] - counts["sum"]).rename(
        columns={"sum": LOW_COLUMN}).drop(columns="size")
    counts = counts[["site_name", "region", "latitude", "longitude", "attacks", LOW_COLUMN]]
    return counts.sort_values(["attacks", LOW_COLUMN, "site_name"], ascending=[False, False, True],
                              ignore_index=True)
