"""run --compare end to end on the made-up fixtures: tables, chart, manifest, report.

tests/fixtures/acled_compare.csv and ucdp_compare.csv are made up (ids FIX..., notes and
headlines say FIXTURE), dated against real incidents of the shipped dataset: events that
match (a day apart, a few km away, within a week's or a month's tolerance), events that must
not (another actor, another country, three days apart, before the window), and a tie.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.charts.bands import BAND_GROUP
from analysis.charts.comparison import FIGURE_NAME
from analysis.measure import matching
from tests.conftest import run_cli

pytestmark = pytest.mark.integration
FIXTURES = config.PROJECT_ROOT / "tests" / "fixtures"
STATIC_OFF = ("-p", "export_static", "false")

ACLED_PAIRS = {
    ("I-s2401-016", "FIXACL0001"),  # Tower 22, a day later and 5 km away
    ("I-s2024gap-035", "FIXACL0002"),  # Eilat, 3 days later, week precision
    ("I-s2312-069", "FIXACL0003"),  # Erbil: the tie goes to the smaller id
    ("I-s2407-059", "FIXACL0009"),  # Golan, month precision: the closest date
    ("I-s2311-104", "FIXACL0011"),  # al-Shaddadi, rated low: matched after the firm ones
}
ACLED_ONLY_EXPORT = {"FIXACL0004", "FIXACL0007", "FIXACL0008"}  # tie loser, 3 days, lull
ACLED_NEVER_SELECTED = {"FIXACL0005", "FIXACL0006", "FIXACL0010"}  # actor, country, window


_run = run_cli


@pytest.fixture(scope="module")
def acled_run(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("compare") / "out"
    done = _run("--compare", str(FIXTURES / "acled_compare.csv"), "--out", str(out), *STATIC_OFF)
    assert done.returncode == 0, done.stderr
    assert "[3/3] 03_compare.ipynb" in done.stderr
    return out


@pytest.fixture(scope="module")
def plain_run(shipped_run) -> Path:
    assert "03_compare" not in shipped_run.stderr
    return shipped_run.out


def _table(out: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(out / "tables" / name, keep_default_na=False, na_values=[""])


def test_compare_run__pairs_and_unmatched_events(acled_run):
    table = _table(acled_run, matching.COMPARISON_FILE)
    both = table[table["status"] == "both"]
    assert set(zip(both["project_incident_id"], both["export_event_id"], strict=True)) == \
        ACLED_PAIRS
    only_export = table[table["status"] == "only_export"]
    assert set(only_export["export_event_id"]) == ACLED_ONLY_EXPORT
    assert not ACLED_NEVER_SELECTED & set(table["export_event_id"].dropna())
    incidents = _table(acled_run, "incidents.csv")
    window = incidents[incidents["event_date"] >= config.CAMPAIGN_START]
    assert table["project_incident_id"].dropna().sort_values().tolist() == \
        window["incident_id"].sort_values().tolist()  # every grade: the band is shown
    graded = table.set_index("project_incident_id")["project_confidence"]
    assert graded.loc["I-s2311-104"] == "low"
    assert set(table["status"]) == set(matching.STATUSES)
    assert list(table.columns) == matching.COMPARISON_COLUMNS


def test_compare_run__pairs_carry_both_sides(acled_run):
    table = _table(acled_run, matching.COMPARISON_FILE).set_index("export_event_id")
    tower = table.loc["FIXACL0001"]
    assert (tower["project_date"], tower["export_date"], tower["date_gap_days"]) == (
        "2024-01-28", "2024-01-29", 1)
    assert (tower["project_site_id"], tower["export_site_id"], tower["place_rule"]) == (
        "tower-22", "tower-22", "same site")
    assert tower["distance_km"] == pytest.approx(5.0, abs=0.2)
    assert tower["project_source_urls"].startswith("https://")
    assert tower["export_source"] == "FIXTURE Outlet A"
    eilat = table.loc["FIXACL0002"]
    assert (eilat["export_date_precision"], eilat["tolerance_days"]) == (
        "week", matching.TOLERANCE_DAYS["week"])


def test_compare_run__summary_is_zero_filled(acled_run):
    summary = _table(acled_run, matching.SUMMARY_FILE)
    table = _table(acled_run, matching.COMPARISON_FILE)
    months = pd.period_range(config.CAMPAIGN_START, config.COVERAGE_END, freq="M")
    assert len(summary) == len(months) * len(config.REGIONS)
    low = table["project_confidence"].eq("low")  # min_confidence medium
    assert summary[list(matching.STATUSES)].sum().to_dict() == \
        table.loc[~low, "status"].value_counts().to_dict()
    assert summary[list(matching.LOW_STATUS_COLUMNS)].sum().to_dict() == {
        f"{status}_low_confidence": count
        for status, count in table.loc[low, "status"].value_counts().items()}
    assert (summary[list(matching.STATUSES)] >= 0).all().all()


def test_compare_run__manifest_lists_comparison_outputs(acled_run):
    manifest = json.loads((acled_run / "manifest.json").read_text())
    kinds = {Path(e["path"]).name: e["kind"] for e in manifest["outputs"]}
    assert kinds[matching.COMPARISON_FILE] == "comparison"
    assert kinds[matching.SUMMARY_FILE] == "comparison"
    assert kinds[f"{FIGURE_NAME}.html"] == "figure"
    assert kinds["03_compare.ipynb"] == "notebook"
    rows = {Path(e["path"]).name: e.get("rows") for e in manifest["outputs"]}
    assert rows[matching.COMPARISON_FILE] == len(_table(acled_run, matching.COMPARISON_FILE))
    assert manifest["inputs"][-1]["path"] == "tests/fixtures/acled_compare.csv"
    assert manifest["parameters"]["compare"].endswith("acled_compare.csv")
    for entry in manifest["outputs"]:
        assert (acled_run / entry["path"]).is_file(), entry["path"]


def test_compare_run__report_has_the_section_escaped_and_linked(acled_run):
    text = (acled_run / "report.html").read_text(encoding="utf-8")
    assert text.count('<section id="comparison">') == 1
    assert "5 matched pairs (1 of them with an incident rated low)" in text
    assert 'id="chart-comparison"' in text
    assert "<script>alert(1)</script>" not in text
    assert "FIXTURE Outlet &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co" in text
    assert '<a href="https://' in text
    assert "FIXACL0007" in text
    assert "ACLED (Armed Conflict Location &amp; Event Data Project" in text


def test_compare_run__other_outputs_match_a_run_without_compare(acled_run, plain_run):
    compared = {p.name for p in (acled_run / "tables").iterdir()}
    plain = {p.name for p in (plain_run / "tables").iterdir()}
    assert compared - plain == {matching.COMPARISON_FILE, matching.SUMMARY_FILE}
    for name in sorted(plain):
        assert (plain_run / "tables" / name).read_bytes() == \
            (acled_run / "tables" / name).read_bytes(), name
    for figure in sorted((plain_run / "figures").iterdir()):
        assert figure.read_bytes() == (acled_run / "figures" / figure.name).read_bytes()
    assert sorted(p.name for p in (plain_run / "notebooks").iterdir()) == [
        "01_clean.ipynb", "02_frequency.ipynb"]
    assert 'id="comparison"' not in (plain_run / "report.html").read_text(encoding="utf-8")
    manifest = json.loads((plain_run / "manifest.json").read_text())
    assert "compare" not in manifest["parameters"]
    assert {e["kind"] for e in manifest["outputs"]}.isdisjoint({"comparison"})


def test_compare_run__ucdp_fixture_with_a_target(tmp_path):
    out = tmp_path / "out"
    done = _run("--compare", str(FIXTURES / "ucdp_compare.csv"), "--out", str(out),
                "-p", "target", "us", *STATIC_OFF)
    assert done.returncode == 0, done.stderr
    table = _table(out, matching.COMPARISON_FILE)
    both = table[table["status"] == "both"]
    assert set(zip(both["project_incident_id"], both["export_event_id"], strict=True)) == {
        ("I-s2401-016", "FIXU0001"), ("I-s2401-062", "FIXU0006")}
    assert set(table.loc[table["status"] == "only_export", "export_event_id"]) == {
        "FIXU0002", "FIXU0005"}  # three days apart; the lull. FIXU0003 is on Israel.
    assert set(table["project_region"].dropna()).isdisjoint(
        {r for r in config.REGIONS if r.startswith("Israel")})
    assert "UCDP Georeferenced Event Dataset" in (out / "report.html").read_text()


def test_compare_run__project_file_as_export_exits_2_before_notebooks(tmp_path):
    done = _run("--compare", str(config.RAW_INCIDENTS), "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    message = done.stderr.strip().splitlines()[-1]
    assert "expected an ACLED or a UCDP GED export to compare with" in message
    assert "01_clean" not in done.stderr
    assert not (tmp_path / "out" / "manifest.json").exists()


@pytest.mark.parametrize("name", ["compare_path", "comparison_dir", "compare_format"])
def test_compare_run__paths_refused_as_parameters(tmp_path, name):
    done = _run("-p", name, "x.csv", "--out", str(tmp_path / "out"))
    assert done.returncode == 2
    assert "set by the option" in done.stderr


def test_compare_run__chart_draws_the_incidents_rated_low_as_a_band(acled_run):
    """Incidents rated below min_confidence are matched last and drawn hatched: both say so."""
    words = "medium or high confidence, those rated low hatched on top"
    report = (acled_run / "report.html").read_text(encoding="utf-8")
    assert words in report
    assert "1 of them with an incident rated low" in report
    notebook = (acled_run / "notebooks" / "03_compare.ipynb").read_text(encoding="utf-8")
    assert words in notebook
    assert BAND_GROUP in notebook
