"""The report's findings: every number equals the table it comes from."""

from __future__ import annotations

import pandas as pd

from analysis.measure.facts import casualty_facts, concentration, evidence_shares, peak_months
from analysis.measure.phases import phase_facts
from analysis.publish import findings, report
from analysis.publish.html_tables import incident_rows, source_links


def _incidents() -> pd.DataFrame:
    rows = [  # date, target, region, site, evidence, killed, wounded
        ("2023-10-20", "us", "Jordan", "Tower 22", "both", 3, 40),
        ("2023-11-02", "us", "Iraq - Anbar/West", "Ain al-Asad", "claimed", None, None),
        ("2023-11-05", "us", "Iraq - Anbar/West", "Ain al-Asad", "confirmed", 0, 2),
        ("2024-05-01", "israel", "Israel - South", "Eilat", "claimed", None, None),
        ("2026-03-02", "us", "Iraq - Baghdad", "Victory", "media", None, 1),
    ]
    return pd.DataFrame(rows, columns=["event_date", "target_type", "region", "site_name",
                                       "evidence", "killed", "wounded"])


def _totals() -> pd.DataFrame:
    return pd.DataFrame({"period_start": ["2026-02-28"], "period_end": ["2026-03-11"],
                         "target_type": ["us"], "count": [291], "reported_by": ["claim"]})


def test_phase_facts__counts_per_phase_and_target():
    facts = {f.label: f for f in phase_facts(_incidents(), "2026-04-30")}
    assert facts["1: US bases"].attacks == 3
    assert facts["1: US bases"].by_target == {"us": 3, "israel": 0, "other": 0}
    assert facts["2: Israel"].by_target["israel"] == 1
    assert facts["3: lull"].attacks == 0
    assert facts["4: US forces again"].last == "2026-04-30"
    assert sum(f.attacks for f in facts.values()) == len(_incidents())


def test_peak_months__earliest_of_the_busiest():
    assert peak_months(_incidents(), "us") == ("2023-11", 2)
    assert peak_months(_incidents(), "other") is None


def test_concentration_and_evidence_and_casualties():
    incidents = _incidents()
    assert concentration(incidents, "region", 2) == [("Iraq - Anbar/West", 2),
                                                              ("Iraq - Baghdad", 1)]
    assert evidence_shares(incidents) == {"claimed": 2, "confirmed": 1, "both": 1,
                                                   "media": 1}
    assert casualty_facts(incidents) == {"killed": 3, "wounded": 43,
                                                  "attacks_with_deaths": 1,
                                                  "attacks_with_casualty_report": 3}


def test_key_findings__sentences_carry_the_computed_numbers():
    sentences = findings.key_findings(_incidents(), _totals(), start="2023-10-17",
                                      end="2026-04-30")
    text = " ".join(sentences)
    assert "records 5 attacks: 4 on US forces, 1 on Israel." in text
    assert "Phase 3: lull (1 December 2024 to 28 February 2026): no attacks recorded." in text
    assert "on US forces in November 2023 (2)" in text
    assert "40% claimed by a group only (2)" in text
    assert "3 killed and 43 wounded" in text
    assert "claimed 291 operations between 28 February 2026 and 11 March 2026" in text
    assert "ties 1 attack since 1 March 2026" in text


def test_key_findings__empty_window_says_so():
    assert findings.key_findings(_incidents().iloc[:0], _totals(), start="2025-01-01",
                                 end="2025-03-31", noun="this export") == [
        "No attacks are recorded in this export between 1 January 2025 and 31 March 2025."]


def test_incident_rows__markup_stays_text_and_sources_are_links():
    incidents = _incidents().assign(
        site_name=["<script>alert(1)</script>", *["x"] * 4],
        weapon_category="drone", groups="", summary="a <b>bold</b> claim",
        source_urls=["https://a.example/1 ; https://b.example/2?x=1&y=2",
                     *["https://c.example"] * 4])
    rows = incident_rows(incidents)
    assert rows.loc[0, "Site"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert rows.loc[0, "Summary"] == "a &lt;b&gt;bold&lt;/b&gt; claim"
    assert rows.loc[0, "Sources"] == ('<a href="https://a.example/1">[1]</a> '
                                      '<a href="https://b.example/2?x=1&amp;y=2">[2]</a>')
    assert source_links("javascript:alert(1)") == "javascript:alert(1)"


def test_window_words__parameters_in_words():
    words = report.window_words({"freq": "month", "region_level": "region", "target": "all",
                                 "min_confidence": "medium", "attribution": "iraqi"},
                                "2023-10-17", "2026-04-30")
    assert words == ("window 17 Oct 2023 to 30 Apr 2026, monthly, by target region, all "
                     "targets, attacks claimed by or attributed to Iraqi groups, counts at medium "
                     "or high confidence, those rated low drawn apart")


def test_window_words__any_attribution():
    words = report.window_words({"target": "us", "min_confidence": "low", "attribution": "any"},
                                "2023-10-17", "2026-04-30")
    assert words.endswith("US forces only, all attacks on the selected targets, Iran-backed "
                          "and unattributed included")
