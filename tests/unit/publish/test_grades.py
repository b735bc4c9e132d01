"""The findings, the phase table and the report state both counts where they differ."""

from __future__ import annotations

import json

import nbformat
import pandas as pd

from analysis import config
from analysis.inputs import gazetteer, sources
from analysis.measure.grades import Grades
from analysis.publish import captions, findings, report, views
from analysis.run import steps
from tests.conftest import make_row

TOTALS = pd.DataFrame({"period_start": ["2026-02-28"], "period_end": ["2026-03-11"],
                       "target_type": ["us"], "count": [291], "reported_by": ["claim"]})


def _graded() -> pd.DataFrame:
    rows = [("2023-10-20", "us", "medium", "Tower 22", "Jordan"),
            ("2023-10-21", "us", "low", "Tower 22", "Jordan"),
            ("2023-11-05", "us", "high", "Ain al-Asad", "Iraq - Anbar/West"),
            ("2024-05-06", "israel", "high", "Eilat", "Israel - South"),
            ("2026-03-02", "us", "medium", "Victory", "Iraq - Baghdad"),
            ("2026-03-03", "us", "low", "Victory", "Iraq - Baghdad"),
            ("2026-03-04", "us", "low", "Erbil", "Iraq - Kurdistan Region")]
    frame = pd.DataFrame(rows, columns=["event_date", "target_type", "confidence", "site_name",
                                        "region"])
    return frame.assign(evidence="claimed", killed=None, wounded=None)


def test_key_findings__both_counts_where_they_differ():
    text = " ".join(findings.key_findings(_graded(), TOTALS, start="2023-10-17",
                                          end="2026-04-30", min_confidence="medium"))
    assert ("records 4 attacks at medium or high confidence, 7 with those rated low: "
            "3 on US forces, 1 on Israel.") in text
    assert ("Phase 1: US bases (17 October 2023 to 4 February 2024): 2 attacks at medium or "
            "high confidence, 3 with those rated low (2 on US forces).") in text
    assert "Phase 2: Israel (5 February 2024 to 30 November 2024): 1 attack (1 on Israel)." in text
    assert ("ties 1 attack at medium or high confidence, 3 with those rated low, since "
            "1 March 2026 to a site and a day") in text


def test_key_findings__min_confidence_low_counts_every_attack_once():
    text = " ".join(findings.key_findings(_graded(), TOTALS, start="2023-10-17",
                                          end="2026-04-30"))
    assert "records 7 attacks: 6 on US forces, 1 on Israel." in text
    assert "with those rated" not in text


def test_phase_table__all_with_those_rated_low_where_they_differ():
    table = report.phase_table(_graded(), "2026-04-30", "medium").set_index("Phase")
    assert table.loc["1: US bases", "All"] == 2
    assert table.loc["1: US bases", "All, with those rated low"] == "3"
    assert table.loc["2: Israel", "All, with those rated low"] == ""
    assert "All, with those rated low" not in report.phase_table(_graded(), "2026-04-30", "low")


def test_band_caption__names_the_band_for_each_chart():
    for name in captions.CAPTIONS:
        sentence = captions.band_caption(name, Grades("medium"))
        assert "low confidence: weak attribution or conflicting sources" in sentence, name
    assert captions.band_caption("attacks_stacked", Grades("low")) == ""


def test_window_words__counts_and_the_band_in_words():
    words = report.window_words({"min_confidence": "medium", "show_low_confidence": True},
                                "2023-10-17", "2026-04-30")
    assert words.endswith("counts at medium or high confidence, those rated low drawn apart")
    hidden = report.window_words({"min_confidence": "medium", "show_low_confidence": False},
                                 "2023-10-17", "2026-04-30")
    assert hidden.endswith("counts at medium or high confidence")


def test_build_report__charts_link_their_data_and_name_the_band(raw_csv, sites_csv, tmp_path):
    rows = [make_row(), make_row(report_id="r-2", event_date="2023-11-20", confidence="low",
                                 source_url="https://example.org/b")]
    tables = tmp_path / "tables"
    steps.run_clean(str(raw_csv(rows)), str(sites_csv), str(tables), min_confidence="medium")
    result = steps.run_frequency(steps.load_incidents(str(tables)), str(tables), freq="month",
                                 region_level="region", target="all", start="2023-10-17",
                                 end="2023-12-31", sites=gazetteer.load_sites(sites_csv),
                                 min_confidence="medium")
    figures = steps.build_charts(result, steps.load_totals(str(config.RAW_TOTALS)), freq="month",
                                 region_level="region", target="all")
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        'figures["attacks_stacked"].show()', outputs=[nbformat.v4.new_output(
            "display_data", data={report.PLOTLY_MIME: json.loads(
                figures["attacks_stacked"].to_json())})])])
    nbformat.write(notebook, tmp_path / "02.ipynb")
    page = report.build_report(
        tables_dir=tables, frequency_notebook=tmp_path / "02.ipynb",
        target=tmp_path / "report.html",
        parameters={"min_confidence": "medium", "end": "2023-12-31", "start": "2023-10-17"},
        dataset_version="test", source=sources.describe(config.RAW_INCIDENTS),
        totals_path=config.RAW_TOTALS, downloads="tables", figures="figures",
    ).read_text(encoding="utf-8")
    # A link on screen; in print (the PDF) the file's path as text, never a file:// link.
    assert '<span class="screen-only"><a href="figures/attacks_stacked.csv">data</a>' in page
    assert "low confidence: weak attribution or conflicting sources" in page
    assert "1 attack at medium or high confidence, 2 with those rated low" in page


def test_coverage_view__recorded_with_those_rated_low_where_they_differ():
    coverage = pd.DataFrame({"month": ["2024-07", "2024-08"], "target_type": ["us", "us"],
                             "recorded": [2, 1], "recorded_low_confidence": [1, 0],
                             "published": pd.array([4, 3], dtype="Int64"),
                             "basis": ["whole month", "whole month"], "share": [0.5, 0.33]})
    view = views.coverage_view(coverage)
    assert view["recorded, with those rated low"].tolist() == ["3", ""]
    firm_only = views.coverage_view(coverage.assign(recorded_low_confidence=0))
    assert "recorded, with those rated low" not in firm_only


def test_monthly_by_target__firm_counts_and_those_below_apart():
    table = views.monthly_by_target(_graded(), min_confidence="medium")
    assert table.loc["2023-10"].to_dict() == {"israel": 0, "us": 1, "all": 1,
                                              "low_confidence": 1}
    assert table["low_confidence"].sum() == 3
    assert table.loc["2026-03", "all"] == 1


def test_coverage_view__names_what_lies_below_min_confidence_high():
    coverage = pd.DataFrame({"month": ["2024-07"], "target_type": ["us"], "recorded": [1],
                             "recorded_low_confidence": [2],
                             "published": pd.array([4], dtype="Int64"),
                             "basis": ["whole month"], "share": [0.25]})
    view = views.coverage_view(coverage, min_confidence="high")
    assert view["recorded, with those rated medium or low"].tolist() == ["3"]
    assert "recorded, with those rated low" not in view


def test_window_words__an_unrated_export_says_nothing_of_grades():
    words = report.window_words({"min_confidence": "medium", "show_low_confidence": True},
                                "2023-10-17", "2026-04-30", rated=False)
    assert "confidence" not in words
    assert "rated" not in words


def test_period_table__cells_add_those_rated_below_where_there_are_any():
    selected = pd.DataFrame({
        "period_start": ["2023-10-01", "2023-10-01", "2023-11-01", "2023-11-01"],
        "place": ["Jordan", "Iraq - Baghdad"] * 2,
        "attacks": [2, 1, 0, 0], "attacks_low_confidence": [1, 0, 0, 2]})
    table = report.period_table(selected, "region").set_index("Period starting")
    assert table.to_dict("index") == {
        "2023-10-01": {"Jordan": "2 +1", "Iraq - Baghdad": "1", "All": "3 +1"},
        "2023-11-01": {"Jordan": "0", "Iraq - Baghdad": "0 +2", "All": "0 +2"}}
    firm = report.period_table(selected.drop(columns="attacks_low_confidence"), "region")
    assert firm.set_index("Period starting").loc["2023-10-01"].tolist() == [2, 1, 3]
    assert report.period_caption(selected, Grades("medium")).endswith(
        'attacks at medium or high confidence; "+n": n more rated low')
    assert report.period_caption(selected.drop(columns="attacks_low_confidence"),
                                 Grades("medium")).endswith("is a download)")
