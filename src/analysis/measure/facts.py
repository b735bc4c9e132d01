"""The numbers behind the report's findings, each computed from a run's incidents.

``analysis.publish.findings`` puts them into sentences; nothing here is typed in by hand.
"""

from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.measure.totals import period_bounds

# What an incident's evidence column holds, in the order findings list them.
EVIDENCE_KINDS = ("claimed", "confirmed", "both", "media")


TOP_PLACES_NAMED = 3


def peak_months(incidents: pd.DataFrame, target: str) -> tuple[str, int] | None:
    """The month with most attacks on one target type (the earliest of ties) and its count."""
    dates = pd.to_datetime(incidents.loc[incidents["target_type"].eq(target), "event_date"])
    if dates.empty:
        return None
    counts = dates.dt.to_period("M").value_counts()
    best = counts[counts.eq(counts.max())].sort_index()
    return str(best.index[0]), int(best.iloc[0])


def concentration(incidents: pd.DataFrame, column: str,
                  count: int = TOP_PLACES_NAMED) -> list[tuple[str, int]]:
    """The places (regions or sites) with most attacks, most first, ties by name."""
    counts = incidents[column].value_counts()
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [(str(name), int(n)) for name, n in ranked[:count]]


def evidence_shares(incidents: pd.DataFrame) -> dict[str, int]:
    """Attacks by evidence: claimed, confirmed, both, media (zeros included)."""
    counts = incidents["evidence"].value_counts()
    return {kind: int(counts.get(kind, 0)) for kind in EVIDENCE_KINDS}


def casualty_facts(incidents: pd.DataFrame) -> dict[str, int]:
    """Killed and wounded on the targeted side (each attack's highest report), and in how many."""
    killed = pd.to_numeric(incidents["killed"], errors="coerce")
    wounded = pd.to_numeric(incidents["wounded"], errors="coerce")
    return {"killed": int(killed.sum()), "wounded": int(wounded.sum()),
            "attacks_with_deaths": int(killed.gt(0).sum()),
            "attacks_with_casualty_report": int((killed.notna() | wounded.notna()).sum())}


def second_campaign_facts(incidents: pd.DataFrame, totals: pd.DataFrame) -> dict | None:
    """The groups' largest claimed count since the last phase began, against attacks recorded.

    None when the window holds no day of the last phase.
    """
    first = pd.Timestamp(config.PHASES[-1][0])
    dates = pd.to_datetime(incidents["event_date"])
    recorded = int((dates >= first).sum())
    claims = totals[totals["reported_by"].eq("claim")]
    starts, ends, _ = period_bounds(claims)
    since = claims[(starts >= first - pd.Timedelta(days=1))]
    if since.empty and recorded == 0:
        return None
    best = since.loc[since["count"].astype(int).idxmax()] if len(since) else None
    return {"recorded": recorded,
            "claimed": int(best["count"]) if best is not None else None,
            "claimed_from": best["period_start"] if best is not None else None,
            "claimed_to": str(ends[best.name].date()) if best is not None else None}
