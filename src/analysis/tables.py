"""Write tables byte-for-byte reproducibly (CSV and Parquet)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq


def write_csv(frame: pd.DataFrame, path: Path) -> Path:
    """Write UTF-8 CSV with Unix line ends and a fixed float format."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", float_format="%.6g", encoding="utf-8")
    return path


def write_parquet(frame: pd.DataFrame, path: Path) -> Path:
    """Write Parquet without the pandas metadata blob, so bytes do not depend on versions."""
    path.parent.mkdir(parents=True, exist_ok=True)
    table = pa.Table.from_pandas(frame, preserve_index=False).replace_schema_metadata(None)
    pq.write_table(table, path, compression="zstd", write_statistics=False)
    return path


def read_table(path: Path) -> pd.DataFrame:
    """Read a processed CSV table with text columns kept as text."""
    return pd.read_csv(path, keep_default_na=False, na_values=[""])
