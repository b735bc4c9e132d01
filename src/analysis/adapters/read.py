"""Read a large export in blocks: Arrow's CSV reader, running ahead on a background thread.

Arrow decodes each block with the GIL released, so while the caller checks one block
the next ones are being parsed: on two cores, reading and checking overlap. Only the
wanted columns are converted, every cell as text ("" when empty), and memory holds a
few blocks at a time instead of the whole file.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from queue import Empty, Full, Queue
from threading import Event, Thread

import numpy as np
import pyarrow as pa
from pyarrow import csv as arrow_csv

from analysis.adapters.spec import TEXT
from analysis.errors import InputError
from analysis.load import FIRST_DATA_LINE, locate_bad_bytes, read_header, require_columns

# Measured on the 1M-row benchmark export: 1-8 MiB blocks cost the same; smaller ones
# add per-block overhead, larger ones delay the first block the checks can start on.
BLOCK_BYTES = 4 << 20
# Blocks parsed ahead of the consumer: enough to keep both cores busy, little memory.
AHEAD = 4


@dataclass(frozen=True)
class Block:
    """Consecutive records of an export.

    Attributes:
        first_row: file line of the first record (the header is line 1).
        columns: column name -> text of each record (large_string, no nulls).
    """

    first_row: int
    columns: dict[str, pa.Array]

    @property
    def rows(self) -> int:
        """Number of records in the block."""
        return len(next(iter(self.columns.values())))

    def source_rows(self) -> np.ndarray:
        """The file line of each record."""
        return np.arange(self.first_row, self.first_row + self.rows, dtype=np.int64)


def read_blocks(path: Path, required: tuple[str, ...],
                wanted: tuple[str, ...]) -> tuple[list[str], Iterator[Block]]:
    """Check an export's header, then read the ``wanted`` columns it has, block by block.

    The header is checked before this returns; the blocks are read as the iterator is
    consumed (stop consuming and the reading stops too).

    Returns:
        The header's columns and an iterator of blocks, in file order.

    Raises:
        InputError: missing file or columns, empty file (at once); bad bytes, ragged rows,
            no data rows (while iterating).
    """
    path = Path(path)
    header = read_header(path)
    require_columns(path, header, required)
    usecols = [c for c in header if c in set(wanted)]
    return header, _run_ahead(lambda: _blocks(path, usecols, len(header)), AHEAD)


def _blocks(path: Path, usecols: list[str], width: int) -> Iterator[Block]:
    options = arrow_csv.ConvertOptions(
        include_columns=usecols, column_types=dict.fromkeys(usecols, TEXT),
        strings_can_be_null=False, quoted_strings_can_be_null=False)
    first_row = FIRST_DATA_LINE
    try:
        with arrow_csv.open_csv(path, read_options=arrow_csv.ReadOptions(block_size=BLOCK_BYTES),
                                convert_options=options) as reader:
            for batch in reader:
                if batch.num_rows:
                    yield Block(first_row, dict(zip(batch.schema.names, batch.columns,
                                                    strict=True)))
                    first_row += batch.num_rows
    except (pa.ArrowInvalid, UnicodeDecodeError) as exc:
        if isinstance(exc, UnicodeDecodeError) or "UTF8" in str(exc):
            raise locate_bad_bytes(path) from None
        raise InputError(path, f"expected {width} fields per row: {exc}") from None
    if first_row == FIRST_DATA_LINE:
        raise InputError(path, "the file has a header but no data rows", row=FIRST_DATA_LINE)


class _Failed:
    """An exception raised on the reading thread, to be raised again on the caller's."""

    def __init__(self, error: BaseException) -> None:
        self.error = error


_END = object()


def _run_ahead(make: Callable[[], Iterator[Block]], depth: int) -> Iterator[Block]:
    """Iterate ``make()`` on a background thread, at most ``depth`` items ahead."""
    queue: Queue[object] = Queue(maxsize=depth)
    stop = Event()

    def put(item: object) -> None:
        while not stop.is_set():
            try:
                queue.put(item, timeout=0.05)
                return
            except Full:
                continue

    def produce() -> None:
        try:
            for item in make():
                if stop.is_set():
                    return
                put(item)
            put(_END)
        except BaseException as exc:  # noqa: BLE001 - handed to the consumer, raised there
            put(_Failed(exc))

    thread = Thread(target=produce, name="export-reader", daemon=True)
    thread.start()
    try:
        while (item := queue.get()) is not _END:
            if isinstance(item, _Failed):
                raise item.error
            yield item  # type: ignore[misc]
    finally:
        stop.set()
        _drain(queue)
        thread.join()


def _drain(queue: Queue[object]) -> None:
    while True:
        try:
            queue.get_nowait()
        except Empty:
            return
