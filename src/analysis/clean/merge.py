"""Merge source reports of the same attack into incidents.

The rule, applied per target site to reports sorted by date and report id: a report
joins the earliest open incident at the same site when all of these hold, and
otherwise opens a new incident:

1. its date is within ``MERGE_TOLERANCE_DAYS`` of the incident's first date;
2. no report of the incident on another date is of the same kind (claim, official,
   media): a claim one day and an official confirmation the next merge, while two
   claims on consecutive days stay two attacks;
3. the incident holds no report from the same page: a page that names two attacks on
   one base on one day describes two attacks;
4. the weapon categories do not conflict (drone, rocket and missile are exclusive;
   mixed, other and unknown agree with anything).

Reports rated below ``min_confidence`` are merged after all the others, by the same rule:
each joins the earliest compatible attack at its site, those the others formed first, or
opens one of its own. So they never change how the others merge: the attacks at or above
``min_confidence`` are exactly those of a run without the lower-rated reports, and the
ones below it are the attacks that only lower-rated reports describe.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from analysis import config

_EXCLUSIVE_WEAPONS = {"drone", "rocket", "missile"}


@dataclass
class _Incident:
    """Reports gathered so far for one attack."""

    incident_id: str
    first_date: pd.Timestamp
    weapon: str
    urls: set = field(default_factory=set)
    dated_kinds: list = field(default_factory=list)


def _compatible(incident: _Incident, date: pd.Timestamp, kind: str, url: str,
                weapon: str, tolerance: pd.Timedelta) -> bool:
    if url in incident.urls or abs(date - incident.first_date) > tolerance:
        return False
    if any(other_date != date and other_kind == kind
           for other_date, other_kind in incident.dated_kinds):
        return False
    return not ({weapon, incident.weapon} <= _EXCLUSIVE_WEAPONS and weapon != incident.weapon)


def _join(incident: _Incident, date: pd.Timestamp, kind: str, url: str,
          weapon: str) -> None:
    incident.urls.add(url)
    incident.dated_kinds.append((date, kind))
    if incident.weapon not in _EXCLUSIVE_WEAPONS:
        incident.weapon = weapon


def assign_incidents(reports: pd.DataFrame,
                     tolerance_days: int = config.MERGE_TOLERANCE_DAYS,
                     later: pd.Series | None = None) -> pd.Series:
    """Return, for each report, the id of the incident it belongs to.

    Args:
        reports: valid reports with ``report_id``, ``site_id``, ``event_date``
            (datetime), ``reported_by``, ``source_url`` and ``weapon_category``.
        tolerance_days: the largest gap in days between two reports of one attack.
        later: True for the reports merged after all the others (those rated below
            ``min_confidence``); None merges every report in one pass.

    Returns:
        A series aligned on ``reports.index``: ``I-`` plus the id of the incident's
        first report.
    """
    tolerance = pd.Timedelta(days=tolerance_days)
    later = pd.Series(False, index=reports.index) if later is None else later.astype(bool)
    formed: dict[object, list[_Incident]] = {}
    incident_of: dict[object, str] = {}
    for part in (reports[~later], reports[later]):
        _merge_pass(part, tolerance, formed, incident_of)
    return pd.Series(incident_of, dtype="str").reindex(reports.index)


def _merge_pass(reports: pd.DataFrame, tolerance: pd.Timedelta,
                formed: dict[object, list[_Incident]], incident_of: dict[object, str]) -> None:
    """Merge reports, by site, date and id, into the incidents ``formed`` holds per site.

    Each report joins the first compatible incident of its site (in the order they were
    opened) or opens a new one; ``incident_of`` records its incident's id.
    """
    ordered = reports.sort_values(["site_id", "event_date", "report_id"], kind="stable")
    # Plain Python values: iterating pandas rows (categoricals above all) is far slower.
    rows = zip(ordered.index, ordered["site_id"].tolist(), ordered["event_date"].tolist(),
               ordered["report_id"].tolist(), ordered["reported_by"].tolist(),
               ordered["source_url"].tolist(), ordered["weapon_category"].astype("str").tolist(),
               strict=True)
    for index, site_id, date, report_id, kind, url, weapon in rows:
        at_site = formed.setdefault(site_id, [])
        target = next((inc for inc in at_site
                       if _compatible(inc, date, kind, url, weapon, tolerance)), None)
        if target is None:
            target = _Incident(f"I-{report_id}", date, weapon)
            at_site.append(target)
        _join(target, date, kind, url, weapon)
        incident_of[index] = target.incident_id
