"""Each figure carries the data of its table; text from the data is escaped."""

from __future__ import annotations

import pandas as pd

from analysis.charts.frequency import chart_heatmap, chart_small_multiples, chart_stacked
from analysis.charts.map import chart_map
from analysis.charts.phases import chart_phase_mix
from analysis.charts.totals import chart_cumulative
from analysis.measure.frequency import frequency_table

WINDOW = dict(start="2023-10-17", end="2024-03-31")


def _incidents() -> pd.DataFrame:
    rows = [("2023-10-20", "Iraq - Anbar/West", "Iraq", "us", "Ain al-Asad", 33.8, 42.4),
            ("2023-10-21", "Iraq - Anbar/West", "Iraq", "us", "Ain al-Asad", 33.8, 42.4),
            ("2023-11-05", "Jordan", "Jordan", "us", "<script>alert(1)</script>", 33.3, 38.7),
            ("2024-02-10", "Israel - South", "Israel", "israel", "Eilat", 29.6, 34.9)]
    return pd.DataFrame(rows, columns=["event_date", "region", "country", "target_type",
                                       "site_name", "latitude", "longitude"])


def _table(level: str = "region") -> pd.DataFrame:
    return frequency_table(_incidents(), freq="month", region_level=level, **WINDOW)


def test_chart_stacked__bars_sum_to_table():
    table = _table()
    fig = chart_stacked(table, level="region", freq="month", window="w", **WINDOW)
    from_figure = {trace.name: sum(trace.y) for trace in fig.data}
    from_table = table.groupby("place")["attacks"].sum()
    assert from_figure == from_table[from_table > 0].to_dict()
    assert [t.marker.color for t in fig.data if t.name == "Jordan"] == ["#e6850e"]


def test_chart_heatmap__z_matches_pivot():
    table = _table()
    fig = chart_heatmap(table, level="region", freq="month", window="w", **WINDOW)
    assert fig.data[0].z.sum() == table["attacks"].sum()
    assert list(fig.data[0].y) == ["Iraq - Anbar/West", "Jordan", "Israel - South"]


def test_chart_cumulative__ends_at_totals_and_places_published_counts():
    totals = pd.DataFrame([{"period_start": "2023-10-21", "period_end": "2023-11-30",
                            "target_type": "us", "count": 10, "scope": "attacks",
                            "reported_by": "official", "outlet": "<b>x</b>"}])
    fig = chart_cumulative(_incidents(), totals, window="w", **WINDOW)
    lines = {t.uid: t for t in fig.data}
    assert lines["cum-us"].y[-1] == 3
    assert lines["cum-israel"].y[-1] == 1
    assert list(lines["pub-us"].y) == [11]  # 1 attack before 21 Oct + 10 published
    assert "&lt;b&gt;" in lines["pub-us"].text[0]


def test_chart_map__sizes_follow_counts_and_names_are_escaped():
    fig = chart_map(_incidents(), window="w")
    markers = {t.name: t for t in fig.data if t.uid != "outlines"}
    assert list(markers["Iraq - Anbar/West"].customdata) == [2]
    assert list(markers["Jordan"].text) == ["&lt;script&gt;alert(1)&lt;/script&gt;"]


def test_chart_small_multiples__one_panel_per_place_with_attacks():
    fig = chart_small_multiples(_table(), level="region", freq="month", window="w", **WINDOW)
    assert sorted(t.name for t in fig.data) == ["Iraq - Anbar/West", "Israel - South", "Jordan"]


def test_charts__titles_state_window_and_source():
    fig = chart_stacked(_table(), level="region", freq="month", window="17 Oct", **WINDOW)
    assert "17 Oct" in fig.layout.title.text
    assert any("Source:" in a.text for a in fig.layout.annotations)
    assert fig.layout.xaxis.title.text
    assert fig.layout.yaxis.title.text


def _claimed() -> pd.DataFrame:
    """Incidents with weapons and groups, in phases 1, 2 and 4 (none in the lull)."""
    rows = [("2023-10-20", "drone", "Islamic Resistance in Iraq"),
            ("2023-10-21", "rocket", ""),
            ("2024-01-05", "drone", "Kataib Hezbollah; Islamic Resistance in Iraq"),
            ("2024-06-01", "<b>bomb</b>", "<i>New Front</i>"),
            ("2026-03-02", "drone", "Saraya Awliya al-Dam")]
    return pd.DataFrame(rows, columns=["event_date", "weapon_category", "groups"])


def test_chart_phase_mix__bars_count_each_phase_once_per_panel():
    fig = chart_phase_mix(_claimed(), window="w")
    assert fig.layout.barnorm == "percent"
    per_panel = {"x": 0, "x2": 0}
    for trace in fig.data:
        per_panel[trace.xaxis] += sum(trace.x)
    assert per_panel == {"x": 5, "x2": 5}  # every incident once by weapon, once by group
    labels = set(fig.data[0].y)
    assert "Phase 1: US bases<br>(3 attacks)" in labels
    assert "Phase 3: lull<br>(0 attacks)" in labels
    names = {t.name for t in fig.data}
    assert {"several groups", "no group named", "&lt;i&gt;New Front&lt;/i&gt;"} <= names
    assert "other" in names  # the weapon outside the known categories
    assert not any("<b>" in n or "<i>" in n for n in names)
