"""The matching rule of analysis.measure.matching: tolerance by precision, places, one to one, ties.

Frames are built here from constant rows (made-up ids); the fixtures in tests/fixtures/
(acled_compare.csv, ucdp_compare.csv) are made up too.
"""

from __future__ import annotations

import html
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import config
from analysis.charts.comparison import chart_comparison
from analysis.errors import InputError
from analysis.measure import matching
from analysis.publish.comparison import report_section, unmatched_view

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
DAY = "2024-01-10"
# Two points about 5 km and about 40 km north of the base below (1 degree of latitude is
# about 111 km).
BASE_LAT, BASE_LON = 33.786, 42.441
LAT_5_KM, LAT_40_KM = BASE_LAT + 5 / 111.2, BASE_LAT + 40 / 111.2


def _incident(incident_id: str = "I-1", event_date: str = DAY, **overrides) -> dict:
    return {"incident_id": incident_id, "event_date": event_date, "site_id": "ain-al-asad",
            "site_name": "Ain al-Asad Air Base", "region": "Iraq - Anbar/West",
            "country": "Iraq", "latitude": BASE_LAT, "longitude": BASE_LON,
            "target_type": "us", "source_urls": "https://example.org/a", **overrides}


def _event(event_id: str = "E-1", event_date: str = DAY, precision: str = "day",
           **overrides) -> dict:
    return {"incident_id": f"ACLED-{event_id}", "report_ids": event_id,
            "event_date": event_date, "date_precision": precision, "site_id": "ain-al-asad",
            "site_name": "Ain al-Asad Air Base", "region": "Iraq - Anbar/West",
            "country": "Iraq", "latitude": BASE_LAT, "longitude": BASE_LON,
            "target_type": "us", "location": "FIXTURE place", "outlets": "FIXTURE Outlet",
            **overrides}


def _frames(incidents: list[dict], events: list[dict]) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.DataFrame(incidents), pd.DataFrame(events)


def _pairs(incidents: list[dict], events: list[dict]) -> set[tuple[str, str]]:
    table = matching.build_comparison(*_frames(incidents, events))
    both = table[table["status"] == "both"]
    return set(zip(both["project_incident_id"], both["export_event_id"], strict=True))


def _shift(days: int) -> str:
    return (pd.Timestamp(DAY) + pd.Timedelta(days=days)).strftime("%Y-%m-%d")


# tolerance_days


def test_tolerance_days__follows_the_precision_labels():
    labels = pd.Series(["day", "week", "month", "year", "", None])
    assert matching.tolerance_days(labels).tolist() == [
        matching.TOLERANCE_DAYS[p] for p in ("day", "week", "month", "year",
                                            matching.DEFAULT_PRECISION,
                                            matching.DEFAULT_PRECISION)]


def test_tolerance_days__unknown_label_raises():
    with pytest.raises(InputError, match="unknown precision fortnight"):
        matching.tolerance_days(pd.Series(["fortnight"]))


# Dates: the tolerance follows the export's precision.


@pytest.mark.parametrize(("precision", "gap", "matched"), [
    pytest.param("day", 0, True, id="day-same-day"),
    pytest.param("day", matching.TOLERANCE_DAYS["day"], True, id="day-a-day-apart"),
    pytest.param("day", -matching.TOLERANCE_DAYS["day"], True, id="day-a-day-before"),
    pytest.param("day", 2, False, id="day-two-days-apart"),
    pytest.param("day", 3, False, id="day-three-days-apart"),
    pytest.param("week", 3, True, id="week-three-days-apart"),
    pytest.param("week", matching.TOLERANCE_DAYS["week"], True, id="week-at-tolerance"),
    pytest.param("week", matching.TOLERANCE_DAYS["week"] + 1, False, id="week-beyond"),
    pytest.param("month", 20, True, id="month-twenty-days"),
    pytest.param("month", matching.TOLERANCE_DAYS["month"] + 1, False, id="month-beyond"),
    pytest.param("year", 200, True, id="year-200-days"),
    pytest.param("", 1, True, id="empty-precision-is-day"),
    pytest.param("", 2, False, id="empty-precision-two-days"),
])
def test_build_comparison__date_tolerance_follows_precision(precision, gap, matched):
    pairs = _pairs([_incident()], [_event(event_date=_shift(gap), precision=precision)])
    assert (pairs == {("I-1", "E-1")}) is matched


# Places


@pytest.mark.parametrize(("overrides", "rule"), [
    pytest.param({}, "same site", id="same-site"),
    pytest.param({"site_id": "iraq-al-anbar", "latitude": LAT_5_KM}, matching.PLACE_RULES[1],
                 id="5-km-other-site-id"),
    pytest.param({"site_id": "iraq-unspecified", "region": "Iraq - unspecified",
                  "latitude": LAT_5_KM}, matching.PLACE_RULES[1], id="5-km-other-region"),
    pytest.param({"site_id": "iraq-al-anbar", "latitude": LAT_40_KM}, "same region",
                 id="40-km-same-region"),
    pytest.param({"site_id": "iraq-al-anbar", "latitude": np.nan, "longitude": np.nan},
                 "same region", id="no-coordinates-same-region"),
])
def test_build_comparison__place_rules(overrides, rule):
    table = matching.build_comparison(*_frames([_incident()], [_event(**overrides)]))
    assert table["status"].tolist() == ["both"]
    assert table["place_rule"].tolist() == [rule]


@pytest.mark.parametrize("overrides", [
    pytest.param({"site_id": "x", "region": "Iraq - other", "latitude": LAT_40_KM},
                 id="40-km-other-region"),
    pytest.param({"site_id": "x", "region": "Syria - South (al-Tanf)", "country": "Syria",
                  "latitude": LAT_5_KM}, id="5-km-but-another-country"),
    pytest.param({"site_id": "x", "region": "Israel - South", "country": "Israel",
                  "latitude": 29.558, "longitude": 34.948}, id="another-region"),
])
def test_build_comparison__places_that_disagree_do_not_match(overrides):
    table = matching.build_comparison(*_frames([_incident()], [_event(**overrides)]))
    assert sorted(table["status"]) == ["only_export", "only_project"]


def test_build_comparison__same_site_id_without_coordinates_is_only_the_region():
    unspecified = {"site_id": "iraq-unspecified", "region": "Iraq - unspecified",
                   "latitude": np.nan, "longitude": np.nan}
    table = matching.build_comparison(*_frames([_incident(**unspecified)],
                                              [_event(**unspecified)]))
    assert table["place_rule"].tolist() == ["same region"]


def test_candidate_pairs__distance_is_haversine_km():
    pairs = matching.candidate_pairs(*_frames([_incident()], [_event(latitude=LAT_5_KM)]))
    assert pairs["distance_km"].iloc[0] == pytest.approx(5.0, abs=0.05)


# One to one, closest first, ties


def test_build_comparison__one_incident_takes_one_event():
    table = matching.build_comparison(*_frames([_incident()],
                                              [_event("E-1"), _event("E-2", _shift(1))]))
    assert _status_of(table, "E-1") == "both"
    assert _status_of(table, "E-2") == "only_export"


def test_build_comparison__one_event_takes_one_incident():
    table = matching.build_comparison(*_frames([_incident("I-1"), _incident("I-2", _shift(1))],
                                              [_event()]))
    assert table.set_index("project_incident_id")["status"].to_dict() == {
        "I-1": "both", "I-2": "only_project"}


def test_build_comparison__closest_date_wins_over_smaller_id():
    pairs = _pairs([_incident()], [_event("E-1", _shift(1)), _event("E-2")])
    assert pairs == {("I-1", "E-2")}


def test_build_comparison__better_place_wins_at_equal_gap():
    far = {"site_id": "iraq-al-anbar", "latitude": LAT_40_KM}
    pairs = _pairs([_incident()], [_event("E-1", **far), _event("E-2")])
    assert pairs == {("I-1", "E-2")}


def test_build_comparison__shorter_distance_wins_at_equal_gap_and_rule():
    pairs = _pairs([_incident()], [_event("E-1", site_id="x", latitude=LAT_5_KM + 0.05),
                                   _event("E-2", site_id="y", latitude=LAT_5_KM)])
    assert pairs == {("I-1", "E-2")}


def test_build_comparison__exact_tie_goes_to_the_smaller_ids():
    pairs = _pairs([_incident("I-2"), _incident("I-1")], [_event("E-2"), _event("E-1")])
    assert pairs == {("I-1", "E-1"), ("I-2", "E-2")}
    pairs = _pairs([_incident("I-1")], [_event("E-2"), _event("E-1")])
    assert pairs == {("I-1", "E-1")}


def test_build_comparison__greedy_takes_closest_pair_first_then_the_rest():
    # E-1 is on I-2's day and a day after I-1; E-2 is a day before I-1 (two from I-2).
    # The closest pair (I-2, E-1) goes first, then I-1 takes E-2: taking pairs by id
    # instead would give I-1 E-1 and leave both I-2 and E-2 unmatched.
    incidents = [_incident("I-1", _shift(-1)), _incident("I-2")]
    events = [_event("E-1"), _event("E-2", _shift(-2))]
    assert _pairs(incidents, events) == {("I-2", "E-1"), ("I-1", "E-2")}


def test_build_comparison__does_not_depend_on_input_order():
    rng = np.random.default_rng(3)
    incidents = [_incident(f"I-{i}", _shift(int(d))) for i, d in
                 enumerate(rng.integers(0, 20, 30))]
    events = [_event(f"E-{i}", _shift(int(d)), rng.choice(["day", "week"]))
              for i, d in enumerate(rng.integers(0, 20, 30))]
    first = matching.build_comparison(*_frames(incidents, events))
    again = matching.build_comparison(*_frames(incidents[::-1], events[::-1]))
    pd.testing.assert_frame_equal(first, again)
    both = first[first["status"] == "both"]
    assert both["project_incident_id"].is_unique
    assert both["export_event_id"].is_unique


def test_build_comparison__every_item_once():
    incidents = [_incident(f"I-{i}", _shift(i)) for i in range(5)]
    events = [_event(f"E-{i}", _shift(2 * i)) for i in range(5)]
    table = matching.build_comparison(*_frames(incidents, events))
    assert sorted(table["project_incident_id"].dropna()) == [f"I-{i}" for i in range(5)]
    assert sorted(table["export_event_id"].dropna()) == [f"E-{i}" for i in range(5)]
    assert list(table.columns) == matching.COMPARISON_COLUMNS


def test_build_comparison__empty_sides():
    no_incidents = pd.DataFrame([_incident()]).iloc[:0]
    no_events = pd.DataFrame([_event()]).iloc[:0]
    assert matching.build_comparison(no_incidents, pd.DataFrame([_event()]))[
        "status"].tolist() == ["only_export"]
    assert matching.build_comparison(pd.DataFrame([_incident()]), no_events)[
        "status"].tolist() == ["only_project"]
    assert matching.build_comparison(no_incidents, no_events).empty


def test_build_comparison__inputs_not_mutated():
    incidents, events = _frames([_incident("I-2"), _incident("I-1")], [_event()])
    before = incidents.copy(), events.copy()
    matching.build_comparison(incidents, events)
    pd.testing.assert_frame_equal(incidents, before[0])
    pd.testing.assert_frame_equal(events, before[1])


def _status_of(table: pd.DataFrame, event_id: str) -> str:
    return table.loc[table["export_event_id"] == event_id, "status"].item()


# Summary, views, report section


def test_summarise_comparison__zero_filled_with_shares():
    table = matching.build_comparison(*_frames(
        [_incident("I-1"), _incident("I-2", "2024-03-05")],
        [_event("E-1"), _event("E-9", "2024-02-20", region="Israel - South",
                                country="Israel", site_id="il-eilat")]))
    summary = matching.summarise_comparison(table, freq="month", start="2024-01-01",
                                           end="2024-03-31")
    assert len(summary) == 3 * len(config.REGIONS)
    assert summary[list(matching.STATUSES)].sum().to_dict() == {
        "both": 1, "only_project": 1, "only_export": 1}
    anbar = summary[summary["region"] == "Iraq - Anbar/West"].set_index("period_start")
    assert anbar.loc["2024-01-01", "share_matched"] == 1.0
    assert anbar.loc["2024-03-01", "project_share_matched"] == 0.0
    assert np.isnan(anbar.loc["2024-02-01", "share_matched"])


def test_monthly_counts__every_month_of_the_window():
    table = matching.build_comparison(*_frames([_incident()], [_event("E-1", "2024-03-02")]))
    monthly = matching.monthly_counts(table, start="2024-01-01", end="2024-04-30")
    assert len(monthly) == 4
    assert monthly.sum().to_dict() == {"both": 0, "only_project": 1, "only_export": 1,
                                       "both_low_confidence": 0,
                                       "only_project_low_confidence": 0}


def test_unmatched_view__escapes_text_and_links_sources():
    table = matching.build_comparison(*_frames(
        [_incident(source_urls="https://example.org/a?x=1&y=2 ; javascript:alert(1)")],
        [_event(event_date="2024-06-01", location="<script>bad()</script>",
                outlets="A & B")]))
    project = unmatched_view(table, "only_project").to_html()
    assert '<a href="https://example.org/a?x=1&amp;y=2"' in project
    assert 'href="javascript' not in project
    export = unmatched_view(table, "only_export").to_html()
    assert "<script>" not in export
    assert html.escape("<script>bad()</script>") in export
    assert "A &amp; B" in export


def test_unmatched_view__repeats_byte_for_byte():
    table = matching.build_comparison(*_frames([_incident()], [_event(event_date="2024-06-01")]))
    assert (unmatched_view(table, "only_export").to_html()
            == unmatched_view(table, "only_export").to_html())


def test_report_section__has_counts_chart_and_escaped_tables():
    table = matching.build_comparison(*_frames(
        [_incident()], [_event("E-1"), _event("E-2", "2024-06-01", outlets="<b>x</b>")]))
    summary = matching.summarise_comparison(table, freq="month", start="2024-01-01",
                                           end="2024-06-30")

    figure = chart_comparison(matching.monthly_counts(table, start="2024-01-01",
                                                            end="2024-06-30"),
                                     start="2024-01-01", end="2024-06-30", window="w",
                                     note="FIXTURE <note>")
    section = report_section(table, summary, figure)
    assert section.startswith('<section id="comparison">')
    assert "1 matched pairs, 0 incidents only in the project and 1 events only" in section
    assert 'id="chart-comparison"' in section
    assert "<b>x</b>" not in section
    assert "&lt;b&gt;x&lt;/b&gt;" in section
    assert "FIXTURE <note>" not in section
    linked = report_section(table, summary, figure, data="figures/comparison_by_month.csv")
    assert '<a href="figures/comparison_by_month.csv">data</a>' in linked
    assert ">data</a>" not in section


def test_export_format__refuses_the_project_format():
    with pytest.raises(InputError, match="expected an ACLED or a UCDP GED export"):
        matching.export_format(config.RAW_INCIDENTS)


@pytest.mark.parametrize(("name", "fmt"), [("acled_compare.csv", "acled"),
                                           ("ucdp_compare.csv", "ucdp")])
def test_export_format__fixtures(name, fmt):
    assert matching.export_format(FIXTURES / name) == fmt


# Wiring: the third notebook only with --compare; its parameters; the report's section


def test_notebooks__third_only_when_comparing():
    assert config.notebooks() == config.NOTEBOOKS
    assert config.notebooks(compare=True) == (*config.NOTEBOOKS, config.COMPARE_NOTEBOOK)


def test_route_parameters__compare_values_reach_notebook_3_only():
    from analysis.run.produce import route_parameters

    routed = route_parameters({"compare_path": "x.csv", "comparison_dir": "t", "freq": "week",
                               "show_low_confidence": False},
                              config.notebooks(compare=True))
    assert routed[config.COMPARE_NOTEBOOK] == {"compare_path": "x.csv", "comparison_dir": "t",
                                               "freq": "week", "show_low_confidence": False}
    assert routed["02_frequency.ipynb"] == {"freq": "week", "show_low_confidence": False}
    with pytest.raises(RuntimeError, match="no notebook declares compare_path"):
        route_parameters({"compare_path": "x.csv"})


def test_build_report__shows_sections_before_the_sources(tmp_path):
    from analysis import config
    from analysis.inputs import sources
    from analysis.publish.report import build_report
    from analysis.run import params

    fragment = '<section id="comparison"><h2>Compared with the export</h2></section>'
    page = build_report(tables_dir=config.PROCESSED_DIR,
                        frequency_notebook=config.NOTEBOOKS_DIR / "02_frequency.ipynb",
                        target=tmp_path / "report.html", parameters=dict(params.DEFAULTS),
                        dataset_version="test", source=sources.describe(config.RAW_INCIDENTS),
                        totals_path=config.RAW_TOTALS, downloads="tables",
                        sections=(fragment,)).read_text(encoding="utf-8")
    assert fragment in page
    assert page.index(fragment) < page.index('<h2 id="sources-and-how-to-cite">')
