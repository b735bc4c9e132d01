"""Clean an ACLED or UCDP GED export into the project's reports, incidents and rejected rows.

Every raw row ends in one place: kept (one event = one incident) or rejected with
its reasons, so raw rows = kept + rejected (no merging: merged reports are 0).

The export is read and checked block by block (``read.BlockReader``): of each block,
the rows that pass every check are kept whole, and of the others only what the
rejected table shows. A million-row export outside the selection never sits in memory.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis.clean.result import CleanResult
from analysis.errors import InputError
from analysis.inputs import gazetteer
from analysis.inputs.csv_shape import FIRST_DATA_LINE, record_lines
from analysis.inputs.exports import build, regions
from analysis.inputs.exports.detect import export_spec
from analysis.inputs.exports.groups import group_names
from analysis.inputs.exports.read import Block, BlockReader, read_export_header
from analysis.inputs.exports.selection import (
    DEFAULT_ACTOR_PATTERN,
    Checked,
    RowChecks,
    Selection,
    make_selection,
    reason_texts,
)
from analysis.inputs.exports.spec import (
    STANDARD_FIELDS,
    TEXT,
    ExportSpec,
    source_column,
    standard_fields,
)
from analysis.inputs.exports.values import PANDAS_TEXT, per_value, sort_order

DEFAULT_COUNTRIES = ("Iraq", "Syria", "Jordan", "Israel")
# An export's events are selected by actor (``actors``): each is one the export's coders tied
# to a group of the selection, so it counts as attributed (codebook: "Attribution").
EXPORT_ATTRIBUTION = "attributed"

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
    header = read_export_header(Path(path), spec.required)
    _require_event_type(Path(path), header, spec, selection.event_types)
    shown = {field: column for field in CHECKED_FIELDS
             if (column := source_column(header, spec, field))}
    checks = RowChecks(spec, selection)
    with BlockReader(Path(path), header, wanted) as blocks:
        # The reading thread parses blocks ahead (Arrow, no GIL) while the gazetteer is
        # validated here (pure Python); then the blocks are checked as they come.
        sites = gazetteer.load_sites(sites_path)
        passing, failing = _split(blocks, spec, checks, shown)
    passing, failing = _on_lines(Path(path), passing, failing)
    candidates = _to_pandas(passing)
    repeated = candidates["trimmed_id"].duplicated().to_numpy(bool)
    rejected = _with_repeated_ids(failing, passing.filter(repeated), checks, shown)
    codes = rejected["code"].to_numpy()
    kept, unmapped = _kept_rows(candidates[~repeated].reset_index(drop=True), spec, selection,
                                sites, max_site_km)
    summary = build.summary_table(len(kept) + len(codes), len(kept),
                                  _first_columns(codes, checks.reasons),
                                  kept["region_source"].value_counts().reindex(
                                      regions.SOURCES, fill_value=0))
    order = sort_order(kept["parsed_date"], kept["incident_id"])
    return CleanResult(build.report_table(kept), build.incident_table(kept, order),
                       build.rejected_table(_to_pandas(rejected), shown.values(),
                                            reason_texts(codes, checks.reasons)),
                       summary, tuple(sorted(unmapped)))


def _split(blocks: Iterable[Block], spec: ExportSpec, checks: RowChecks,
           shown: dict[str, str]) -> tuple[pa.Table, pa.Table]:
    """Check every block; return the passing rows whole, and the failing rows' shown columns."""
    parts = [_split_block(block, spec, checks, shown) for block in blocks]
    return (pa.Table.from_batches([passing for passing, _ in parts]),
            pa.Table.from_batches([failing for _, failing in parts]))


def _on_lines(path: Path, *tables: pa.Table) -> list[pa.Table]:
    """The tables with ``source_row`` turned from record numbers into the records' lines.

    Every record of the file is in exactly one of the tables.
    """
    lines = record_lines(path, sum(table.num_rows for table in tables))
    return [table.set_column(table.schema.get_field_index("source_row"), "source_row",
                             pa.array(lines[table["source_row"].to_numpy() - FIRST_DATA_LINE]))
            for table in tables]


def _split_block(block: Block, spec: ExportSpec, checks: RowChecks,
                 shown: dict[str, str]) -> tuple[pa.RecordBatch, pa.RecordBatch]:
    """Check one block: its passing rows whole, and its failing rows' shown columns.

    Passing rows carry the standard fields, ``trimmed_id``, ``source_row`` and the parsed values;
    failing rows carry ``source_row``, the trimmed ``report_id``, their failure
    ``code`` and the shown raw columns.
    """
    rows = standard_fields(block.columns, spec)
    checked = checks.check(rows)
    ok = checked.codes == 0
    source_rows = block.source_rows()
    failing = pa.record_batch({
        "source_row": source_rows, "report_id": checked.report_id,
        "code": checked.codes, **{column: rows[field] for field, column in shown.items()},
    }).filter(pa.array(~ok))
    return _passing(rows, checked, source_rows, np.flatnonzero(ok)), failing


def _passing(rows: dict[str, pa.Array], checked: Checked, source_rows: np.ndarray,
             positions: np.ndarray) -> pa.RecordBatch:
    take = pa.array(positions, type=pa.int64())
    return pa.record_batch({
        **{field: rows[field].take(take) for field in STANDARD_FIELDS},
        "trimmed_id": checked.report_id.take(take),
        "source_row": source_rows[positions],
        "parsed_date": pa.array(checked.event_date[positions], type=pa.timestamp("us")),
        "parsed_latitude": checked.latitude[positions],
        "parsed_longitude": checked.longitude[positions],
        "selected_country": pa.array(checked.country[positions], type=TEXT),
    })


def _with_repeated_ids(failing: pa.Table, repeated: pa.Table, checks: RowChecks,
                       shown: dict[str, str]) -> pa.Table:
    """Add the passing rows whose id an earlier passing row has, in file order."""
    if not repeated.num_rows:
        return failing
    moved = pa.table({
        "source_row": repeated["source_row"],
        "report_id": repeated["trimmed_id"],
        "code": pa.repeat(pa.scalar(1 << checks.repeated_id_bit, pa.int64()), repeated.num_rows),
        **{column: repeated[field] for field, column in shown.items()},
    })
    table = pa.concat_tables([failing, moved.cast(failing.schema)])
    return table.take(pc.sort_indices(table, sort_keys=[("source_row", "ascending")]))


def _to_pandas(table: pa.Table) -> pd.DataFrame:
    """Arrow -> pandas; text stays in Arrow memory (no copy)."""
    return table.to_pandas(types_mapper=PANDAS_TEXT)


def check_export_header(path: Path, fmt: str) -> None:
    """Refuse an export whose header ``clean_export`` would refuse with its default selection.

    A run calls this before any notebook starts; the rows are read by the notebook.

    Raises:
        InputError: missing or empty file, not comma-separated, a column named twice, a
            required column missing, no event type column to select on.
        ParameterError: not "acled" or "ucdp".
    """
    spec = export_spec(fmt)
    header = read_export_header(Path(path), spec.required)
    _require_event_type(Path(path), header, spec, spec.default_event_types)


def _require_event_type(path: Path, header: list[str], spec: ExportSpec,
                        event_types: tuple[str, ...] | None) -> None:
    if event_types and source_column(header, spec, "event_type") is None:
        column = spec.column("event_type")
        raise InputError(path, f"missing column {column}, needed to select event types "
                         f"({', '.join(event_types)}); pass event_types=() to keep "
                         "every type", row=1, column=column)


def _kept_rows(kept: pd.DataFrame, spec: ExportSpec, selection: Selection,
               sites: pd.DataFrame, max_site_km: float) -> tuple[pd.DataFrame, set[str]]:
    """Build every report and incident column for the rows that passed all checks.

    Args:
        kept: the passing rows of ``_split`` without repeated ids, as pandas.
        spec: the export's format.
        selection: what the run selects (its actor pattern names the groups).
        sites: the gazetteer.
        max_site_km: how far the nearest site may be.
    """
    country = kept["selected_country"]
    latitude, longitude = kept["parsed_latitude"], kept["parsed_longitude"]
    placed = regions.assign_regions(
        pd.DataFrame({"country": country, "admin1": kept["admin1"], "latitude": latitude,
                      "longitude": longitude}),
        sites, regions.load_admin1_regions(), max_site_km)
    actors, groups, unmapped = group_names(kept["actor_a"], kept["actor_b"], selection.actors)
    report_id = kept["trimmed_id"]
    killed = pd.to_numeric(kept["killed"].str.strip().replace("", None), errors="coerce")
    table = pd.DataFrame({
        "report_id": report_id, "incident_id": f"{spec.label}-" + report_id,
        "source_row": kept["source_row"], "parsed_date": kept["parsed_date"],
        "event_date": kept["parsed_date"].dt.strftime("%Y-%m-%d"),
        "site": kept["location"], "country": country, "admin1": kept["admin1"].str.strip(),
        "latitude": latitude, "longitude": longitude,
        "target_type": build.target_types(country), "weapon": kept["weapon"],
        "weapon_category": spec.weapon(kept), "claimed_by": actors,
        "groups": groups, "reported_by": "media", "attribution": EXPORT_ATTRIBUTION,
        "outlet": kept["outlet"], "language": "",
        "killed": kept["killed"].str.strip(), "killed_count": killed, "wounded": "",
        "confidence": "", "source_url": "", "summary": kept["summary"],
        "date_precision": _precision(kept["precision"], spec),
    }, index=kept.index)
    return pd.concat([table, placed], axis=1), unmapped


def _precision(codes: pd.Series, spec: ExportSpec) -> pd.Series:
    labels = per_value(codes, lambda u: u.str.strip().map(spec.precision_labels).fillna(""))
    return pd.Series(labels, index=codes.index, dtype="str")


def _first_columns(codes: np.ndarray, reasons: tuple[str, ...]) -> pd.Series:
    """Rejected rows per column of their first failed check (as ``clean.summarise`` counts)."""
    first_bit = np.log2(codes & -codes).astype(np.int64)
    per_bit = np.bincount(first_bit, minlength=len(reasons))
    columns = [text.split(":")[0] for text in reasons]
    counts = pd.Series(per_bit, index=columns).groupby(level=0, sort=False).sum()
    return counts[counts > 0].sort_values(ascending=False, kind="stable")
