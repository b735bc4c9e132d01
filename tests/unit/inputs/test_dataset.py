"""The shipped dataset: valid against its data package, fully resolvable, codebook in step."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest
from frictionless import Package

from analysis import config
from analysis.clean.incidents import clean_incidents


@pytest.fixture(scope="module")
def everything():
    return clean_incidents(min_confidence="low")


def test_datapackage__files_are_valid():
    report = Package(str(config.RAW_DIR / "datapackage.json")).validate()
    errors = [error.message for task in report.tasks for error in task.errors]
    assert report.valid, errors[:5]


def test_datapackage__refuses_an_unknown_attribution(tmp_path):
    folder = tmp_path / "raw"
    shutil.copytree(config.RAW_DIR, folder, ignore=shutil.ignore_patterns("research_log"))
    raw = pd.read_csv(folder / "incidents.csv", dtype=str, keep_default_na=False)
    raw.loc[3, "attribution"] = "pro-Iranian"
    raw.to_csv(folder / "incidents.csv", index=False, lineterminator="\n")
    report = Package(str(folder / "datapackage.json")).validate()
    errors = [error for task in report.tasks for error in task.errors]
    assert [(e.type, e.field_name, e.row_number) for e in errors] == [
        ("constraint-error", "attribution", 5)]


def test_datapackage__generated_from_the_column_dictionary():
    script = config.PROJECT_ROOT / "scripts" / "build_datapackage.py"
    done = subprocess.run([sys.executable, str(script), "--check"], cwd=config.PROJECT_ROOT)
    assert done.returncode == 0, "run scripts/build_datapackage.py"


def test_incidents__every_row_is_kept_with_all_confidence_levels(everything):
    assert everything.rejected.empty, everything.rejected[["report_id", "reason"]].head()
    assert everything.unmapped_groups == ()


def test_incidents__every_row_has_a_source_and_a_summary():
    raw = pd.read_csv(config.RAW_INCIDENTS, dtype=str, keep_default_na=False)
    assert raw["source_url"].str.match(r"https?://\S+$").all()
    assert raw["summary"].str.len().gt(0).all()


def test_codebook__month_table_matches_the_file(everything):
    from analysis.run import check

    files = check.RawFiles.within(config.RAW_DIR)
    assert check.month_table_problems(files, everything.incidents,
                                      check.default_incidents(everything.reports)) == []


def test_codebook__month_table_runs_to_the_end_of_coverage():
    from analysis.run import check

    months = check.codebook_month_table(config.RAW_DIR / "README.md")["month"]
    expected = pd.period_range(config.CAMPAIGN_START, config.COVERAGE_END, freq="M")
    assert months.tolist() == expected.astype(str).tolist()
