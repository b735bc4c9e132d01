"""No text on any chart overlaps other text; time axes end where the window ends.

Every chart of a run (shipped data at region and site level, the 300-site synthetic export,
the comparison chart), laid out at every size (web, print: the A4 text column, slide), is
exported to SVG with kaleido in one batch, opened in Chromium, and each character's box
measured (``getExtentOfChar``, mapped to the page). Two characters of
different text elements whose boxes share more than a quarter of the smaller one overlap.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from pathlib import Path

import kaleido
import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.charts.browser import browser_available
from analysis.charts.sizing import SIZES, fit
from analysis.charts.static_export import write_static
from analysis.publish.report import page_figure
from tests.charts_built import all_charts

# Each visible character (no white space) as [element, character, left, top, right, bottom].
MEASURE = """() => [...document.querySelectorAll('text')].flatMap((el, index) => {
  if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true})) return [];
  const text = el.textContent, ctm = el.getScreenCTM(), boxes = [];
  for (let i = 0; i < el.getNumberOfChars(); i++) {
    if (/\\s/.test(text[i] || ' ')) continue;
    const r = el.getExtentOfChar(i);
    const xs = [], ys = [];
    for (const [x, y] of [[r.x, r.y], [r.x + r.width, r.y], [r.x, r.y + r.height],
                          [r.x + r.width, r.y + r.height]]) {
      const p = new DOMPoint(x, y).matrixTransform(ctm);
      xs.push(p.x); ys.push(p.y);
    }
    boxes.push([index, text[i], Math.min(...xs), Math.min(...ys), Math.max(...xs),
                Math.max(...ys)]);
  }
  return boxes;
})"""
MAX_SHARED = 0.25  # of the smaller box
# Two strings on one line closer than this (in character heights) run into each other.
MIN_GAP = 0.2
TIME_CHARTS = ("attacks_stacked", "attacks_heatmap", "attacks_cumulative",
               "attacks_small_multiples", "claims_vs_recorded_2026", "coverage_by_month",
               "comparison_by_month")


@pytest.fixture(scope="module")
def charts(tmp_path_factory) -> dict[str, tuple[go.Figure, str, str]]:
    return all_charts(tmp_path_factory.mktemp("charts"))


@pytest.fixture(scope="module")
def svgs(charts, tmp_path_factory) -> dict[str, Path]:
    if not browser_available():
        if os.environ.get("CI"):
            pytest.fail("CI needs Chromium: tasks.py installs Debian's chromium")
        pytest.skip("no Chromium for SVG export on this machine")
    folder = tmp_path_factory.mktemp("svg")
    sizes = {f"{size}/{key}": fit(go.Figure(json.loads(fig.to_json())), SIZES[size])
             for size in SIZES for key, (fig, _, _) in charts.items()}
    # As the report's PDF draws them: print size, at most half a page high, untitled.
    sizes |= {f"page/{key}": page_figure(json.loads(fig.to_json()))
              for key, (fig, _, _) in charts.items() if key.startswith("region/")}
    write_static({key.replace("/", "__"): fig for key, fig in sizes.items()}, folder,
                 formats=("svg",))
    return {key: folder / f"{key.replace('/', '__')}.svg" for key in sizes}


@pytest.fixture(scope="module")
def characters(svgs, browser) -> dict[str, list[list]]:
    page = browser.new_page()
    measured = {}
    for key, path in svgs.items():
        page.goto(path.as_uri())
        measured[key] = page.evaluate(MEASURE)
    page.close()
    return measured


def overlaps(boxes: list[list]) -> list[str]:
    """Pairs of characters of different text elements on each other or run into each other.

    On each other: sharing more than MAX_SHARED of the smaller box; run into each other: on
    one line with less than MIN_GAP character heights between them.
    """
    found, active = [], []
    for box in sorted(boxes, key=lambda b: b[2]):
        active = [other for other in active if other[4] + other[5] - other[3] > box[2]]
        for other in active:
            if other[0] != box[0] and (_shared(box, other) > MAX_SHARED
                                       or _run_into(other, box)):
                found.append(f"{other[1]!r}@({other[2]:.0f},{other[3]:.0f}) "
                             f"on {box[1]!r}@({box[2]:.0f},{box[3]:.0f})")
        active.append(box)
    return found


def shared_pairs(boxes: list[list]) -> list[str]:
    """Pairs of characters whose boxes share more than MAX_SHARED of the smaller one.

    ``boxes`` come in the order they are written: neighbours in that order are letters of one
    word, which kerning may draw closer ("y," or "T."), and are not compared. Boxes share
    area only within a band of lines (``_bands``), so each band is swept on its own: a page
    of the report's appendix holds thousands of characters in one column of x.
    """
    return [pair for band in _bands(boxes) for pair in _shared_in_band(band)]


def _bands(boxes: list[list]) -> list[list[list]]:
    """The boxes in groups whose vertical extents chain together, each group in given order.

    Two boxes of different groups have no height in common, so they share no area.
    """
    bands, current, bottom = [], [], float("-inf")
    for position in sorted(range(len(boxes)), key=lambda n: boxes[n][3]):
        if current and boxes[position][3] >= bottom:
            bands.append([boxes[n] for n in sorted(current)])
            current = []
        current.append(position)
        bottom = max(bottom, boxes[position][5]) if len(current) > 1 else boxes[position][5]
    return [*bands, [boxes[n] for n in sorted(current)]] if current else bands


def _shared_in_band(boxes: list[list]) -> list[str]:
    """``shared_pairs`` of boxes that may all share height: a sweep along x."""
    found, active = [], []
    for box in sorted(boxes, key=lambda b: b[2]):
        active = [other for other in active if other[4] > box[2]]
        found += [f"{other[1]!r}@({other[2]:.0f},{other[3]:.0f}) on {box[1]!r}@({box[2]:.0f},"
                  f"{box[3]:.0f})" for other in active
                  if abs(other[0] - box[0]) > 1 and _shared(box, other) > MAX_SHARED]
        active.append(box)
    return found


def _shared(one: list, two: list) -> float:
    width = min(one[4], two[4]) - max(one[2], two[2])
    height = min(one[5], two[5]) - max(one[3], two[3])
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((b[4] - b[2]) * (b[5] - b[3]) for b in (one, two))
    return width * height / smaller if smaller > 0 else 0.0


def _run_into(left: list, right: list) -> bool:
    """True when ``right`` starts on ``left``'s line less than MIN_GAP heights after it."""
    height = max(left[5] - left[3], right[5] - right[3])
    same_line = min(left[5], right[5]) - max(left[3], right[3]) > height / 2
    return same_line and right[2] - left[4] < MIN_GAP * height


def test_overlaps__counts_pairs_of_different_strings_sharing_over_a_quarter():
    boxes = [[0, "A", 0, 0, 10, 10], [1, "B", 5, 0, 15, 10], [2, "C", 17.5, 0, 27.5, 10]]
    assert len(overlaps(boxes)) == 1  # A-B share half; C is 2.5 px after B
    boxes[2] = [1, "C", 6, 0, 16, 10]  # on B, but the same string
    assert len(overlaps(boxes)) == 2  # A-B, A-C
    boxes = [[0, "A", 0, 0, 10, 10], [1, "B", 11, 0, 21, 10], [2, "C", 24, 0, 34, 10]]
    assert len(overlaps(boxes)) == 1  # "AB" run into each other; C is 3 px after B


@pytest.mark.browser
def test_every_chart__no_text_overlaps_other_text(characters):
    problems = {key: found for key, boxes in characters.items() if (found := overlaps(boxes))}
    assert not problems, "\n".join(f"{key}: {len(found)} overlaps, e.g. {found[:4]}"
                                   for key, found in problems.items())


@pytest.mark.browser
def test_every_chart__measured_text(characters):
    assert len(characters) == 25 * len(SIZES) + 9
    assert all(len(boxes) > 50 for boxes in characters.values())


def _x_axes(fig: go.Figure) -> list:
    return [fig.layout[name] for name in fig.layout if name.startswith("xaxis")]


@pytest.mark.parametrize("name", TIME_CHARTS)
def test_time_charts__x_axis_ends_at_window_end(charts, name):
    for key, (fig, _, end) in charts.items():
        if key.endswith("/" + name):
            for axis in _x_axes(fig):
                assert axis.range is not None, key
                assert pd.Timestamp(axis.range[1]) == pd.Timestamp(end) + pd.Timedelta(days=1), key


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("name", TIME_CHARTS)
def test_time_charts__last_period_labelled(charts, name, size):
    for key, (built, _, end) in charts.items():
        if key.endswith("/" + name):
            fig = fit(go.Figure(json.loads(built.to_json())), SIZES[size])
            last = pd.Timestamp(end)
            label = f"{last:%-d %b}" if name.startswith("claims") else f"{last:%b %Y}"
            for axis in _x_axes(fig):
                assert axis.ticktext, key
                assert axis.ticktext[-1].replace("<br>", " ") == label, key


@contextlib.contextmanager
def _one_kaleido_browser() -> Iterator[None]:
    """One browser for every ``full_figure_for_development`` inside (each starts its own)."""
    kaleido.start_sync_server(silence_warnings=True)
    try:
        yield
    finally:
        kaleido.stop_sync_server(silence_warnings=True)


def test_small_multiples__every_bar_fits_its_panel(charts):
    """Panels share a y axis per row: its range must hold the tallest stacked bar of the row."""
    with _one_kaleido_browser():
        full_figures = {key: fig.full_figure_for_development(warn=False)
                        for key, (fig, _, _) in charts.items()
                        if key.endswith("/attacks_small_multiples")}
    assert len(full_figures) == 3  # region, site, synthetic
    for key, full in full_figures.items():
        fig = charts[key][0]
        for axis_name in [n for n in full.layout if n.startswith("yaxis")]:
            axis_id = "y" + axis_name[len("yaxis"):]
            stacked: dict = {}
            for trace in fig.data:  # the figure's own arrays (the full figure encodes them)
                if trace.type == "bar" and (trace.yaxis or "y") == axis_id:
                    for x, y in zip(trace.x, trace.y, strict=True):
                        stacked[x] = stacked.get(x, 0) + (y or 0)
            tallest = max(stacked.values(), default=0)
            assert full.layout[axis_name].range[1] >= tallest, (key, axis_name, tallest)


@pytest.mark.parametrize("size", ["web", "print", "slide", "page"])
def test_map__keeps_its_longitudes_at_every_size(charts, size):
    """Its axes keep one aspect: drawn too low, plotly widens the longitudes instead. The
    report's map (a four-row legend under a plot at most half a page high) spanned 20-70
    degrees east around a small, crowded map; the sites span 16."""
    source = json.loads(charts["region/attacks_map"][0].to_json())
    fig = page_figure(source) if size == "page" else fit(go.Figure(source), SIZES[size])
    with _one_kaleido_browser():
        low, high = fig.full_figure_for_development(warn=False).layout.xaxis.range
    assert high - low <= 26, (low, high)
