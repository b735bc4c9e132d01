"""Write tables byte-for-byte reproducibly (CSV and Parquet).

What sources wrote is data, never code: in every CSV the project writes, a text cell
that a spreadsheet would run as a formula (it starts with ``= + - @``, a tab or a carriage
return) gets a single quote in front, so Excel and LibreOffice show it as text. Numeric,
boolean and date columns are never touched (a -1.5 in a float column stays -1.5); only
text columns (object or str dtype, and categories of text) are. A cell whose leading
quotes are followed by one of those characters gets one more quote, so that
``read_table`` can undo it exactly. Parquet keeps the original text.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

# A cell a spreadsheet would evaluate, possibly behind quotes already there (OWASP's list).
_FORMULA = r"'*[=+\-@\t\r]"
# A cell ``neutralise_formulas`` quoted: one added quote, then the same.
_QUOTED_FORMULA = r"''*[=+\-@\t\r]"


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write UTF-8 CSV with Unix line ends and a fixed float format, formulas neutralised."""
    with _replaced_at_once(path) as partial:
        neutralise_formulas(frame).to_csv(partial, index=False, lineterminator="\n",
                                          float_format="%.6g", encoding="utf-8")
    return path


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """Write Parquet without the pandas metadata blob, so bytes do not depend on versions."""
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    with _replaced_at_once(path) as partial:
        pq.write_table(table, partial, compression="zstd", write_statistics=False)
    return path


@contextmanager
def _replaced_at_once(path: Path) -> Iterator[Path]:
    """Write beside ``path`` and rename over it: a reader sees the old file or the new one."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        yield partial
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def read_table(path: Path) -> pd.DataFrame:
    """Read a processed CSV table with text columns kept as text, as it was before writing."""
    frame = pd.read_csv(path, keep_default_na=False, na_values=[""])
    return _map_text_columns(frame, _unquote)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Return the frame with a quote before every text cell a spreadsheet would evaluate.

    Only text columns change (see the module docstring); the frame passed in is not.
    """
    return _map_text_columns(frame, _quote)


def _map_text_columns(frame: pd.DataFrame, change) -> pd.DataFrame:
    """Apply ``change`` (Series -> Series) to every text column that it changes."""
    changed = {}
    for name in frame.columns:
        column = frame[name]
        if isinstance(column.dtype, pd.CategoricalDtype):
            categories = column.cat.categories
            if _is_text(categories.to_series()):
                new = change(categories.to_series())
                if not new.equals(categories.to_series()):
                    changed[name] = column.cat.rename_categories(new.to_list())
        elif _is_text(column):
            new = change(column)
            if new is not column:
                changed[name] = new
    return frame.assign(**changed) if changed else frame


def _is_text(column: pd.Series) -> bool:
    return column.dtype == object or isinstance(column.dtype, pd.StringDtype)


def _quote(column: pd.Series) -> pd.Series:
    """Prefix a quote to the cells that match ``_FORMULA``; the column itself when none does."""
    return _prefix_where(column, _FORMULA, lambda cells: "'" + cells)


def _unquote(column: pd.Series) -> pd.Series:
    """Drop the quote ``_quote`` added; the column itself when no cell has one."""
    return _prefix_where(column, _QUOTED_FORMULA, lambda cells: cells.str.slice(1))


def _prefix_where(column: pd.Series, pattern: str, change) -> pd.Series:
    try:
        hits = column.str.match(pattern, na=False).to_numpy(bool)
    except AttributeError:  # an object column holding no text at all
        return column
    if not hits.any():
        return column
    result = column.copy()
    result[hits] = change(column[hits])
    return result
