"""Each chart's data file, from a default run of the shipped dataset: its totals are the
incidents table's, firm and below min_confidence alike."""

from __future__ import annotations

import pandas as pd
import plotly.io as pio
import pytest

from analysis import config
from analysis.charts.data import chart_data
from analysis.charts.export import write_chart_data
from analysis.inputs.tables import read_table
from analysis.measure.frequency import filter_incidents
from analysis.measure.grades import split
from analysis.run import steps
from tests.charts_built import run_charts

FIRM, LOW = "medium or high", "low"
TARGETS = {"US forces": "us", "Israel": "israel"}


@pytest.fixture(scope="module")
def default_figures(tmp_path_factory):
    """Every chart of a default run, the folder its tables are in, and its window."""
    folder = tmp_path_factory.mktemp("default")
    figures, start, end = run_charts(folder, config.RAW_INCIDENTS, config.RAW_SITES, "region",
                                     {"min_confidence": "medium"})
    return figures, folder, start, end


@pytest.fixture(scope="module")
def default_run(default_figures):
    """Every chart's CSV (read back) and the window's firm and low incidents."""
    figures, folder, start, end = default_figures
    data = {name: read_table(write_chart_data(fig, folder / f"{name}.csv"))
            for name, fig in figures.items()}
    incidents = filter_incidents(steps.load_incidents(str(folder)), start=start, end=end)
    return data, dict(zip((FIRM, LOW), split(incidents, "medium"), strict=True))


def _sums(data: pd.DataFrame, series: str | None = None) -> dict[str, int]:
    chosen = data if series is None else data[data["series"].eq(series)]
    return {grade: int(chosen.loc[chosen["grade"].eq(grade), "value"].sum())
            for grade in (FIRM, LOW)}


def _counts(parts: dict[str, pd.DataFrame], keep=None) -> dict[str, int]:
    return {grade: int(len(part) if keep is None else keep(part).sum())
            for grade, part in parts.items()}


@pytest.mark.parametrize("name", ["attacks_stacked", "attacks_heatmap",
                                  "attacks_small_multiples"])
def test_chart_data__period_charts_count_every_attack(default_run, name):
    data, parts = default_run
    assert _sums(data[name]) == _counts(parts)
    assert _counts(parts)[LOW] > 0


def test_chart_data__map_counts_every_located_attack(default_run):
    data, parts = default_run
    assert _sums(data["attacks_map"]) == _counts(parts, lambda p: p["latitude"].notna())


@pytest.mark.parametrize("target", TARGETS)
def test_chart_data__cumulative_ends_at_each_targets_count(default_run, target):
    data, parts = default_run
    lines = data["attacks_cumulative"]
    lines = lines[lines["series"].eq("cumulative attacks") & lines["place"].eq(target)]
    last = lines[lines["period"].eq(lines["period"].max())].set_index("grade")["value"]
    assert last.to_dict() == _counts(parts, lambda p: p["target_type"].eq(TARGETS[target]))


@pytest.mark.parametrize("target", TARGETS)
def test_chart_data__coverage_counts_each_targets_attacks(default_run, target):
    data, parts = default_run
    bars = data["coverage_by_month"]
    assert _sums(bars[bars["place"].eq(target)], "attacks recorded") == _counts(
        parts, lambda p: p["target_type"].eq(TARGETS[target]))


def test_chart_data__claims_count_the_second_campaigns_attacks(default_run):
    data, parts = default_run
    since = pd.Timestamp(config.PHASES[-1][0]) - pd.Timedelta(days=1)
    assert _sums(data["claims_vs_recorded_2026"], "attacks tied to a site") == _counts(
        parts, lambda p: pd.to_datetime(p["event_date"]) >= since)
    march = data["claims_vs_recorded_2026"]
    march = march[march["period"].str.startswith("2026-03")]
    assert _sums(march, "attacks tied to a site") == _counts(
        parts, lambda p: p["event_date"].str.startswith("2026-03"))


@pytest.mark.parametrize("panel", ["weapon", "group named"])
def test_chart_data__phase_panels_count_every_attack_once(default_run, panel):
    data, parts = default_run
    assert _sums(data["attacks_by_phase"], panel) == _counts(parts)


def test_chart_data__a_chart_read_back_from_json_gives_the_same_rows(default_figures):
    """Plotly writes numeric arrays as typed base64 blocks and dates as text in JSON."""
    for name, fig in default_figures[0].items():
        again = pio.from_json(fig.to_json())
        pd.testing.assert_frame_equal(chart_data(again), chart_data(fig), obj=name)
