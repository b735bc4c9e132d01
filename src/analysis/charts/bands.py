"""The band below min_confidence: lighter, hatched marks of a series' own colour, on top.

Every chart that counts attacks draws its firm count as before and, when the run shows them
(``Grades.show``) and there are any, the attacks below ``min_confidence`` as a band in the
same colour, lighter and hatched, named once in the legend (``add_band_legend``). Each
drawn trace also carries ``mark`` metadata, from which ``analysis.charts.data`` reads the
numbers the chart draws.
"""

from __future__ import annotations

import html

import plotly.graph_objects as go

# The legend group of every trace of the band: one click on its entry hides them all.
BAND_GROUP = "low-confidence"
# How much of the colour is kept when lightened (the rest is white).
BAND_SHARE = 0.45
LEGEND_GREY = "#7f7f7f"


def lighter(colour: str, share: float = BAND_SHARE) -> str:
    """A ``#rrggbb`` colour mixed with white, keeping ``share`` of it."""
    red, green, blue = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    mixed = (round(255 - (255 - value) * share) for value in (red, green, blue))
    return "#" + "".join(f"{value:02x}" for value in mixed)


def band_marker(colour: str) -> dict:
    """Marker of a bar of the band: the colour lightened, hatched with the colour itself."""
    return {"color": lighter(colour), "line": {"width": 0},
            "pattern": {"shape": "/", "fgcolor": colour, "size": 6, "solidity": 0.3}}


def band_style(colour: str) -> dict:
    """How a bar trace of the band looks: ``band_marker``, in the band's legend group.

    It has no legend entry of its own: ``add_band_legend`` names the band once.
    """
    return {"marker": band_marker(colour), "legendgroup": BAND_GROUP, "showlegend": False}


def band_fill(colour: str) -> dict:
    """Fill of an area of the band (between two lines), as ``band_marker`` colours bars."""
    return {"fill": "tonexty", "fillcolor": lighter(colour),
            "fillpattern": {"shape": "/", "fgcolor": colour, "size": 6, "solidity": 0.3}}


def add_band_legend(fig: go.Figure, name: str, symbol: str | None = None) -> go.Figure:
    """Name the band once in the legend: a grey hatched swatch (a marker with ``symbol``).

    The entry draws nothing; it shares the legend group of the band's traces.
    """
    common = {"name": html.escape(name), "legendgroup": BAND_GROUP, "showlegend": True,
              "hoverinfo": "skip", "uid": "low-confidence-legend"}
    if symbol:
        fig.add_scatter(x=[None], y=[None], mode="markers", **common,
                        marker={"symbol": symbol, "size": 12, "color": lighter(LEGEND_GREY),
                                "line": {"color": LEGEND_GREY, "width": 1}})
    else:
        fig.add_bar(x=[None], y=[None], marker=band_marker(LEGEND_GREY), **common)
    return fig


def mark(series: str, grade: str, **where: object) -> dict:
    """A trace's ``meta``: what its marks are, for ``analysis.charts.data.chart_data``.

    Args:
        series: what the trace counts ("attacks", "published total"...).
        grade: the grade of its marks (``Grades.firm_grade`` or ``low_grade``; "" for
            counts that are not the input's attacks).
        **where: ``place`` (one for the whole trace) or ``places`` (one per mark);
            ``period`` (one) or ``periods`` (one per mark), else the x values; ``value``:
            the attribute holding the values ("y" by default, "x" for horizontal bars).
    """
    return {"series": series, "grade": grade, **where}
