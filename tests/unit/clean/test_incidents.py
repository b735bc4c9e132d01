"""Cleaning: normalisation, provenance of merged incidents, row accounting."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import config
from analysis.clean.incidents import clean_incidents
from analysis.inputs.normalise import canonical_groups, group_index, weapon_categories
from tests.conftest import make_row


def _clean(path, sites, **kwargs):
    return clean_incidents(path, sites, start="2023-10-17", end="2026-12-31", **kwargs)


def test_clean_incidents__merged_incident_keeps_provenance(raw_csv, sites_csv):
    rows = [make_row(report_id="r-1", reported_by="claim", source_url="https://a.org/1",
                     outlet="A", wounded=""),
            make_row(report_id="r-2", event_date="2023-11-02", reported_by="official",
                     site="Ayn al-Assad", source_url="https://b.org/2", outlet="B", wounded="3"),
            make_row(report_id="r-3", reported_by="media", source_url="https://c.org/3",
                     outlet="C", wounded="5", killed="0")]
    result = _clean(raw_csv(rows), sites_csv)
    incident = result.incidents.iloc[0]
    assert len(result.incidents) == 1
    assert incident["report_count"] == 3
    assert incident["report_ids"] == "r-1; r-3; r-2"
    assert incident["source_urls"].split(" ; ") == ["https://a.org/1", "https://c.org/3",
                                                   "https://b.org/2"]
    assert incident["evidence"] == "both"
    assert (incident["killed"], incident["wounded"]) == (0, 5)
    assert incident["event_date"] == "2023-11-01"
    assert incident["region"] == "Iraq - Anbar/West"


def test_clean_incidents__rows_below_min_confidence_are_kept_and_graded(raw_csv, sites_csv):
    rows = [make_row(), make_row(report_id="r-2", confidence="low", site="Eilat port",
                                 target_type="israel"),
            make_row(report_id="r-3", confidence="", site="Erbil airport")]
    result = _clean(raw_csv(rows), sites_csv, min_confidence="medium")
    assert result.rejected.empty
    assert sorted(result.reports["report_id"]) == ["r-001", "r-2", "r-3"]
    grades = result.incidents.set_index("incident_id")["confidence"].fillna("").to_dict()
    assert grades == {"I-r-001": "high", "I-r-2": "low", "I-r-3": ""}
    summary = result.summary.set_index("step")["rows"]
    assert summary["  incidents rated below min_confidence medium"] == 1


def test_clean_incidents__an_attack_is_graded_by_its_best_report(raw_csv, sites_csv):
    rows = [make_row(confidence="medium", claimed_by=""),
            make_row(report_id="r-2", confidence="low", reported_by="official",
                     source_url="https://example.org/b", claimed_by="Kataib Hezbollah",
                     killed="4", event_date="2023-10-31")]
    result = _clean(raw_csv(rows), sites_csv, min_confidence="medium")
    incident = result.incidents.iloc[0]
    assert len(result.incidents) == 1
    assert incident["confidence"] == "medium"
    # What the attack is comes from the report that grades it; the low one adds a source.
    assert (incident["event_date"], incident["groups"], incident["evidence"]) == (
        "2023-11-01", "", "claimed")
    assert pd.isna(incident["killed"])
    assert (incident["report_count"], incident["report_ids"]) == (2, "r-2; r-001")
    low = _clean(raw_csv(rows), sites_csv, min_confidence="low").incidents.iloc[0]
    assert (low["confidence"], low["event_date"], low["evidence"]) == (
        "medium", "2023-10-31", "both")


def test_clean_incidents__summary_adds_up(raw_csv, sites_csv):
    rows = [make_row(), make_row(report_id="r-2", source_url="https://x.org"),
            make_row(report_id="r-3", site="Nowhere")]
    summary = _clean(raw_csv(rows), sites_csv).summary.set_index("step")["rows"]
    assert summary["raw rows"] == 3
    assert summary["rejected rows"] == 1
    assert summary["  rejected: site"] == 1
    assert summary["reports merged into an earlier report's incident"] == 1
    assert summary["incidents"] == 1


def test_canonical_groups__spellings_and_unmapped():
    index = group_index({"Kataib Hezbollah": ["Kata'ib Hizballah"],
                         "Islamic Resistance in Iraq": ["IRI"]})
    names, unmapped = canonical_groups(
        pd.Series(["kata'ib hizballah", "IRI; Kataib Hezbollah", "", "Unknown Brigade"]), index)
    assert names.tolist() == ["Kataib Hezbollah", "Islamic Resistance in Iraq; Kataib Hezbollah",
                              "", "Unknown Brigade"]
    assert unmapped == {"Unknown Brigade"}


def test_weapon_categories__rules():
    mapping = {"drone": ["drone", "مسيرة"], "rocket": ["rocket", "katyusha"],
               "missile": ["missile"]}
    texts = pd.Series(["two drones", "Katyusha rockets", "drones and rockets", "", "mortar?",
                       "طائرة مسيرة", "Missile"])
    assert weapon_categories(texts, mapping).astype(str).tolist() == [
        "drone", "rocket", "mixed", "unknown", "other", "drone", "missile"]


_SITE_NAMES = st.sampled_from(["Ain al-Asad", "Erbil airport", "Eilat port", "Mars base", ""])
_DATES = st.sampled_from(["2023-10-20", "2023-10-21", "2024-02-30", "2023-01-01", "x"])
_KINDS = st.sampled_from(list(config.REPORTED_BY) + ["?"])
_URLS = st.sampled_from(["https://a.org", "https://b.org", "ftp://c", ""])


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(_SITE_NAMES, _DATES, _KINDS, _URLS), min_size=1, max_size=25))
def test_clean_incidents__every_raw_row_is_accounted_for(raw_csv, sites_csv, rows):
    raw = [make_row(report_id=f"r-{i}", site=site, event_date=date, reported_by=kind,
                    source_url=url) for i, (site, date, kind, url) in enumerate(rows)]
    result = _clean(raw_csv(raw), sites_csv)
    assert len(raw) == len(result.reports) + len(result.rejected)
    assert set(result.reports["report_id"]).isdisjoint(result.rejected["report_id"])
    assert result.incidents["report_count"].sum() == len(result.reports)


def test_clean_incidents__row_dated_after_today_is_rejected(raw_csv, sites_csv):
    rows = [make_row(), make_row(report_id="r-future", event_date="2099-01-01")]
    result = clean_incidents(raw_csv(rows), sites_csv, end=None)
    assert result.reports["report_id"].tolist() == ["r-001"]
    reason = result.rejected.set_index("report_id").loc["r-future", "reason"]
    assert reason == "event_date: after today (an attack cannot postdate the run)"
