"""Where the attacks struck: target sites on country outlines shipped with the project."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from analysis import config
from analysis.charts.bands import BAND_GROUP, add_band_legend, lighter, mark
from analysis.charts.style import apply_layout, escape, uid
from analysis.measure.grades import ALL_FIRM, LOW_COLUMN, Grades
from analysis.measure.places import site_counts

# Where the map writes country names (longitude, latitude), away from the target sites.
COUNTRY_LABELS = (("IRAQ", 42.6, 32.4), ("SYRIA", 38.6, 35.3), ("JORDAN", 37.8, 30.8),
                  ("ISRAEL", 34.9, 30.8), ("IRAN", 49.0, 33.5), ("SAUDI ARABIA", 42.0, 28.2),
                  ("TURKEY", 37.0, 38.6))


def chart_map(incidents: pd.DataFrame, *, window: str,
              outlines_path: Path = config.OUTLINES_FILE, grades: Grades = ALL_FIRM) -> go.Figure:
    """Target sites sized by attacks, over country outlines shipped with the project.

    Drawn on plain axes (longitude, latitude) so nothing is fetched at view or export time.
    A site with attacks below ``min_confidence`` gets a lighter disc behind its marker,
    sized by all its attacks (``grades``).
    """
    fig = go.Figure()
    _outlines(fig, outlines_path)
    counts = site_counts(grades.visible(incidents), grades.minimum)
    band = grades.drawn(counts[LOW_COLUMN])
    drawn = counts["attacks"] + (counts[LOW_COLUMN] if band else 0)
    biggest = max(int(drawn.max()) if len(counts) else 1, 1)
    if band:
        _band_discs(fig, counts, biggest, grades)
    for region in config.REGIONS:
        part = counts[(counts["region"] == region) & (counts["attacks"] > 0)]
        if part.empty:
            continue
        fig.add_scatter(x=part["longitude"], y=part["latitude"], mode="markers",
                        name=region, uid=uid("map", region), text=escape(part["site_name"]),
                        customdata=part["attacks"],
                        marker={"size": _size(part["attacks"], biggest),
                                "color": config.REGION_COLOURS[region], "opacity": 0.8,
                                "line": {"color": "white", "width": 1}},
                        meta=mark("attacks", grades.firm_grade, value="customdata", period="",
                                  places=part["site_name"].tolist()),
                        hovertemplate="%{text}: %{customdata} attacks<extra></extra>")
    if band:
        add_band_legend(fig, grades.band_name, symbol="circle")
    for name, lon, lat in COUNTRY_LABELS:
        fig.add_annotation(x=lon, y=lat, text=name, showarrow=False,
                           font={"size": 10, "color": "#aaa"})
    fig.update_xaxes(range=[33.5, 49.5], title_text="Longitude (°E)", showgrid=False,
                     zeroline=False)
    fig.update_yaxes(range=[28.0, 38.5], title_text="Latitude (°N)", showgrid=False,
                     zeroline=False, scaleanchor="x", scaleratio=1.2)
    fig = apply_layout(fig, "Where the attacks struck: target sites sized by number of attacks",
                       window + "; sites without coordinates are not shown", height=760)
    # The legend beside the map: under it, it takes the height the map's fixed aspect needs,
    # and plotly widens the longitudes instead (in the report: 20-70 degrees east).
    fig.update_layout(legend={"orientation": "v", "x": 1.02, "y": 1, "yanchor": "top",
                              "font": {"size": 11}, "tracegroupgap": 2}, margin={"r": 230})
    return fig


def _outlines(fig: go.Figure, outlines_path: Path) -> None:
    """The country outlines, one line trace."""
    outlines = json.loads(Path(outlines_path).read_text(encoding="utf-8"))
    xs: list[float | None] = []
    ys: list[float | None] = []
    for feature in outlines["features"]:
        for ring in feature["geometry"]["coordinates"]:
            xs.extend([p[0] for p in ring] + [None])
            ys.extend([p[1] for p in ring] + [None])
    fig.add_scatter(x=xs, y=ys, mode="lines", line={"color": "#9a9a9a", "width": 0.8},
                    hoverinfo="skip", showlegend=False, uid="outlines")


def _size(attacks: pd.Series, biggest: int) -> pd.Series:
    """A marker's size in pixels: its area grows with the number of attacks."""
    return 8 + 42 * (attacks / biggest) ** 0.5


def _band_discs(fig: go.Figure, counts: pd.DataFrame, biggest: int, grades: Grades) -> None:
    """Behind each site with attacks below ``min_confidence``: a lighter disc of all of them."""
    for region in config.REGIONS:
        part = counts[(counts["region"] == region) & (counts[LOW_COLUMN] > 0)]
        if part.empty:
            continue
        colour = config.REGION_COLOURS[region]
        fig.add_scatter(x=part["longitude"], y=part["latitude"], mode="markers",
                        name=region, uid=uid("map-band", region), legendgroup=BAND_GROUP,
                        showlegend=False, text=escape(part["site_name"]),
                        customdata=part[LOW_COLUMN],
                        marker={"size": _size(part["attacks"] + part[LOW_COLUMN], biggest),
                                "color": lighter(colour), "opacity": 0.7,
                                "line": {"color": colour, "width": 1}},
                        meta=mark("attacks", grades.low_grade, value="customdata", period="",
                                  places=part["site_name"].tolist()),
                        hovertemplate=f"%{{text}}: %{{customdata}} more rated "
                                      f"{grades.low_grade}<extra></extra>")
