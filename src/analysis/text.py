"""Text keys for matching names spelt many ways (Ain al-Asad, Ayn al-Assad...)."""

from __future__ import annotations

import re
import unicodedata

import pandas as pd

_PUNCTUATION = re.compile(r"[\s\-‐‑–—_.,;:()\[\]'’‘`ʿʾ\"“”]+")


def name_key(text: str) -> str:
    """Return a matching key: case-folded, accents stripped, punctuation to single spaces."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    key = _PUNCTUATION.sub(" ", stripped.casefold()).strip()
    return key.removeprefix("the ")


def name_keys(values: pd.Series) -> pd.Series:
    """Vectorised ``name_key`` over the distinct values of a series."""
    uniques = pd.unique(values)
    mapping = {value: name_key(value) for value in uniques}
    return values.map(mapping)
