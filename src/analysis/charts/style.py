"""Plotly figures of attack frequency; every chart states its window and source.

Text from the data (site names, groups, summaries) is HTML-escaped before it reaches
a hover label, because exported HTML files render labels as markup.
"""

from __future__ import annotations

import html
import math
import re
import textwrap

import pandas as pd
import plotly.graph_objects as go

from analysis import config

FONT = "Liberation Sans, Arial, sans-serif"
# The annotation under every chart that names the data source (replaced per input).
SOURCE_ANNOTATION = "source"
WIDTH, HEIGHT = 1100, 620
# Bar widths: plotly's period syntax ("M1" a month), so a bar spans its whole period.
PERIOD_MS = {"week": 7 * 24 * 3600 * 1000, "month": "M1", "quarter": "M3"}
# Twelve hues for sites (config.TOP_PLACES): Paul Tol's "muted" scheme, which stays
# distinguishable for colour-blind readers, plus three Okabe-Ito colours; none is grey.
_SITE_PALETTE = ("#332288", "#88ccee", "#44aa99", "#117733", "#999933", "#ddcc77",
                 "#cc6677", "#882255", "#aa4499", "#e69f00", "#0072b2", "#d55e00")
OTHER_COLOUR = "#bdbdbd"  # the "all other sites" group
MAX_HEIGHT = 2400  # pixels: taller charts do not fit a report page even when scaled
WRAP = 28  # characters per line of a place name in legends, panel titles and axis labels


def wrap(text: str, width: int = WRAP) -> str:
    """HTML-escape a name from the data and break it into lines of at most ``width``."""
    return "<br>".join(html.escape(line) for line in textwrap.wrap(text, width)) or ""


def is_other(place: str) -> bool:
    """True for the group that sums the places a chart does not show one by one."""
    return place.startswith("all other ")


def escape(values: pd.Series) -> pd.Series:
    """HTML-escape text that came from the data."""
    return values.astype("str").map(html.escape)


def uid(*parts: str) -> str:
    """Return a stable trace id (letters, digits and dashes) so SVG output is repeatable."""
    text = "-".join(parts).casefold()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def place_colours(places: list[str], level: str) -> dict[str, str]:
    """Return one colour per place: regions and known countries from config, others in turn.

    The "all other ..." group of ``aggregate.top_places`` is light grey.
    """
    fixed = {"region": config.REGION_COLOURS, "country": config.COUNTRY_COLOURS}.get(level, {})
    colours, free = {}, iter(_SITE_PALETTE * (len(places) // len(_SITE_PALETTE) + 1))
    for place in places:
        if is_other(place):
            colours[place] = OTHER_COLOUR
        else:
            colours[place] = fixed.get(place) or next(free)
    return colours


def mark_empty(fig: go.Figure, start: str, end: str) -> go.Figure:
    """Say on a chart that its window holds no attack, instead of leaving blank axes."""
    fig.add_annotation(text=f"No attacks recorded between {pd.Timestamp(start):%-d %b %Y} and "
                            f"{pd.Timestamp(end):%-d %b %Y}", name="empty",
                       x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False,
                       font={"size": 16, "color": "#555"}, bgcolor="rgba(255,255,255,0.85)")
    return fig


def below_plot(fig: go.Figure, pixels: int) -> float:
    """Return the paper y-coordinate ``pixels`` below the plotting area's bottom edge."""
    margin = fig.layout.margin
    return -pixels / (fig.layout.height - margin.t - margin.b)


def shared_x_title(fig: go.Figure, text: str) -> go.Figure:
    """One x-axis title centred under side-by-side panels, instead of one per panel."""
    fig.update_xaxes(title_text="")
    fig.add_annotation(text=html.escape(text), name="x-title", xref="paper", yref="paper",
                       x=0.5, y=0, yshift=-38, showarrow=False, yanchor="top",
                       font={"size": 14})
    return fig


def apply_layout(fig: go.Figure, title: str, subtitle: str, *, height: int = HEIGHT,
                 legend: bool = True) -> go.Figure:
    """Give a chart the project's look: fonts, title and subtitle, legend, source line.

    ``height`` is the chart's natural height at the web width; ``analysis.charts.sizing.fit``
    lays the chart out for the size it is drawn at (legend rows, source line, height).
    """
    fig.update_layout(
        template="plotly_white", width=WIDTH, height=height,
        meta={**(fig.layout.meta or {}), "natural_height": height},
        font={"family": FONT, "size": 13, "color": "#222"},
        title={"text": f"<b>{html.escape(title)}</b><br><span style='font-size:13px;color:#555'>"
                       f"{html.escape(subtitle)}</span>", "x": 0.01, "xanchor": "left",
               "y": 1 - 22 / height, "yanchor": "top", "yref": "container",
               "font": {"size": 19}},
        margin={"l": 75, "r": 30, "t": 105, "b": 150},
        showlegend=legend, hoverlabel={"font": {"family": FONT}},
    )
    fig.update_layout(legend={"orientation": "h", "yanchor": "top", "y": below_plot(fig, 55),
                              "x": 0, "font": {"size": 12}})
    fig.add_annotation(text=html.escape(config.SOURCE_NOTE), name=SOURCE_ANNOTATION,
                       xref="paper", yref="paper", x=0, y=below_plot(fig, 125),
                       showarrow=False, xanchor="left", yanchor="top",
                       font={"size": 11, "color": "#666"})
    return fig


# Key dates closer than this share of the window share one numbered marker.
KEY_DATE_GAP = 0.03


def mark_phases(fig: go.Figure, start: str, end: str) -> None:
    """Shade the phases (``config.PHASES``) and mark the key dates inside [start, end].

    Key dates are dotted lines with a numbered marker above the plot, never text on the
    bars; ``key_dates_text`` explains the numbers (under the chart, or in the caption).
    The shapes are the ones ``add_vrect`` and ``add_vline`` make (x in data, y across the
    plot's domain), added in one assignment: plotly checks every shape again at each
    ``add_*`` call, which took a tenth of a second per chart.
    """
    low, high = pd.Timestamp(start), pd.Timestamp(end)
    shapes, annotations = [], []
    for number, (first, last, label) in enumerate(config.PHASES):
        left = max(pd.Timestamp(first), low)
        right = min(pd.Timestamp(last) if last else high, high)
        if left >= right:
            continue
        shapes.append(_spanning(type="rect", x0=left, x1=right, layer="below", opacity=0.6,
                                fillcolor="#f2f2f2" if number % 2 else "#ffffff",
                                line={"width": 0}))
        # A phase cut by the window's edge is labelled from that edge, so it stays inside.
        x, anchor = ((left, "left") if left == low and right < high
                     else (right, "right") if right == high and left > low
                     else (left + (right - left) / 2, "center"))
        annotations.append({"x": x, "y": 1.0, "xref": "x", "yref": "paper",
                            "text": f"Phase {label}", "showarrow": False,
                            "yanchor": "bottom", "xanchor": anchor,
                            "font": {"size": 11, "color": "#555"}})
    dates = key_dates(start, end)
    shapes += [_spanning(type="line", x0=moment, x1=moment,
                         line={"color": "#444", "width": 1, "dash": "dot"})
               for moment, _ in dates]
    annotations += [{"x": moment, "y": 1.0, "yref": "paper", "yshift": 17, "text": numbers,
                     "showarrow": False, "yanchor": "bottom", "name": "key-date",
                     "font": {"size": 10, "color": "#222"}, "bordercolor": "#444",
                     "borderwidth": 1, "borderpad": 1, "bgcolor": "#ffffff"}
                    for moment, numbers in _markers(dates, low, high)]
    fig.layout.shapes = (*fig.layout.shapes, *shapes)
    fig.layout.annotations = (*fig.layout.annotations, *annotations)
    meta = dict(fig.layout.meta or {})
    fig.layout.meta = {**meta, "key_dates": key_dates_text(start, end)}


def _spanning(**shape: object) -> dict:
    """A shape spanning the plot's height at data x (what ``add_vrect``/``add_vline`` add)."""
    return {**shape, "xref": "x", "y0": 0, "y1": 1, "yref": "y domain"}


def key_dates(start: str, end: str) -> list[tuple[pd.Timestamp, str]]:
    """The key dates (``config.KEY_EVENTS``) inside [start, end], with their labels."""
    low, high = pd.Timestamp(start), pd.Timestamp(end)
    return [(pd.Timestamp(when), label) for when, label, _ in config.KEY_EVENTS
            if low <= pd.Timestamp(when) <= high]


def key_dates_text(start: str, end: str) -> str:
    """What the numbered markers stand for: "Dotted lines: 1 ..., 17 Oct 2023; 2 ...".

    Empty when no key date falls inside the window.
    """
    dates = key_dates(start, end)
    if not dates:
        return ""
    return "Dotted lines: " + "; ".join(f"({number}) {label}, {moment:%-d %b %Y}"
                                        for number, (moment, label) in enumerate(dates, 1)) + "."


def _markers(dates: list[tuple[pd.Timestamp, str]], low: pd.Timestamp,
             high: pd.Timestamp) -> list[tuple[pd.Timestamp, str]]:
    """One marker per group of key dates closer than ``KEY_DATE_GAP`` of the window."""
    gap = (high - low) * KEY_DATE_GAP
    groups: list[list[tuple[int, pd.Timestamp]]] = []
    for number, (moment, _) in enumerate(dates, 1):
        if groups and moment - groups[-1][-1][1] < gap:
            groups[-1].append((number, moment))
        else:
            groups.append([(number, moment)])
    return [(group[0][1] + (group[-1][1] - group[0][1]) / 2,
             ",".join(str(number) for number, _ in group)) for group in groups]




# Labels of a time axis: the period each label names, pandas' name for it and its format.
_LABEL_PERIODS = {"day": ("D", "%-d %b"), "week": ("M", "%b %Y"), "month": ("M", "%b %Y"),
                  "quarter": ("Q", "%b %Y")}


def _middle(left: pd.Timestamp, right: pd.Timestamp) -> pd.Timestamp:
    """The hour halfway between two moments (where a period's label sits)."""
    return (left + (right - left) / 2).floor("h")


def time_axis(fig: go.Figure, start: str, end: str, *, unit: str = "month", most: int = 10,
              sep: str = " ") -> go.Figure:
    """End every x axis where the window ends (after its last day), the last period labelled.

    The axis starts with the window's first period; labels name every n-th period (at most
    ``most``), counted back from the last, each in the middle of its days inside the window.
    ``sep`` joins month and year ("<br>" puts the year on a line of its own).
    """
    code, form = _LABEL_PERIODS[unit]
    first, stop = pd.Timestamp(start), pd.Timestamp(end) + pd.Timedelta(days=1)
    periods = pd.period_range(first, stop - pd.Timedelta(days=1), freq=code)
    step = math.ceil(len(periods) / most)
    chosen = periods[::-1][::step][::-1]  # every step-th period, the last one included
    middles = [_middle(max(p.start_time, first), min(p.end_time, stop)) for p in chosen]
    labels = [p.start_time.strftime(form).replace(" ", sep, 1) for p in chosen]
    fig.update_xaxes(range=[periods[0].start_time, stop], tickmode="array", tickvals=middles,
                     ticktext=labels, ticks="")
    return fig
