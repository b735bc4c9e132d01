"""Read raw CSV files as text, failing early and clearly on files that cannot be used.

Every cell is read as a string: types are decided by validation, so a bad value
becomes a rejected row with a reason instead of a silent NaN. Control characters other
than tab and newline (``text.CONTROL_CHARACTERS``) are removed from every cell as it is read.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from analysis.errors import InputError
from analysis.inputs import columns, schemas
from analysis.inputs.csv_shape import (
    FIRST_DATA_LINE,
    MAX_FIELD_CHARS,
    check_row_widths,
    oversized_field,
    record_lines,
)
from analysis.inputs.text import CONTROL_CHARACTERS, strip_control_characters

_HEADER_BYTES = 1 << 16
_OTHER_DELIMITERS = (";", "\t", "|")


def read_header(path: Path) -> list[str]:
    """Return the column names of a CSV file.

    Args:
        path: the file.

    Raises:
        InputError: the file is missing, empty, not UTF-8 in its header, not
            comma-separated, or names a column twice.
    """
    path = Path(path)
    if not path.is_file():
        raise InputError(path, "file not found")
    with path.open("rb") as handle:
        head = handle.read(_HEADER_BYTES)
    if not head.strip():
        raise InputError(path, "the file is empty; expected a CSV header line")
    first_line = head.splitlines()[0]
    try:
        text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(path, f"expected UTF-8 text, found byte {first_line[exc.start]:#04x}",
                         row=1) from None
    columns = [_column_name(name) for name in next(csv.reader([text]))]
    if len(columns) == 1 and any(d in text for d in _OTHER_DELIMITERS):
        raise InputError(path, "expected comma-separated columns; the header uses another "
                         "delimiter (';', tab or '|')", row=1)
    refuse_repeated_columns(path, columns)
    return columns


def refuse_repeated_columns(path: Path, columns: Sequence[str]) -> None:
    """Raise InputError naming the first column the header names twice (one would win silently)."""
    seen: dict[str, int] = {}
    for position, name in enumerate(columns, start=1):
        if name and name in seen:
            raise InputError(path, f"the header names this column twice (columns {seen[name]} "
                             f"and {position}); expected each column once", row=1, column=name)
        seen.setdefault(name, position)


def _column_name(name: object) -> str:
    """A header cell without surrounding spaces and control characters."""
    return re.sub(CONTROL_CHARACTERS, "", str(name)).strip()


def require_columns(path: Path, columns: Sequence[str], required: Sequence[str]) -> None:
    """Raise InputError naming every required column the header lacks."""
    missing = [name for name in required if name not in columns]
    if missing:
        raise InputError(path, f"missing required column(s) {', '.join(missing)}; "
                         f"the header has {', '.join(columns[:12]) or 'nothing'}", row=1)


def read_csv_text(path: Path, required: Sequence[str]) -> pd.DataFrame:
    """Read a comma-separated UTF-8 file (a BOM is accepted) with every cell as text.

    Large exports are read block by block instead (``analysis.inputs.exports.read``).

    Args:
        path: the file.
        required: columns that must be in the header.

    Returns:
        One row per data record, empty cells as "", control characters removed, plus
        ``source_row``: the physical line where the record starts (``csv_shape.record_lines``).

    Raises:
        InputError: unreadable file, missing columns, bad bytes, ragged rows, a field over
            ``csv_shape.MAX_FIELD_CHARS``, no data rows.
    """
    path = Path(path)
    columns = read_header(path)
    require_columns(path, columns, required)
    check_row_widths(path, columns)
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise locate_bad_bytes(path) from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise InputError(path, f"expected {len(columns)} fields per row: {exc}") from None
    if frame.empty:
        raise InputError(path, "the file has a header but no data rows", row=FIRST_DATA_LINE)
    frame.columns = [_column_name(name) for name in frame.columns]
    for name in frame.columns:
        frame[name] = strip_control_characters(frame[name])
    frame.insert(0, "source_row", record_lines(path, len(frame)))
    check_field_lengths(path, frame)
    return frame


def check_field_lengths(path: Path, frame: pd.DataFrame) -> None:
    """Raise InputError naming the first row and column whose text is over the limit.

    Args:
        path: the file the frame was read from.
        frame: its cells as text, with ``source_row``.
    """
    first: tuple[int, str, int] | None = None
    for name in frame.columns.drop("source_row"):
        lengths = frame[name].str.len().to_numpy()
        over = (lengths > MAX_FIELD_CHARS).nonzero()[0]
        if len(over) and (first is None or over[0] < first[0]):
            first = (int(over[0]), name, int(lengths[over[0]]))
    if first is not None:
        position, name, chars = first
        raise oversized_field(path, chars, int(frame["source_row"].iat[position]), name)


def locate_bad_bytes(path: Path) -> InputError:
    """Find the first line of a file that is not UTF-8 and describe it."""
    with path.open("rb") as handle:
        for number, line in enumerate(handle, start=1):
            try:
                line.decode("utf-8")
            except UnicodeDecodeError as exc:
                return InputError(path, f"expected UTF-8 text, found byte "
                                  f"{line[exc.start]:#04x} at character {exc.start + 1}",
                                  row=number)
    return InputError(path, "expected UTF-8 text")


def load_totals(path: Path | str) -> pd.DataFrame:
    """Read and validate reported_totals.csv (published counts), with ``count`` as a number.

    Raises:
        InputError: the file is missing, lacks a required column, or a row breaks the schema
            (names the file, row and column).
    """
    path = Path(path)
    totals = read_csv_text(path, columns.required_columns(columns.REPORTED_TOTALS))
    schemas.raise_file_errors(schemas.REPORTED_TOTALS, totals, path)
    return totals.drop(columns="source_row").assign(count=totals["count"].astype(int))
