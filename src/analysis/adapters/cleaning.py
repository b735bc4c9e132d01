"""Clean an ACLED or UCDP GED export into the project's reports, incidents and rejected rows.

Every raw row ends in one place: kept (one event = one incident) or rejected with
its reasons, so raw rows = kept + rejected (no merging: merged reports are 0).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import gazetteer
from analysis.adapters import build, regions
from analysis.adapters.detect import export_spec
from analysis.adapters.groups import group_names
from analysis.adapters.read import read_export
from analysis.adapters.selection import (
    DEFAULT_ACTOR_PATTERN,
    Checked,
    Selection,
    check_rows,
    make_selection,
    reason_texts,
)
from analysis.adapters.spec import ExportSpec, source_column, standardise
from analysis.adapters.values import per_value, sort_order, take_rows
from analysis.errors import InputError
from analysis.result import CleanResult

DEFAULT_COUNTRIES = ("Iraq", "Syria", "Jordan", "Israel")

# Standard fields the row checks read; their columns are carried into the rejected table.
# Standard fields whose raw columns the rejected table carries beside the row number, the
# id and the reasons: enough to see what a row is; the whole row stays in the raw file.
CHECKED_FIELDS = ("report_id", "event_date", "country")


def clean_export(
    path: Path,
    sites_path: Path,
    fmt: str,
    *,
    start: str,
    end: str | None,
    actors: str = DEFAULT_ACTOR_PATTERN,
    event_types: tuple[str, ...] | None = None,
    countries: tuple[str, ...] = DEFAULT_COUNTRIES,
    max_site_km: float = 25.0,
) -> CleanResult:
    """Clean an ACLED or UCDP GED export (see data/raw/mappings/adapters.md).

    Args:
        path: the export (CSV).
        sites_path: the gazetteer (sites.csv).
        fmt: "acled" or "ucdp".
        start: first day of the window (ISO).
        end: last day of the window (ISO); None keeps every later date.
        actors: regular expression (case-insensitive) an actor must match; ACLED
            actor1 / assoc_actor_1, UCDP side_a / side_b.
        event_types: event types to keep (ACLED event_type, UCDP type_of_violence);
            None -> the format's default; () -> every type.
        countries: countries to keep, as the export spells them.
        max_site_km: how far the nearest gazetteer site may be for a row to take it.

    Returns:
        Reports, incidents (columns of ``columns.INCIDENTS``), rejected rows, summary
        and the actor names missing from groups.json.

    Raises:
        InputError: the export or the gazetteer cannot be used as a whole.
        ParameterError: an unknown format or a bad selection parameter.
    """
    spec = export_spec(fmt)
    types = spec.default_event_types if event_types is None else event_types
    selection = make_selection(actors, tuple(types or ()), countries, start, end)
    wanted = tuple(dict.fromkeys(c for names in spec.fields.values() for c in names))
    # The gazetteer is read and validated (pure Python) while Arrow parses the export
    # (native threads): the two overlap on a 2-core machine.
    with ThreadPoolExecutor(max_workers=1) as pool:
        sites_loading = pool.submit(gazetteer.load_sites, sites_path)
        raw = read_export(Path(path), spec.required, (*spec.required, *wanted))
        sites = sites_loading.result()
    _require_event_type(Path(path), raw.columns, spec, selection)
    rows = standardise(raw, spec)
    checked = check_rows(rows, spec, selection)
    shown = [c for c in dict.fromkeys(source_column(raw.columns, spec, field)
                                      for field in CHECKED_FIELDS) if c]
    # The rejected table is mostly Arrow filtering (no GIL): built beside the kept rows.
    with ThreadPoolExecutor(max_workers=1) as pool:
        rejecting = pool.submit(build.rejected_table, raw, shown,
                                rows["report_id"].str.strip(), reason_texts(checked),
                                checked.codes != 0)
        kept, unmapped = _kept_rows(rows, raw, spec, checked, selection, sites, max_site_km)
        rejected = rejecting.result()
    summary = build.summary_table(len(raw), len(kept), _first_columns(checked),
                                  kept["region_source"].value_counts().reindex(
                                      regions.SOURCES, fill_value=0))
    order = sort_order(checked.event_date[checked.codes == 0], kept["incident_id"])
    return CleanResult(build.report_table(kept), build.incident_table(kept, order), rejected,
                       summary, tuple(sorted(unmapped)))


def _require_event_type(path: Path, header: pd.Index, spec: ExportSpec,
                        selection: Selection) -> None:
    if selection.event_types and source_column(header, spec, "event_type") is None:
        column = spec.column("event_type")
        raise InputError(path, f"missing column {column}, needed to select event types "
                         f"({', '.join(selection.event_types)}); pass event_types=() to keep "
                         "every type", row=1, column=column)


def _kept_rows(rows: pd.DataFrame, raw: pd.DataFrame, spec: ExportSpec, checked: Checked,
               selection: Selection, sites: pd.DataFrame,
               max_site_km: float) -> tuple[pd.DataFrame, set[str]]:
    """Build every report and incident column for the rows that passed all checks."""
    keep = np.flatnonzero(checked.codes == 0)
    kept = take_rows(rows, keep)
    country = checked.country.iloc[keep]
    placed = regions.assign_regions(
        pd.DataFrame({"country": country, "admin1": kept["admin1"],
                      "latitude": checked.latitude.iloc[keep],
                      "longitude": checked.longitude.iloc[keep]}),
        sites, regions.load_admin1_regions(), max_site_km)
    actors, groups, unmapped = group_names(kept["actor_a"], kept["actor_b"], selection.actors)
    report_id = kept["report_id"].str.strip()
    killed = pd.to_numeric(kept["killed"].str.strip().replace("", None), errors="coerce")
    table = pd.DataFrame({
        "report_id": report_id, "incident_id": f"{spec.label}-" + report_id,
        "source_row": raw["source_row"].iloc[keep],
        "event_date": checked.event_date.iloc[keep].dt.strftime("%Y-%m-%d"),
        "site": kept["location"], "country": country, "admin1": kept["admin1"].str.strip(),
        "latitude": checked.latitude.iloc[keep], "longitude": checked.longitude.iloc[keep],
        "target_type": build.target_types(country), "weapon": kept["weapon"],
        "weapon_category": spec.weapon(kept), "claimed_by": actors,
        "groups": groups, "reported_by": "media", "outlet": kept["outlet"], "language": "",
        "killed": kept["killed"].str.strip(), "killed_count": killed, "wounded": "",
        "confidence": "", "source_url": "", "summary": kept["summary"],
        "date_precision": _precision(kept["precision"], spec),
    }, index=kept.index)
    return pd.concat([table, placed], axis=1), unmapped


def _precision(codes: pd.Series, spec: ExportSpec) -> pd.Series:
    labels = per_value(codes, lambda u: u.str.strip().map(spec.precision_labels).fillna(""))
    return pd.Series(labels, index=codes.index, dtype="str")


def _first_columns(checked: Checked) -> pd.Series:
    """Rejected rows per column of their first failed check (as ``clean.summarise`` counts)."""
    failing = checked.codes[checked.codes != 0]
    first_bit = np.log2(failing & -failing).astype(np.int64)
    per_bit = np.bincount(first_bit, minlength=len(checked.reasons))
    columns = [text.split(":")[0] for text in checked.reasons]
    counts = pd.Series(per_bit, index=columns).groupby(level=0, sort=False).sum()
    return counts[counts > 0].sort_values(ascending=False, kind="stable")
