"""The report's key findings: numbers computed from a run's tables, then put in sentences.

Each ``*_facts`` function returns plain numbers (tested against the tables they come from);
``key_findings`` turns them into sentences. Nothing here is typed in by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis import aggregate, config

TARGET_NAMES = {"us": "US forces", "israel": "Israel", "other": "other targets"}
EVIDENCE_NAMES = {"claimed": "claimed by a group only", "confirmed": "confirmed by officials only",
                  "both": "both claimed and officially confirmed",
                  "media": "reported by the media only"}
TOP_PLACES_NAMED = 3


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
    phases = aggregate.phase_labels(incidents["event_date"])
    facts = []
    for first, last, label in config.PHASES:
        part = incidents[phases.eq(label).fillna(False).to_numpy(bool)]
        counts = part["target_type"].value_counts()
        facts.append(PhaseFact(label, first, last or end, len(part),
                               {target: int(counts.get(target, 0)) for target in TARGET_NAMES}))
    return facts


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
    return {kind: int(counts.get(kind, 0)) for kind in EVIDENCE_NAMES}


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
    starts, ends, _ = aggregate.period_bounds(claims)
    since = claims[(starts >= first - pd.Timedelta(days=1))]
    if since.empty and recorded == 0:
        return None
    best = since.loc[since["count"].astype(int).idxmax()] if len(since) else None
    return {"recorded": recorded,
            "claimed": int(best["count"]) if best is not None else None,
            "claimed_from": best["period_start"] if best is not None else None,
            "claimed_to": str(ends[best.name].date()) if best is not None else None}


def key_findings(incidents: pd.DataFrame, totals: pd.DataFrame, *, start: str, end: str,
                 noun: str = "this dataset") -> list[str]:
    """The report's summary: one sentence per finding, every number computed here."""
    if incidents.empty:
        return [f"No attacks are recorded in {noun} between {_day(start)} and {_day(end)}."]
    sentences = [_overall(incidents, start, end, noun), *_phases(incidents, end)]
    sentences += [_peaks(incidents), _where(incidents), _evidence(incidents),
                  _casualties(incidents)]
    campaign = second_campaign_facts(incidents, totals)
    if campaign and campaign["claimed"]:
        sentences.append(
            f"In the second campaign the groups claimed {campaign['claimed']:,} operations "
            f"between {_day(campaign['claimed_from'])} and {_day(campaign['claimed_to'])} by "
            f"their own count; {noun} ties {_attacks(campaign['recorded'])} since "
            f"{_day(config.PHASES[-1][0])} to a site and a day.")
    return [s for s in sentences if s]


def _day(iso: str) -> str:
    return f"{pd.Timestamp(iso):%-d %B %Y}"


def _attacks(count: int) -> str:
    return f"{count:,} attack" + ("" if count == 1 else "s")


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


def _overall(incidents: pd.DataFrame, start: str, end: str, noun: str) -> str:
    counts = incidents["target_type"].value_counts()
    parts = [f"{int(counts.get(t, 0)):,} on {name}" for t, name in TARGET_NAMES.items()
             if counts.get(t, 0)]
    return (f"Between {_day(start)} and {_day(end)}, {noun} records {_attacks(len(incidents))}: "
            + ", ".join(parts) + ".")


def _phases(incidents: pd.DataFrame, end: str) -> list[str]:
    sentences = []
    for fact in phase_facts(incidents, end):
        if pd.Timestamp(fact.first) > pd.Timestamp(end):
            continue
        if not fact.attacks:
            sentences.append(f"Phase {fact.label} ({_day(fact.first)} to {_day(fact.last)}): "
                             "no attacks recorded.")
            continue
        split = ", ".join(f"{n:,} on {TARGET_NAMES[t]}" for t, n in fact.by_target.items() if n)
        sentences.append(f"Phase {fact.label} ({_day(fact.first)} to {_day(fact.last)}): "
                         f"{_attacks(fact.attacks)} ({split}).")
    return sentences


def _peaks(incidents: pd.DataFrame) -> str:
    peaks = [(TARGET_NAMES[t], peak_months(incidents, t)) for t in ("us", "israel")]
    said = [f"on {name} in {pd.Period(month):%B %Y} ({n:,})" for name, found in peaks
            if found for month, n in [found]]
    return ("The busiest months were " + " and ".join(said) + ".") if said else ""


def _where(incidents: pd.DataFrame) -> str:
    total = len(incidents)
    regions = concentration(incidents, "region")
    sites = concentration(incidents, "site_name")
    region_text = ", ".join(f"{name} ({n:,}, {_share(n, total)})" for name, n in regions)
    site_text = ", ".join(f"{name} ({n:,})" for name, n in sites)
    return (f"Attacks concentrated in {region_text}; the most-attacked sites were "
            f"{site_text}.")


def _evidence(incidents: pd.DataFrame) -> str:
    shares = evidence_shares(incidents)
    total = len(incidents)
    parts = [f"{_share(n, total)} {EVIDENCE_NAMES[kind]} ({n:,})" for kind, n in shares.items()]
    return "Of all attacks, " + "; ".join(parts) + "."


def _casualties(incidents: pd.DataFrame) -> str:
    facts = casualty_facts(incidents)
    return (f"Reports give {facts['killed']:,} killed and {facts['wounded']:,} wounded on the "
            f"targeted side (the highest figure reported for each attack; "
            f"{_attacks(facts['attacks_with_casualty_report'])} with a casualty report, "
            f"{facts['attacks_with_deaths']:,} of them with deaths).")
