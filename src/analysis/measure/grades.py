"""Firm counts and the band below: attacks at or above ``min_confidence``, and those under it.

A run counts the attacks whose grade (``incidents.confidence``, see the codebook) is at or
above ``min_confidence`` as its firm count, and the attacks below it apart: every table gives
both, every chart draws the second as a lighter band on top of the first. Unrated attacks
(ACLED and UCDP exports) are never below: there is no band for them.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.clean.grades import below_minimum, check_minimum

# The column beside ``attacks`` (and the suffix beside other counts) that holds the band.
LOW_COLUMN = "attacks_low_confidence"
LOW_SUFFIX = "_low_confidence"

# What the firm count and the band hold, in words, for each min_confidence.
FIRM_WORDS = {"high": "high", "medium": "medium or high", "low": "high, medium or low"}
BELOW_WORDS = {"high": "medium or low", "medium": "low"}
# The band's name in legends and captions (the codebook's meaning of the ratings below).
BAND_NAMES = {
    "medium": "low confidence: weak attribution or conflicting sources",
    "high": "medium or low confidence: vague date or site, weak attribution or conflicting "
            "sources",
}


def below(incidents: pd.DataFrame, minimum: str) -> pd.Series:
    """True for the incidents graded below ``minimum`` (none when they carry no grade)."""
    if "confidence" not in incidents:
        check_minimum(minimum)
        return pd.Series(False, index=incidents.index)
    return below_minimum(incidents["confidence"], minimum)


def counts_below(table: pd.DataFrame) -> bool:
    """Whether a frequency table counts any attack below ``min_confidence`` (``LOW_COLUMN``)."""
    return LOW_COLUMN in table and bool(table[LOW_COLUMN].gt(0).any())


def split(incidents: pd.DataFrame, minimum: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The incidents at or above ``minimum`` (the firm count) and those below it."""
    under = below(incidents, minimum).to_numpy(bool)
    return incidents[~under], incidents[under]


@dataclass(frozen=True)
class Grades:
    """How a run grades its attacks, for charts and sentences.

    Attributes:
        minimum: the run's ``min_confidence``.
        show: whether charts draw the band below it (``show_low_confidence``).
        rated: whether the input rates its reports (False for ACLED and UCDP exports).
    """

    minimum: str = "low"
    show: bool = True
    rated: bool = True

    def split(self, incidents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Firm incidents and those below; the second is empty when the band is not drawn."""
        firm, under = split(incidents, self.minimum)
        return (firm, under) if self.show else (firm, under.iloc[:0])

    def visible(self, incidents: pd.DataFrame) -> pd.DataFrame:
        """The incidents a chart counts: all of them, or the firm ones when the band is hidden."""
        return incidents if self.show else split(incidents, self.minimum)[0]

    def table(self, table: pd.DataFrame) -> pd.DataFrame:
        """A table with its band columns (``LOW_COLUMN``, ``*LOW_SUFFIX``) only when drawn."""
        if self.show:
            return table
        return table.drop(columns=[c for c in table.columns if str(c).endswith(LOW_SUFFIX)])

    def drawn(self, counts: pd.Series | None) -> bool:
        """Whether a chart draws the band: shown, and some attack below ``minimum``."""
        return self.show and counts is not None and bool(counts.gt(0).any())

    @property
    def firm_grade(self) -> str:
        """The grade of a firm mark in a chart's data ("" for an unrated input)."""
        return FIRM_WORDS[self.minimum] if self.rated else ""

    @property
    def low_grade(self) -> str:
        """The grade of a mark of the band in a chart's data ("" when nothing is below)."""
        return BELOW_WORDS.get(self.minimum, "") if self.rated else ""

    @property
    def band_name(self) -> str:
        """The band's name in legends ("" when nothing can be below)."""
        return BAND_NAMES.get(self.minimum, "") if self.rated else ""


# The charts' default: min_confidence low, so every attack is firm and no band is drawn.
ALL_FIRM = Grades()
