"""Canonical group names from export actor columns, through the project's group mapping."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis import config
from analysis.inputs import normalise
from analysis.inputs.text import name_key

# ACLED wraps some militia names: "PMF: Kataib Hezbollah", "Kataib Hezbollah (Iraq)".
_WRAPPERS = re.compile(r"^(?:pmf|popular mobili[sz]ation (?:forces|units))\s*:\s*|\s*\([^)]*\)$",
                       re.IGNORECASE)


def group_names(actor_a: pd.Series, actor_b: pd.Series,
                pattern: re.Pattern[str]) -> tuple[pd.Series, pd.Series, set[str]]:
    """Return each row's actors as written, its selected actors as groups, and unmapped names.

    Actor cells may hold several names separated by ';' (ACLED's associated actors).
    ``claimed_by`` joins both cells as written; ``groups`` keeps the names the actor
    pattern matches, as canonical names from groups.json ('; '-joined); names missing
    from groups.json are kept as written and returned in the unmapped set. Each distinct
    pair of cells is worked out once.
    """
    index = normalise.group_index(normalise.load_mapping(config.GROUPS_MAPPING))
    codes, uniques = pd.factorize(actor_a.str.strip() + "\x1f" + actor_b.str.strip(),
                                  use_na_sentinel=False)
    unmapped: set[str] = set()
    written, names = [], []
    for value in uniques:
        cells = [cell for cell in value.split("\x1f") if cell]
        written.append("; ".join(cells))
        names.append("; ".join(_canonical(cells, pattern, index, unmapped)))
    return (_spread(written, codes, actor_a.index), _spread(names, codes, actor_a.index),
            unmapped)


def _canonical(cells: list[str], pattern: re.Pattern[str], index: dict[str, str],
               unmapped: set[str]) -> list[str]:
    found: list[str] = []
    for part in (p.strip() for cell in cells for p in cell.split(";")):
        if not part or not pattern.search(part):
            continue
        canonical = index.get(name_key(_WRAPPERS.sub("", part).strip()))
        if canonical is None:
            unmapped.add(part)
        if (canonical or part) not in found:
            found.append(canonical or part)
    return found


def _spread(values: list[str], codes: np.ndarray, index: pd.Index) -> pd.Series:
    return pd.Series(pd.array(np.array(values, dtype=object)[codes], dtype="str"), index=index)
