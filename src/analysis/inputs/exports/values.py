"""Vectorised parsing of export values: dates, coordinates, counts, per-value lookups."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

_ISO_PREFIX = r"^\s*(\d{4}-\d{2}-\d{2})(?:[ T][0-9:.]*)?\s*$"
# Day-first spellings seen in ACLED exports over the years, tried after ISO dates.
DATE_FORMATS = ("%d %B %Y", "%d-%B-%Y", "%d %b %Y", "%d-%b-%Y", "%d/%m/%Y", "%d-%m-%Y")


_TEXT_DTYPE = pd.StringDtype("pyarrow", na_value=np.nan)
# Arrow text -> pandas' str dtype backed by the same Arrow memory (no copy).
PANDAS_TEXT = {pa.string(): _TEXT_DTYPE, pa.large_string(): _TEXT_DTYPE}.get


def take_text(values: list[str], codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Return ``values[codes]`` as a text column, built in Arrow (fast for many rows)."""
    taken = pa.array(values, type=pa.string()).take(pa.array(codes, type=pa.int64()))
    # set_axis, not Series(..., index=index): the latter aligns on labels and leaves NaN.
    return taken.to_pandas(types_mapper=PANDAS_TEXT).set_axis(index)


def sort_order(dates: pd.Series, ids: pd.Series) -> np.ndarray:
    """Positions that sort rows by date, then id (Arrow's multi-threaded sort)."""
    table = pa.table({"date": pa.array(dates.to_numpy("datetime64[us]")),
                      "id": pa.array(ids, type=pa.string())})
    return pc.sort_indices(table, sort_keys=[("date", "ascending"),
                                             ("id", "ascending")]).to_numpy()


def per_value(values: pd.Series, func: Callable[[pd.Series], pd.Series]) -> np.ndarray:
    """Apply ``func`` to the distinct values only and spread the result over every row."""
    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    mapped = func(pd.Series(uniques, dtype=values.dtype)).to_numpy()
    return mapped[codes]


def parse_dates(uniques: pd.Series) -> pd.Series:
    """Parse ISO dates (a time part is ignored) or day-first dates ("28 January 2024").

    Returns:
        datetime64 values, NaT where the text is no date.
    """
    iso = uniques.str.extract(_ISO_PREFIX, expand=False)
    parsed = pd.to_datetime(iso, format="%Y-%m-%d", errors="coerce")
    stripped = uniques.str.strip()
    for fmt in DATE_FORMATS:
        missing = parsed.isna()
        if not missing.any():
            break
        parsed[missing] = pd.to_datetime(stripped[missing], format=fmt, errors="coerce")
    return parsed


def parse_numbers(values: pa.Array) -> np.ndarray:
    """Parse decimal numbers (text without surrounding whitespace); "" -> NaN, no number -> NaN.

    Compare the text with "" to tell the two NaNs apart.
    """
    try:
        numbers = pc.cast(pc.if_else(pc.equal(values, ""), None, values), pa.float64())
        return numbers.to_numpy(zero_copy_only=False)
    except pa.ArrowInvalid:  # some text is no number: parse value by value
        stripped = pd.Series(values, dtype="str")
        return pd.to_numeric(stripped.where(stripped.ne("")), errors="coerce").to_numpy(float)


def is_count(uniques: pd.Series) -> pd.Series:
    """True where the text is a whole number >= 0 or empty."""
    return uniques.str.fullmatch(r"\s*(\d{1,7})?\s*").astype(bool)


class Lookup:
    """A function of distinct text values, applied once per value over every block.

    An export column holds few distinct values (dates, countries, actor names) over
    many rows: each is computed once and remembered; rows find their value with Arrow's
    hash lookup (``index_in``), without a Python step per row.
    """

    def __init__(self, func: Callable[[pd.Series], pd.Series], dtype: str | type) -> None:
        """Wrap ``func`` (text Series -> Series of ``dtype`` of the same length)."""
        self._func = func
        self._values = pa.array([], type=pa.large_string())
        self._results = np.array([], dtype=dtype)

    def __call__(self, text: pa.Array) -> np.ndarray:
        """Return ``func`` of each row's text, as a numpy array."""
        text = text.cast(pa.large_string())
        where = pc.index_in(text, value_set=self._values)
        if where.null_count:
            new = pc.unique(text.filter(where.is_null()))
            computed = self._func(pd.Series(new, dtype="str")).to_numpy()
            self._values = pa.concat_arrays([self._values, new])
            self._results = np.concatenate([self._results, computed.astype(self._results.dtype)])
            where = pc.index_in(text, value_set=self._values)
        return self._results[where.to_numpy()]
