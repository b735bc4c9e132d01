"""Where the attacks struck: target sites on country outlines shipped with the project."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from analysis import config
from analysis.charts.style import apply_layout, escape, uid
from analysis.measure.places import site_counts

# Where the map writes country names (longitude, latitude), away from the target sites.
COUNTRY_LABELS = (("IRAQ", 43.5, 33.0), ("SYRIA", 38.6, 35.3), ("JORDAN", 37.8, 30.8),
                  ("ISRAEL", 34.3, 30.0), ("IRAN", 49.0, 33.5), ("SAUDI ARABIA", 42.0, 28.2),
                  ("TURKEY", 37.0, 38.6))


def chart_map(incidents: pd.DataFrame, *, window: str,
              outlines_path: Path = config.OUTLINES_FILE) -> go.Figure:
    """Target sites sized by attacks, over country outlines shipped with the project.

    Drawn on plain axes (longitude, latitude) so nothing is fetched at view or export time.
    """
    fig = go.Figure()
    outlines = json.loads(Path(outlines_path).read_text(encoding="utf-8"))
    xs: list[float | None] = []
    ys: list[float | None] = []
    for feature in outlines["features"]:
        for ring in feature["geometry"]["coordinates"]:
            xs.extend([p[0] for p in ring] + [None])
            ys.extend([p[1] for p in ring] + [None])
    fig.add_scatter(x=xs, y=ys, mode="lines", line={"color": "#9a9a9a", "width": 0.8},
                    hoverinfo="skip", showlegend=False, uid="outlines")
    counts = site_counts(incidents)
    biggest = max(int(counts["attacks"].max()) if len(counts) else 1, 1)
    for region in config.REGIONS:
        part = counts[counts["region"] == region]
        if part.empty:
            continue
        fig.add_scatter(x=part["longitude"], y=part["latitude"], mode="markers",
                        name=region, uid=uid("map", region), text=escape(part["site_name"]),
                        customdata=part["attacks"],
                        marker={"size": 8 + 42 * (part["attacks"] / biggest) ** 0.5,
                                "color": config.REGION_COLOURS[region], "opacity": 0.8,
                                "line": {"color": "white", "width": 1}},
                        hovertemplate="%{text}: %{customdata} attacks<extra></extra>")
    for name, lon, lat in COUNTRY_LABELS:
        fig.add_annotation(x=lon, y=lat, text=name, showarrow=False,
                           font={"size": 10, "color": "#aaa"})
    fig.update_xaxes(range=[33.5, 49.5], title_text="Longitude (°E)", showgrid=False,
                     zeroline=False)
    fig.update_yaxes(range=[28.0, 38.5], title_text="Latitude (°N)", showgrid=False,
                     zeroline=False, scaleanchor="x", scaleratio=1.2)
    return apply_layout(fig, "Where the attacks struck: target sites sized by number of attacks",
                   window + "; sites without coordinates are not shown", height=760)
