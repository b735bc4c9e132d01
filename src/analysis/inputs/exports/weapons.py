"""Weapon categories for export rows, from the export's own coding and its text.

The words come from the project's weapon mapping (data/raw/mappings/weapons.json), so
an export note and a project report that name the same weapon get the same category.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from analysis import config
from analysis.inputs import normalise


@cache
def _word_patterns(path: Path = config.WEAPONS_MAPPING) -> dict[str, str]:
    mapping = normalise.load_mapping(path)
    return {category: "|".join(re.escape(word) for word in words)
            for category, words in mapping.items()}


def categories_from_text(text: pd.Series) -> pd.Series:
    """Return drone, rocket, missile or mixed where the text names weapons, else "".

    Vectorised: one case-insensitive regex search per category over the whole column.
    """
    hits = {category: text.str.contains(pattern, case=False, regex=True).to_numpy(bool)
            for category, pattern in _word_patterns().items()}
    count = np.sum(list(hits.values()), axis=0) if hits else np.zeros(len(text), int)
    result = np.full(len(text), "", dtype=object)
    for category, found in hits.items():
        result[found & (count == 1)] = category
    result[count > 1] = "mixed"
    return pd.Series(result, index=text.index, dtype="str")
