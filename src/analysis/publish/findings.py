"""The report's key findings: numbers computed from a run's tables, then put in sentences.

The numbers come from ``analysis.measure.facts`` and ``analysis.measure.phases`` (tested
against the tables they come from); ``key_findings`` turns them into sentences. Nothing here
is typed in by hand.
"""

from __future__ import annotations

import pandas as pd

from analysis import config
from analysis.measure.facts import (
    casualty_facts,
    concentration,
    evidence_shares,
    peak_months,
    second_campaign_facts,
)
from analysis.measure.phases import phase_facts

TARGET_NAMES = {"us": "US forces", "israel": "Israel", "other": "other targets"}
EVIDENCE_NAMES = {"claimed": "claimed by a group only", "confirmed": "confirmed by officials only",
                  "both": "both claimed and officially confirmed",
                  "media": "reported by the media only"}


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
