"""Who carried out an attack: an incident's attribution and the rule a run counts by.

An incident takes the strongest attribution among its reports (claimed > attributed >
iran_backed > unattributed, ``config.ATTRIBUTIONS``): one page relaying a group's claim makes
the attack claimed, whatever the other pages say. The ``attribution`` parameter then keeps the
incidents its rule counts (``config.ATTRIBUTION_RULES``).
"""

from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.errors import ParameterError

_RANK = {value: rank for rank, value in enumerate(config.ATTRIBUTIONS)}


def strongest(values: pd.Series) -> str:
    """The strongest attribution among the values of one incident's reports."""
    return config.ATTRIBUTIONS[int(values.map(_RANK).min())]


def counted_values(rule: str) -> tuple[str, ...]:
    """The attribution values a rule counts.

    Raises:
        ParameterError: a rule other than those of ``config.ATTRIBUTION_RULES``.
    """
    if rule not in config.ATTRIBUTION_RULES:
        raise ParameterError("attribution", rule, "one of " + ", ".join(config.ATTRIBUTION_RULES))
    return config.ATTRIBUTION_RULES[rule]


def select_attribution(incidents: pd.DataFrame, rule: str) -> pd.DataFrame:
    """Keep the incidents whose ``attribution`` the rule counts (iraqi or any)."""
    return incidents[incidents["attribution"].isin(counted_values(rule))]


def incident_attribution(reports: pd.DataFrame, grades: pd.Series | None = None) -> pd.Series:
    """Each report's incident's attribution, aligned on ``reports.index``.

    Args:
        reports: reports with ``incident_id`` and ``attribution``.
        grades: True for the reports that grade their incident
            (``analysis.clean.grades.grading``); None: all of them. A report rated below
            ``min_confidence`` that joined an attack others describe does not change it.
    """
    ranks = reports["attribution"].map(_RANK)
    if grades is not None:
        ranks = ranks.where(grades.astype(bool))
    best = ranks.groupby(reports["incident_id"]).transform("min")
    return best.map(lambda rank: config.ATTRIBUTIONS[int(rank)]).astype("str")


def attribution_failures(reports: pd.DataFrame, rule: str,
                         grades: pd.Series | None = None) -> pd.Series:
    """The reasons of the reports whose incident the rule does not count, by report label.

    Args:
        reports: reports with ``incident_id`` and ``attribution``.
        rule: the ``attribution`` parameter (iraqi or any).
        grades: the reports that grade their incident (see ``incident_attribution``).
    """
    counted = counted_values(rule)
    attack = incident_attribution(reports, grades)
    outside = ~attack.isin(counted)
    return ("attribution: the attack is " + attack[outside]
            + f" (the strongest of its reports); attribution {rule} counts "
            + ", ".join(counted))
