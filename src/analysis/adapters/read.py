"""Read a large export fast: every cell as text, with pyarrow's multi-threaded parser."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.load import read_csv_text


def read_export(path: Path, required: tuple[str, ...],
                wanted: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Read a comma-separated UTF-8 export with every cell as text ("" when empty).

    Only the ``wanted`` columns are converted (all when None): an export has about 30
    columns and the pipeline reads about half of them.

    Returns:
        One row per record, plus ``source_row`` (the header is row 1).

    Raises:
        InputError: missing file or columns, empty file, header only, bad bytes, ragged rows.
    """
    return read_csv_text(Path(path), required, engine="pyarrow", wanted=wanted)
