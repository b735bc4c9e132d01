"""Attribution: an incident takes its strongest report's value; the run's rule selects incidents."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.clean.attribution import select_attribution, strongest
from analysis.clean.incidents import clean_incidents
from analysis.errors import ParameterError
from tests.conftest import make_row

# One incident of each value, in the order of the codebook.
ONE_OF_EACH = pd.DataFrame({
    "incident_id": ["I-a", "I-b", "I-c", "I-d"],
    "attribution": ["claimed", "attributed", "iran_backed", "unattributed"],
})


def _clean(path, sites, **kwargs):
    return clean_incidents(path, sites, start="2023-10-17", end="2026-12-31", **kwargs)


@pytest.mark.parametrize(("rule", "kept"), [
    ("iraqi", ["claimed", "attributed"]),
    ("any", ["claimed", "attributed", "iran_backed", "unattributed"]),
])
def test_select_attribution__one_incident_of_each_value(rule, kept):
    assert select_attribution(ONE_OF_EACH, rule)["attribution"].tolist() == kept


def test_select_attribution__unknown_rule_names_the_parameter():
    with pytest.raises(ParameterError, match="parameter 'attribution': got 'iran', expected "
                                             "one of iraqi, any"):
        select_attribution(ONE_OF_EACH, "iran")


@pytest.mark.parametrize(("values", "expected"), [
    (["unattributed", "iran_backed"], "iran_backed"),
    (["iran_backed", "attributed", "unattributed"], "attributed"),
    (["unattributed", "claimed", "attributed"], "claimed"),
    (["unattributed"], "unattributed"),
])
def test_strongest__claimed_over_attributed_over_iran_backed_over_unattributed(values, expected):
    assert strongest(pd.Series(values)) == expected


def _two_attacks() -> list[dict[str, str]]:
    """One attack told by a claim and an unattributed official report; one only iran_backed."""
    return [make_row(report_id="r-1", reported_by="claim", attribution="claimed",
                     source_url="https://a.org/1"),
            make_row(report_id="r-2", reported_by="official", attribution="unattributed",
                     claimed_by="", source_url="https://b.org/2"),
            make_row(report_id="r-3", event_date="2023-11-20", site="Erbil airport",
                     reported_by="official", attribution="iran_backed", claimed_by="",
                     source_url="https://c.org/3")]


def test_clean_incidents__an_incident_takes_its_strongest_report(raw_csv, sites_csv):
    result = _clean(raw_csv(_two_attacks()), sites_csv, attribution="any")
    assert result.incidents.set_index("report_ids")["attribution"].to_dict() == {
        "r-1; r-2": "claimed", "r-3": "iran_backed"}
    assert result.reports.set_index("report_id")["attribution"].to_dict() == {
        "r-1": "claimed", "r-2": "unattributed", "r-3": "iran_backed"}


def test_clean_incidents__iraqi_sets_aside_the_reports_of_other_attacks(raw_csv, sites_csv):
    result = _clean(raw_csv(_two_attacks()), sites_csv, attribution="iraqi")
    assert result.incidents["report_ids"].tolist() == ["r-1; r-2"]
    assert result.rejected["report_id"].tolist() == ["r-3"]
    assert result.rejected["reason"].tolist() == [
        "attribution: the attack is iran_backed (the strongest of its reports); attribution "
        "iraqi counts claimed, attributed"]
    summary = result.summary.set_index("step")["rows"]
    assert (summary["raw rows"], summary["rejected rows"], summary["incidents"]) == (3, 1, 1)
    assert summary["  rejected: attribution"] == 1


def test_clean_incidents__a_low_report_does_not_change_a_firm_attacks_attribution(raw_csv,
                                                                                  sites_csv):
    # The medium report blames "Iran-backed groups"; a low-rated claim of the same attack
    # joins it without making it the militias' (a run without the low report counts nothing).
    rows = [make_row(report_id="r-1", confidence="medium", attribution="iran_backed",
                     reported_by="official", claimed_by=""),
            make_row(report_id="r-2", confidence="low", attribution="claimed",
                     source_url="https://example.org/b"),
            make_row(report_id="r-3", event_date="2023-11-20", confidence="low",
                     attribution="claimed", source_url="https://example.org/c")]
    result = _clean(raw_csv(rows), sites_csv, min_confidence="medium", attribution="iraqi")
    assert result.incidents[["incident_id", "attribution", "confidence"]].values.tolist() == [
        ["I-r-3", "claimed", "low"]]
    assert sorted(result.rejected["report_id"]) == ["r-1", "r-2"]
    counted = _clean(raw_csv(rows), sites_csv, min_confidence="medium", attribution="any")
    firm = counted.incidents.set_index("incident_id").loc["I-r-1"]
    assert (firm["attribution"], firm["confidence"], firm["report_count"]) == (
        "iran_backed", "medium", 2)
