"""Read a large export in blocks: Arrow's CSV reader, running ahead on a background thread.

Arrow decodes each block with the GIL released, so while the caller checks one block
the next ones are being parsed: on two cores, reading and checking overlap. Only the
wanted columns are converted, every cell as text ("" when empty) without control
characters (``text.CONTROL_CHARACTERS``), and memory holds at most ``AHEAD`` blocks at a
time instead of the whole file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from queue import Empty, Full, Queue
from threading import Event, Thread

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from pyarrow import csv as arrow_csv

from analysis.errors import InputError
from analysis.inputs.csv_shape import (
    FIRST_DATA_LINE,
    MAX_FIELD_CHARS,
    line_of_record,
    locate_bad_row,
    oversized_field,
)
from analysis.inputs.exports.spec import TEXT
from analysis.inputs.load import locate_bad_bytes, read_header, require_columns
from analysis.inputs.text import strip_control_characters_arrow

# Measured on the 1M-row benchmark export: 2 and 4 MiB blocks run equally fast, 1 MiB
# adds per-block overhead, 16 MiB and more slow the streaming parse; 2 MiB holds least.
BLOCK_BYTES = 2 << 20
# Blocks parsed ahead of the consumer (128 MiB of CSV): enough for the parse to keep going
# while the gazetteer is validated, and a bound on memory whatever the export's size.
AHEAD = 64


@dataclass(frozen=True)
class Block:
    """Consecutive records of an export.

    Attributes:
        first_row: record number of the first record (the header is record 1; a record
            whose quoted value spans lines counts once): ``csv_shape.record_lines`` turns
            record numbers into the lines where the records start.
        columns: column name -> text of each record (large_string, no nulls).
    """

    first_row: int
    columns: dict[str, pa.Array]

    @property
    def rows(self) -> int:
        """Number of records in the block."""
        return len(next(iter(self.columns.values())))

    def source_rows(self) -> np.ndarray:
        """The row number of each record."""
        return np.arange(self.first_row, self.first_row + self.rows, dtype=np.int64)


def read_export_header(path: Path, required: tuple[str, ...]) -> list[str]:
    """Return an export's columns.

    Raises:
        InputError: missing file, empty file, not comma-separated, required columns missing.
    """
    header = read_header(Path(path))
    require_columns(Path(path), header, required)
    return header


class BlockReader:
    """The blocks of an export, in file order, parsed on a background thread.

    Reading starts at once and runs up to ``AHEAD`` blocks ahead of the consumer. Use
    it as a context manager: leaving the `with` statement stops the reading thread.
    """

    def __init__(self, path: Path, header: list[str], wanted: tuple[str, ...]) -> None:
        """Start reading the ``wanted`` columns the header has (see ``read_export_header``)."""
        self._path = Path(path)
        self._queue: Queue[object] = Queue(maxsize=AHEAD)
        self._stop = Event()
        usecols = [c for c in header if c in set(wanted)]
        self._thread = Thread(target=self._produce, args=(usecols, header),
                              name="export-reader", daemon=True)
        self._thread.start()

    def __iter__(self) -> Iterator[Block]:
        """Yield the blocks; raise the reading thread's InputError where it stopped.

        Raises:
            InputError: bad bytes, ragged rows, a field over ``csv_shape.MAX_FIELD_CHARS``,
                no data rows.
        """
        first_row = FIRST_DATA_LINE
        while (item := self._queue.get()) is not _END:
            if isinstance(item, _Failed):
                raise item.error
            batch: pa.RecordBatch = item  # type: ignore[assignment]
            if batch.num_rows:
                yield Block(first_row, dict(zip(batch.schema.names, batch.columns, strict=True)))
                first_row += batch.num_rows
        if first_row == FIRST_DATA_LINE:
            raise InputError(self._path, "the file has a header but no data rows",
                             row=FIRST_DATA_LINE)

    def close(self) -> None:
        """Stop the reading thread and drop the blocks read ahead."""
        self._stop.set()
        _drain(self._queue)
        self._thread.join()

    def __enter__(self) -> BlockReader:
        """Return the reader itself."""
        return self

    def __exit__(self, *_: object) -> None:
        """Stop reading (see ``close``)."""
        self.close()

    def _produce(self, usecols: list[str], header: list[str]) -> None:
        first_row = FIRST_DATA_LINE
        try:
            for batch in _batches(self._path, usecols, header):
                _check_field_lengths(self._path, batch, first_row)
                first_row += batch.num_rows
                if not self._put(_without_control_characters(batch)):
                    return
            self._put(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            self._put(_Failed(exc))

    def _put(self, item: object) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.05)
                return True
            except Full:
                continue
        return False


def _batches(path: Path, usecols: list[str], header: list[str]) -> Iterator[pa.RecordBatch]:
    options = arrow_csv.ConvertOptions(
        include_columns=usecols, column_types=dict.fromkeys(usecols, TEXT),
        strings_can_be_null=False, quoted_strings_can_be_null=False)
    try:
        # newlines_in_values: a quoted value may span lines (a note with a line break)
        # even where it crosses a block boundary; it costs the parse about 5%.
        with arrow_csv.open_csv(path, read_options=arrow_csv.ReadOptions(block_size=BLOCK_BYTES),
                                parse_options=arrow_csv.ParseOptions(newlines_in_values=True),
                                convert_options=options) as reader:
            yield from reader
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        if isinstance(exc, UnicodeDecodeError) or "UTF8" in str(exc):
            raise locate_bad_bytes(path) from None
        raise locate_bad_row(path, header, str(exc)) from None


def _check_field_lengths(path: Path, batch: pa.RecordBatch, first_row: int) -> None:
    """Raise InputError naming the first row and column of the batch over the limit."""
    first: tuple[int, str, int] | None = None
    for name, column in zip(batch.schema.names, batch.columns, strict=True):
        if not len(column) or pc.max(pc.binary_length(column)).as_py() <= MAX_FIELD_CHARS:
            continue  # no more characters than bytes: the common case costs one pass
        lengths = pc.utf8_length(column).to_numpy(zero_copy_only=False)
        over = (lengths > MAX_FIELD_CHARS).nonzero()[0]
        if len(over) and (first is None or over[0] < first[0]):
            first = (int(over[0]), name, int(lengths[over[0]]))
    if first is not None:
        position, name, chars = first
        line = line_of_record(path, first_row + position - FIRST_DATA_LINE)
        raise oversized_field(path, chars, line, name)


def _without_control_characters(batch: pa.RecordBatch) -> pa.RecordBatch:
    """The batch without control characters in any column (see ``analysis.inputs.text``)."""
    return pa.record_batch([strip_control_characters_arrow(column) for column in batch.columns],
                           schema=batch.schema)


class _Failed:
    """An exception raised on the reading thread, to be raised again on the caller's."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


_END = object()


def _drain(queue: Queue[object]) -> None:
    while True:
        try:
            queue.get_nowait()
        except Empty:
            return
