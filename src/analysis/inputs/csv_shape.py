"""The shape every input CSV must have: rows as wide as the header, no oversized field.

A row with another number of fields means the file is not what its header says (junk
lines under a header, a lost quote): that is a file error, reported with the first such
row before anything else is read. A field over ``MAX_FIELD_CHARS`` is refused too, naming
its row and column; no source writes 128 KiB into one cell, and the limit keeps every
table the pipeline writes readable by Python's csv module, whose default limit it is.

Arrow parses the file as a stream (memory: one block); only when it fails does Python's
csv reader scan the file again, to name the row.

Rows are named by the physical line where their record starts, as an editor shows it (the
header is line 1): after a quoted cell with a line break, or after blank lines, a record's
line is further down than its record number (``record_lines``).
"""

from __future__ import annotations

import csv
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path

import numpy as np
import pyarrow as pa
from pyarrow import csv as arrow_csv

from analysis.errors import InputError

MAX_FIELD_CHARS = 128 * 1024
# While locating a bad row: a field this long is an unclosed quote, not a value.
_SCAN_FIELD_LIMIT = 64 << 20
_BLOCK_BYTES = 4 << 20
# The first data record of a file with one line per record starts on line 2.
FIRST_DATA_LINE = 2


def oversized_field(path: Path, chars: int, row: int, column: str) -> InputError:
    """The error for a field of ``chars`` characters at ``row``, ``column``."""
    return InputError(path, f"a field of {chars:,} characters; at most {MAX_FIELD_CHARS:,} "
                      "(128 KiB) are accepted", row=row, column=column)


def check_row_widths(path: Path, header: Sequence[str]) -> None:
    """Raise InputError for the first row with another number of fields than the header.

    Blank lines are skipped (as the readers skip them); a quoted value may span lines.

    Raises:
        InputError: a ragged row (its line number and width), or a field so long that
            the stream cannot hold its row.
    """
    options = dict(
        read_options=arrow_csv.ReadOptions(autogenerate_column_names=True,
                                           block_size=_BLOCK_BYTES),
        parse_options=arrow_csv.ParseOptions(newlines_in_values=True),
        convert_options=arrow_csv.ConvertOptions(include_columns=["f0"],
                                                 column_types={"f0": pa.binary()}))
    try:
        with arrow_csv.open_csv(path, **options) as reader:
            for _ in reader:
                pass
    except pa.ArrowInvalid as exc:
        raise locate_bad_row(path, header, str(exc)) from None


def locate_bad_row(path: Path, header: Sequence[str], problem: str) -> InputError:
    """Find the first ragged row or oversized field of a file and describe it.

    Args:
        path: the file.
        header: its column names.
        problem: what the fast reader said, used when no row is to blame.
    """
    width = len(header)
    with _field_limit(_SCAN_FIELD_LIMIT), path.open(encoding="utf-8-sig", errors="replace",
                                                    newline="") as handle:
        reader = csv.reader(handle)
        line = 1
        try:
            for record in reader:
                if record and len(record) != width:
                    return InputError(path, f"expected {width} fields per row as in the header, "
                                      f"found {len(record)}", row=line)
                if error := _oversized_in(path, record, header, line):
                    return error
                line = reader.line_num + 1
        except csv.Error:
            return InputError(path, f"a field longer than {_SCAN_FIELD_LIMIT >> 20} MiB "
                              "(a quote left open?)", row=line)
    return InputError(path, f"expected {width} fields per row: {problem}")


def _oversized_in(path: Path, record: list[str], header: Sequence[str],
                  line: int) -> InputError | None:
    for position, value in enumerate(record):
        if len(value) > MAX_FIELD_CHARS:
            return oversized_field(path, len(value), line, header[position])
    return None


def record_lines(path: Path, records: int) -> np.ndarray:
    """The physical line where each data record of a CSV file starts (the header is line 1).

    When the file has one line per record (the common case: ``records`` + 1 line breaks,
    counted at disk speed) these are 2, 3, ...; otherwise the file is parsed again with
    Python's csv reader, which counts the lines inside quoted cells and the blank lines.

    Args:
        path: the file.
        records: how many data records the caller read from it (blank lines skipped).

    Raises:
        RuntimeError: the csv reader finds another number of records (a bug).
    """
    if _line_count(Path(path)) == records + 1:
        return np.arange(FIRST_DATA_LINE, FIRST_DATA_LINE + records, dtype=np.int64)
    starts = np.fromiter(_record_starts(Path(path)), dtype=np.int64)
    if len(starts) != records:
        raise RuntimeError(f"{path}: {records} records read, {len(starts)} found by csv")
    return starts


def line_of_record(path: Path, position: int) -> int:
    """The physical line where data record ``position`` (0 = the first) of a file starts."""
    return next(islice(_record_starts(Path(path)), position, None), FIRST_DATA_LINE + position)


def _line_count(path: Path) -> int:
    """Lines of a file: its line feeds, plus one for a last line without one."""
    count, last = 0, b"\n"
    with path.open("rb") as handle:
        while chunk := handle.read(_BLOCK_BYTES):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")


def _record_starts(path: Path) -> Iterator[int]:
    """The line where each non-blank data record starts, in file order."""
    with _field_limit(_SCAN_FIELD_LIMIT), path.open(encoding="utf-8-sig", errors="replace",
                                                    newline="") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        line = reader.line_num + 1
        for record in reader:
            if record:
                yield line
            line = reader.line_num + 1


def count_data_rows(path: Path) -> int:
    """Data rows of a CSV file the pipeline wrote: quoted line breaks allowed, any field length.

    Merged incidents join their reports' outlets and addresses, so an output field may be
    longer than any input field.
    """
    with _field_limit(sys.maxsize), Path(path).open(encoding="utf-8", newline="") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


@contextmanager
def _field_limit(limit: int) -> Iterator[None]:
    """Python's csv field limit raised for the duration (it is process-wide)."""
    previous = csv.field_size_limit(limit)
    try:
        yield
    finally:
        csv.field_size_limit(previous)
