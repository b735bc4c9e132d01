"""The gazetteer of target sites: validation, alias index and site resolution."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis import config
from analysis.errors import InputError
from analysis.inputs import columns, schemas
from analysis.inputs.load import read_csv_text
from analysis.inputs.text import name_key, name_keys


def load_sites(path: Path = config.RAW_SITES) -> pd.DataFrame:
    """Read and validate the gazetteer.

    Args:
        path: sites.csv.

    Returns:
        One row per site with numeric coordinates.

    Raises:
        InputError: a missing column, a bad id, region or coordinate, or an alias
            that names two sites.
    """
    frame = read_csv_text(path, columns.required_columns(columns.SITES))
    for axis in ("latitude", "longitude"):
        numbers = pd.to_numeric(frame[axis].replace("", None), errors="coerce")
        bad = frame[axis].ne("") & numbers.isna()
        if bad.any():
            row = int(frame.loc[bad, "source_row"].iloc[0])
            raise InputError(path, f"expected a number in degrees, got "
                             f"{frame.loc[bad, axis].iloc[0]!r}", row=row, column=axis)
        frame[axis] = numbers.astype(float)
    schemas.raise_file_errors(schemas.SITES, frame, path)
    alias_index(frame, path)
    return frame


def alias_index(sites: pd.DataFrame, path: Path | str = "sites.csv") -> dict[str, str]:
    """Map every alias key (and each canonical name's key) to its site id.

    Raises:
        InputError: one alias names two different sites.
    """
    index: dict[str, str] = {}
    for row in sites.itertuples(index=False):
        spellings = [row.name, *[a for a in row.aliases.split("|") if a.strip()]]
        for spelling in spellings:
            key = name_key(spelling)
            owner = index.setdefault(key, row.site_id)
            if owner != row.site_id:
                raise InputError(path, f"alias {spelling!r} names both {owner!r} and "
                                 f"{row.site_id!r}; expected each alias once",
                                 row=int(row.source_row), column="aliases")
    return index


def resolve_sites(names: pd.Series, index: dict[str, str]) -> pd.Series:
    """Return the site id for each raw site name, or <NA> where the gazetteer has none."""
    return name_keys(names).map(index)
