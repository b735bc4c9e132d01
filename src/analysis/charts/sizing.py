"""Lay a finished chart out for the size it is drawn at: web, print or slide.

A chart is built once (``analysis.charts.frequency`` and its siblings) with its natural
height at the web width; ``fit`` then sets what depends on the size: width and height, the
legend's columns and the room it takes, the source line's wrapping and place, the title's
place. ``fit`` reads what it needs from the figure itself (``layout.meta``), so a figure can
be fitted again to another size, as the report does with the notebook's charts.
"""

from __future__ import annotations

import html
import math
import textwrap
from dataclasses import dataclass

import plotly.graph_objects as go

from analysis import config
from analysis.charts.style import SOURCE_ANNOTATION, below_plot

# The size a chart is built at; every natural height is a height at this width.
NATURAL_HEIGHT = 620
TITLE_PX = 105   # room above the plot for the title, subtitle and the key-date markers
PAGE_TOP_PX = 50  # the same without a title (the report's page shows it above the chart)
AXIS_PX = 60     # below the plot: tick labels and the axis title
LEGEND_ROW_PX = 20
LEGEND_LINE_PX = 15  # each further line of a wrapped legend entry
NOTE_LINE_PX = 14
ROW_GAP_PX = 47  # between rows of panels: one line of tick labels and the next panel's title
CHAR_PX = 6.0    # the mean width of a character of the source line (11 px Liberation Sans)
COLOURBAR_PX = 100  # a heatmap's colour bar beside the plot, with its labels and title


@dataclass(frozen=True)
class ChartSize:
    """A size a chart is drawn at.

    Attributes:
        name: ``web``, ``print`` or ``slide``.
        width: layout width in CSS pixels (fonts keep their pixel sizes at every size).
        scale: PNG pixels per layout pixel.
        vector_scale: SVG and PDF CSS pixels per layout pixel, for their physical size.
        height_ratio: a chart's height relative to its natural (web) height.
        min_height: lowest chart height; ``max_height``: highest.
        legend_columns: entries per row of a legend under the plot.
    """

    name: str
    width: int
    scale: float
    vector_scale: float
    height_ratio: float
    min_height: int
    max_height: int
    legend_columns: int

    def height(self, natural: int, extra: int = 0) -> int:
        """The height for a chart of ``natural`` web height needing ``extra`` pixels more."""
        wanted = round(natural * self.height_ratio) + extra
        return max(self.min_height, min(self.max_height, wanted))


SIZES = {
    # 2200 x 1240 px PNG, the standalone files of the project's web pages; SVG and PDF 1100 px.
    "web": ChartSize("web", 1100, 2.0, 1.0, 1.0, 620, 2400, 4),
    # The report's A4 text column (170 mm): 13 px text prints at 8.3 pt; PNG at 300 dpi;
    # SVG and PDF 170 mm wide (643 CSS px), as the report prints them.
    "print": ChartSize("print", 760, 2.64, 643 / 760, 0.74, 420, 940, 3),
    # 16:9; the PNG is 1920 x 1080 and 13 px text is 24 px on it; SVG and PDF fill a
    # 13.33 x 7.5 in slide (1280 x 720 CSS px).
    "slide": ChartSize("slide", 1024, 1.875, 1.25, 0.0, 576, 576, 4),
}
DEFAULT_SIZE = "web"
WEB, PRINT = SIZES["web"], SIZES["print"]


def size_named(name: str) -> ChartSize:
    """The size called ``name`` (one of ``SIZES``)."""
    return SIZES[name]


def fit(fig: go.Figure, size: ChartSize, *, note: str | None = None,
        titled: bool = True) -> go.Figure:
    """Lay ``fig`` out for ``size`` in place and return it.

    Args:
        fig: a chart of this package (``style.apply_layout`` recorded its natural height).
        size: the size to draw it at.
        note: the source line under the chart (None keeps the one it has).
        titled: False drops the title and the source line, for a page that shows both.
    """
    meta = dict(fig.layout.meta or {})
    meta.setdefault("natural_height", fig.layout.height or NATURAL_HEIGHT)
    if note is not None:
        meta["note"] = note
    fig.layout.meta = meta
    meta.setdefault("note", config.SOURCE_NOTE)
    note_lines = (_note_lines(meta.get("key_dates", ""), size) + _note_lines(meta["note"], size)
                  if titled else [])
    if _side_legend_px(fig) > size.max_height - PAGE_TOP_PX - AXIS_PX:
        # Too tall to stand beside the plot at this size: the legend goes under it.
        fig.update_layout(legend_orientation="h", margin_r=30)
    legend_px = _place_legend(fig, size)
    bottom = AXIS_PX + legend_px + len(note_lines) * NOTE_LINE_PX + 15
    top = TITLE_PX if titled else PAGE_TOP_PX
    # A maximum lowered for a page (the report's) never squeezes a chart below what its
    # labels need; the size's own maximum does.
    least = top + bottom + max(_side_legend_px(fig), meta.get("min_plot_px", 0))
    height = max(size.height(meta["natural_height"], bottom - 150 + top - TITLE_PX),
                 min(least, SIZES[size.name].max_height))
    fig.update_layout(width=size.width, height=height, margin_t=top, margin_b=bottom,
                      autosize=False)
    if titled:
        fig.update_layout(title_y=1 - 22 / height)
    else:
        fig.update_layout(title_text="")
    if fig.layout.legend.orientation == "h":
        fig.update_layout(legend_y=below_plot(fig, AXIS_PX - 5))
    _space_rows(fig, height - top - bottom)
    _thin_ticks(fig)
    _place_note(fig, note_lines, legend_px)
    return fig


def _space_rows(fig: go.Figure, plot_px: int) -> None:
    """Leave room between rows of panels, with their titles moved along.

    ``ROW_GAP_PX``, and a line more for each further line of tick labels or panel title.

    The gap holds the tick labels of the panel above and the title of the panel below,
    whatever the chart's height.
    """
    tops = sorted({tuple(axis.domain) for name in fig.layout if name.startswith("yaxis")
                   and (axis := fig.layout[name]).domain is not None}, reverse=True)
    if len(tops) < 2:
        return
    old_tops = {round(top[1], 6) for top in tops}
    title_lines = max((note.text.count("<br>") for note in fig.layout.annotations
                       if note.y is not None and round(note.y, 6) in old_tops), default=0)
    tick_lines = max((text.count("<br>") for name in fig.layout if name.startswith("xaxis")
                      for text in (fig.layout[name].ticktext or ())), default=0)
    gap_px = ROW_GAP_PX + (title_lines + tick_lines) * LEGEND_LINE_PX
    gap = min(gap_px / plot_px, 0.5 / (len(tops) - 1))
    tall = (1 - gap * (len(tops) - 1)) / len(tops)
    moved = {old: (max(0.0, round(1 - row * (tall + gap) - tall, 9)),
                   min(1.0, round(1 - row * (tall + gap), 9))) for row, old in enumerate(tops)}
    for name in [n for n in fig.layout if n.startswith("yaxis")]:
        axis = fig.layout[name]
        if axis.domain is not None:
            axis.domain = moved[tuple(axis.domain)]
    titles = {round(old[1], 6): new[1] for old, new in moved.items()}
    for note in fig.layout.annotations:
        if note.yref == "paper" and note.yanchor == "bottom" and round(note.y, 6) in titles:
            note.y = titles[round(note.y, 6)]


def _plot_width(fig: go.Figure) -> float:
    return fig.layout.width - fig.layout.margin.l - fig.layout.margin.r


def _thin_ticks(fig: go.Figure) -> None:
    """Keep every n-th label of a dated x axis so that labels fit side by side, unturned.

    The last label stays (it names the window's last period).
    """
    plot_px = _plot_width(fig)
    for name in [n for n in fig.layout if n.startswith("xaxis")]:
        axis = fig.layout[name]
        if not axis.ticktext or axis.tickvals is None:
            continue
        domain = axis.domain or (0, 1)
        label_px = max(max(map(len, text.split("<br>"))) for text in axis.ticktext) * 7 + 14
        fits = max(1, int(plot_px * (domain[1] - domain[0]) // label_px))
        step = -(-len(axis.ticktext) // fits)
        keep = list(range(len(axis.ticktext) - 1, -1, -step))[::-1]
        axis.update(tickvals=[axis.tickvals[i] for i in keep],
                    ticktext=[axis.ticktext[i] for i in keep], tickangle=0)


def _side_legend_px(fig: go.Figure) -> int:
    """The height a legend beside the plot needs (entries and group titles), else 0."""
    if fig.layout.legend.orientation != "v" or fig.layout.showlegend is False:
        return 0
    entries = legend_entries(fig)
    groups = {trace.legendgroup for trace in fig.data if trace.legendgroup}
    lines = sum(name.count("<br>") for name in entries)
    return len(entries) * LEGEND_ROW_PX + lines * LEGEND_LINE_PX + len(groups) * 30 + 10


def _note_lines(note: str, size: ChartSize) -> list[str]:
    chars = int((size.width - 30) / CHAR_PX)
    return textwrap.wrap(note, chars)


def _place_note(fig: go.Figure, lines: list[str], legend_px: int) -> None:
    """Put the source line under the legend, or drop it when there is none to show."""
    if not lines:
        fig.layout.annotations = [a for a in fig.layout.annotations
                                  if a.name != SOURCE_ANNOTATION]
        return
    fig.update_annotations(selector={"name": SOURCE_ANNOTATION},
                           text="<br>".join(html.escape(line) for line in lines),
                           x=-(fig.layout.margin.l - 10) / _plot_width(fig), xanchor="left",
                           y=below_plot(fig, AXIS_PX + legend_px + 5), align="left")


def _rewrap(name: str, chars: int) -> str:
    """A legend name (escaped, lines joined by <br>) wrapped again at ``chars``."""
    return "<br>".join(textwrap.wrap(name.replace("<br>", " "), chars)) or name


def legend_entries(fig: go.Figure) -> list[str]:
    """The names the legend shows, in order (one per legend group shown)."""
    if fig.layout.showlegend is False:
        return []
    return [trace.name or "" for trace in fig.data
            if trace.showlegend is not False and trace.name and trace.type != "heatmap"]


def _legend_plot_px(fig: go.Figure, size: ChartSize) -> float:
    """The width of the plot area at ``size``, which a legend's entry widths are fractions of.

    A heatmap's colour bar takes ``COLOURBAR_PX`` of it.
    """
    margin = fig.layout.margin
    bar = any(trace.type == "heatmap" and trace.showscale is not False for trace in fig.data)
    return size.width - (margin.l or 0) - (margin.r or 0) - (COLOURBAR_PX if bar else 0)


def _place_legend(fig: go.Figure, size: ChartSize) -> int:
    """Give a legend under the plot ``size.legend_columns`` columns; return its height."""
    entries = legend_entries(fig)
    if not entries or fig.layout.legend.orientation == "v":
        return 0
    # A lone entry (the heatmap's band below min_confidence) takes the legend's whole width.
    columns = 1 if len(entries) == 1 else size.legend_columns
    chars = int((_legend_plot_px(fig, size) / columns - 45) / CHAR_PX)
    for trace in fig.data:
        if trace.name in entries:
            trace.name = _rewrap(trace.name, chars)
    entries = legend_entries(fig)
    rows = [entries[i:i + columns] for i in range(0, len(entries), columns)]
    extra_lines = sum(max(name.count("<br>") for name in row) for row in rows)
    fig.update_layout(legend={"orientation": "h", "entrywidth": 1 / columns,
                              "entrywidthmode": "fraction", "x": 0, "yanchor": "top",
                              "traceorder": "normal"})
    return math.ceil(len(rows) * LEGEND_ROW_PX + extra_lines * LEGEND_LINE_PX + 10)
