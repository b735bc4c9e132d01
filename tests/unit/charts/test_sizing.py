"""Charts laid out for the size they are drawn at (``analysis.charts.sizing``)."""

from __future__ import annotations

import json

import plotly.graph_objects as go
import pytest

from analysis.charts import style
from analysis.charts.sizing import CHAR_PX, COLOURBAR_PX, SIZES, fit
from analysis.run.params import CHOICES


def _chart(places: int = 15) -> go.Figure:
    fig = go.Figure()
    for number in range(places):
        fig.add_bar(x=["2024-01-01"], y=[number], name=style.wrap(f"A long place name {number}"))
    style.mark_phases(fig, "2023-10-17", "2026-04-30")
    return style.apply_layout(fig, "Title", "Subtitle")


def _copy(fig: go.Figure) -> go.Figure:
    return go.Figure(json.loads(fig.to_json()))


@pytest.mark.parametrize("name", SIZES)
def test_fit__width_and_height_of_the_size(name):
    size = SIZES[name]
    fig = fit(_chart(), size, note="Source: a note")
    assert fig.layout.width == size.width
    assert size.min_height <= fig.layout.height <= size.max_height


def test_fit__slide_is_16_by_9_and_1080_pixels_high():
    fig = fit(_chart(), SIZES["slide"])
    assert fig.layout.width * 9 == fig.layout.height * 16
    assert round(fig.layout.height * SIZES["slide"].scale) == 1080


def test_fit__again_to_another_size_gives_what_fitting_once_gives():
    once = fit(_copy(_chart()), SIZES["web"], note="Source: a note")
    twice = fit(fit(_copy(_chart()), SIZES["slide"], note="Source: a note"), SIZES["web"])
    assert once.to_json() == twice.to_json()


def test_fit__more_legend_rows_at_print_than_on_the_web():
    web = fit(_chart(), SIZES["web"])
    print_ = fit(_chart(), SIZES["print"])
    assert web.layout.legend.entrywidth == pytest.approx(1 / 4)
    assert print_.layout.legend.entrywidth == pytest.approx(1 / 3)
    assert print_.layout.margin.b > web.layout.margin.b


def test_mark_phases__key_dates_are_numbered_markers_above_the_plot():
    fig = _chart()
    markers = [a for a in fig.layout.annotations if a.name == "key-date"]
    assert [m.text for m in markers] == ["1", "2,3", "4"]  # 28 Jan and 2 Feb 2024 share one
    assert all(m.y == 1.0 and m.yanchor == "bottom" and m.yshift > 0 for m in markers)
    assert not [a for a in fig.layout.annotations if a.textangle == -90]
    assert fig.layout.meta["key_dates"].startswith("Dotted lines: (1) Campaign on US forces")


def test_fit__key_dates_explained_under_the_chart_and_not_when_the_page_shows_them():
    titled = fit(_chart(), SIZES["print"], note="Source: a note")
    note = next(a for a in titled.layout.annotations if a.name == style.SOURCE_ANNOTATION)
    assert "Dotted lines: (1)" in note.text
    assert "Source: a note" in note.text
    untitled = fit(_chart(), SIZES["print"], titled=False)
    assert not [a for a in untitled.layout.annotations if a.name == style.SOURCE_ANNOTATION]
    assert not untitled.layout.title.text


def test_chart_size__a_parameter_with_the_three_sizes():
    assert CHOICES["chart_size"] == tuple(SIZES)


def _longest_legend_line(fig: go.Figure) -> int:
    return max(len(line) for trace in fig.data if trace.type != "heatmap" and trace.name
               for line in trace.name.split("<br>"))


def test_fit__legend_beside_a_heatmap_wrapped_to_its_narrower_plot():
    name = "low confidence: weak attribution or conflicting sources"
    plain = _chart(3)
    plain.add_scatter(x=[None], y=[None], name=name)
    heatmap = _copy(plain)
    heatmap.add_heatmap(z=[[1]])
    heatmap.update_layout(margin_l=290)
    plain_line = _longest_legend_line(fit(plain, SIZES["web"]))
    heatmap_line = _longest_legend_line(fit(heatmap, SIZES["web"]))
    assert heatmap_line < plain_line
    # The entry (swatch and text) fits its quarter of what is left beside the colour bar.
    assert heatmap_line * CHAR_PX + 45 <= (1100 - 290 - 30 - COLOURBAR_PX) / 4


def test_fit__a_lone_legend_entry_takes_the_whole_width():
    name = "low confidence: weak attribution or conflicting sources"
    fig = _chart(0)
    fig.add_scatter(x=[None], y=[None], name=name)
    fitted = fit(fig, SIZES["print"])
    assert fitted.layout.legend.entrywidth == 1
    assert fitted.data[-1].name == name
