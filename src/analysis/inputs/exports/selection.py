"""Row checks and selection: every raw row is kept or rejected with its reasons.

Each check is a boolean mask over the rows of a block. A row's failed checks are packed
into one integer (bit i = check i failed), so the reason texts are built once per
distinct combination instead of once per row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import config
from analysis.errors import ParameterError
from analysis.inputs.exports.spec import ExportSpec
from analysis.inputs.exports.values import Lookup, is_count, parse_dates, parse_numbers
from analysis.inputs.text import name_key

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
    """One block's parsed values and per-row failure codes (bit i set: check i failed).

    ``report_id`` is the id without surrounding whitespace.
    """

    report_id: pa.Array
    event_date: np.ndarray
    latitude: np.ndarray
    longitude: np.ndarray
    country: np.ndarray
    codes: np.ndarray


class RowChecks:
    """The checks every export row gets, block by block, in a fixed order.

    Values that repeat over the rows (dates, countries, actors, event types, counts)
    are parsed or matched once each, across all blocks. Repeated ids are looked for
    afterwards, among the rows that pass every check here (the ones that would become
    incidents): hashing a million ids of rows outside the selection would change no
    output.
    """

    def __init__(self, spec: ExportSpec, selection: Selection) -> None:
        """Prepare the checks of one run."""
        self.spec, self.selection = spec, selection
        self._dates = Lookup(parse_dates, "datetime64[us]")
        self._counts = Lookup(is_count, bool)
        self._countries = Lookup(lambda u: _canonical_country(u, selection.countries), object)
        self._actors = Lookup(lambda u: _matches(u, selection.actors), bool)
        wanted = {t.strip().casefold() for t in selection.event_types}
        self._types = Lookup(lambda u: u.str.strip().str.casefold().isin(wanted), bool)
        self._bounds = config.date_bounds()
        id_col, date_col, killed_col = (spec.column(f)
                                        for f in ("report_id", "event_date", "killed"))
        texts = [
            f"{id_col}: expected a value",
            f"{date_col}: expected a date such as 2024-01-28 or 28 January 2024",
            "latitude: expected a number from -90 to 90",
            "longitude: expected a number from -180 to 180",
            "latitude: expected a value when longitude is given",
            "longitude: expected a value when latitude is given",
            f"{killed_col}: expected a whole number or nothing",
            f"country: not selected ({', '.join(selection.countries)})",
            *([f"{spec.column('event_type')}: not a selected event type"]
              if selection.event_types else []),
            "actor: not a selected actor",
            f"{date_col}: before {self._bounds[0]}, the earliest date accepted",
            f"{date_col}: after {self._bounds[1]} (the end of the current year)",
            f"{date_col}: outside the analysis window {selection.window}",
            f"{spec.column('report_id')}: repeats the id of an earlier selected row",
        ]
        self.reasons = tuple(texts)
        self.repeated_id_bit = len(texts) - 1

    def check(self, rows: dict[str, pa.Array]) -> Checked:
        """Parse one block's dates and coordinates and record the checks each row fails.

        Args:
            rows: standard field -> text of each row (see ``spec.standard_fields``).
        """
        trimmed = {f: pc.utf8_trim_whitespace(rows[f])
                   for f in ("report_id", "latitude", "longitude")}
        has_text = {f: pc.not_equal(text, "").to_numpy(zero_copy_only=False)
                    for f, text in trimmed.items()}
        dates = self._dates(rows["event_date"])
        lat, lon = parse_numbers(trimmed["latitude"]), parse_numbers(trimmed["longitude"])
        has_lat, has_lon = has_text["latitude"], has_text["longitude"]
        country = self._countries(rows["country"])
        failed = [  # in the order of self.reasons
            ~has_text["report_id"],
            np.isnat(dates),
            has_lat & ~((lat >= -90) & (lat <= 90)),
            has_lon & ~((lon >= -180) & (lon <= 180)),
            has_lon & ~has_lat,
            has_lat & ~has_lon,
            ~self._counts(rows["killed"]),
            country == "",
            *self._selection_checks(rows),
            *self._outside_bounds(dates),
            self._outside_window(dates),
        ]
        codes = np.zeros(len(dates), dtype=np.int64)
        for bit, mask in enumerate(failed):
            codes |= mask.astype(np.int64) << bit
        return Checked(trimmed["report_id"], dates, lat, lon, country, codes)

    def _selection_checks(self, rows: dict[str, pa.Array]) -> list[np.ndarray]:
        actor = self._actors(rows["actor_a"]) | self._actors(rows["actor_b"])
        if not self.selection.event_types:
            return [~actor]
        return [~self._types(rows["event_type"]), ~actor]

    def _outside_bounds(self, dates: np.ndarray) -> list[np.ndarray]:
        """Dates before the earliest accepted day, and dates after the latest."""
        earliest, latest = (np.datetime64(day, "us") for day in self._bounds)
        return [dates < earliest, dates >= latest + np.timedelta64(1, "D")]

    def _outside_window(self, dates: np.ndarray) -> np.ndarray:
        low = np.datetime64(self.selection.start.to_datetime64(), "us")
        outside = dates < low
        if self.selection.end is not None:
            outside |= dates > np.datetime64(self.selection.end.to_datetime64(), "us")
        return outside


def _matches(uniques: pd.Series, pattern: re.Pattern[str]) -> pd.Series:
    return pd.Series([bool(pattern.search(v)) for v in uniques], dtype=bool)


def _canonical_country(uniques: pd.Series, countries: tuple[str, ...]) -> pd.Series:
    """Map each spelling to the selected country it names, or "" when it names none."""
    index = {name_key(c): c for c in countries}
    return pd.Series([index.get(name_key(v), "") for v in uniques], dtype="str")


def reason_texts(codes: np.ndarray, reasons: tuple[str, ...]) -> pd.Categorical:
    """Return, for each failure code, every failed check's reason joined by '; '.

    Categorical: a million rejected rows share a handful of distinct reasons.
    """
    positions, distinct = pd.factorize(codes)
    texts = ["; ".join(t for bit, t in enumerate(reasons) if int(code) >> bit & 1)
             for code in distinct]
    return pd.Categorical.from_codes(positions, categories=pd.Index(texts, dtype="str"))
