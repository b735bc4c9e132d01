"""The cleaning step's tables for exports: reports, incidents, rejected rows, summary."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from analysis import config
from analysis.inputs import columns

REPORT_COLUMNS = [
    "report_id", "incident_id", "source_row", "event_date", "site", "site_id", "target_type",
    "weapon", "weapon_category", "claimed_by", "groups", "reported_by", "attribution", "outlet",
    "language",
    "killed", "wounded", "confidence", "source_url", "date_precision",
]

# Who each selected country's attacks target (see data/raw/mappings/adapters.md).
TARGET_TYPE_BY_COUNTRY = {"Israel": "israel", "Iraq": "us", "Syria": "us", "Jordan": "us"}


def target_types(country: pd.Series) -> pd.Series:
    """Return the target type per country: israel, us (Iraq, Syria, Jordan) or other."""
    return country.map(TARGET_TYPE_BY_COUNTRY).fillna("other").astype("str")


def report_table(kept: pd.DataFrame) -> pd.DataFrame:
    """One row per kept export row, with the project's report columns (plus date_precision).

    Args:
        kept: kept rows with every ``REPORT_COLUMNS`` entry already computed.
    """
    table = kept[REPORT_COLUMNS].assign(weapon_category=kept["weapon_category"].astype(
        pd.CategoricalDtype(config.WEAPON_CATEGORIES)))
    return table.sort_values("source_row", kind="stable").reset_index(drop=True)


def incident_table(kept: pd.DataFrame, order: np.ndarray) -> pd.DataFrame:
    """One incident per kept export row, columns exactly ``columns.INCIDENTS``.

    Exports record events, not reports: nothing is merged, each event is one incident
    with one report. Evidence is "media" (the exports rest on media reporting and do not
    say whether an attribution comes from a claim or an official).
    Attribution is "attributed": the export's own coders tied each selected event to an
    actor of the selection.

    Args:
        kept: kept rows with their report columns and ``killed_count``.
        order: positions that sort ``kept`` by date, then incident id.
    """
    frame = kept.assign(
        is_claimed=False, is_confirmed=False, evidence="media",
        killed=kept["killed_count"].astype("Int64"),
        wounded=pd.Series(pd.NA, index=kept.index, dtype="Int64"),
        report_count=np.ones(len(kept), dtype=np.int64), report_ids=kept["report_id"],
        source_urls=kept["source_url"], outlets=kept["outlet"],
    )
    return frame[list(columns.INCIDENTS)].take(order).reset_index(drop=True)


def rejected_table(failing: pd.DataFrame, shown: Iterable[str],
                   reasons: pd.Categorical) -> pd.DataFrame:
    """Raw rows that were not kept, in file order: row number, id, reasons, checked columns.

    An export may hold a million rows that are simply outside the selection, so the
    table keeps the date and country only; the whole row is at ``source_row`` of the
    (immutable) raw file.

    Args:
        failing: the failing rows' ``source_row``, trimmed ``report_id`` and shown columns.
        shown: raw columns to carry.
        reasons: the reasons of the failing rows, in the same order.
    """
    table = failing[["source_row", "report_id", *shown]]
    table.insert(2, "reason", reasons)
    return table


def summary_table(raw_rows: int, kept: int, rejected_by_column: pd.Series,
                  region_sources: pd.Series) -> pd.DataFrame:
    """Return the cleaning summary: the rows of ``analysis.clean.incidents.summarise`` and more.

    The extra rows count the incidents whose region came from the nearest site, the
    admin1 table or the country.

    Raises:
        RuntimeError: the rows do not add up (a bug).
    """
    rejected = int(rejected_by_column.sum())
    if raw_rows != kept + rejected:
        raise RuntimeError(f"row accounting broken: {raw_rows} raw rows, {kept} kept, "
                           f"{rejected} rejected")
    rows = [("raw rows", raw_rows), ("rejected rows", rejected)]
    rows += [(f"  rejected: {column}", int(n))
             for column, n in rejected_by_column.sort_index().items()]
    rows += [("reports kept", kept), ("reports merged into an earlier report's incident", 0),
             ("incidents", kept)]
    rows += [(f"  region from {source}", int(n)) for source, n in region_sources.items()]
    return pd.DataFrame(rows, columns=["step", "rows"])
