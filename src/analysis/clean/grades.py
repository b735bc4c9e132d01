"""Confidence grades: how a report's rating compares with ``min_confidence``, and an attack's.

The compiler rates each report high, medium or low (the codebook says what each means); a
report without a rating is never below any threshold. An attack's grade is the highest
rating among the reports that describe it (``analysis.clean.incidents.build_incidents``).
"""

from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.errors import ParameterError

# high > medium > low: the rank of each rating.
RANKS = {level: rank for rank, level in enumerate(reversed(config.CONFIDENCE_LEVELS))}


def check_minimum(minimum: str) -> str:
    """Return ``minimum`` when it is a rating, else raise ParameterError listing the ratings."""
    if minimum not in RANKS:
        raise ParameterError("min_confidence", minimum,
                             "one of " + ", ".join(config.CONFIDENCE_LEVELS))
    return minimum


def below_minimum(confidence: pd.Series, minimum: str) -> pd.Series:
    """True where a rating is below ``minimum``; unrated values (empty, missing) never are."""
    rated = confidence.map(RANKS)
    return (rated.notna() & (rated < RANKS[check_minimum(minimum)])).astype(bool)


def grading(incident_ids: pd.Series, below: pd.Series) -> pd.Series:
    """True for the reports that grade their incident and say what it is.

    Those at or above ``min_confidence`` when the incident has any, else all of its
    reports; a report below it that joined such an incident only adds a source.

    Args:
        incident_ids: each report's incident.
        below: True for the reports rated below ``min_confidence`` (same index).
    """
    unfirm = below.astype(bool).groupby(incident_ids).transform("all")
    return ~below.astype(bool) | unfirm


def highest(confidence: pd.Series) -> str:
    """The highest rating among the values, or "" when none is a rating."""
    rated = [value for value in confidence if value in RANKS]
    return max(rated, key=RANKS.__getitem__) if rated else ""
