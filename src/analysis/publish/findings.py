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
from analysis.measure.grades import BELOW_WORDS, FIRM_WORDS, split
from analysis.measure.phases import phase_facts

TARGET_NAMES = {"us": "US forces", "israel": "Israel", "other": "other targets"}
EVIDENCE_NAMES = {"claimed": "claimed by a group only", "confirmed": "confirmed by officials only",
                  "both": "both claimed and officially confirmed",
                  "media": "reported by the media only"}


def key_findings(incidents: pd.DataFrame, totals: pd.DataFrame, *, start: str, end: str,
                 noun: str = "this dataset", min_confidence: str = "low") -> list[str]:
    """The report's summary: one sentence per finding, every number computed here.

    Counts are of the attacks at or above ``min_confidence``; where those below it change a
    count, the sentence gives both ("32 attacks at medium or high confidence, 54 with those
    rated low"). Peaks, places, evidence and casualties are of the firm attacks alone.
    """
    if incidents.empty:
        return [f"No attacks are recorded in {noun} between {_day(start)} and {_day(end)}."]
    firm, low = split(incidents, min_confidence)
    sentences = [_overall(firm, len(low), start, end, noun, min_confidence),
                 *_phases(firm, low, end, min_confidence)]
    if not firm.empty:
        sentences += [_peaks(firm), _where(firm), _evidence(firm), _casualties(firm)]
    sentences.append(_campaign(firm, low, totals, noun, min_confidence))
    return [s for s in sentences if s]


def _both(firm: int, low: int, minimum: str) -> str:
    """Attacks at or above ``minimum``, and with those below it when there are any.

    "32 attacks at medium or high confidence, 54 with those rated low", or "32 attacks".
    """
    if not low:
        return _attacks(firm)
    return (f"{_attacks(firm)} at {FIRM_WORDS[minimum]} confidence, {firm + low:,} with those "
            f"rated {BELOW_WORDS[minimum]}")


def _campaign(firm: pd.DataFrame, low: pd.DataFrame, totals: pd.DataFrame, noun: str,
              minimum: str) -> str:
    campaign = second_campaign_facts(firm, totals)
    if not (campaign and campaign["claimed"]):
        return ""
    low_since = _since_last_phase(low)
    recorded = _both(campaign["recorded"], low_since, minimum) + ("," if low_since else "")
    return (f"In the second campaign the groups claimed {campaign['claimed']:,} operations "
            f"between {_day(campaign['claimed_from'])} and {_day(campaign['claimed_to'])} by "
            f"their own count; {noun} ties {recorded} since "
            f"{_day(config.PHASES[-1][0])} to a site and a day.")


def _since_last_phase(incidents: pd.DataFrame) -> int:
    return int((pd.to_datetime(incidents["event_date"]) >= pd.Timestamp(config.PHASES[-1][0]))
               .sum())


def _day(iso: str) -> str:
    return f"{pd.Timestamp(iso):%-d %B %Y}"


def _attacks(count: int) -> str:
    return f"{count:,} attack" + ("" if count == 1 else "s")


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


def _overall(incidents: pd.DataFrame, low: int, start: str, end: str, noun: str,
             minimum: str) -> str:
    counts = incidents["target_type"].value_counts()
    parts = [f"{int(counts.get(t, 0)):,} on {name}" for t, name in TARGET_NAMES.items()
             if counts.get(t, 0)]
    split_ = (": " + ", ".join(parts)) if parts else ""
    return (f"Between {_day(start)} and {_day(end)}, {noun} records "
            f"{_both(len(incidents), low, minimum)}{split_}.")


def _phases(incidents: pd.DataFrame, low: pd.DataFrame, end: str, minimum: str) -> list[str]:
    sentences = []
    for fact, under in zip(phase_facts(incidents, end), phase_facts(low, end), strict=True):
        if pd.Timestamp(fact.first) > pd.Timestamp(end):
            continue
        if not fact.attacks and not under.attacks:
            sentences.append(f"Phase {fact.label} ({_day(fact.first)} to {_day(fact.last)}): "
                             "no attacks recorded.")
            continue
        split_ = ", ".join(f"{n:,} on {TARGET_NAMES[t]}" for t, n in fact.by_target.items() if n)
        sentences.append(f"Phase {fact.label} ({_day(fact.first)} to {_day(fact.last)}): "
                         f"{_both(fact.attacks, under.attacks, minimum)}"
                         + (f" ({split_})" if split_ else "") + ".")
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
