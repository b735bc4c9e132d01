"""pandera schemas: whole-file rules raise, row rules send rows to the rejected table."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from analysis import config
from analysis.errors import InputError
from analysis.inputs import columns
from analysis.inputs.text import WEB_ADDRESS

ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"
_COUNT = r"^(\d{1,6})?$"
_URL = f"^{WEB_ADDRESS.pattern}$"


def _allowed(name: str) -> pa.Check:
    values = columns.RAW_INCIDENTS[name].allowed or ()
    return pa.Check.isin(values, error=f"{name}: expected one of {', '.join(values)}")


def _iso_date(name: str, error: str | None = None) -> pa.Check:
    def parses(series: pd.Series) -> pd.Series:
        shaped = series.str.match(ISO_DATE)
        parsed = pd.to_datetime(series.where(shaped), format="%Y-%m-%d", errors="coerce")
        return parsed.notna()

    return pa.Check(parses, error=error or f"{name}: expected an ISO date YYYY-MM-DD")


def _not_after_today(name: str) -> pa.Check:
    """An event that no run can have seen yet: dated after the day the check runs."""
    def passes(series: pd.Series) -> pd.Series:
        parsed = pd.to_datetime(series.where(series.str.match(ISO_DATE)), format="%Y-%m-%d",
                                errors="coerce")
        return ~(parsed > pd.Timestamp(dt.date.today()))

    return pa.Check(passes, error=f"{name}: after today (an attack cannot postdate the run)")


# Rules a single row can break without making the rest of the file unusable.
RAW_INCIDENT_ROWS = pa.DataFrameSchema(
    {
        "report_id": pa.Column(str, pa.Check.str_length(min_value=1,
                                                        error="report_id: expected a value")),
        "event_date": pa.Column(str, [_iso_date("event_date"), _not_after_today("event_date")]),
        "site": pa.Column(str, pa.Check.str_length(min_value=1, error="site: expected a value")),
        "country": pa.Column(str, pa.Check.str_length(
            min_value=1, error="country: expected a value (as the page names it)")),
        "target_type": pa.Column(str, _allowed("target_type")),
        "reported_by": pa.Column(str, _allowed("reported_by")),
        "attribution": pa.Column(str, _allowed("attribution")),
        "killed": pa.Column(str, pa.Check.str_matches(
            _COUNT, error="killed: expected a whole number or nothing"), required=False),
        "wounded": pa.Column(str, pa.Check.str_matches(
            _COUNT, error="wounded: expected a whole number or nothing"), required=False),
        "confidence": pa.Column(str, pa.Check.isin(
            ("", *config.CONFIDENCE_LEVELS),
            error=f"confidence: expected one of {', '.join(config.CONFIDENCE_LEVELS)} or nothing"),
            required=False),
        "source_url": pa.Column(str, pa.Check.str_matches(
            _URL, error="source_url: expected an http(s) address")),
    },
    strict=False,
)


# The gazetteer: a bad row makes the whole file unusable (every site must resolve).
SITES = pa.DataFrameSchema(
    {
        "site_id": pa.Column(str, pa.Check.str_matches(r"^[a-z0-9][a-z0-9-]*$"), unique=True),
        "name": pa.Column(str, pa.Check.str_length(min_value=1)),
        "aliases": pa.Column(str),
        "country": pa.Column(str, pa.Check.str_length(min_value=1)),
        "region": pa.Column(str, pa.Check.isin(config.REGIONS)),
        "target_type": pa.Column(str, pa.Check.isin(config.TARGET_TYPES)),
        "latitude": pa.Column(float, pa.Check.in_range(-90, 90), nullable=True),
        "longitude": pa.Column(float, pa.Check.in_range(-180, 180), nullable=True),
    },
    strict=False,
)


def _allowed_in(table: dict, name: str) -> pa.Check:
    values = table[name].allowed or ()
    return pa.Check.isin(values, error=f"one of {', '.join(values)}")


# Published totals: every row is drawn on a chart, so a bad row makes the file unusable.
REPORTED_TOTALS = pa.DataFrameSchema(
    {
        "period_start": pa.Column(str, _iso_date("period_start", "an ISO date YYYY-MM-DD")),
        "period_end": pa.Column(str, pa.Check.str_matches(
            r"^\d{4}-\d{2}(-\d{2})?$", error="an ISO date YYYY-MM-DD or a month YYYY-MM")),
        "target_type": pa.Column(str, _allowed_in(columns.REPORTED_TOTALS, "target_type")),
        "count": pa.Column(str, pa.Check.str_matches(r"^\d{1,9}$",
                                                     error="a whole number")),
        "reported_by": pa.Column(str, _allowed_in(columns.REPORTED_TOTALS, "reported_by")),
        "source_url": pa.Column(str, pa.Check.str_matches(_URL, error="an http(s) address")),
    },
    strict=False,
)


def row_failures(schema: pa.DataFrameSchema, frame: pd.DataFrame) -> pd.Series:
    """Validate lazily and return, per failing row label, every reason joined by '; '.

    Rows that pass do not appear in the result.
    """
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases.dropna(subset=["index"])
        cases = cases.assign(reason=cases["check"].astype(str))
        return (cases.drop_duplicates(["index", "reason"])
                .groupby("index", sort=True)["reason"].agg("; ".join))
    return pd.Series(dtype="str")


def raise_file_errors(schema: pa.DataFrameSchema, frame: pd.DataFrame, path: Path) -> None:
    """Validate a whole file; raise InputError naming the first failing row and column."""
    try:
        schema.validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        first = cases.iloc[0]
        row = None
        if pd.notna(first["index"]) and "source_row" in frame:
            row = int(frame.loc[int(first["index"]), "source_row"])
        raise InputError(path, f"expected {first['check']}, got {first['failure_case']!r} "
                         f"({len(cases)} problem(s) in all)",
                         row=row, column=str(first["column"])) from None
