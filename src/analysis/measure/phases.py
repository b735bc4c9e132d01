"""The four phases of the conflict: each incident's phase, and what each phase holds."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import config
from analysis.measure.grades import split


def phase_labels(dates: pd.Series) -> pd.Series:
    """The phase of the conflict (``config.PHASES`` label) of each ISO date, <NA> before it."""
    when = pd.to_datetime(dates)
    labels = pd.Series(pd.NA, index=dates.index, dtype="str")
    for first, last, label in config.PHASES:
        inside = when >= pd.Timestamp(first)
        if last:
            inside &= when <= pd.Timestamp(last)
        labels[inside] = label
    return labels


# What ``claimant`` says of an incident whose reports name no group, or several.
NO_GROUP, SEVERAL = "no group named", "several groups"


def claimant(groups: pd.Series) -> pd.Series:
    """Who an incident's reports name: one group, ``SEVERAL`` or ``NO_GROUP``."""
    text = groups.fillna("").astype("str").str.strip()
    return text.mask(text.str.contains(";"), SEVERAL).mask(text.eq(""), NO_GROUP)


def phase_mix(incidents: pd.DataFrame, column: str, values: list[str]) -> pd.DataFrame:
    """Attacks per phase and value of ``column``, zero-filled, phases and values in order.

    Args:
        incidents: incidents (``event_date`` and ``column``).
        column: the column to break each phase down by (weapon_category, claimant...).
        values: its values, in the order wanted; others are counted under "other".

    Returns:
        Long table: phase, value, attacks.
    """
    phases = [label for _, _, label in config.PHASES]
    value = incidents[column].where(incidents[column].isin(values), "other")
    counts = (pd.DataFrame({"phase": phase_labels(incidents["event_date"]), "value": value})
              .dropna(subset=["phase"]).value_counts())
    order = list(dict.fromkeys([*values, "other"]))
    full = pd.MultiIndex.from_product([phases, order], names=["phase", "value"])
    table = counts.reindex(full, fill_value=0).rename("attacks").reset_index()
    return table.astype({"attacks": "int64"})


@dataclass(frozen=True)
class PhaseFact:
    """Attacks of one phase, by target."""

    label: str
    first: str
    last: str
    attacks: int
    by_target: dict[str, int]


def phase_facts(incidents: pd.DataFrame, end: str) -> list[PhaseFact]:
    """Attacks per phase (``config.PHASES``) and target type; the last phase ends at ``end``."""
    phases = phase_labels(incidents["event_date"])
    facts = []
    for first, last, label in config.PHASES:
        part = incidents[phases.eq(label).fillna(False).to_numpy(bool)]
        counts = part["target_type"].value_counts()
        facts.append(PhaseFact(label, first, last or end, len(part),
                               {target: int(counts.get(target, 0))
                                for target in config.TARGET_TYPES}))
    return facts


def phase_counts(incidents: pd.DataFrame, end: str = "latest",
                 min_confidence: str = "low") -> pd.DataFrame:
    """Attacks per phase of the conflict and target type (``phase_facts``).

    The counts are of the attacks at or above ``min_confidence``; ``low_confidence`` counts
    those below it (all targets). ``end`` is shown as the last day of the open last phase.
    """
    firm, under = split(incidents, min_confidence)
    return pd.DataFrame([{"phase": fact.label, "from": fact.first, "to": fact.last,
                          **fact.by_target, "all": fact.attacks, "low_confidence": low.attacks}
                         for fact, low in zip(phase_facts(firm, end), phase_facts(under, end),
                                              strict=True)])
