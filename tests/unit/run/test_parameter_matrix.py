"""Every freq x region_level x target through the functions the notebooks call.

On the shipped dataset, both export fixtures, a made-up export attacking 300 sites, and two
empty selections: the tables are zero-filled over every place of the level and hold every
incident; the place charts show the most-attacked places one by one and sum the rest into
one group, losing nothing.
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pandas as pd
import pytest

from analysis import config
from analysis.charts.bands import BAND_GROUP
from analysis.charts.data import chart_data
from analysis.charts.frequency import chart_heatmap, chart_small_multiples, chart_stacked
from analysis.inputs import gazetteer, sources
from analysis.measure import frequency
from analysis.measure.places import chart_limit
from analysis.run import steps
from tests.synthetic import write_many_sites

pytestmark = pytest.mark.integration  # every combination on six inputs: about a minute
FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TABLES = list(itertools.product(config.FREQ_TO_PERIOD, config.REGION_LEVELS))


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, dict]:
    """Cleaned incidents, gazetteer, source and window of each input."""
    folder = tmp_path_factory.mktemp("matrix")
    many_sites, many_events = write_many_sites(folder / "synthetic")
    cases = {
        "dataset": (config.RAW_INCIDENTS, config.RAW_SITES, {"min_confidence": "medium"}),
        "acled": (FIXTURES / "acled_sample.csv", config.RAW_SITES, {}),
        "ucdp": (FIXTURES / "ucdp_sample.csv", config.RAW_SITES, {}),
        "many-sites": (many_events, many_sites, {}),
        "lull-window": (config.RAW_INCIDENTS, config.RAW_SITES,
                        {"start": "2025-01-01", "end": "2025-05-31"}),
        "no-actor": (FIXTURES / "acled_sample.csv", config.RAW_SITES,
                     {"actors": "^no such group$"}),
    }
    prepared = {}
    for name, (raw, sites_path, options) in cases.items():
        start = options.pop("start", config.CAMPAIGN_START)
        end = options.pop("end", "")
        steps.run_clean(str(raw), str(sites_path), str(folder / name), start=start, end=end,
                        **options)
        source = sources.describe(raw)
        incidents = steps.load_incidents(str(folder / name))
        prepared[name] = {
            "incidents": incidents, "sites": gazetteer.load_sites(sites_path), "start": start,
            "end": frequency.window_end(incidents, end, start=start,
                                        coverage_end=source.coverage_end),
            "source": source, "out": folder / name}
    return prepared


def _frequency(case: dict, freq: str, level: str, target: str) -> steps.FrequencyResult:
    return steps.run_frequency(case["incidents"], str(case["out"]), freq=freq,
                               region_level=level, target=target, start=case["start"],
                               end=case["end"], sites=case["sites"])


@pytest.mark.parametrize("name", ["dataset", "acled", "ucdp", "many-sites", "lull-window",
                                  "no-actor"])
def test_every_combination__tables_and_place_charts(inputs, name):
    case = inputs[name]
    for target in config.TARGETS:
        result = _frequency(case, "month", "region", target)
        for freq, level in TABLES:
            _check_table(result, case, freq, level, target)


def _check_table(result: steps.FrequencyResult, case: dict, freq: str, level: str,
                 target: str) -> None:
    table = result.tables[freq, level]
    places = frequency.places(level, result.incidents, case["sites"], target)
    assert set(table["place"]) == set(places), (freq, level, target)
    assert len(table) == table["period_start"].nunique() * len(places)
    assert table["attacks"].sum() == len(result.incidents), (freq, level, target)
    _check_place_charts(table, level, freq, len(result.incidents))


def _check_place_charts(table: pd.DataFrame, level: str, freq: str, attacks: int) -> None:
    from analysis.charts import style

    attacked = table.groupby("place")["attacks"].sum().gt(0).sum()
    limit = chart_limit(level)
    shown = min(attacked, limit) + (attacked > limit)
    window = {"start": config.CAMPAIGN_START, "end": "2026-04-30"}
    stacked = chart_stacked(table, level=level, freq=freq, window="w", **window)
    assert len(stacked.data) == shown
    assert sum(sum(trace.y) for trace in stacked.data) == attacks
    if attacked > limit:
        assert stacked.data[-1].name.startswith("all other ")
        colours = [trace.marker.color for trace in stacked.data[:-1]]
        assert len(set(colours)) == len(colours)  # distinguishable: no colour twice
    panels = chart_small_multiples(table, level=level, freq=freq, window="w", **window)
    assert len(panels.data) == max(shown, 1)
    assert sum(sum(trace.y) for trace in panels.data) == attacks
    heatmap = chart_heatmap(table, level=level, freq=freq, window="w", **window)
    assert len(heatmap.data[0].y) == shown
    assert heatmap.layout.height <= style.MAX_HEIGHT


@pytest.mark.parametrize("name", ["dataset", "acled", "many-sites", "lull-window", "no-actor"])
@pytest.mark.parametrize("level", config.REGION_LEVELS)
def test_build_charts__every_chart_at_every_level(inputs, name, level):
    case = inputs[name]
    result = _frequency(case, "month", level, "all")
    figures = steps.build_charts(result, steps.load_totals(str(config.RAW_TOTALS)),
                                 freq="month", region_level=level, target="all",
                                 source=case["source"])
    assert len(figures) == 8
    empty = [fig for fig in figures.values()
             if any(a.name == "empty" for a in fig.layout.annotations)]
    assert len(empty) == (8 if result.incidents.empty else 0)
    for fig in empty:
        note = next(a.text for a in fig.layout.annotations if a.name == "empty")
        assert note.startswith("No attacks recorded between ")


@pytest.mark.parametrize(("attribution", "words"), [
    ("iraqi", "attacks claimed by or attributed to Iraqi groups"),
    ("any", "all attacks on the selected targets, Iran-backed and unattributed included")])
def test_build_charts__every_subtitle_says_which_attacks_count(inputs, attribution, words):
    case = inputs["dataset"]
    result = _frequency(case, "month", "region", "us")
    figures = steps.build_charts(result, steps.load_totals(str(config.RAW_TOTALS)),
                                 freq="month", region_level="region", target="us",
                                 source=case["source"], attribution=attribution)
    subtitles = {name: fig.layout.title.text.split("<br>", 1)[1] for name, fig in figures.items()}
    assert all(words in text for text in subtitles.values()), subtitles


@pytest.mark.parametrize(("name", "noun"), [("dataset", "this dataset"), ("acled", "this export"),
                                            ("ucdp", "this export")])
def test_build_charts__legends_name_the_input(inputs, name, noun):
    case = inputs[name]
    result = _frequency(case, "month", "region", "all")
    figures = steps.build_charts(result, steps.load_totals(str(config.RAW_TOTALS)),
                                 freq="month", region_level="region", target="all",
                                 source=case["source"])
    names = [trace.name or "" for key in ("attacks_cumulative", "claims_vs_recorded_2026")
             for trace in figures[key].data]
    legends = " ".join(names)
    assert noun in legends
    assert ("this dataset" in legends) == (noun == "this dataset")


def test_many_sites__country_and_site_tables_hold_every_place(inputs):
    case = inputs["many-sites"]
    result = _frequency(case, "month", "site", "all")
    assert result.selected["place"].nunique() == len(case["sites"]) == 300


@pytest.mark.parametrize(("name", "banded"), [("dataset", True), ("acled", False),
                                              ("ucdp", False)])
def test_build_charts__exports_draw_no_band_and_name_no_grade(inputs, name, banded):
    """Exports rate nothing: no band, no grade in a legend, none in the chart data."""
    case = inputs[name]
    result = steps.run_frequency(case["incidents"], str(case["out"]), freq="month",
                                 region_level="region", target="all", start=case["start"],
                                 end=case["end"], sites=case["sites"], min_confidence="medium")
    figures = steps.build_charts(result, steps.load_totals(str(config.RAW_TOTALS)),
                                 freq="month", region_level="region", target="all",
                                 source=case["source"])
    bands = [key for key, fig in figures.items()
             if any(trace.legendgroup == BAND_GROUP for trace in fig.data)]
    assert bool(bands) == banded, bands
    legends = " ".join(trace.name or "" for fig in figures.values() for trace in fig.data)
    assert ("confidence" in legends) == banded
    grades = {grade for fig in figures.values() for grade in chart_data(fig)["grade"]}
    assert (grades == {""}) == (not banded), grades
