"""Compare sources: the project's incidents beside an ACLED or UCDP GED export's events.

The matching rule, in one place (data/raw/mappings/adapters.md, "Comparing with an
export", says the same in prose):

1. **Dates.** An export event and a project incident can match when their dates differ by
   at most the tolerance of the event's date precision (``TOLERANCE_DAYS``: ACLED
   ``time_precision``, UCDP ``date_prec``, as the adapters label them: day 1 day, week 7,
   month 31, year 366; an event without a precision counts as day-precise). The project's
   incidents are dated to the day, so only the export's precision widens the window.
2. **Places.** Their places must agree, by the first of ``PLACE_RULES`` that holds:
   the same gazetteer site (a site with coordinates, as the adapters place an event within
   25 km of one); else both in the same country and within ``MATCH_DISTANCE_KM`` of each
   other (the project's site coordinates against the event's own); else, at worst, the
   same target region.
3. **One to one, closest first.** Candidate pairs are sorted by date gap, then place rule,
   then distance (unknown last), then project incident id and export event id; each pair
   is taken in that order when neither side is taken yet. An incident matches at most one
   event and the reverse; ties fall to the smaller ids, so the result never depends on
   the order of the inputs.
4. **Firm incidents first.** Incidents rated below the run's ``min_confidence`` are matched
   after all the others, with the events left: the firm side of the comparison is the same
   whether or not they take part, and an incident on weak evidence never takes an event
   from a firm one. Their rows are counted apart (``LOW_SUFFIX``), as every table counts
   the attacks below ``min_confidence``.

Candidate pairs are only those within the date tolerance (a merge on date windows via
``numpy.searchsorted``), so an export of 100,000 rows costs a few thousand pairs.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.clean.exports import clean_export
from analysis.clean.grades import below_minimum
from analysis.errors import InputError
from analysis.inputs.exports import DEFAULT_ACTOR_PATTERN, resolve_format
from analysis.inputs.exports.regions import haversine_km
from analysis.measure import frequency
from analysis.measure.grades import LOW_SUFFIX, below

# Largest date gap (days) between an event and an incident, per the event's date precision.
# Day: the project merges reports of one attack within a day (config.MERGE_TOLERANCE_DAYS)
# and a claim or report often lands the next day. Week, month, year: the export only knows
# the event happened in that week / month / year (UCDP date_prec 2, a 2-6 day range, counts
# as a week), and its date may be any day of it, so the whole span counts.
TOLERANCE_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}
# An event whose export has no precision column (or an empty cell) is taken as day-precise.
DEFAULT_PRECISION = "day"
# Two places in the same country this close agree even when the adapters placed the event
# at another site (or at none): the adapters' own radius for the nearest site
# (clean_export's max_site_km), about the spread of a base and the launch points around it.
MATCH_DISTANCE_KM = 25.0
# How places agree, best first; the position is the rule's rank in the sort.
PLACE_RULES = ("same site", f"within {MATCH_DISTANCE_KM:g} km", "same region")

STATUSES = ("both", "only_project", "only_export")
STATUS_LABELS = {"both": "matched", "only_project": "only in the project",
                 "only_export": "only in the export"}
# The statuses a project incident below min_confidence can have, and their count columns.
LOW_STATUSES = ("both", "only_project")
LOW_STATUS_COLUMNS = tuple(status + LOW_SUFFIX for status in LOW_STATUSES)
# The count columns of the summary and the monthly counts: the firm statuses, then the band.
COUNT_COLUMNS = (*STATUSES, *LOW_STATUS_COLUMNS)

COMPARISON_FILE, SUMMARY_FILE = "comparison.csv", "comparison_summary.csv"

# The columns each side brings into the comparison table.
_SIDE_COLUMNS = ("incident_id", "event_date", "site_id", "site_name", "region", "country",
                 "latitude", "longitude")
COMPARISON_COLUMNS = [
    "status", "project_incident_id", "project_confidence", "export_event_id", "project_date",
    "export_date",
    "date_gap_days", "export_date_precision", "tolerance_days", "place_rule", "distance_km",
    "project_site_id", "project_site_name", "project_region", "project_country",
    "export_site_id", "export_site_name", "export_location", "export_region",
    "export_country", "export_latitude", "export_longitude", "project_source_urls",
    "export_source",
]


def tolerance_days(precision: pd.Series) -> np.ndarray:
    """Return the date tolerance (days) of each event, from its date-precision label.

    Raises:
        InputError: a label outside ``TOLERANCE_DAYS`` (the adapters only give those).
    """
    labels = precision.fillna("").astype("str").str.strip().replace("", DEFAULT_PRECISION)
    unknown = sorted(set(labels) - set(TOLERANCE_DAYS))
    if unknown:
        raise InputError("date_precision", f"unknown precision {', '.join(unknown)}; "
                         f"expected one of {', '.join(TOLERANCE_DAYS)}")
    return labels.map(TOLERANCE_DAYS).to_numpy(np.int64)


def _days(dates: pd.Series) -> np.ndarray:
    """Whole days since 1970 of ISO dates (or timestamps)."""
    return pd.to_datetime(dates).to_numpy("datetime64[D]").astype(np.int64)


def _window_pairs(project_days: np.ndarray, export_days: np.ndarray,
                  tolerance: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Every (project, export) position pair whose dates differ by at most the tolerance."""
    order = np.argsort(project_days, kind="stable")
    ordered = project_days[order]
    low = np.searchsorted(ordered, export_days - tolerance, side="left")
    high = np.searchsorted(ordered, export_days + tolerance, side="right")
    counts = high - low
    export_pos = np.repeat(np.arange(len(export_days)), counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    return order[np.repeat(low, counts) + offsets], export_pos


def _same(left: pd.Series, right: pd.Series, left_pos: np.ndarray,
          right_pos: np.ndarray) -> np.ndarray:
    """Whether two text columns agree at paired positions (empty text never agrees)."""
    a = left.fillna("").astype("str").to_numpy(object)[left_pos]
    b = right.fillna("").astype("str").to_numpy(object)[right_pos]
    return (a == b) & (a != "")


def candidate_pairs(project: pd.DataFrame, export: pd.DataFrame) -> pd.DataFrame:
    """Every pair that may match: within the date tolerance and with agreeing places.

    Args:
        project: incidents with ``_SIDE_COLUMNS`` (one per row, positions are used).
        export: events with ``_SIDE_COLUMNS`` and ``date_precision``.

    Returns:
        Columns project_pos, export_pos, date_gap_days, place_rank (index into
        ``PLACE_RULES``), distance_km (NaN where a side has no coordinates).
    """
    tolerance = tolerance_days(export["date_precision"])
    project_days, export_days = _days(project["event_date"]), _days(export["event_date"])
    p, e = _window_pairs(project_days, export_days, tolerance)
    km = haversine_km(project["latitude"].to_numpy(float)[p],
                      project["longitude"].to_numpy(float)[p],
                      export["latitude"].to_numpy(float)[e], export["longitude"].to_numpy(float)[e])
    has_site = project["latitude"].notna().to_numpy()[p]
    same_site = _same(project["site_id"], export["site_id"], p, e) & has_site
    near = _same(project["country"], export["country"], p, e) & (km <= MATCH_DISTANCE_KM)
    same_region = _same(project["region"], export["region"], p, e)
    rank = np.select([same_site, near, same_region], [0, 1, 2], default=-1)
    keep = rank >= 0
    return pd.DataFrame({"project_pos": p[keep], "export_pos": e[keep],
                         "date_gap_days": np.abs(project_days[p] - export_days[e])[keep],
                         "place_rank": rank[keep], "distance_km": km[keep]})


def assign_one_to_one(pairs: pd.DataFrame, project_ids: pd.Series, export_ids: pd.Series,
                      tiers: np.ndarray | None = None) -> pd.DataFrame:
    """Take pairs closest first, each incident and each event at most once.

    Closest: smallest date gap, then best place rule, then shortest distance (unknown
    last), then the smaller project incident id, then the smaller export event id.
    ``tiers`` (one per project incident, 0 by default) goes before all of these: every
    pair of a lower tier is taken or refused before any pair of a higher one.

    Returns:
        The chosen rows of ``pairs``, in the order they were taken.
    """
    project_rank = pd.Series(project_ids).rank(method="dense").to_numpy()
    export_rank = pd.Series(export_ids).rank(method="dense").to_numpy()
    tier = np.zeros(len(project_rank), int) if tiers is None else np.asarray(tiers, int)
    p, e = pairs["project_pos"].to_numpy(), pairs["export_pos"].to_numpy()
    distance = np.nan_to_num(pairs["distance_km"].to_numpy(float), nan=np.inf)
    order = np.lexsort((export_rank[e], project_rank[p], distance,
                        pairs["place_rank"].to_numpy(), pairs["date_gap_days"].to_numpy(),
                        tier[p]))
    taken_p, taken_e = set(), set()
    chosen = []
    for row, left, right in zip(order.tolist(), p[order].tolist(), e[order].tolist(),
                                strict=True):
        if left not in taken_p and right not in taken_e:
            taken_p.add(left)
            taken_e.add(right)
            chosen.append(row)
    return pairs.iloc[chosen].reset_index(drop=True)


def match_events(project: pd.DataFrame, export: pd.DataFrame,
                 minimum: str = "low") -> pd.DataFrame:
    """Match incidents and events one to one by the rule of this module's docstring.

    Incidents rated below ``minimum`` are matched last (rule 4).

    Returns:
        The matched pairs (see ``candidate_pairs``), in the order they were taken.
    """
    pairs = candidate_pairs(project, export)
    return assign_one_to_one(pairs, project["incident_id"], export["incident_id"],
                             tiers=below(project, minimum).to_numpy(int))


def _side(frame: pd.DataFrame, prefix: str, positions: np.ndarray) -> pd.DataFrame:
    """One side's columns at the given positions (-1: no item on that side)."""
    renames = {"incident_id": f"{prefix}_incident_id" if prefix == "project"
               else "export_event_id", "event_date": f"{prefix}_date"}
    part = frame.reset_index(drop=True).reindex(positions)
    part = part.rename(columns=lambda c: renames.get(c, f"{prefix}_{c}"))
    return part.reset_index(drop=True)


def build_comparison(project: pd.DataFrame, export: pd.DataFrame,
                     minimum: str = "low") -> pd.DataFrame:
    """One row per matched pair, unmatched incident or unmatched event (``COMPARISON_COLUMNS``).

    Args:
        project: the project's incidents (columns of ``columns.INCIDENTS``; without
            ``confidence`` none is below ``minimum``).
        export: the export's selected events (``load_export_events``).
        minimum: the run's ``min_confidence``: incidents rated below it are matched last.

    Rows are sorted by date (the project's for pairs), then status, then ids.
    """
    project = project.sort_values("incident_id", kind="stable").reset_index(drop=True)
    export = export.sort_values("incident_id", kind="stable").reset_index(drop=True)
    matched = match_events(project, export, minimum)
    only_p = np.setdiff1d(np.arange(len(project)), matched["project_pos"])
    only_e = np.setdiff1d(np.arange(len(export)), matched["export_pos"])
    p = np.concatenate([matched["project_pos"], only_p, np.full(len(only_e), -1)]).astype(int)
    e = np.concatenate([matched["export_pos"], np.full(len(only_p), -1), only_e]).astype(int)
    status = np.repeat(STATUSES, [len(matched), len(only_p), len(only_e)])
    graded = project.assign(confidence=project.get("confidence", pd.Series("", project.index)))
    left = _side(graded[[*_SIDE_COLUMNS, "confidence", "source_urls"]], "project", p)
    # The export's own event id (ACLED event_id_cnty, UCDP id), not the prefixed incident id.
    events = export.assign(incident_id=export["report_ids"])
    right = _side(events[[*_SIDE_COLUMNS, "date_precision", "location", "outlets"]], "export", e)
    right = right.rename(columns={"export_outlets": "export_source"})
    pairs = pd.DataFrame({
        "date_gap_days": matched["date_gap_days"].astype("Int64"),
        "place_rule": np.asarray(PLACE_RULES)[matched["place_rank"].to_numpy(int)],
        "distance_km": matched["distance_km"].round(1),
    }).reindex(range(len(status)))
    table = pd.concat([left, right, pairs], axis=1).assign(status=status)
    table["place_rule"] = table["place_rule"].fillna("")
    has_event = table["export_event_id"].notna()
    table["tolerance_days"] = pd.Series(pd.NA, index=table.index, dtype="Int64")
    table.loc[has_event, "tolerance_days"] = tolerance_days(
        table.loc[has_event, "export_date_precision"])
    return _sorted(table[COMPARISON_COLUMNS])


def _sorted(table: pd.DataFrame) -> pd.DataFrame:
    when = table["project_date"].fillna(table["export_date"])
    order = pd.DataFrame({"when": when, "status": table["status"].map(STATUSES.index),
                          "p": table["project_incident_id"].fillna(""),
                          "e": table["export_event_id"].fillna("")})
    index = order.sort_values(["when", "status", "p", "e"], kind="stable").index
    return table.loc[index].reset_index(drop=True)


def item_places(comparison: pd.DataFrame, minimum: str = "low") -> pd.DataFrame:
    """The date, region and count column of each row.

    A pair counts under the project incident's date and region, an unmatched item under
    its own; its column is its status, with ``LOW_SUFFIX`` when its project incident is
    rated below ``minimum``.
    """
    low = below_minimum(comparison["project_confidence"], minimum)
    status = comparison["status"].astype("str")
    return pd.DataFrame({
        "date": comparison["project_date"].fillna(comparison["export_date"]),
        "region": comparison["project_region"].fillna(comparison["export_region"]),
        "status": status.where(~low, status + LOW_SUFFIX),
    })


def summarise_comparison(comparison: pd.DataFrame, *, freq: str, start: str, end: str,
                         minimum: str = "low") -> pd.DataFrame:
    """Rows per status by period and target region, zero-filled, with the shares matched.

    A pair counts under the project incident's date and region, an unmatched item under
    its own. Rows whose project incident is rated below ``minimum`` are counted apart
    (``LOW_STATUS_COLUMNS``) and left out of the shares: ``share_matched`` = both / (both +
    only_project + only_export); ``project_share_matched`` = both / the project's incidents;
    ``export_share_matched`` = both / the export's events; empty where there is nothing
    to divide.
    """
    items = item_places(comparison, minimum)
    items["period_start"] = frequency.period_starts(items["date"], freq)
    periods = frequency.period_starts(pd.Series(pd.date_range(start, end, freq="D")), freq)
    grid = pd.MultiIndex.from_product([pd.Index(periods.unique(), name="period_start"),
                                       pd.Index(config.REGIONS, name="region")])
    counts = (pd.crosstab([items["period_start"], items["region"]], items["status"])
              .reindex(index=grid, columns=list(COUNT_COLUMNS), fill_value=0))
    table = counts.reset_index()
    table.columns.name = None
    table["period_start"] = table["period_start"].dt.strftime("%Y-%m-%d")
    both = table["both"]
    for name, denominator in (("share_matched", both + table["only_project"]
                               + table["only_export"]),
                              ("project_share_matched", both + table["only_project"]),
                              ("export_share_matched", both + table["only_export"])):
        table[name] = (both / denominator.where(denominator > 0)).round(4)
    return table


def monthly_counts(comparison: pd.DataFrame, *, start: str, end: str,
                   minimum: str = "low") -> pd.DataFrame:
    """Rows per month and count column (``COUNT_COLUMNS``), every month of the window."""
    items = item_places(comparison, minimum)
    months = pd.to_datetime(items["date"]).dt.to_period("M")
    table = pd.crosstab(months, items["status"]).reindex(
        index=pd.period_range(start, end, freq="M"), columns=list(COUNT_COLUMNS), fill_value=0)
    table.index = table.index.start_time
    table.index.name = "month"
    table.columns.name = None
    return table


def load_export_events(path: Path, sites_path: Path, fmt: str, *, start: str, end: str,
                       actors: str = "") -> pd.DataFrame:
    """The export's selected events (an export run's selection), with their date precision.

    Raises:
        InputError: the export cannot be used (see ``analysis.clean.exports.clean_export``).
    """
    result = clean_export(Path(path), Path(sites_path), fmt, start=start, end=end or None,
                          actors=actors or DEFAULT_ACTOR_PATTERN)
    extra = result.reports[["incident_id", "date_precision", "site"]].rename(
        columns={"site": "location"})
    return result.incidents.merge(extra, on="incident_id", how="left", validate="one_to_one")


def export_format(path: Path, input_format: str = "auto") -> str:
    """The format of the export to compare with: "acled" or "ucdp".

    Raises:
        InputError: the file is in the project's format, or of no known format.
    """
    fmt = resolve_format(Path(path), input_format)
    if fmt not in ("acled", "ucdp"):
        raise InputError(Path(path), "expected an ACLED or a UCDP GED export to compare "
                         f"with (--compare), not the {fmt} format", row=1)
    return fmt


def status_counts(comparison: pd.DataFrame, minimum: str = "low") -> pd.DataFrame:
    """Rows per status, what each means, and how many of them are rated below ``minimum``."""
    items = item_places(comparison, minimum)["status"]
    counts = comparison["status"].value_counts().reindex(list(STATUSES), fill_value=0)
    low = items.value_counts().reindex([s + LOW_SUFFIX for s in STATUSES], fill_value=0)
    return pd.DataFrame({"status": list(STATUSES),
                         "meaning": [STATUS_LABELS[s] for s in STATUSES],
                         "rows": counts.to_numpy(), "rows" + LOW_SUFFIX: low.to_numpy()})


def region_totals(summary: pd.DataFrame) -> pd.DataFrame:
    """The summary summed over the window per region, regions with no row left out."""
    totals = summary.groupby("region", sort=False)[list(STATUSES)].sum()
    totals = totals[totals.sum(axis=1) > 0]
    items = totals.sum(axis=1)
    return totals.assign(share_matched=(totals["both"] / items).map("{:.0%}".format)
                         ).reset_index()


