"""Row checks and selection: every raw row is kept or rejected with its reasons.

Each check is a boolean mask over all rows. A row's failed checks are packed into one
integer (bit i = check i failed), so the reason texts are built once per distinct
combination instead of once per row.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from analysis.adapters.spec import ExportSpec
from analysis.adapters.values import is_count, parse_dates, parse_numbers, per_value, take_rows
from analysis.errors import ParameterError
from analysis.text import name_key

# The militias this project studies, as ACLED and UCDP spell them (matched anywhere in
# an actor name, case-insensitively): "Islamic Resistance in Iraq", "Kataib Hezbollah",
# "Kata'ib Hizballah", "PMF: Kataib Hezbollah", "Harakat Hezbollah al Nujaba",
# "Kataib Sayyid al Shuhada", "Saraya Awliya al-Dam"...
DEFAULT_ACTOR_PATTERN = (
    r"(?i)islamic\W+resistance\W+(?:in|of)\W+iraq"
    r"|\bkata['’]?[ie]?b\W+h[ie]zb[aeiou]ll?ah"
    r"|\bhezbollah\W+brigades"
    r"|\bnujaba"
    r"|\bkata['’]?[ie]?b\W+sayy?[ie]d\W+al\W*shuhada"
    r"|\bsaraya\W+awliy?a['’]?\W+al\W*dam"
)


@dataclass(frozen=True)
class Selection:
    """What a run selects: actors, event types (empty: every type), countries, date window."""

    actors: re.Pattern[str]
    event_types: tuple[str, ...]
    countries: tuple[str, ...]
    start: pd.Timestamp
    end: pd.Timestamp | None
    window: str


def make_selection(actors: str, event_types: tuple[str, ...],
                   countries: tuple[str, ...], start: str, end: str | None) -> Selection:
    """Check the selection parameters and compile them.

    Raises:
        ParameterError: a bad regular expression or date, or no countries.
    """
    try:
        pattern = re.compile(actors, re.IGNORECASE)
    except re.error as exc:
        raise ParameterError("actors", actors, f"a regular expression ({exc})") from None
    if not countries:
        raise ParameterError("countries", countries, "at least one country")
    try:
        low, high = pd.Timestamp(start), pd.Timestamp(end) if end else None
    except ValueError:
        raise ParameterError("start/end", (start, end), "ISO dates YYYY-MM-DD") from None
    return Selection(pattern, event_types, tuple(countries), low, high,
                     f"{start}..{end or 'latest'}")


@dataclass(frozen=True)
class Checked:
    """The parsed values and per-row failure codes of a standardised export."""

    event_date: pd.Series
    latitude: pd.Series
    longitude: pd.Series
    country: pd.Series
    codes: np.ndarray
    reasons: tuple[str, ...]


def check_rows(rows: pd.DataFrame, spec: ExportSpec, selection: Selection) -> Checked:
    """Parse dates and coordinates, and record every check each row fails.

    Repeated ids are looked for among the rows that pass every other check (the ones that
    would become incidents): hashing a million ids of rows outside the selection would
    cost a fifth of the run and change no output.

    Args:
        rows: standardised export (see ``spec.standardise``).
        spec: its format.
        selection: what the run selects.
    """
    # Dates and coordinates are parsed by Arrow kernels, which release the GIL: on a
    # second thread they overlap with the selection checks done here.
    with ThreadPoolExecutor(max_workers=1) as pool:
        parsed = pool.submit(_parse_values, rows)
        country = per_value(rows["country"],
                            lambda u: _canonical_country(u, selection.countries))
        country = pd.Series(country, index=rows.index, dtype="str")
        chosen = _selection_checks(rows, spec, selection, country)
        dates, lat, lon = parsed.result()
    checks = [*_format_checks(rows, spec, dates, lat, lon), *chosen,
              _window_check(spec, selection, dates)]
    codes = np.zeros(len(rows), dtype=np.int64)
    for bit, (_, failed) in enumerate(checks):
        codes |= np.asarray(failed, dtype=np.int64) << bit
    passing = np.flatnonzero(codes == 0)
    ids = take_rows(rows[["report_id"]], passing)["report_id"].str.strip()
    codes[passing[ids.duplicated().to_numpy(bool)]] |= 1 << len(checks)
    texts = (*(text for text, _ in checks),
             f"{spec.column('report_id')}: repeats the id of an earlier selected row")
    return Checked(dates, lat, lon, country, codes, texts)


def _format_checks(rows: pd.DataFrame, spec: ExportSpec, dates: pd.Series, lat: pd.Series,
                   lon: pd.Series) -> list[tuple[str, np.ndarray]]:
    ids = rows["report_id"].str.strip()
    has_lat, has_lon = rows["latitude"].str.strip().ne(""), rows["longitude"].str.strip().ne("")
    id_col, date_col, killed_col = (spec.column(f) for f in ("report_id", "event_date", "killed"))
    return [
        (f"{id_col}: expected a value", ids.eq("").to_numpy(bool)),
        (f"{date_col}: expected a date such as 2024-01-28 or 28 January 2024",
         dates.isna().to_numpy(bool)),
        ("latitude: expected a number from -90 to 90",
         (has_lat & ~lat.between(-90, 90)).to_numpy(bool)),
        ("longitude: expected a number from -180 to 180",
         (has_lon & ~lon.between(-180, 180)).to_numpy(bool)),
        ("latitude: expected a value when longitude is given", (has_lon & ~has_lat).to_numpy()),
        ("longitude: expected a value when latitude is given", (has_lat & ~has_lon).to_numpy()),
        (f"{killed_col}: expected a whole number or nothing",
         ~is_count(rows["killed"]).astype(bool)),
    ]


def _parse_values(rows: pd.DataFrame) -> tuple[pd.Series, pd.Series, pd.Series]:
    return (parse_dates(rows["event_date"]), parse_numbers(rows["latitude"]),
            parse_numbers(rows["longitude"]))


def _window_check(spec: ExportSpec, selection: Selection,
                  dates: pd.Series) -> tuple[str, np.ndarray]:
    high = selection.end if selection.end is not None else pd.Timestamp.max
    outside = dates.notna() & ((dates < selection.start) | (dates > high))
    return (f"{spec.column('event_date')}: outside the analysis window {selection.window}",
            outside.to_numpy(bool))


def _selection_checks(rows: pd.DataFrame, spec: ExportSpec, selection: Selection,
                      country: pd.Series) -> list[tuple[str, np.ndarray]]:
    actor = (per_value(rows["actor_a"], lambda u: _matches(u, selection.actors))
             | per_value(rows["actor_b"], lambda u: _matches(u, selection.actors)))
    checks = [
        (f"country: not selected ({', '.join(selection.countries)})", country.eq("").to_numpy()),
        ("actor: not a selected actor", ~actor.astype(bool)),
    ]
    if selection.event_types:
        wanted = {t.strip().casefold() for t in selection.event_types}
        chosen = per_value(rows["event_type"], lambda u: u.str.strip().str.casefold().isin(wanted))
        checks.insert(1, (f"{spec.column('event_type')}: not a selected event type",
                          ~chosen.astype(bool)))
    return checks


def _matches(uniques: pd.Series, pattern: re.Pattern[str]) -> pd.Series:
    return pd.Series([bool(pattern.search(v)) for v in uniques], dtype=bool)


def _canonical_country(uniques: pd.Series, countries: tuple[str, ...]) -> pd.Series:
    """Map each spelling to the selected country it names, or "" when it names none."""
    index = {name_key(c): c for c in countries}
    return pd.Series([index.get(name_key(v), "") for v in uniques], dtype="str")


def reason_texts(checked: Checked) -> pd.Series:
    """Return, for each failing row, every failed check's reason joined by '; '.

    Categorical: a million rejected rows share a handful of distinct reasons.
    """
    failing = checked.codes != 0
    positions, distinct = pd.factorize(checked.codes[failing])
    texts = ["; ".join(t for bit, t in enumerate(checked.reasons) if int(code) >> bit & 1)
             for code in distinct]
    reasons = pd.Categorical.from_codes(positions, categories=pd.Index(texts, dtype="str"))
    return pd.Series(reasons, index=checked.event_date.index[failing])
