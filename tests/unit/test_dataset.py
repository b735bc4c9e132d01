"""The shipped dataset: valid against its data package, fully resolvable, codebook in step."""

from __future__ import annotations

import re
import subprocess
import sys

import pandas as pd
import pytest
from frictionless import Package

from analysis import config
from analysis.clean import clean_incidents


@pytest.fixture(scope="module")
def everything():
    return clean_incidents(min_confidence="low")


@pytest.fixture(scope="module")
def default():
    return clean_incidents(min_confidence="medium")


def test_datapackage__files_are_valid():
    report = Package(str(config.RAW_DIR / "datapackage.json")).validate()
    errors = [error.message for task in report.tasks for error in task.errors]
    assert report.valid, errors[:5]


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


def _codebook_table() -> pd.DataFrame:
    text = (config.RAW_DIR / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- month-table:start -->\n(.*?)<!-- month-table:end -->", text, re.S)
    lines = [line for line in block.group(1).splitlines() if re.match(r"\| \d{4}-\d{2}", line)]
    cells = [[c.strip() for c in line.strip("|").split("|")][:6] for line in lines]
    return pd.DataFrame(cells, columns=["month", "rows", "all", "medium", "us", "israel"])


def _by_month(dates: pd.Series, months: pd.PeriodIndex) -> list[str]:
    counts = pd.to_datetime(dates).dt.to_period("M").value_counts()
    return counts.reindex(months, fill_value=0).astype(str).tolist()


def test_codebook__month_table_matches_the_file(everything, default):
    table = _codebook_table()
    months = pd.PeriodIndex(table["month"], freq="M")
    raw = pd.read_csv(config.RAW_INCIDENTS, dtype=str, keep_default_na=False)
    incidents = default.incidents
    assert table["rows"].tolist() == _by_month(raw["event_date"], months)
    assert table["all"].tolist() == _by_month(everything.incidents["event_date"], months)
    assert table["medium"].tolist() == _by_month(incidents["event_date"], months)
    for target in ("us", "israel"):
        chosen = incidents.loc[incidents["target_type"] == target, "event_date"]
        assert table[target].tolist() == _by_month(chosen, months)
    assert pd.period_range(months.min(), months.max(), freq="M").equals(months)
